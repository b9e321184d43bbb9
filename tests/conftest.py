"""Shared fixtures and helpers for the end-to-end tests.

The expensive work is done once a session: every facts file in facts/ is built in-process, and
all the DOCX files are converted to PDF by LibreOffice in a single call. The command line tools
these tests read the outputs with (qpdf, pdfinfo, pdftotext, pdffonts, soffice) are required:
a missing tool fails the test loudly instead of skipping it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from briefgen.input.facts import Facts, load_facts
from briefgen.pipeline import Brief, build

ROOT = Path(__file__).resolve().parent.parent
FACTS_DIR = ROOT / "facts"
EXAMPLES_DIR = ROOT / "examples"
FACTS_FILES = tuple(sorted(p.name for p in FACTS_DIR.iterdir() if p.suffix in (".yaml", ".json")))
SEED = "japan-nato-mission.yaml"
LETTER = (612.0, 792.0)
SOFFICE_TIMEOUT = 180
TOOL_TIMEOUT = 60


def pytest_configure(config: pytest.Config) -> None:
    """Compiled templates go to a folder of this session's, never to the user's own cache."""
    os.environ["BRIEFGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="briefgen-test-cache-")


# ---- external tools -----------------------------------------------------------------------------


def tool(name: str) -> str:
    """The full path of a required command line tool; fails the test if it is not installed."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"required tool {name!r} is not installed (or not on PATH); "
                    "these tests do not skip without it", pytrace=False)
    return found


def run_tool(name: str, *args: str | os.PathLike[str], timeout: float = TOOL_TIMEOUT,
             check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([tool(name), *map(str, args)], capture_output=True, text=True,
                            encoding="utf-8", errors="replace", timeout=timeout, check=False)
    if check and result.returncode != 0:
        pytest.fail(f"{name} {' '.join(map(str, args))} exited {result.returncode}:\n"
                    f"{result.stdout}\n{result.stderr}")
    return result


def pdf_info(path: str | os.PathLike[str]) -> dict[str, str]:
    out = run_tool("pdfinfo", path).stdout
    info = {}
    for line in out.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def pdf_pages(path: str | os.PathLike[str]) -> int:
    return int(pdf_info(path)["Pages"])


def pdf_page_size(path: str | os.PathLike[str]) -> tuple[float, float]:
    """Width and height of the first page, in points."""
    match = re.match(r"([\d.]+) x ([\d.]+) pts", pdf_info(path)["Page size"])
    assert match, pdf_info(path)["Page size"]
    return float(match.group(1)), float(match.group(2))


def pdf_text(path: str | os.PathLike[str], mode: str = "raw") -> str:
    """The PDF's text. `raw`: in the order it was drawn (reading order for our briefs, table
    cells row by row); `layout`: as placed on the page (for top/bottom checks); `plain`: default."""
    flags = {"raw": ["-raw"], "layout": ["-layout"], "plain": []}[mode]
    return run_tool("pdftotext", *flags, "-enc", "UTF-8", path, "-").stdout


DIRECTION_MARKS = {0x200E: None, 0x200F: None}  # zero wide, drawn at bidi islands' edges


BIDI_FORMATTING = dict.fromkeys([0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F),
                                  *range(0x2066, 0x206A)])


def script_words(text: str) -> list[str]:
    """The words of a text in any script, as written: NFKC, case folded, each a run of
    letters, marks, digits and the joiners inside a Persian word (U+200C, U+200D); vowel marks
    kept. Bidi formatting characters go first: pdftotext writes embeddings around every
    right-to-left stretch, and briefgen draws direction marks at bidi islands' edges; they
    are zero wide and no letter of any word."""
    text = unicodedata.normalize("NFKC", text).translate(BIDI_FORMATTING).casefold()
    kept = "".join(c if unicodedata.category(c)[0] in "LMN" or c in "\u200c\u200d" else " "
                   for c in text)
    return [word.strip("\u200c\u200d") for word in kept.split() if word.strip("\u200c\u200d")]


