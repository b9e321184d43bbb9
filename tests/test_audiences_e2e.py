"""End to end, per audience: every built-in audience x every facts file is a valid one-page PDF and
a DOCX that LibreOffice lays out on one page; each keeps and omits, in both formats, what its
audience file says; limits choose by priority then file order; banners match top and bottom.
Then: several audiences in one run, the press guard, and a custom folder (a block and theme
values overridden) changing both formats alike.

Every brief is built once, in-process, into this module's own folder; all the DOCX files go to
LibreOffice in ONE call.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
import yaml
from conftest import (
    FACTS_DIR,
    FACTS_FILES,
    LETTER,
    SEED,
    assert_in_order,
    docx_header_footer,
    docx_text,
    joined,
    pdf_fonts,
    pdf_page_size,
    pdf_pages,
    pdf_text,
    qpdf_check,
    run_tool,
    soffice_to_pdf,
    tool,
    words,
)
from docx.shared import RGBColor
from PIL import Image

from briefgen.compose.context import cited, long_date
from briefgen.design.audience import Audience, load_audience
from briefgen.design.environment import BUILTIN_DIR
from briefgen.design.selection import select
from briefgen.edge.cli import run
from briefgen.input.facts import Facts, load_facts
from briefgen.pipeline import Brief, brief_date, build

AUDIENCES = ("executive", "analyst", "press")
A4 = (595.276, 841.89)
ACCENT = "#7A1F2B"
DEFAULT_ACCENT = "#1F3864"
CUSTOM_FOOTER = "Issued by the custom template for"
RECOMMENDATION_PROBES = ("Recommendation", "For your information", "For information only")

each = pytest.mark.parametrize("audience", AUDIENCES)
each_file = pytest.mark.parametrize("name", FACTS_FILES)


def cli(*args: str) -> tuple[int, str, str]:
    """Run the command line in-process: exit code, stdout, stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = run(list(args))
    return code, stdout.getvalue(), stderr.getvalue()


# ---- the module's briefs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Made:
    audience: Audience
    facts: Facts
    brief: Brief
    pdf: Path
    docx: Path
    lo_pdf: Path | None  # the DOCX as LibreOffice lays it out

    @property
    def dropped(self) -> set[str]:
        """The facts paths fitting dropped, from the build's notes."""
        return {m.group(1) for note in self.brief.notes
                if (m := re.match(r"dropped (\S+) \(priority \d\)", note))}

    @property
    def chosen(self) -> Facts:
        return select(self.facts, self.audience)[0]

    def texts(self) -> dict[str, str]:
        """The PDF's and the DOCX's text (the DOCX's body, header and footer)."""
        header, footer = docx_header_footer(self.docx)
        return {"pdf": pdf_text(self.pdf),
                "docx": "\n".join([header, *docx_text(self.docx), footer])}


LIMITS_FACTS = {
    "title": "Limits choose by priority, then file order",
    "summary": "A small brief whose lists are longer than the executive audience allows.",
    "date": "2025-02-03",
    "memo": {"to": "Principal", "from": "Desk", "classification": "UNCLASSIFIED"},
    "key_points": [
        {"text": "Alpha point, priority two, first in the file.", "priority": 2},
        {"text": "Bravo point, priority one, second in the file.", "priority": 1},
        {"text": "Charlie point, priority two, third in the file.", "priority": 2},
        {"text": "Delta point, priority three, fourth in the file.", "priority": 3},
        {"text": "Echo point, priority one, fifth in the file.", "priority": 1},
    ],
    "timeline": [  # one priority, dates out of order: the oldest, the newest, two between
        {"date": "2021-05-01", "event": "Event first in the file."},
        {"date": "2010", "event": "Event second in the file."},
        {"date": "2024-02", "event": "Event third in the file."},
        {"date": "2005", "event": "Event fourth in the file."},
        {"date": "2015", "event": "Event fifth in the file, older than the third."},
        {"date": "2001", "event": "Event sixth in the file, the oldest of all."},
    ],
    "quotes": [
        {"text": "The first quote in the file, priority two.", "speaker": "Ann Speaker"},
        {"text": "The second quote in the file, priority one.", "speaker": "Bo Speaker",
         "priority": 1},
    ],
    "figures": [
        {"label": "First figure, priority three", "value": "11", "priority": 3},
        {"label": "Second figure, priority two", "value": "22"},
        {"label": "Third figure, priority two", "value": "33"},
    ],
}


