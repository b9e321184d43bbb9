"""Text stays in order: every field of a right-to-left brief reads back from the PDF as written.

`test_pdf_text_layer` checks that every word comes back; this checks their order and their
punctuation. Each text field of the facts file (NFKC, direction marks aside) is cut into windows
of three words, each with the punctuation written beside it (`للسوق، فهبط الجنيه`, `(World Bank)
الأضرار`, `20% من السكان`), and poppler's pdftotext must give each window, in order, somewhere in
the page's text: a bracket turned round, a comma or a percent sign read on the wrong side of a
space, or a line read out of order, fails. What poppler reads wrongly from any PDF of the same
text (LibreOffice's PDF of the DOCX alike) is named below, window by window, with the reason.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import BIDI_FORMATTING, ROOT, run_tool

from briefgen.pipeline import build

BIDI = ROOT / "tests" / "data" / "bidi"
BRIEFS = {  # name: (facts, pages)
    "egypt": (BIDI / "egypt-float-2024.yaml", 1),  # Arabic
    "lebanon": (BIDI / "lebanon-ceasefire-ar.yaml", 2),  # Arabic, Latin names, brackets
    "pakistan": (BIDI / "pakistan-floods-2022.yaml", 1),  # English with Urdu
    "india": (BIDI / "india-pak-en.yaml", 2),  # English with Urdu, Hindi, Hebrew
    "iran": (ROOT / "facts" / "scripts" / "iran-nuclear-talks.yaml", 1),  # English, Persian
    "israel": (BIDI / "israel-war-cabinet-2024.yaml", 1),  # English with Hebrew
    "hebrew": (ROOT / "tests" / "data" / "facts" / "hebrew-brief.yaml", 1),  # Hebrew
}
SKIPPED = {"id", "sources", "priority", "date", "classification", "language", "url"}


# What poppler reads out of order from any PDF of the same text, window by window.
# (a) Two signs of poppler's number class side by side after an Arabic number (`60%.`, `−38%`
#     with `)`) are one word to poppler, read forwards as drawn (`60 .%`); a mark drawn
#     beside them cannot part them (`layout.text_layer._sign_marks` handles a lone sign).
# (b) A full stop that ends a quotation, before the closing quote mark, is read after it.
# (c) On a page with more left-to-right letters than right-to-left ones poppler reads every
#     line left to right (TextOutputDev.cc: `primaryLR`), taking a right-to-left stretch and
#     the brackets, commas and numbers beside it as one, reversed: `Otzma Yehudit (6 ,עוצמה
#     יהודית seats)`, `(2022 سیلاب):`; a right-to-left paragraph holding Latin (a translated
#     quotation, a speaker's name in both scripts) is read in visual order; "3 (مسقط، رم،
#     مسقط)" reads "... مسقط3".
# (d) poppler joins a word broken at a hyphen at a line's end and drops the hyphen
#     (`Israelimade`); and the last line of a right-to-left quotation that wraps a Latin
#     sentence (`in Lebanon).`) is read before the line above it ends.
POPPLER_MISORDERS = {
    "egypt": {".background[0].text": ["أكثر من 60%."],  # (a)
              ".quotes[0].text": ["تخفيضًا لقيمة العملة."],  # (b)
              ".figures[1].note": ["قبل التعويم (−38%)"]},  # (a)
    "lebanon": {".quotes[0].text": ["النازحين إلى بيوتهم."],  # (b)
                ".quotes[2].text": ["what happens in", "happens in Lebanon)."],  # (d)
                ".figures[1].value": ["≈1.2 مليون (20%)"]},  # (a)
    "pakistan": {".title": ["Pakistan floods (سیلاب", "floods (سیلاب 2022):",  # (c)
                            "(سیلاب 2022): a", "2022): a third"]},
    "india": {".key_points[2].text": ["to self-defence; Israeli-made",  # (d)
                                      "self-defence; Israeli-made Harop",
                                      "Israeli-made Harop drones"],
              ".quotes[2].text": ["دیا ہے (we", "ہے (we have", "(we have given",  # (c)
                                  "a befitting reply)."],
              ".quotes[2].speaker": ["شہباز شریف (Shehbaz", "شریف (Shehbaz Sharif)"]},  # (c)
    "iran": {".quotes[0].text": ["در فضایی سازنده،", "فضایی سازنده، آرام",  # (c)
                                 "سازنده، آرام و", "برگزار شد (the", "شد (the talks",
                                 "(the talks were", "and respectful atmosphere)."],
             ".quotes[0].speaker": ["عباس عراقچی (Abbas", "عراقچی (Abbas Araghchi)"],  # (c)
             ".quotes[1].text": ["أجواء ودية (the", "ودية (the talks",  # (c)
                                 "(the talks took", "a friendly atmosphere)",
                                 "friendly atmosphere) conducive", "atmosphere) conducive to",
                                 "of view closer."],
             ".quotes[1].speaker": ["بدر البوسعيدي (Badr", "البوسعيدي (Badr Albusaidi)"],  # (c)
             ".figures[1].value": ["3 (مسقط، رم،", "(مسقط، رم، مسقط)"]},  # (c)
    "israel": {".key_points[1].text": ["Otzma Yehudit (עוצמה",  # (c)
                                       "Yehudit (עוצמה יהודית,", "(עוצמה יהודית, 6",
                                       "יהודית, 6 seats)", "6 seats) and"],
               ".key_points[2].text": ["security cabinet (הקבינט",  # (c)
                                       "cabinet (הקבינט המדיני-ביטחוני)",
                                       "(הקבינט המדיני-ביטחוני) and",
                                       "המדיני-ביטחוני) and an"],
               ".key_points[3].text": ["Channel 12 (חדשות", "12 (חדשות 12)",  # (c)
                                       "(חדשות 12) in", "12) in June",
                                       "Likud's (הליכוד) 21–22,", "(הליכוד) 21–22, down",
                                       "21–22, down from"],
               ".quotes[0].text": ["להתקדם לניצחון אמיתי."]},  # (b)
    "hebrew": {".quotes[0].text": ["של עם ישראל."]},  # (b)
}


def normal(text: str) -> str:
    """NFKC, bidi formatting characters (pdftotext's embeddings, briefgen's direction marks)
    and zero-width spaces dropped, white space folded."""
    text = unicodedata.normalize("NFKC", text).translate(BIDI_FORMATTING).replace("\u200b", "")
    return " ".join(text.split())


def fields(node, key: str = "") -> list[tuple[str, str]]:
    """(key, text) of every text field of a facts file, less ids, dates, links and sources."""
    if isinstance(node, str):
        return [(key, node)]
    if isinstance(node, dict):
        return [f for k, v in node.items() if k not in SKIPPED for f in fields(v, f"{key}.{k}")]
    if isinstance(node, list):
        return [f for i, v in enumerate(node) for f in fields(v, f"{key}[{i}]")]
    return []


def missing_windows(facts: Path, pages: int) -> dict[str, list[str]]:
    """{field: its three-word windows pdftotext does not give}, of those the brief shows (its
    Markdown, written from the same laid-out brief, has them: an audience leaves some
    fields out, and the fit stage may shorten one)."""
    brief = build(facts, ("pdf", "md"), pages=pages)
    shown = normal(brief.outputs["md"].decode("utf-8"))
    path = Path(run_tool("mktemp", "--suffix=.pdf").stdout.strip())
    try:
        path.write_bytes(brief.outputs["pdf"])
        text = normal(run_tool("pdftotext", "-enc", "UTF-8", path, "-").stdout)
    finally:
        path.unlink()
    out = {}
    for key, value in fields(yaml.safe_load(facts.read_text(encoding="utf-8"))):
        words = normal(value).split()
        windows = [" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))]
        lost = [window for window in windows if window in shown and window not in text]
        if lost:
            out[key] = lost
    return out


@pytest.mark.parametrize("name", BRIEFS)
def test_pdftotext_gives_every_field_in_order_with_its_punctuation(name):
    assert missing_windows(*BRIEFS[name]) == POPPLER_MISORDERS.get(name, {})


@pytest.mark.parametrize(("name", "phrase"), [
    ("lebanon", "قدّر البنك الدولي (World Bank) الأضرار والخسائر بنحو 8.5 مليار دولار ($8.5bn)،"
                " أي ما يعادل 6.6% من"),  # was ")World Bank(", ")$8.5bn( ،", "6.6 %من"
    ("lebanon", "الاتفاق «خطوة أساسية نحو استعادة الهدوء». [7]"),  # was "»خطوة ... الهدوء« ."
    ("lebanon", "الإجمالي [تقدير أولي]."),  # was "]تقدير أولي["
    ("lebanon", "(أي قرابة 20% من السكان)."),  # was "20 %من السكان("
    ("egypt", "إلى 27.25% وترك سعر الصرف للسوق، فهبط"),  # was "27.25 %", "للسوق ،فهبط"
])
def test_brackets_quotes_and_signs_read_as_written(name, phrase):
    """A bracket or guillemet HarfBuzz draws mirrored in a right-to-left run says the
    character typed (`layout.glyph_meanings.mirrored`), and a lone comma or percent sign is read on
    its side of the space (`layout.text_layer._sign_marks`)."""
    path = Path(run_tool("mktemp", "--suffix=.pdf").stdout.strip())
    try:
        path.write_bytes(build(BRIEFS[name][0], ("pdf",), pages=BRIEFS[name][1]).outputs["pdf"])
        text = normal(run_tool("pdftotext", "-enc", "UTF-8", path, "-").stdout)
    finally:
        path.unlink()
    assert normal(phrase) in text