def word_boxes(path: str | os.PathLike[str]) -> list[tuple[float, float, float, str]]:
    """(xMin, yMin, xMax, word) of each word poppler finds (`pdftotext -bbox`), NFKC-normalised,
    a right-to-left word's letters put back in reading order (poppler gives them as drawn).
    The left-to-right and right-to-left marks briefgen draws, zero wide, where a bidi island
    ends (`layout.text_layer`) are format characters, not letters: they are left out."""
    html = run_tool("pdftotext", "-bbox", "-enc", "UTF-8", path, "-").stdout
    out = []
    for a, b, c, word in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                    r'yMax="[\d.]+">([^<]*)</word>', html):
        word = unicodedata.normalize("NFKC", word).translate(DIRECTION_MARKS)
        if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word):
            word = word[::-1]
        if word:
            out.append((float(a), float(b), float(c), word))
    return out


def qpdf_check(path: str | os.PathLike[str]) -> None:
    result = run_tool("qpdf", "--check", path, check=False)
    assert result.returncode == 0, (
        f"qpdf --check {path} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")


def pdf_fonts(path: str | os.PathLike[str]) -> list[str]:
    """The font names pdffonts lists (a subset prefix such as ABCDEF+ removed)."""
    lines = run_tool("pdffonts", path).stdout.splitlines()
    assert len(lines) >= 2 and lines[1].startswith("---"), lines
    names = [line.split()[0] for line in lines[2:] if line.strip()]
    return [name.split("+", 1)[1] if re.match(r"[A-Z]{6}\+", name) else name for name in names]


def soffice_to_pdf(docx_files: list[Path], outdir: Path, profile: Path) -> dict[Path, Path]:
    """Convert all the DOCX files with ONE LibreOffice call; maps each DOCX to its PDF."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile.mkdir(parents=True, exist_ok=True)
    soffice = tool("soffice")
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--convert-to", "pdf", "--outdir", str(outdir),
               *map(str, docx_files)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, errors="replace",
                                timeout=SOFFICE_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"LibreOffice did not finish converting within {SOFFICE_TIMEOUT} s")
    converted = {f: outdir / f"{f.stem}.pdf" for f in docx_files}
    missing = [str(f) for f, pdf in converted.items() if not pdf.is_file()]
    assert result.returncode == 0 and not missing, (
        f"soffice exited {result.returncode}; not converted: {missing}\n"
        f"{result.stdout}\n{result.stderr}")
    return converted


# ---- DOCX ---------------------------------------------------------------------------------------


def _paragraph_text(p) -> str:  # p: an lxml w:p element
    """All the text of a paragraph in order, hyperlinks included; tabs and breaks as spaces."""
    parts = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        parts.append(node.text or "" if node.tag == qn("w:t") else " ")
    return "".join(parts)


def _block_texts(parent) -> list[str]:  # parent: an lxml element holding w:p / w:tbl
    out: list[str] = []
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            out.append(_paragraph_text(child))
        elif child.tag == qn("w:tbl"):
            for row in child.iterchildren(qn("w:tr")):
                for cell in row.iterchildren(qn("w:tc")):
                    out.extend(_block_texts(cell))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                out.extend(_block_texts(content))
    return out


def docx_text(path: str | os.PathLike[str]) -> list[str]:
    """The body's paragraphs and table cells, in document order, one string each."""
    return _block_texts(docx.Document(str(path)).element.body)


def docx_header_footer(path: str | os.PathLike[str]) -> tuple[str, str]:
    section = docx.Document(str(path)).sections[0]
    return ("\n".join(_block_texts(section.header._element)).strip(),
            "\n".join(_block_texts(section.footer._element)).strip())


# ---- text comparison ----------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Text as a normalised word stream: lower case, bullets dropped, whitespace collapsed, and a
    line broken after a hyphen joined again ("long-\\nrange" and "long-range" are alike).
    Private-use characters go too: LibreOffice prints Word's Symbol-font bullet as U+F0B7."""
    text = re.sub("[\u2022\ue000-\uf8ff]", " ", text)
    text = text.replace("\u00ad", "").replace("\u00a0", " ")
    text = re.sub(r"([-\u2010\u2011])\s+", r"\1", text)
    return text.lower().split()


def joined(text: str) -> str:
    return " ".join(words(text))