def make_custom_folder(folder: Path) -> Path:
    """A user's template folder: a theme (A4, serif, accent, logo) and a template overriding the
    footer block; nothing copied from the built-in template."""
    folder.mkdir(parents=True)
    Image.new("RGB", (120, 40), (122, 31, 43)).save(folder / "logo.png")
    (folder / "theme.yaml").write_text(
        f"page: a4\nfont: serif\naccent: '{ACCENT}'\nlogo: logo.png\nlogo_height: 24\n",
        encoding="utf-8")
    (folder / "brief.xml.j2").write_text(
        "{#- A custom footer. -#}\n"
        '{% extends "builtin/brief.xml.j2" %}\n'
        "{% block footer %}\n"
        '<section key="footer">\n'
        f'  <p role="note">{CUSTOM_FOOTER} {{{{ title }}}}, {{{{ date }}}}.</p>\n'
        "</section>\n"
        "{% endblock %}\n", encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Module:
    folder: Path
    made: dict[tuple[str, str], Made]  # (audience, facts file name) -> brief
    limits: Made  # LIMITS_FACTS for the executive
    custom: Made  # the seed with the custom folder
    plain: Made  # the seed with the built-in template, for comparison
    custom_folder: Path


@pytest.fixture(scope="module")
def module(tmp_path_factory: pytest.TempPathFactory) -> Module:
    tool("soffice")
    folder = tmp_path_factory.mktemp("audiences")
    out = folder / "out"
    out.mkdir()
    pending: list[tuple[object, Audience, Facts, Brief, Path, Path]] = []

    def make(key: object, facts_path: Path, stem: str, audience: str | None = None,
             template: str | None = None, folders: list[Path] | None = None) -> None:
        facts = load_facts(facts_path)
        spec = load_audience(audience or "default", folders or [BUILTIN_DIR])
        marking = facts.memo.classification
        release = (marking,) if marking and spec.refuses(marking) else ()  # see test_press_...
        brief = build(facts_path, audience=audience, template=template, release=release)
        pdf, docx_file = out / f"{stem}.pdf", out / f"{stem}.docx"
        pdf.write_bytes(brief.outputs["pdf"])
        docx_file.write_bytes(brief.outputs["docx"])
        pending.append((key, spec, facts, brief, pdf, docx_file))

    for audience in AUDIENCES:
        for name in FACTS_FILES:
            make((audience, name), FACTS_DIR / name, f"{Path(name).stem}-{audience}", audience)
    limits_path = folder / "limits.yaml"
    limits_path.write_text(yaml.safe_dump(LIMITS_FACTS, allow_unicode=True), encoding="utf-8")
    make("limits", limits_path, "limits-executive", "executive")
    custom = make_custom_folder(folder / "custom")
    make("custom", FACTS_DIR / SEED, "seed-custom", None, str(custom), [custom, BUILTIN_DIR])
    make("plain", FACTS_DIR / SEED, "seed-plain")

    converted = soffice_to_pdf([p[5] for p in pending if p[0] != "plain"], folder / "lo",
                               folder / "profile")
    made = {key: Made(spec, facts, brief, pdf, docx_file, converted.get(docx_file))
            for key, spec, facts, brief, pdf, docx_file in pending}
    return Module(folder, {k: v for k, v in made.items() if isinstance(k, tuple)},
                  made["limits"], made["custom"], made["plain"], custom)


def without_banner(text: str, banner: str | None) -> str:
    if not banner:
        return text
    lines = text.splitlines()
    for _ in range(2):
        lines.remove(next(line for line in lines if line.strip() == banner))
    return "\n".join(lines)


def assert_same_words(docx_side: str, pdf_side: str, what: str) -> None:
    a, b = words(docx_side), words(pdf_side)
    if "".join(a) != "".join(b):
        diff = [f"{op}: docx {a[i1:i2]} / pdf {b[j1:j2]}"
                for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False)
                .get_opcodes() if op != "equal"]
        pytest.fail(f"{what}: the DOCX and the PDF differ:\n" + "\n".join(diff[:20]),
                    pytrace=False)


