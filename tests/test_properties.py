"""Property-based tests: random facts files, written as YAML or JSON, built by `briefgen.build`.

1. Facts in the characters the fonts print today (Windows-1252), valid by construction: each one
   builds a one-page PDF and a DOCX holding every kept fact's text, in order, or fails only
   because it cannot fit one page. Fitting never drops a priority-1 item.
2. Facts in any Unicode (lone surrogates too), with values of the wrong kind and unknown keys:
   a clear error or a valid output, never another exception.
3. Damaged files (random text or bytes spliced into a valid one): the same.
4. The same facts built twice give the same bytes.
5. Facts with odd characters where they print in every face and in the banner: invisible and
   format characters, the other default-ignorable ones (U+034F, the Hangul fillers) and soft
   hyphens (the banner's too), every Unicode space, line and paragraph separators, characters
   beyond U+FFFF, letters some faces of a font lack. Each text comes out the same in the PDF's text,
   the DOCX's text and the metadata of both, normalised by one rule (written again here, apart
   from the code); or, where a required text prints nothing, as a located error.

Every build here is watched for a character drawn in a font without its glyph (a box).

Examples: the `ci` profile (the default) runs about 300 in all; `HYPOTHESIS_PROFILE=thorough`
runs twenty times as many. Failures are kept in .hypothesis/ and replayed first next time.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import itertools
import json
import os
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pypdf
import pytest
import yaml
from conftest import docx_header_footer, docx_text, tool
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from briefgen.errors import BriefgenError, FitError
from briefgen.pipeline import Brief, build

# Each build takes 0.1 to 1 s, so: no deadline, no complaints about slow or large examples, and
# a failure is shrunk and reported alone (shrinking costs a build a step).
settings.register_profile(
    "ci", max_examples=100, deadline=None, print_blob=True, report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(share: float) -> int:
    """This property's share of the profile's examples."""
    return max(10, round(settings.default.max_examples * share))


QPDF_EVERY = 10  # run qpdf --check on every tenth successful build (it is slow)

# ---- text --------------------------------------------------------------------------------------


def _prints_today(ch: str) -> bool:
    """A character the fonts print today: Windows-1252, not a control character."""
    if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
        return False
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


PRINTABLE = "".join(filter(_prints_today, map(chr, range(0x20, 0x2200))))
# A word has no white space in it; a no-break space only ever joins two words, so that no text
# starts or ends with one (the checker strips it there, which a test need not pin down).
WORD_CHARS = "".join(ch for ch in PRINTABLE if not ch.isspace())
# words that markup, templates, YAML or printf would read as something other than text
SPECIAL_WORDS = [
    "<b>", "</i>", "&", "&amp;", "&nbsp;", "&#169;", "<para>", "<br/>", "<a href='x'>", "]]>",
    "<![CDATA[", "<script>", "{{", "}}", "{{ 7*7 }}", "{%", "%}", "{#", "${HOME}", "%s", "%(x)s",
    "{0}", "NO", "yes", "on", "~", "null", "1.10", "1e3", "0x1F", "012", "2024-10-17", "12:30",
    "-", "---", "...", "#", "'", '"', "\\", "!", "*", "|", ">", "@", "`", "?", ":", ",", "[", "]",
    "{", "}", "%", "\u00ad", "\u20ac", "\u2019", "\u2014",
]
SEPARATORS = [" ", " ", " ", " ", "  ", "\t", "\n", " \n", "\n\n", " \n \n ", "\u00a0"]


def words(alphabet: str, max_words: int) -> st.SearchStrategy[str]:
    word = st.one_of(
        st.text(alphabet, min_size=1, max_size=12),
        st.sampled_from(SPECIAL_WORDS),
        st.text(alphabet, min_size=13, max_size=160),  # long words and URLs wrap mid-word
    )

    @st.composite
    def text(draw: st.DrawFn) -> str:
        chosen = draw(st.lists(word, min_size=1, max_size=max_words))
        out = chosen[0]
        for w in chosen[1:]:
            out += draw(st.sampled_from(SEPARATORS)) + w
        return out

    # a paragraph of soft hyphens alone prints nothing (property 5 covers it); a line of them
    # may become one (a line break written as \n in a double-quoted YAML text is a paragraph's)
    return text().filter(lambda t: not any(
        "\u00ad" in line and not line.replace("\u00ad", "").strip() for line in t.split("\n")))


def printable_text(long: bool = True) -> st.SearchStrategy[str]:
    """A text that folds to something non-empty: a few words mostly; with `long`, up to 30
    words sometimes (at most 4,830 characters: under the 5,000 a text may hold)."""
    short = words(WORD_CHARS, 12)
    return st.one_of(short, short, words(WORD_CHARS, 30)) if long else short


def any_text() -> st.SearchStrategy[str]:
    """Any Unicode text, biased towards what a facts file must refuse."""
    nasty = st.sampled_from(["\x00", "\x0b", "\x0c", "\x1b", "\x85", "\x9f", "\ufffe", "\uffff",
                             "\u200d", "\u0301", "\u202e", "\u2028", "\U0001f600", "\u4e2d",
                             "\u041f", "\ud800", "\udfff", "\r", "\r\n", *SPECIAL_WORDS])
    return st.one_of(
        st.text(max_size=40),
        st.text(st.characters(codec=None, categories=None), max_size=40),
        st.lists(st.one_of(nasty, st.text(max_size=8)), max_size=12).map("".join),
        printable_text(long=False),
    )


def fold(text: str) -> str:
    """White space as the checker folds it: runs of space, tab and line breaks to one space."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


