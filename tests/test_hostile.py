"""The hostile corpus: every file in tests/hostile/ through the real command line, in-process.

`tests/hostile/expected.yaml` says what each file must give (its header explains the format).
For an error: exit code 1, one `error: FILE:LINE: FIELD: message` line per problem on stderr and
nothing else, no traceback, nothing written, no temporary file left. For a success: exit code 0,
a PDF that passes `qpdf --check` with one page, a DOCX that python-docx opens, both holding the
listed texts exactly as typed. A last test lays every successful DOCX out with LibreOffice (one
call for all of them) and checks it is one page too.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
import yaml
from conftest import docx_header_footer, docx_text, pdf_pages, pdf_text, qpdf_check, soffice_to_pdf

from briefgen.edge.cli import run

HOSTILE = Path(__file__).parent / "hostile"
EXPECTED: dict[str, dict] = yaml.safe_load((HOSTILE / "expected.yaml").read_text("utf-8"))
MIB = 1024 * 1024  # the contract's file size limit
FOLDER_FACTS = "facts.yaml"  # what a template folder of the corpus builds
OUTCOMES = ("ok", "error", "either")
# a field path at the start of a message, e.g. "timeline[3].date: "
FIELD_AT_START = re.compile(r"[a-z_]+(\[\d+\])*(\.[a-z_]+(\[\d+\])*)*: ")


# ---- files the test writes instead of committing -------------------------------------------------


def _valid_head(title: str) -> str:
    return (f"title: {title}\ndate: 2025-02-03\n"
            "summary: A valid brief, padded with a comment to the size under test.\n")


def _padded(title: str, size: int) -> bytes:
    """A valid facts file of exactly `size` bytes: the head, then comment lines."""
    data = _valid_head(title).encode()
    line = b"# " + b"x" * 97 + b"\n"  # 100 bytes
    lines, rest = divmod(size - len(data), len(line))
    data += line * lines
    if rest:
        data += (b"#" + b"x" * (rest - 2) + b"\n") if rest >= 2 else b"\n"
    assert len(data) == size
    return data


GENERATORS = {
    "oversized": lambda: _padded("Three mebibytes", 3 * MIB),
    "one_byte_over": lambda: _padded("One byte too many", MIB + 1),
    "exactly_limit": lambda: _padded("Exactly one mebibyte", MIB),
    "absurd_list": lambda: (_valid_head("A hundred thousand points")
                            + "key_points: [" + ", ".join(["p"] * 100_000) + "]\n").encode(),
    "deep_yaml": lambda: ("title: Deep\nsummary: Deep\ntags: "
                          + "[" * 100_000 + "]" * 100_000 + "\n").encode(),
    "deep_json": lambda: ('{"title": "Deep", "summary": "Deep", "tags": '
                          + "[" * 100_000 + "]" * 100_000 + "}\n").encode(),
}


# ---- running a case once ---------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    path: Path  # the facts file as given to the command line
    folder: Path  # the output folder
    code: int
    out: str
    err: str
    seconds: float

    @property
    def pdf(self) -> Path:
        return self.folder / f"{self.path.stem}.pdf"

    @property
    def docx(self) -> Path:
        return self.folder / f"{self.path.stem}.docx"


def build(path: Path, folder: Path, args: list[str]) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(["build", str(path), "-o", str(folder), *args])
    return Outcome(path, folder, code, out.getvalue(), err.getvalue(), time.monotonic() - start)


class Corpus:
    """Builds each case at most once a session, on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.done: dict[str, Outcome] = {}

    def path(self, name: str) -> Path:
        spec = EXPECTED[name]
        if (HOSTILE / name).is_dir():  # a template folder, with the facts it builds
            return HOSTILE / name / FOLDER_FACTS
        if "generate" not in spec:
            return HOSTILE / name
        path = self.root / "generated" / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(GENERATORS[spec["generate"]]())
        return path

    def outcome(self, name: str) -> Outcome:
        if name not in self.done:
            folder = self.root / "out" / Path(name).stem
            args = EXPECTED[name].get("args", [])
            if (HOSTILE / name).is_dir():
                args = [*args, "-t", str(HOSTILE / name)]
            self.done[name] = build(self.path(name), folder, args)
        return self.done[name]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return Corpus(tmp_path_factory.mktemp("hostile"))


# ---- text checks -----------------------------------------------------------------------------