def entries(facts: Facts) -> dict[str, list[tuple[str, str]]]:
    """Each limited list's entries as (facts path, the text that shows it)."""
    return {
        "key_points": [(x.path, x.text) for x in facts.key_points],
        "timeline": [(x.path, x.event) for x in facts.timeline],
        "quotes": [(x.path, x.text) for x in facts.quotes],
        "figures": [(x.path, f"{x.value} {x.label}" + (f": {x.note}" if x.note else ""))
                    for x in facts.figures],  # as its row prints it
        "outlook": [(x.path, x.text) for x in facts.outlook],
    }


def shown(text: str, needle: str) -> bool:
    return joined(needle) in joined(text)


# ---- one page, both formats ---------------------------------------------------------------------


@each
@each_file
def test_pdf_is_valid_and_one_page(module: Module, audience: str, name: str) -> None:
    m = module.made[audience, name]
    assert m.brief.pages == 1
    qpdf_check(m.pdf)
    assert pdf_pages(m.pdf) == 1
    assert pdf_page_size(m.pdf) == LETTER


@each
@each_file
def test_docx_is_one_page_in_libreoffice(module: Module, audience: str, name: str) -> None:
    m = module.made[audience, name]
    assert pdf_pages(m.lo_pdf) == 1, f"{name} for {audience}: LibreOffice needs more pages"
    section = docx.Document(str(m.docx)).sections[0]
    assert (section.page_width.pt, section.page_height.pt) == LETTER


@each
@each_file
def test_docx_says_what_the_pdf_says(module: Module, audience: str, name: str) -> None:
    m = module.made[audience, name]
    banner = m.facts.memo.classification
    body = "\n".join(docx_text(m.docx))
    assert_same_words(body, without_banner(pdf_text(m.pdf), banner), f"{name} ({audience})")
    assert_same_words(body, without_banner(pdf_text(m.lo_pdf), banner),
                      f"{name} ({audience}) as LibreOffice lays it out")


@each
@each_file
def test_banner_identical_top_and_bottom(module: Module, audience: str, name: str) -> None:
    m = module.made[audience, name]
    banner = m.facts.memo.classification
    for pdf in (m.pdf, m.lo_pdf):
        lines = [line.strip() for line in pdf_text(pdf, "layout").splitlines() if line.strip()]
        if banner:
            assert lines[0] == banner and lines[-1] == banner, (pdf, lines[0], lines[-1])
            assert lines.count(banner) == 2, pdf
        else:
            assert lines[0] == m.audience.label, (pdf, lines[0])
    assert docx_header_footer(m.docx) == ((banner, banner) if banner else ("", ""))


# ---- what each audience keeps and omits, read back from both formats ----------------------------


@each
@each_file
def test_limited_lists_keep_what_the_audience_chooses(module: Module, audience: str,
                                                      name: str) -> None:
    """Each item the audience's limits choose (and fitting kept) is in both formats; each item
    the limits leave out is in neither."""
    m = module.made[audience, name]
    chosen = {path for items in entries(m.chosen).values() for path, _ in items}
    for fmt, text in m.texts().items():
        for section, items in entries(m.facts).items():
            limit = m.audience.limits.get(section)
            present = [path for path, shown_as in items if shown(text, shown_as)]
            if limit is not None:
                assert len(present) <= limit, (fmt, section, present)
            for path, shown_as in items:
                if path not in chosen:
                    assert path not in present, f"{fmt}: {path} is over the {section} limit"
                elif path not in m.dropped:
                    assert path in present, f"{fmt}: {path} was chosen but is missing"