def squash(text: str) -> str:
    """Text without white space, soft hyphens or hyphens, for comparing with a PDF's text: a PDF
    breaks lines where it likes and shows a soft hyphen as a hyphen where it breaks a line."""
    return "".join(text.replace("\u00ad", "").replace("-", "").translate(UNDRAWN).split())


UNDRAWN = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))  # kept, ordering the line, not drawn


# ---- fuzzy dates ---------------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@dataclass(frozen=True)
class DateSpec:
    text: str  # as written in the file
    label: str  # as the brief prints it
    key: datetime.date  # what the timeline sorts by


@st.composite
def fuzzy_dates(draw: st.DrawFn) -> DateSpec:
    """A date in one of the accepted forms, with the label and sort key it must get."""
    form = draw(st.sampled_from(["year", "iso month", "iso day", "month year", "day month year",
                                 "month day year", "decade", "part of decade", "part of year",
                                 "approximate", "deadline", "range"]))
    year = draw(st.integers(1000, 2999))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    name = MONTHS[month - 1]
    spelt = draw(st.sampled_from([name, name[:3], name[:3] + "."]))
    short = name[:3]
    if form == "year":
        spec = DateSpec(f"{year}", f"{year}", datetime.date(year, 1, 1))
    elif form == "iso month":
        spec = DateSpec(f"{year}-{month:02d}", f"{short} {year}", datetime.date(year, month, 1))
    elif form == "iso day":
        spec = DateSpec(f"{year}-{month:02d}-{day:02d}", f"{day} {short} {year}",
                        datetime.date(year, month, day))
    elif form == "month year":
        spec = DateSpec(f"{spelt} {year}", f"{short} {year}", datetime.date(year, month, 1))
    elif form == "day month year":
        comma = draw(st.sampled_from(["", ","]))
        spec = DateSpec(f"{day} {spelt}{comma} {year}", f"{day} {short} {year}",
                        datetime.date(year, month, day))
    elif form == "month day year":
        suffix = draw(st.sampled_from(["", "th" if day > 3 else ""]))
        spec = DateSpec(f"{spelt} {day}{suffix}, {year}", f"{day} {short} {year}",
                        datetime.date(year, month, day))
    elif form == "decade":
        decade = year // 10 * 10
        spec = DateSpec(f"{decade}s", f"{decade}s", datetime.date(decade, 1, 1))
    elif form == "part of decade":
        decade = year // 10 * 10
        part, offset, label = draw(st.sampled_from(
            [("early", 0, "Early "), ("mid", 4, "Mid-"), ("late", 7, "Late ")]))
        joint = draw(st.sampled_from([" ", "-"]))
        spec = DateSpec(f"{part}{joint}{decade}s", f"{label}{decade}s",
                        datetime.date(decade + offset, 1, 1))
    elif form == "part of year":
        part, first, label = draw(st.sampled_from(
            [("early", 1, "Early "), ("mid", 5, "Mid-"), ("late", 9, "Late ")]))
        joint = draw(st.sampled_from([" ", "-"]))
        spec = DateSpec(f"{part}{joint}{year}", f"{label}{year}", datetime.date(year, first, 1))
    elif form == "approximate":
        how = draw(st.sampled_from(["c. ", "c.", "circa ", "~", "ca. "]))
        spec = DateSpec(f"{how}{year}", f"c. {year}", datetime.date(year, 1, 1))
    elif form == "deadline":
        spec = DateSpec(f"by {year}", f"By {year}", datetime.date(year, 12, 31))
    else:
        last = draw(st.integers(year, 2999))
        dash = draw(st.sampled_from(["\u2013", "-", " - "]))
        spec = DateSpec(f"{year}{dash}{last}", f"{year}\u2013{last}", datetime.date(year, 1, 1))
    case = draw(st.sampled_from([str, str, str.lower, str.upper, str.title]))
    return DateSpec(case(spec.text), spec.label, spec.key)


