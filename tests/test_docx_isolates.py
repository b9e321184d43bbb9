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