@each
@each_file
def test_header_block_and_label_follow_the_audience(module: Module, audience: str,
                                                    name: str) -> None:
    m = module.made[audience, name]
    a, memo = m.audience, m.facts.memo
    date = long_date(brief_date(m.facts))
    fields = {"to": ("TO:", memo.to), "cc": ("CC:", memo.cc), "from": ("FROM:", memo.from_),
              "reference": ("REF:", memo.reference)}
    for fmt, text in m.texts().items():
        for field, (label, value) in fields.items():
            printed = re.search(rf"(^|\s){label}", text) is not None
            assert printed == (field in a.header and value is not None), (fmt, label)
        expected = [a.label] + ([m.facts.title] if a.headline else [])
        expected += [f"{a.date_label}:", date]
        assert_in_order(text, expected, f"{name} ({audience}) {fmt} header")
        body = without_banner(text, memo.classification) if fmt == "pdf" else \
            "\n".join(docx_text(m.docx))
        first = next(line for line in body.splitlines() if line.strip())
        assert first.strip() == a.label, (fmt, first)


@each
@each_file
def test_recommendation_sources_and_footer_follow_the_audience(module: Module, audience: str,
                                                               name: str) -> None:
    m = module.made[audience, name]
    a = m.audience
    date = long_date(brief_date(m.facts))
    asked = [x.text for x in m.chosen.recommendations if x.path not in m.dropped]
    recommends = "recommendation" in a.sections and (
        asked or (a.recommendation is not None and not m.chosen.recommendations))
    for fmt, text in m.texts().items():
        if recommends and asked:  # the facts' recommendations, as the decision asked for
            assert_in_order(text, [a.titles["recommendations"], *asked],
                            f"{fmt} recommendations")
            assert not a.recommendation or not shown(text, a.recommendation), fmt
        elif recommends:
            assert_in_order(text, [a.titles["recommendation"], a.recommendation],
                            f"{fmt} recommendation")
        else:
            for probe in RECOMMENDATION_PROBES:
                assert not shown(text, probe), (fmt, probe)
        stream = joined(text)
        if a.prepared_by:
            assert joined(f" on {date}") in stream and joined(f"As of {date}") not in stream
        else:  # (a fact may say "prepared": the footer's words are "Prepared ... on DATE")
            assert joined(f"As of {date}") in stream and joined(f" on {date}") not in stream
    # sources: one collapsed line, or a numbered list (one paragraph each), of the sources the
    # items printed cite (tests/test_sources_cited.py holds the numbers to the marks)
    n = len(cited(m.chosen, frozenset(m.dropped), a.all_sources))
    if not n:
        return
    body = docx_text(m.docx)
    start = next(i for i, p in enumerate(body) if p.casefold() == a.titles["sources"].casefold())
    pdf = joined(pdf_text(m.pdf))
    if a.sources == "line":
        line = body[start + 1]
        assert all(f"[{k}]" in line for k in range(1, n + 1)), line
        assert not body[start + 2].startswith("[")
        assert n < 2 or joined("; [2]") in pdf
    else:
        assert [p.split()[0] for p in body[start + 1:start + 1 + n]] == \
            [f"[{k}]" for k in range(1, n + 1)]
        assert joined("; [2]") not in pdf


# The briefing conventions for each kind of reader, said outright for each audience (the tests above follow the files).


@each_file
def test_executive(module: Module, name: str) -> None:
    m = module.made["executive", name]
    for fmt, text in m.texts().items():
        assert sum(shown(text, x.text) for x in m.facts.key_points) <= 3, fmt
        assert sum(shown(text, x.text) for x in m.facts.quotes) <= 1, fmt
        if m.facts.recommendations:  # the decision asked for; the fixed text never
            assert_in_order(text, ["Decision requested", m.facts.recommendations[0].text], fmt)
            assert not shown(text, "For information only"), fmt
        else:
            assert_in_order(text, ["For your information",
                                   "For information only; no action is required."], fmt)
    body = docx_text(m.docx)
    sources = [p for p in body if p.startswith("[")]
    assert len(sources) == (1 if m.facts.sources else 0), sources  # one line