# ---- facts, and what the brief must show -------------------------------------------------------


@dataclass
class Entry:
    """One droppable (or not) thing of the brief and the texts it must show, in order."""

    path: str
    priority: int
    pieces: list[str]


@dataclass
class Expected:
    """What a brief built from the facts must show: groups of entries, each group in order."""

    groups: dict[str, list[Entry]] = field(default_factory=dict)

    def add(self, group: str, path: str, pieces: list[str], priority: int = 1) -> None:
        self.groups.setdefault(group, []).append(Entry(path, priority, pieces))

    def priority(self, path: str) -> int | None:
        for entry in itertools.chain(*self.groups.values()):
            if entry.path == path:
                return entry.priority
        return None


@dataclass
class Case:
    data: dict
    expected: Expected
    date: datetime.date | None


def _maybe(draw: st.DrawFn, strategy: st.SearchStrategy[str]) -> str | None:
    return draw(strategy) if draw(st.booleans()) else None


@st.composite
def valid_facts(draw: st.DrawFn) -> Case:
    """A valid facts mapping in printable text, every optional part present or absent."""
    text = printable_text()
    short = printable_text(long=False)
    data: dict = {}
    expected = Expected()
    data["title"] = draw(short)
    expected.add("title", "title", [data["title"]])
    data["summary"] = draw(text)
    expected.add("summary", "summary", [data["summary"]])
    day = None
    if draw(st.booleans()):
        day = draw(st.dates(datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)))
        data["date"] = day.isoformat()
    if draw(st.booleans()):
        memo = {}
        # a marking is one banner line: at most 40 characters here (a wider one is refused,
        # as tests/hostile case 93 shows)
        marking = short.filter(lambda text: len(text) <= 40)
        for key in ("to", "from", "cc", "reference", "classification"):
            value = _maybe(draw, marking if key == "classification" else short)
            if value is not None:
                memo[key] = value
                shown = value.replace("\u00ad", "") if key == "classification" else value
                expected.add(f"memo.{key}", f"memo.{key}", [shown])  # the banner never breaks
        data["memo"] = memo

    ids = draw(st.lists(st.from_regex(r"[a-z][a-z0-9_-]{0,11}", fullmatch=True),
                        unique=True, max_size=5))
    cites = st.lists(st.sampled_from(ids), max_size=3) if ids else st.just([])
    priorities = st.sampled_from([None, 1, 2, 3, "1", "2", "3"])

    def extra(entry: dict) -> int:
        """Add sources and a priority to an entry; its priority."""
        cited = draw(cites)
        if cited:
            entry["sources"] = cited
        priority = draw(priorities)
        if priority is not None:
            entry["priority"] = priority
        return int(priority or 2)

    lists = st.integers(0, 8)
    if draw(st.booleans()):
        data["key_points"] = []
        for i in range(draw(lists)):
            if draw(st.booleans()):
                value = draw(text)
                data["key_points"].append(value)
                expected.add("key_points", f"key_points[{i}]", [value], 2)
            else:
                item = {"text": draw(text)}
                expected.add("key_points", f"key_points[{i}]", [item["text"]], extra(item))
                data["key_points"].append(item)
    if draw(st.booleans()):
        data["timeline"] = []
        events = []
        for i in range(draw(lists)):
            when = draw(fuzzy_dates())
            event = {"date": when.text, "event": draw(text)}
            events.append((when.key, i, Entry(f"timeline[{i}]", extra(event),
                                              [when.label, event["event"]])))
            data["timeline"].append(event)
        for _, _, entry in sorted(events, key=lambda e: (e[0], e[1])):  # ties keep file order
            expected.groups.setdefault("timeline", []).append(entry)
    if draw(st.booleans()):
        data["quotes"] = []
        for i in range(draw(st.integers(0, 4))):
            quote = {"text": draw(text), "speaker": draw(short)}
            pieces = [quote["text"], quote["speaker"]]
            for key in ("role", "context"):
                value = _maybe(draw, short)
                if value is not None:
                    quote[key] = value
                    pieces.append(value)
            if draw(st.booleans()):
                when = draw(fuzzy_dates())
                quote["date"] = when.text
                pieces.append(when.label)
            expected.add("quotes", f"quotes[{i}]", pieces, extra(quote))
            data["quotes"].append(quote)
    if draw(st.booleans()):
        data["figures"] = []
        for i in range(draw(st.integers(0, 6))):
            figure = {"label": draw(short), "value": draw(short)}
            pieces = [figure["value"], figure["label"]]
            note = _maybe(draw, short)
            if note is not None:
                figure["note"] = note
                pieces.append(note)
            expected.add("figures", f"figures[{i}]", pieces, extra(figure))
            data["figures"].append(figure)
    if draw(st.booleans()):
        data["outlook"] = []
        for i in range(draw(lists)):
            item = {"text": draw(text)}
            expected.add("outlook", f"outlook[{i}]", [item["text"]], extra(item))
            data["outlook"].append(item)
    if ids or draw(st.booleans()):
        data["sources"] = []
        for i, source_id in enumerate(ids):
            source = {"id": source_id, "title": draw(short)}
            pieces = []
            publisher = _maybe(draw, short)
            if publisher is not None:
                source["publisher"] = publisher
                pieces.append(publisher)
            pieces.append(source["title"])
            if draw(st.booleans()):
                when = draw(fuzzy_dates())
                source["date"] = when.text
                pieces.append(when.label)
            if draw(st.booleans()):
                source["url"] = draw(st.from_regex(
                    r"https?://[a-z0-9]{1,12}(\.[a-z0-9]{1,8}){0,2}\.[a-z]{2,6}"
                    r"(/([A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2}){0,20}){0,4}",
                    fullmatch=True))  # a % only as %XX: a stray one is refused
                pieces.append(source["url"])
            expected.add("sources", f"sources[{i}]", pieces)
            data["sources"].append(source)
    if draw(st.booleans()):
        data["tags"] = draw(st.lists(short, max_size=4))
    keys = list(data)
    order = draw(st.permutations(keys))  # key order in the file does not matter
    return Case({k: data[k] for k in order}, expected, day)


