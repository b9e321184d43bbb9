"""The DOCX writes the bidi isolates around composed pieces as marks and embeddings
(`writers.docx_isolates`), which Word and LibreOffice lay out: what each becomes."""

from __future__ import annotations

import pytest

from briefgen.writers.docx_isolates import replaced

LRM, RLM, LRE, RLE, POP = "\u200e", "\u200f", "\u202a", "\u202b", "\u202c"
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"


@pytest.mark.parametrize(("text", "base", "expected"), [
    # a piece running the paragraph's way: marks only (no level LibreOffice mislays)
    (f"{FSI}6 مارس 2024{PDI}", "rtl", f"{RLM}6 مارس 2024{RLM}"),
    # a link in a right-to-left paragraph: embedded left to right, marks outside
    (f"{LRI}https://x.eg/{PDI}", "rtl", f"{RLM}{LRE}https://x.eg/{POP}{RLM}"),
    # a Hebrew publisher in an English entry: the first strong letter decides
    (f"{FSI}הארץ (Haaretz){PDI}", "ltr", f"{LRM}{RLE}הארץ (Haaretz){POP}{LRM}"),
    # nested: an entry (RLI) holding a date and a citation
    (f"{RLI}{FSI}9 Jun{PDI} {LRI}[2]{PDI}{PDI}", "ltr",
     f"{LRM}{RLE}{RLM}{LRE}9 Jun{POP}{RLM} {RLM}{LRE}[2]{POP}{RLM}{POP}{LRM}"),
    # an isolate with no strong letter takes the direction around it; a stray PDI goes
    (f"a {FSI}2024{PDI}{PDI} b", "ltr", f"a {LRM}2024{LRM} b"),
])
def test_each_isolate_becomes_marks_and_an_embedding_where_it_turns(text, base, expected):
    assert "".join(replaced(text, base)) == expected


def test_no_link_holds_a_control_at_its_ends():
    """LibreOffice underlined them past the link's text, as a space."""
    import io
    import re
    import zipfile

    from conftest import ROOT

    from briefgen.pipeline import build

    docx = build(ROOT / "tests" / "data" / "bidi" / "egypt-float-2024.yaml", ("docx",))
    xml = zipfile.ZipFile(io.BytesIO(docx.outputs["docx"])).read("word/document.xml")
    links = re.findall(r"<w:hyperlink\b.*?</w:hyperlink>", xml.decode("utf-8"), re.S)
    texts = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", link)) for link in links]
    assert len(texts) >= 6 and all(t.startswith("https://") and t.endswith("/") for t in texts), \
        texts
    assert "\u2069" not in xml.decode("utf-8")