def assert_in_order(haystack: str, needles: list[str], what: str = "") -> None:
    """Each needle occurs in haystack (both normalised), each after the one before it."""
    stream = joined(haystack)
    position = 0
    for needle in needles:
        n = joined(needle)
        found = stream.find(n, position)
        if found < 0:
            anywhere = stream.find(n)
            where = "not at all" if anywhere < 0 else f"only earlier, at {anywhere}"
            pytest.fail(f"{what}: {needle!r} not found after position {position} "
                        f"(found {where}) in:\n{stream}", pytrace=False)
        position = found + len(n)


# ---- the session's briefs -----------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    name: str  # the facts file's name
    facts_path: Path
    facts: Facts
    brief: Brief
    pdf: Path
    docx: Path
    lo_pdf: Path  # the DOCX as LibreOffice lays it out

    @property
    def dropped(self) -> dict[str, int]:
        """What fitting dropped, from the build's notes: facts path -> priority."""
        out = {}
        for note in self.brief.notes:
            match = re.match(r"dropped (\S+) \(priority (\d)\)", note)
            if match:
                out[match.group(1)] = int(match.group(2))
        return out


@dataclass(frozen=True)
class Session:
    folder: Path  # <stem>.pdf and <stem>.docx of every facts file
    briefs: dict[str, Brief]  # by facts file name
    when: float  # time.monotonic() when the building finished


@pytest.fixture(scope="session")
def session_builds(tmp_path_factory: pytest.TempPathFactory) -> Session:
    """All six facts files built once, in-process, into one folder."""
    folder = tmp_path_factory.mktemp("built")
    briefs = {}
    for name in FACTS_FILES:
        brief = build(FACTS_DIR / name)
        stem = Path(name).stem
        (folder / f"{stem}.pdf").write_bytes(brief.outputs["pdf"])
        (folder / f"{stem}.docx").write_bytes(brief.outputs["docx"])
        briefs[name] = brief
    return Session(folder, briefs, time.monotonic())


@pytest.fixture(scope="session")
def built(session_builds: Session, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Every facts file's brief, with its DOCX converted by LibreOffice (all in one call)."""
    folder = session_builds.folder
    work = tmp_path_factory.mktemp("libreoffice")
    docx_files = [folder / f"{Path(name).stem}.docx" for name in FACTS_FILES]
    converted = soffice_to_pdf(docx_files, work / "pdf", work / "profile")
    return {
        name: Built(name, FACTS_DIR / name, load_facts(FACTS_DIR / name),
                    session_builds.briefs[name], folder / f"{Path(name).stem}.pdf", docx_file,
                    converted[docx_file])
        for name, docx_file in zip(FACTS_FILES, docx_files)
    }


# `briefgen draft`'s note on stderr when an article gives no date (tests/test_draft_followups.py
# tests it; the other draft tests take it out of what they compare)
NO_DATE = re.compile(r"^note: .*: no date was found in the article: .*\n", re.MULTILINE)


def drafted(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, *options: str) -> dict:
    """`briefgen draft` of an article written here: the facts, read back by the facts reader
    too (exit 0, nothing on stderr but the no-date note)."""
    from briefgen.edge.cli import run

    article = tmp_path / "story.txt"
    article.write_text(text, encoding="utf-8")
    target = tmp_path / "story.yaml"
    code = run(["draft", str(article), "-o", str(target), *options])
    _, err = capsys.readouterr()
    assert (code, NO_DATE.sub("", err)) == (0, ""), err
    load_facts(target)
    import yaml

    return yaml.safe_load(target.read_text(encoding="utf-8"))


def built_by_command(folder: Path, name: str, facts: str,
                     formats: tuple[str, ...] = ("pdf", "docx", "html")) -> dict[str, Path]:
    """`briefgen build` of a facts file written here from `facts` (YAML text), in `formats`,
    exit 0: {format: the file written}."""
    from briefgen.edge.cli import run

    source = folder / f"{name}.yaml"
    source.write_text(facts, encoding="utf-8")
    options = [arg for kind in formats for arg in ("-f", kind)]
    assert run(["build", str(source), "-o", str(folder / "out"), *options]) == 0
    return {kind: folder / "out" / f"{name}.{kind}" for kind in formats}