@each_file
def test_analyst(module: Module, name: str) -> None:
    m = module.made["analyst", name]
    for fmt, text in m.texts().items():
        assert_in_order(text, ["ANALYTICAL BRIEF"], fmt)
        for probe in RECOMMENDATION_PROBES:
            assert not shown(text, probe), (fmt, probe)
        if m.facts.memo.from_:
            assert shown(text, f"Prepared by {m.facts.memo.from_}")


@each_file
def test_press(module: Module, name: str) -> None:
    m = module.made["press", name]
    date = long_date(brief_date(m.facts))
    for fmt, text in m.texts().items():
        assert "TO:" not in text and "FROM:" not in text and "CC:" not in text, fmt
        assert_in_order(text, ["MEDIA BRIEF", m.facts.title, "AS OF:", date], fmt)
        for probe in RECOMMENDATION_PROBES:
            assert not shown(text, probe), (fmt, probe)
        banner = m.facts.memo.classification
        lines = [line.strip() for line in text.splitlines() if line.strip() not in ("", banner)]
        assert lines[-1] == f"As of {date}", (fmt, lines[-3:])  # the footer closes the page
        if m.facts.memo.to:
            assert not shown(text, m.facts.memo.to) or any(
                m.facts.memo.to in q.role for q in m.facts.quotes if q.role), fmt


# ---- limits choose by priority, then file order -------------------------------------------------


def test_limits_choose_by_priority_then_file_order_in_both_formats(module: Module) -> None:
    m = module.limits
    assert not m.dropped, m.brief.notes  # only the audience's limits leave anything out
    k, t = LIMITS_FACTS["key_points"], LIMITS_FACTS["timeline"]
    q, f = LIMITS_FACTS["quotes"], LIMITS_FACTS["figures"]
    for fmt, text in m.texts().items():
        # key points (3): priority 1 (Bravo, Echo), then the first priority 2 (Alpha); file order
        assert_in_order(text, [k[0]["text"], k[1]["text"], k[4]["text"]], f"{fmt} key points")
        assert not shown(text, k[2]["text"]) and not shown(text, k[3]["text"]), fmt
        # timeline (4): the oldest, the newest and two evenly between, whatever the file
        # order; shown in date order
        assert_in_order(text, ["2001", t[5]["event"], "2010", t[1]["event"], "2015",
                               t[4]["event"], "Feb 2024", t[2]["event"]], f"{fmt} timeline")
        assert not shown(text, t[3]["event"]) and not shown(text, t[0]["event"]), fmt
        # quotes (1): priority 1 beats first in the file
        assert shown(text, q[1]["text"]) and not shown(text, q[0]["text"]), fmt
        # figures (2): the two priority 2, not the first in the file
        assert_in_order(text, [f[1]["label"], f[2]["label"]], f"{fmt} figures")
        assert not shown(text, f[0]["label"]), fmt


# ---- several audiences in one run ---------------------------------------------------------------


def test_several_audiences_in_one_run(module: Module, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = cli("build", str(FACTS_DIR / SEED), "-a", "executive", "-a",
                               "analyst", "-a", "press", "-o", str(out))
    assert code == 0, stderr
    stem = Path(SEED).stem
    expected = [out / f"{stem}-{a}.{fmt}" for a in AUDIENCES for fmt in ("pdf", "docx")]
    assert stdout.split() == [str(p) for p in expected]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in expected)
    for audience in AUDIENCES:  # each file is that audience's brief, byte for byte
        m = module.made[audience, SEED]
        assert (out / f"{stem}-{audience}.pdf").read_bytes() == m.brief.outputs["pdf"]
        assert (out / f"{stem}-{audience}.docx").read_bytes() == m.brief.outputs["docx"]