# ---- writing a case to a file ------------------------------------------------------------------


@st.composite
def written(draw: st.DrawFn, data: dict, faithful: bool = True) -> tuple[str, bytes]:
    """The facts as a file: (extension, bytes), YAML in one of its styles or JSON.
    faithful: only YAML that PyYAML itself reads back as the same data."""
    if draw(st.sampled_from(["yaml", "yaml", "json"])) == "yaml":
        style = draw(st.sampled_from([None, None, "'", '"', "|", ">"]))
        width = draw(st.sampled_from([80, 40, 1000]))
        text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False,
                              default_style=style, width=width)
        if faithful:  # PyYAML's own round trip is not briefgen's concern
            assume(yaml.safe_load(text) == data)
        return draw(st.sampled_from([".yaml", ".yml"])), text.encode("utf-8")
    indent = draw(st.sampled_from([None, 1, 2]))
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), indent=indent)
    return ".json", text.encode("utf-8")


def written_any(data: dict) -> st.SearchStrategy[tuple[str, bytes]]:
    """Like `written`, for data that may hold lone surrogates (only JSON escapes can)."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return st.just((".json", json.dumps(data, ensure_ascii=True).encode()))
    return written(data, faithful=False)


_counter = itertools.count()


def place(folder: Path, extension: str, content: bytes) -> Path:
    path = folder / f"facts-{next(_counter)}{extension}"
    path.write_bytes(content)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


# ---- checks ------------------------------------------------------------------------------------


@contextlib.contextmanager
def no_boxes() -> Iterator[None]:
    """Fail if anything is drawn in a font that lacks the character's glyph, which reportlab
    prints as the font's missing-glyph box: every text drawn in a TrueType font, paragraphs
    and the banner alike, goes through TTFont.splitString."""
    from reportlab.pdfbase.ttfonts import TTFont

    split = TTFont.splitString
    boxes: list[tuple[str, str]] = []

    def watched(self, text, doc, encoding="utf-8"):
        text = text.decode(encoding) if isinstance(text, bytes) else text
        boxes.extend((self.fontName, f"U+{ord(c):04X}") for c in text
                     if c != "\u00a0" and ord(c) not in self.face.charToGlyph)
        # a font may have a glyph for what prints nothing: a box for U+034F, a hyphen for U+00AD
        boxes.extend((self.fontName, f"U+{ord(c):04X} (prints nothing)") for c in text
                     if not c.isascii() and (c == SOFT_HYPHEN or prints_nothing(c)))
        return split(self, text, doc, encoding)

    TTFont.splitString = watched
    try:
        yield
    finally:
        TTFont.splitString = split
    assert not boxes, f"drawn without a glyph, or though it prints nothing: {sorted(set(boxes))}"


def assert_clear(error: BriefgenError, path: Path) -> None:
    """An error a user can act on: at least one problem, each naming the file and saying what
    is wrong, on one line (with, for a brief that cannot fit, one line per section under it)."""
    assert error.problems
    for problem in error.problems:
        assert problem.file == str(path), problem
        assert problem.message.strip(), problem
        for line in problem.lines():  # its line, then any detail lines under it
            assert "\n" not in line and "\r" not in line, str(problem)
        assert problem.line is None or problem.line >= 1, problem


_successes = itertools.count()


def assert_valid(brief: Brief, folder: Path) -> tuple[list[str], str]:
    """The PDF has the pages the build says (one without --allow-overflow) and reads; the DOCX
    opens. Every tenth time qpdf checks the PDF too. Returns the DOCX's texts and the PDF's."""
    pdf = pypdf.PdfReader(io.BytesIO(brief.outputs["pdf"]))
    assert len(pdf.pages) == brief.pages == 1
    pdf_text = "\n".join(page.extract_text() for page in pdf.pages)
    path = folder / "out.docx"
    path.write_bytes(brief.outputs["docx"])
    header, footer = docx_header_footer(path)
    texts = [header, *docx_text(path), footer]  # python-docx opened it
    if next(_successes) % QPDF_EVERY == 0:
        pdf_path = folder / "out.pdf"
        pdf_path.write_bytes(brief.outputs["pdf"])
        result = subprocess.run([tool("qpdf"), "--check", str(pdf_path)], capture_output=True,
                                text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    return texts, pdf_text


DROPPED = re.compile(r"dropped (\S+) \(priority (\d)\)")


def uncited(data: dict, dropped: dict[str, int]) -> set[str]:
    """The facts paths of the sources no entry kept cites (the brief does not print them)."""
    cited = {source for key in ("key_points", "timeline", "quotes", "figures", "outlook")
             for i, entry in enumerate(data.get(key, [])) if f"{key}[{i}]" not in dropped
             and isinstance(entry, dict) for source in entry.get("sources", [])}
    return {f"sources[{i}]" for i, source in enumerate(data.get("sources", []))
            if source["id"] not in cited}


def assert_shows(expected: Expected, brief: Brief, docx_texts: list[str], pdf_text: str,
                 data: dict) -> None:
    """Every entry fitting kept is in the DOCX, its texts in order and the entries of a group
    in order; and in the PDF; so is every source an entry kept cites. Fitting dropped no
    priority-1 entry and said what it dropped."""
    dropped = {}
    for note in brief.notes:
        match = DROPPED.match(note)
        if match:
            dropped[match.group(1)] = int(match.group(2))
    for path, priority in dropped.items():
        assert priority != 1, f"fitting dropped priority-1 {path}"
        assert expected.priority(path) == priority, (path, priority, brief.notes)
    dropped.update(dict.fromkeys(uncited(data, dropped), 0))
    docx_all = fold("\n".join(docx_texts))
    pdf_all = squash(pdf_text)
    for group, entries in expected.groups.items():
        position = 0
        for entry in entries:
            if entry.path in dropped:
                continue
            for piece in entry.pieces:
                wanted = fold(piece)
                found = docx_all.find(wanted, position)
                assert found >= 0, (f"{group}: {entry.path}: {wanted!r} is not in the DOCX "
                                    f"after position {position}:\n{docx_all}")
                position = found + len(wanted)
                assert squash(piece) in pdf_all, \
                    f"{group}: {entry.path}: {piece!r} is not in the PDF:\n{pdf_text}"


# ---- the properties ----------------------------------------------------------------------------


@settings(max_examples=examples(1.0))
@given(data=st.data())
def test_printable_facts_build_one_page_holding_every_kept_fact(data: st.DataObject,
                                                                folder: Path) -> None:
    case = data.draw(valid_facts(), "facts")
    extension, content = data.draw(written(case.data), "file")
    path = place(folder, extension, content)
    event(f"file: {extension}")
    try:
        with no_boxes():
            brief = build(path)
    except FitError as error:  # too much that must stay: the only way valid facts may fail
        event("outcome: cannot fit")
        assert_clear(error, path)
        assert all("cannot fit one page" in p.message for p in error.problems), error
        return
    event("outcome: built" + (", with drops" if DROPPED.search(" ".join(brief.notes)) else ""))
    docx_texts, pdf_text = assert_valid(brief, folder)
    assert_shows(case.expected, brief, docx_texts, pdf_text, case.data)
    if case.date is not None:
        day = case.date
        assert f"{day.day} {MONTHS[day.month - 1]} {day.year}" in fold(" ".join(docx_texts))


JUNK = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text(), inner, max_size=3),
    max_leaves=8)


# keys whose values are free text, where any characters may go without breaking the structure
FREE_TEXT = {"title", "summary", "to", "from", "cc", "reference", "classification", "text",
             "event", "speaker", "role", "context", "label", "value", "note", "publisher",
             "key_points", "outlook", "tags"}
# text in any script: letters, marks, numbers, punctuation, symbols and spaces, no controls
WORLD_TEXT = st.text(st.characters(codec=None, categories=["L", "M", "N", "P", "S", "Zs"]),
                     min_size=1, max_size=40)


@st.composite
def hostile_facts(draw: st.DrawFn) -> dict:
    """Valid facts, then spoilt: `world` puts text in any script in free-text fields (it may
    build); `nasty` puts any Unicode anywhere, values of the wrong kind and unknown keys."""
    case = draw(valid_facts())
    mode = draw(st.sampled_from(["world", "world", "nasty"]))

    def spoil(value: object, key: str = "") -> object:
        choice = draw(st.integers(0, 9))
        if mode == "nasty" and choice == 0:
            return draw(JUNK)
        if isinstance(value, str):
            if mode == "world":
                return draw(WORLD_TEXT) if key in FREE_TEXT and choice < 4 else value
            return draw(any_text()) if choice < 4 else value
        if isinstance(value, list):
            return [spoil(v, key) for v in value]
        if isinstance(value, dict):
            out = {k: spoil(v, k) for k, v in value.items()}
            if mode == "nasty" and choice == 9:
                out[draw(any_text())] = draw(JUNK)
            return out
        return value

    event(f"spoilt: {mode}")
    return spoil(case.data)


def assert_clear_or_valid(path: Path, folder: Path) -> None:
    """The facts file gives a clear error or a valid brief, and says which (Hypothesis event)."""
    try:
        with no_boxes():
            brief = build(path)
    except BriefgenError as error:
        event(f"outcome: {type(error).__name__}")
        assert_clear(error, path)
        return
    event("outcome: built")
    assert_valid(brief, folder)


@settings(max_examples=examples(0.7))
@given(data=st.data())
def test_any_facts_give_a_clear_error_or_a_valid_brief(data: st.DataObject,
                                                       folder: Path) -> None:
    facts = data.draw(hostile_facts(), "facts")
    extension, content = data.draw(written_any(facts), "file")
    path = place(folder, extension, content)
    assert_clear_or_valid(path, folder)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid facts file with random text or bytes spliced in, a slice cut out, or a line
    repeated."""
    case = draw(valid_facts())
    extension, content = draw(written(case.data))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(content)))
        how = draw(st.sampled_from(["text", "bytes", "cut", "repeat line"]))
        if how == "text":
            insert = draw(any_text()).encode("utf-8", "surrogatepass")
            content = content[:at] + insert + content[at:]
        elif how == "bytes":
            content = content[:at] + draw(st.binary(min_size=1, max_size=8)) + content[at:]
        elif how == "cut":
            content = content[:at] + content[at + draw(st.integers(1, 40)):]
        else:
            lines = content.split(b"\n")
            i = at % len(lines)
            content = b"\n".join(lines[:i + 1] + lines[i:])
    return extension, content