def loose(text: str) -> str:
    """White space folded to single spaces; a no-break space is a space, a soft hyphen nothing."""
    text = text.replace("\u00a0", " ").replace("\u00ad", "")
    return " ".join(text.split())


def squashed(text: str) -> str:
    return "".join(loose(text).split())


def texts(outcome: Outcome) -> dict[str, str]:
    """The text of each format: the PDF as pdftotext reads it (a line broken after a hyphen
    joined again); the DOCX's body, tables, header and footer through python-docx."""
    pdf = re.sub(r"-\n", "-", pdf_text(outcome.pdf))
    header, footer = docx_header_footer(outcome.docx)
    return {"PDF": pdf, "DOCX": "\n".join([header, *docx_text(outcome.docx), footer])}


def assert_texts(outcome: Outcome, spec: dict) -> None:
    for fmt, text in texts(outcome).items():
        flat, flat_squashed = loose(text), squashed(text)
        position = 0
        for literal in spec.get("literal", []):
            found = flat.find(loose(literal), position)
            assert found >= 0, f"{fmt} text lacks {literal!r} (in order: " \
                               f"{bool(spec.get('in_order'))}):\n{flat}"
            if spec.get("in_order"):
                position = found + len(loose(literal))
        for literal in spec.get("squash", []):
            assert squashed(literal) in flat_squashed, f"{fmt} text lacks {literal!r}:\n{flat}"
        for absent in spec.get("absent", []):
            assert loose(absent).lower() not in flat.lower(), f"{fmt} text holds {absent!r}"


def assert_no_links(outcome: Outcome) -> None:
    page = pypdf.PdfReader(outcome.pdf).pages[0]
    annotations = page.get("/Annots")
    assert not annotations, f"the PDF has annotations (links): {annotations}"
    with zipfile.ZipFile(outcome.docx) as package:
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert "hyperlink" not in rels, rels


# ---- outcome checks --------------------------------------------------------------------------


def assert_clean(outcome: Outcome) -> None:
    for stream in (outcome.out, outcome.err):
        assert "Traceback" not in stream, stream
        assert "internal error" not in stream, stream


def assert_ok(outcome: Outcome, spec: dict) -> None:
    assert outcome.code == 0, f"exit code {outcome.code}:\n{outcome.err}"
    assert outcome.out.splitlines() == [str(outcome.pdf), str(outcome.docx)], outcome.out
    notes = outcome.err.splitlines()
    assert all(line.startswith(f"note: {outcome.path}: ") for line in notes), outcome.err
    for fragment in spec.get("notes", []):
        assert fragment in outcome.err, f"no note {fragment!r} in:\n{outcome.err}"
    names = {p.name for p in outcome.folder.iterdir()}
    assert names == {outcome.pdf.name, outcome.docx.name}, names  # no temporary left
    qpdf_check(outcome.pdf)
    pages = spec.get("pages", 1)
    if pages != "any":
        assert pdf_pages(outcome.pdf) == pages
    assert_texts(outcome, spec)
    if spec.get("no_links"):
        assert_no_links(outcome)


def problem_prefix(path: Path, problem: dict) -> str:
    """`error: FILE:LINE: FIELD: `, LINE and FIELD only where the problem gives them; FILE is
    the facts file, or the problem's `file` in a template folder's case."""
    prefix = f"error: {path.parent / problem['file'] if problem.get('file') else path}"
    if problem.get("line") is not None:
        prefix += f":{problem['line']}"
    prefix += ": "
    if problem.get("field"):
        prefix += f"{problem['field']}: "
    return prefix


def matches(path: Path, line: str, problem: dict) -> bool:
    """Is this stderr line the problem? A null message matches any message."""
    prefix = problem_prefix(path, problem)
    if not line.startswith(prefix):
        return False
    rest = line[len(prefix):]
    if not problem.get("field") and FIELD_AT_START.match(rest):
        return False  # a field the problem does not expect
    return problem.get("message") is None or problem["message"] in rest