def test_several_facts_files_and_audiences_in_one_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = cli("build", str(FACTS_DIR / "tiny.yaml"),
                          str(FACTS_DIR / "public-notice.json"), "-a", "press", "-a", "analyst",
                          "-f", "pdf", "-o", str(out))
    assert code == 0, stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "public-notice-analyst.pdf", "public-notice-press.pdf", "tiny-analyst.pdf",
        "tiny-press.pdf"]


def test_an_unknown_audience_is_exit_1_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = cli("build", str(FACTS_DIR / "tiny.yaml"), "-a", "executive",
                               "-a", "board", "-o", str(out))
    assert code == 1 and stderr.startswith("error: board: audience: unknown audience")
    assert "executive" in stderr and "Traceback" not in stderr
    # the known audience still builds
    assert sorted(p.name for p in out.iterdir()) == ["tiny-executive.docx", "tiny-executive.pdf"]


# ---- the press guard ----------------------------------------------------------------------------


def marked(tmp_path: Path, marking: str | None, source: Path = FACTS_DIR / "tiny.yaml") -> Path:
    data = yaml.safe_load(source.read_text("utf-8"))
    data.setdefault("memo", {})
    if marking is None:
        data["memo"].pop("classification", None)
    else:
        data["memo"]["classification"] = marking
    path = tmp_path / f"marked-{re.sub(r'[^A-Za-z]', '', marking or 'none')}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_press_refuses_secret_facts_and_says_how_to_override(tmp_path: Path) -> None:
    facts = marked(tmp_path, "SECRET", FACTS_DIR / SEED)
    out = tmp_path / "out"
    code, stdout, stderr = cli("build", str(facts), "-a", "press", "-o", str(out))
    assert code == 1 and stdout == ""
    (line,) = stderr.splitlines()
    assert re.match(rf"error: {re.escape(str(facts))}:\d+: memo\.classification: ", line), line
    assert "SECRET" in line and "press" in line
    assert "--allow-classification SECRET" in line
    assert not out.exists()


def test_allow_classification_releases_it_explicitly(tmp_path: Path) -> None:
    facts = marked(tmp_path, "SECRET", FACTS_DIR / SEED)
    out = tmp_path / "out"
    code, _, stderr = cli("build", str(facts), "-a", "press", "--allow-classification",
                          "SECRET", "-o", str(out))
    assert code == 0, stderr
    pdf = out / f"{facts.stem}-press.pdf"
    lines = [x.strip() for x in pdf_text(pdf, "layout").splitlines() if x.strip()]
    assert lines[0] == lines[-1] == "SECRET"  # the banner stays, top and bottom
    assert docx_header_footer(out / f"{facts.stem}-press.docx") == ("SECRET", "SECRET")
    # in any case, and only the marking named
    code, _, stderr = cli("build", str(facts), "-a", "press", "--allow-classification",
                          "secret", "-f", "pdf", "-o", str(tmp_path / "lower"))
    assert code == 0, stderr
    code, _, _ = cli("build", str(facts), "-a", "press", "--allow-classification", "OFFICIAL",
                     "-f", "pdf", "-o", str(tmp_path / "other"))
    assert code == 1 and not (tmp_path / "other").exists()


def test_the_guard_stops_only_the_press_brief(tmp_path: Path) -> None:
    facts = marked(tmp_path, "SECRET")
    out = tmp_path / "out"
    code, _, stderr = cli("build", str(facts), "-a", "executive", "-a", "press", "-a",
                          "analyst", "-f", "pdf", "-o", str(out))
    assert code == 1 and "memo.classification" in stderr and len(stderr.splitlines()) == 1
    assert sorted(p.name for p in out.iterdir()) == [f"{facts.stem}-analyst.pdf",
                                                     f"{facts.stem}-executive.pdf"]


@pytest.mark.parametrize("marking", [None, "PUBLIC", "public", "UNCLASSIFIED", "Unclassified",
                                     "TLP:CLEAR", "tlp:clear"])