@settings(max_examples=examples(1.0))
@given(file=damaged())
def test_damaged_files_give_a_clear_error_or_a_valid_brief(file: tuple[str, bytes],
                                                           folder: Path) -> None:
    path = place(folder, *file)
    assert_clear_or_valid(path, folder)


@settings(max_examples=examples(0.2))
@given(data=st.data())
def test_building_twice_gives_the_same_bytes(data: st.DataObject, folder: Path) -> None:
    case = data.draw(valid_facts(), "facts")
    path = place(folder, *data.draw(written(case.data), "file"))
    try:
        first = build(path)
    except FitError as error:
        with pytest.raises(FitError) as again:
            build(path)
        assert again.value.problems == error.problems
        return
    second = build(path)
    assert second.notes == first.notes
    assert second.outputs["pdf"] == first.outputs["pdf"], "the PDFs differ"
    assert second.outputs["docx"] == first.outputs["docx"], "the DOCX files differ"


# ---- odd characters: one text everywhere --------------------------------------------------------

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u202a",
             "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
             "\u061c", "\ufe0f", "\ufe00", "\U000e0041", "\U000e0100",
             # default-ignorable but not format characters, which fonts draw as boxes or blanks
             "\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u180b", "\u180e", "\u180f",
             "\u3164", "\uffa0", "\u2065", "\u206a", "\U0001bca0", "\U0001d173", "\U000e0001",
             "\U000e0fff"]
# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt), typed again here
DEFAULT_IGNORABLE = [(0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
                     (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
                     (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
                     (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
                     (0xE0000, 0xE0FFF)]
SOFT_HYPHEN = "\u00ad"  # a line may break at it; it prints nothing on a line that never breaks
SPACES = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs"]
SEPARATORS_ODD = ["\u2028", "\u2029"]
# printed by DejaVu Sans, but not in every face of it: its Bold lacks the mathematical letters,
# its Oblique lacks Ogham and Tifinagh; and characters beyond U+FFFF
FACE_LETTERS = ([chr(c) for c in range(0x1D5A0, 0x1D5D4)] + [chr(c) for c in range(0x1681, 0x169B)]
                + [chr(c) for c in range(0x2D30, 0x2D66)] + [chr(c) for c in range(0x1F600, 0x1F624)])
ODD = INVISIBLE + SPACES + SEPARATORS_ODD + FACE_LETTERS + [SOFT_HYPHEN] * 4


def prints_nothing(c: str) -> bool:
    """Default-ignorable or a format character (but the soft hyphen and the marks of direction
    LRM, RLM and ALM, kept as typed): no output shows it."""
    code = ord(c)
    return c != SOFT_HYPHEN and ord(c) not in UNDRAWN and (unicodedata.category(c) == "Cf" or any(
        first <= code <= last for first, last in DEFAULT_IGNORABLE))


def expected_text(raw: str) -> str:
    """The text as the README says every output prints it, written apart from briefgen's code:
    default-ignorable and format characters (but the soft hyphen) out; the figure and narrow
    no-break spaces a no-break space, other spaces a space; separators line breaks; NFC; then
    folded as the checker folds (a blank line starts a paragraph, one per line; the ends of
    each stripped of white space, a no-break space too; a paragraph of soft hyphens dropped)."""
    out = []
    for c in raw:
        kind = unicodedata.category(c)
        if prints_nothing(c):
            continue
        if kind == "Zs":
            out.append("\u00a0" if c in "\u00a0\u2007\u202f" else " ")
        elif kind in ("Zl", "Zp"):
            out.append("\n" if kind == "Zl" else "\n\n")
        else:
            out.append(c)
    text = unicodedata.normalize("NFC", "".join(out))
    paragraphs = (re.sub(r"[ \t\n]+", " ", p).strip() for p in re.split(r"\n[ \t]*\n", text))
    return "\n".join(p for p in paragraphs
                     if p.replace(SOFT_HYPHEN, "").translate(UNDRAWN).strip())


def expected_line(raw: str) -> str:
    """A text printed on one line (the banner, the metadata's title and author), which never
    breaks: as `expected_text`, without soft hyphens, its paragraphs joined by a space."""
    text = expected_text(raw).replace(SOFT_HYPHEN, "")
    return re.sub(r"[ \t\n]+", " ", text).strip(" ")


def odd_text(max_parts: int = 10) -> st.SearchStrategy[str]:
    """Words of ASCII letters with odd characters between and inside them; sometimes nothing
    but odd characters."""
    word = st.text("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789", min_size=1, max_size=8)
    part = st.one_of(word, word, st.sampled_from(ODD), st.sampled_from(ODD), st.just(" "))
    return st.lists(part, min_size=1, max_size=max_parts).map("".join)


# (field path, where in the facts, required, printed in the banner): texts printed in the regular,
# bold (the subject, the speaker, a figure's value) and italic (a quote) faces, and the banner
ODD_FIELDS = [("title", ("title",), True), ("summary", ("summary",), True),
              ("memo.to", ("memo", "to"), False), ("memo.from", ("memo", "from"), False),
              ("memo.classification", ("memo", "classification"), False),
              ("key_points[0]", ("key_points", 0), True),
              ("quotes[0].text", ("quotes", 0, "text"), True),
              ("quotes[0].speaker", ("quotes", 0, "speaker"), True),
              ("quotes[0].role", ("quotes", 0, "role"), False),
              ("figures[0].value", ("figures", 0, "value"), True),
              ("figures[0].label", ("figures", 0, "label"), True)]


@st.composite
def odd_facts(draw: st.DrawFn) -> tuple[dict, dict[str, str]]:
    """Facts whose texts are odd (each field odd or plain), and each field's raw text."""
    raw = {}
    for field_path, _, _ in ODD_FIELDS:
        plain = st.text("abcdefghij ", min_size=1, max_size=12).map(lambda t: f"x{t}x")
        limit = 6 if field_path == "memo.classification" else 10  # one banner line
        raw[field_path] = draw(st.one_of(plain, odd_text(limit), odd_text(limit)))
    data: dict = {"title": raw["title"], "summary": raw["summary"], "date": "2025-02-03",
                  "memo": {"to": raw["memo.to"], "from": raw["memo.from"],
                           "classification": raw["memo.classification"]},
                  "key_points": [raw["key_points[0]"]],
                  "quotes": [{"text": raw["quotes[0].text"], "speaker": raw["quotes[0].speaker"],
                              "role": raw["quotes[0].role"]}],
                  "figures": [{"value": raw["figures[0].value"],
                               "label": raw["figures[0].label"]}]}
    return data, raw


@st.composite
def written_exactly(draw: st.DrawFn, data: dict) -> tuple[str, bytes]:
    """The facts as JSON, or as YAML in double-quoted style (which escapes what YAML would
    otherwise read as a line break or strip)."""
    if draw(st.booleans()):
        return ".json", json.dumps(data, ensure_ascii=draw(st.booleans())).encode("utf-8")
    text = yaml.safe_dump(data, allow_unicode=False, default_style='"', sort_keys=False)
    assume(yaml.safe_load(text) == data)
    return ".yaml", text.encode("utf-8")


@settings(max_examples=examples(0.6))
@given(data=st.data())
def test_odd_characters_print_the_same_everywhere_or_give_a_located_error(
        data: st.DataObject, folder: Path) -> None:
    facts, raw = data.draw(odd_facts(), "facts")
    path = place(folder, *data.draw(written_exactly(facts), "file"))
    expected = {field_path: expected_text(text) for field_path, text in raw.items()}
    empty = {field_path for field_path, _, required in ODD_FIELDS
             if required and not expected[field_path]}
    try:
        with no_boxes():
            brief = build(path)
    except BriefgenError as error:
        event("outcome: error")
        assert_clear(error, path)
        assert {p.field for p in error.problems} == empty, error
        for problem in error.problems:
            assert problem.line is not None and problem.line >= 1, problem
            shown = problem.message
            assert shown.startswith(("has only invisible characters (U+",
                                     "required text is empty")), problem
        return
    assert not empty, f"built, though {sorted(empty)} print nothing"
    event("outcome: built")
    docx_texts, pdf_text = assert_valid(brief, folder)
    docx_all = " ".join(" ".join(docx_texts).split())  # a paragraph break, a line break, a space
    for field_path, text in expected.items():
        if not text or field_path == "memo.classification":
            continue
        flat = " ".join(text.split())
        assert flat in docx_all, f"{field_path}: {flat!r} is not in the DOCX:\n{docx_texts}"
        assert squash(text) in squash(pdf_text), \
            f"{field_path}: {flat!r} is not in the PDF:\n{pdf_text}"
    header, footer = docx_header_footer(folder / "out.docx")
    banner = expected_line(raw["memo.classification"])
    assert header == footer == banner
    if banner:
        assert pdf_text.count(banner.replace("\u00a0", " ")) == 2 or \
            squash(pdf_text).count(squash(banner)) >= 2, pdf_text
    title, author = expected_line(raw["title"]), expected_line(raw["memo.from"])
    info = pypdf.PdfReader(io.BytesIO(brief.outputs["pdf"])).metadata
    props = docx.Document(str(folder / "out.docx")).core_properties
    assert (info.title, info.subject, info.author or "") == (title, title, author)
    assert (props.title, props.subject, props.author) == (title, title, author)
    for odd in INVISIBLE + SEPARATORS_ODD:
        assert all(odd not in note for note in brief.notes)