def assert_error(outcome: Outcome, problems: list[dict], exact: bool = True) -> None:
    """Exit code 1 and nothing written. exact: each problem is exactly one line of stderr and
    there are no others; else: every line of stderr is one of the problems."""
    assert outcome.code == 1, f"exit code {outcome.code}; stderr:\n{outcome.err}"
    assert outcome.out == "", outcome.out
    lines = [line for line in outcome.err.splitlines() if not line.startswith("  ")]
    details = [line for line in outcome.err.splitlines() if line.startswith("  ")]
    assert lines, "no error reported"
    for problem in problems:  # a problem's detail lines: indented, under it
        for detail in problem.get("details", ()):
            assert any(detail in line for line in details), (detail, outcome.err)
    if exact:
        missing = []
        for problem in problems:
            found = next((line for line in lines if matches(outcome.path, line, problem)), None)
            if found is None:
                missing.append(problem_prefix(outcome.path, problem) + (problem["message"] or ""))
            else:
                lines.remove(found)
        assert not missing, ("expected problems not reported:\n  " + "\n  ".join(missing)
                             + "\nstderr:\n" + outcome.err)
    else:
        lines = [line for line in lines
                 if not any(matches(outcome.path, line, p) for p in problems)]
    assert not lines, "unexpected stderr lines:\n" + "\n".join(lines)
    # nothing written, no temporary file left behind
    assert not outcome.folder.exists() or not any(outcome.folder.iterdir()), \
        list(outcome.folder.iterdir())


# ---- the tests -------------------------------------------------------------------------------


def test_every_file_has_an_expectation() -> None:
    committed = {p.name for p in HOSTILE.iterdir()} - {"expected.yaml"}
    listed = {name for name, spec in EXPECTED.items() if "generate" not in spec}
    assert committed == listed, (f"files without an entry: {sorted(committed - listed)}; "
                                 f"entries without a file: {sorted(listed - committed)}")
    for name, spec in EXPECTED.items():
        assert len([k for k in OUTCOMES if k in spec]) == 1, f"{name}: one outcome"
        assert {"row", "what"} <= set(spec), name
        assert spec.get("generate") in (None, *GENERATORS), name


@pytest.mark.parametrize("name", list(EXPECTED))
def test_hostile(corpus: Corpus, name: str) -> None:
    spec = EXPECTED[name]
    outcome = corpus.outcome(name)
    assert_clean(outcome)
    assert outcome.seconds < 30, f"took {outcome.seconds:.1f} s"
    if "ok" in spec:
        assert_ok(outcome, spec["ok"])
        again_after = spec["ok"].get("rebuild_after")
        if again_after is not None:
            time.sleep(again_after)
            second = build(outcome.path, outcome.folder.with_name(outcome.folder.name + "-again"),
                           spec.get("args", []))
            assert second.code == 0, second.err
            assert second.pdf.read_bytes() == outcome.pdf.read_bytes(), "the PDFs differ"
            assert second.docx.read_bytes() == outcome.docx.read_bytes(), "the DOCX files differ"
    elif "error" in spec:
        assert_error(outcome, spec["error"])
    else:
        either = spec["either"]
        if outcome.code == 0:
            assert_ok(outcome, {"pages": either.get("pages", 1)})
        else:
            assert_error(outcome, either["errors"], exact=False)


def test_every_problem_of_a_file_is_reported(tmp_path: Path) -> None:
    """200 bad priorities (the longest list allowed): the first 50, one a line, in one run;
    then one line saying how many more there are."""
    path = tmp_path / "many-errors.yaml"
    path.write_text(_valid_head("Two hundred mistakes") + "key_points:\n" + "".join(
        f"  - text: Point {i}.\n    priority: {i + 4}\n" for i in range(200)), encoding="utf-8")
    outcome = build(path, tmp_path / "out", [])
    assert_clean(outcome)
    assert_error(outcome, [{"line": 6 + 2 * i, "field": f"key_points[{i}].priority",
                            "message": f"priority must be 1, 2 or 3, not '{i + 4}'"}
                           for i in range(50)] + [
        {"message": "150 more problems not shown; fix these first, then check again"}])


def test_successful_docx_files_are_one_page_in_libreoffice(corpus: Corpus,
                                                           tmp_path: Path) -> None:
    """Every one-page case's DOCX, laid out by LibreOffice in one call, is one page too."""
    docx_files = []
    for name, spec in EXPECTED.items():
        kind = "ok" if "ok" in spec else "either" if "either" in spec else None
        if kind is None or spec[kind].get("pages", 1) != 1:
            continue
        outcome = corpus.outcome(name)
        if outcome.code == 0:
            docx_files.append(outcome.docx)
    assert len(docx_files) >= 30
    converted = soffice_to_pdf(docx_files, tmp_path / "pdf", tmp_path / "profile")
    pages = {docx.name: pdf_pages(pdf) for docx, pdf in converted.items()}
    assert {name: n for name, n in pages.items() if n != 1} == {}