def test_press_builds_public_markings(tmp_path: Path, marking: str | None) -> None:
    facts = marked(tmp_path, marking)
    code, _, stderr = cli("build", str(facts), "-a", "press", "-o", str(tmp_path / "out"))
    assert code == 0, stderr
    header, footer = docx_header_footer(tmp_path / "out" / f"{facts.stem}-press.docx")
    assert header == footer == (marking or "")


@pytest.mark.parametrize("name", [n for n in FACTS_FILES
                                  if load_facts(FACTS_DIR / n).memo.classification == "OFFICIAL"])
def test_press_refuses_the_official_examples_unless_released(name: str) -> None:
    # the e2e matrix above builds these for the press with --allow-classification OFFICIAL
    code, _, stderr = cli("build", str(FACTS_DIR / name), "-a", "press", "-o", "/nonexistent")
    assert code == 1 and "--allow-classification OFFICIAL" in stderr


def test_unmarked_facts_can_be_released_to_an_audience_that_wants_a_marking(tmp_path: Path):
    folder = tmp_path / "tpl"
    (folder / "audiences").mkdir(parents=True)
    (folder / "audiences" / "public.yaml").write_text("extends: press\nclassifications: [PUBLIC]\n",
                                                      encoding="utf-8")
    facts = marked(tmp_path, None)
    args = ["build", str(facts), "-t", str(folder), "-a", "public", "-f", "pdf"]
    code, _, stderr = cli(*args, "-o", str(tmp_path / "a"))
    assert code == 1 and "'no marking'" in stderr and "--allow-classification none" in stderr
    code, _, stderr = cli(*args, "--allow-classification", "none", "-o", str(tmp_path / "b"))
    assert code == 0, stderr


# ---- a custom folder changes both formats alike -------------------------------------------------


def pdf_colours(path: Path, tmp_path: Path) -> set[str]:
    """Every colour the PDF's content streams set (rg/RG operators), as '#RRGGBB'."""
    plain = tmp_path / f"{path.stem}-qdf.pdf"
    run_tool("qpdf", "--qdf", "--object-streams=disable", path, plain)
    found = re.findall(rb"(?<![\w.])([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", plain.read_bytes())
    return {"#" + "".join(f"{round(float(v) * 255):02X}" for v in rgb) for rgb in found}


def docx_fonts(path: Path) -> set[str]:
    """Every font a DOCX's document and styles name (w:rFonts ascii/hAnsi)."""
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml") + z.read("word/styles.xml")
    return {f.decode() for f in re.findall(rb'w:(?:ascii|hAnsi)="([^"]+)"', xml)}


def test_custom_folder_page_size_in_both_formats(module: Module) -> None:
    c, plain = module.custom, module.plain
    assert c.brief.pages == 1
    qpdf_check(c.pdf)
    assert pdf_page_size(c.pdf) == A4 and pdf_page_size(plain.pdf) == LETTER
    section = docx.Document(str(c.docx)).sections[0]
    assert section.page_width.pt == pytest.approx(A4[0], abs=0.1)
    assert section.page_height.pt == pytest.approx(A4[1], abs=0.1)
    width, height = pdf_page_size(c.lo_pdf)
    assert (width, height) == (pytest.approx(A4[0], abs=0.5), pytest.approx(A4[1], abs=0.5))
    assert pdf_pages(c.lo_pdf) == 1


def test_custom_folder_fonts_in_both_formats(module: Module) -> None:
    c, plain = module.custom, module.plain
    serif = re.compile(r"^(Times|LiberationSerif|TimesNewRoman)")
    fonts = pdf_fonts(c.pdf)
    assert fonts and all(serif.match(f) for f in fonts), fonts
    assert not any(serif.match(f) for f in pdf_fonts(plain.pdf))
    document = docx.Document(str(c.docx))
    for style in ("Normal", "Heading 1"):
        assert document.styles[style].font.name == "Times New Roman", style
    assert docx_fonts(c.docx) == {"Times New Roman"}
    assert "Times New Roman" not in docx_fonts(plain.docx)
    lo = [f for f in pdf_fonts(c.lo_pdf) if f != "OpenSymbol"]  # (its bullet glyph)
    assert lo and all(serif.match(f) for f in lo), lo  # LibreOffice lays it out in a serif too


