"""`w:rtl` in the DOCX only on right-to-left text: ISO/IEC 29500-1 (17.3.2.30) says the run
property "shall not be used with strongly left-to-right text" (it overrides the direction of the
neutral characters in the run). A Hebrew brief quoting an English name, an English brief naming
a Hebrew one, and a reference in Latin letters in a Hebrew brief's footer: every run marked
`w:rtl` holds no left-to-right letter, the Hebrew words are still marked, the paragraphs' text
is the facts' (read back with python-docx), and the package is valid (openxml-audit)."""

from __future__ import annotations

import re
import unicodedata
import zipfile

import pytest
import yaml
from conftest import ROOT, docx_text
from lxml import etree
from openxml_audit import OpenXmlValidator

from briefgen.pipeline import build

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONTROLS = re.compile("[\u200e\u200f\u202a-\u202c\u2066-\u2069]")
HEBREW_IN_ENGLISH = ("Israel's ambassador in Delhi, Reuven Azar (ראובן עזר), backed India's "
                     "right to self-defence.")
ENGLISH_IN_HEBREW = 'הנגיד אמיר ירון (Amir Yaron) אמר כי "המלחמה ממשיכה להשפיע".'


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """A Hebrew brief (footer reference ECO/ISR/2025/003) and the seed in English, each with a
    key point of the other script, and the Hebrew brief over two pages (its page marks)."""
    out = tmp_path_factory.mktemp("rtl-runs")
    hebrew = yaml.safe_load((ROOT / "tests/data/facts/hebrew-brief.yaml").read_text("utf-8"))
    hebrew["memo"]["reference"] = "ECO/ISR/2025/003"
    hebrew["key_points"][0]["text"] = ENGLISH_IN_HEBREW
    english = yaml.safe_load((ROOT / "facts/japan-nato-mission.yaml").read_text("utf-8"))
    english["key_points"][0]["text"] = HEBREW_IN_ENGLISH
    longer = {**hebrew, "key_points": [{**p, "text": f"{p['text']} ({n})"} for n in range(12)
                                       for p in hebrew["key_points"]]}
    made = {}
    for name, facts, pages in (("hebrew", hebrew, 1), ("english", english, 1),
                               ("hebrew-two-pages", longer, 2)):
        source = out / f"{name}.yaml"
        source.write_text(yaml.safe_dump(facts, allow_unicode=True), "utf-8")
        path = out / f"{name}.docx"
        brief = build(source, formats=("docx",), pages=pages)
        assert brief.pages == pages
        path.write_bytes(brief.outputs["docx"])
        made[name] = path
    return made


def _runs(path):
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                yield from etree.fromstring(archive.read(name)).iter(f"{W}r")


def _text(r) -> str:
    return "".join(t.text or "" for t in r.iter(f"{W}t"))


@pytest.mark.parametrize("name", ["hebrew", "english", "hebrew-two-pages"])
def test_no_run_marked_rtl_holds_left_to_right_letters(packages, name):
    marked = [_text(r) for r in _runs(packages[name]) if r.find(f"{W}rPr/{W}rtl") is not None]
    assert marked
    for text in marked:
        assert not [c for c in text if unicodedata.bidirectional(c) == "L"], text
    words = {"english": ("ראובן עזר",), "hebrew": ("הנגיד אמיר ירון", "אמר כי"),
             # the page marks: the running header and "Page N of M"
             "hebrew-two-pages": ("תזכיר תדריך", "עמוד", "מתוך")}[name]
    for word in words:
        assert any(word in text for text in marked), (word, marked)


@pytest.mark.parametrize("name", ["hebrew", "english"])
def test_the_split_runs_keep_the_text_and_the_package_valid(packages, name):
    text = CONTROLS.sub("", "\n".join(docx_text(packages[name])))
    assert (ENGLISH_IN_HEBREW if name == "hebrew" else HEBREW_IN_ENGLISH) in text
    runs = [_text(r) for r in _runs(packages[name])]
    for latin in ("Amir Yaron", "ECO/ISR/2025/003") if name == "hebrew" else ("Reuven Azar",):
        assert any(latin in text for text in runs), latin
    assert OpenXmlValidator().validate(str(packages[name])).is_valid