def test_custom_folder_accent_in_both_formats(module: Module, tmp_path: Path) -> None:
    c, plain = module.custom, module.plain
    heading = docx.Document(str(c.docx)).styles["Heading 1"].font.color.rgb
    assert heading == RGBColor.from_string(ACCENT[1:])
    assert docx.Document(str(plain.docx)).styles["Heading 1"].font.color.rgb == \
        RGBColor.from_string(DEFAULT_ACCENT[1:])
    with zipfile.ZipFile(c.docx) as z:
        xml = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xml"))
    assert DEFAULT_ACCENT[1:].encode() not in xml
    colours = pdf_colours(c.pdf, tmp_path)
    assert ACCENT in colours and DEFAULT_ACCENT not in colours
    plain_colours = pdf_colours(plain.pdf, tmp_path)
    assert DEFAULT_ACCENT in plain_colours and ACCENT not in plain_colours


def test_custom_folder_logo_in_both_formats(module: Module) -> None:
    c, plain = module.custom, module.plain
    images = run_tool("pdfimages", "-list", c.pdf).stdout.splitlines()[2:]
    assert len(images) == 1, images
    assert images[0].split()[2:5] == ["image", "120", "40"]
    assert run_tool("pdfimages", "-list", plain.pdf).stdout.splitlines()[2:] == []
    document = docx.Document(str(c.docx))
    header = document.sections[0].header
    pictures = [rel.target_part for rel in header.part.rels.values()
                if rel.reltype.endswith("/image")]
    assert len(pictures) == 1 and pictures[0].content_type == "image/png"
    assert Image.open(io.BytesIO(pictures[0].blob)).size == (120, 40)
    assert header._element.xpath(".//wp:anchor//a:blip"), "the logo is not anchored in the header"
    plain_header = docx.Document(str(plain.docx)).sections[0].header
    assert not plain_header._element.xpath(".//wp:anchor")


def test_custom_folder_block_override_in_both_formats(module: Module) -> None:
    c, plain = module.custom, module.plain
    date = long_date(brief_date(c.facts))
    footer = f"{CUSTOM_FOOTER} {c.facts.title}, {date}."
    for fmt, text in c.texts().items():
        assert shown(text, footer), fmt
        assert not shown(text, "Prepared by"), fmt
        assert_in_order(text, ["BRIEFING MEMO", "Bottom line", c.facts.summary.split("\n")[0]],
                        fmt)  # the rest of the built-in template is still there
    for text in plain.texts().values():
        assert shown(text, "Prepared by") and not shown(text, CUSTOM_FOOTER)
    banner = c.facts.memo.classification
    body = "\n".join(docx_text(c.docx))
    assert_same_words(body, without_banner(pdf_text(c.pdf), banner), "custom folder")
    assert_same_words(body, without_banner(pdf_text(c.lo_pdf), banner),
                      "custom folder as LibreOffice lays it out")


def test_custom_folder_with_an_audience(module: Module, tmp_path: Path) -> None:
    """The same folder with a built-in audience: the audience's overrides on top of the user's."""
    out = tmp_path / "out"
    code, _, stderr = cli("build", str(FACTS_DIR / SEED), "-t", str(module.custom_folder), "-a",
                          "analyst", "-o", str(out))
    assert code == 0, stderr
    stem = Path(SEED).stem
    pdf, docx_file = out / f"{stem}-analyst.pdf", out / f"{stem}-analyst.docx"
    assert pdf_page_size(pdf) == A4
    for text in (pdf_text(pdf), "\n".join(docx_text(docx_file))):
        assert shown(text, "ANALYTICAL BRIEF") and shown(text, CUSTOM_FOOTER)
    assert docx.Document(str(docx_file)).styles["Normal"].font.name == "Times New Roman"
