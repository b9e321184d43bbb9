"""The baseline: a plain python-docx + reportlab script that writes an equivalent one-page memo.

It is what a hand-written script would do with the same libraries: read the facts with PyYAML's
safe loader (`load`), no validation, templating or fitting, and write the page from the dict.
The page has the same sections as briefgen's (banner at top and bottom, BRIEFING MEMO and the
header block, bottom line, key points as bullets, a date | event table, quotes with attribution,
figures, outlook, numbered sources, prepared-by line), the same fonts (Helvetica / Arial) and
roughly the same amount of text: instead of fitting it keeps, per list, the priority-1 items and
then priority-2 items up to a fixed count (LIMITS), in file order. For the seed this selects
exactly the items briefgen's fitted page keeps; sizes are briefgen's fitted ones (10 / 9 pt).

As a process:   python benchmarks/plain.py FACTS... OUTDIR [--pdf-only | --docx-only]
In-process:     facts = load(path); pdf_bytes = write_pdf(facts); docx_bytes = write_docx(facts)

Each library is imported where it is used, as a plain PDF-only (or DOCX-only) script would.
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

LIMITS = {"key_points": 3, "timeline": 4, "quotes": 2, "figures": 4, "outlook": 3}
BODY, SMALL, HEADING = 10.0, 9.0, 10.5
ACCENT, MUTED, SHADE = "#1F3864", "#555555", "#EEF1F6"
MARGIN = 64.8


def load(path: str | Path) -> dict:
    """yaml.safe_load, with libyaml's parser when PyYAML has it (as briefgen's reader does):
    the same result, without timing PyYAML's pure-Python parser (~20x slower) against briefgen."""
    import yaml

    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# ---- what goes on the page (shared by both writers) ----------------------------------------------


def _text(x: object) -> str:
    return " ".join(str(x).split())


def _items(facts: dict, key: str) -> list[dict]:
    """Priority-1 items, then priority-2 ones, up to the limit; in file order."""
    items = [x if isinstance(x, dict) else {"text": x} for x in facts.get(key) or []]
    keep: list[int] = []
    for wanted in (1, 2):
        for i, x in enumerate(items):
            if x.get("priority", 2) == wanted and len(keep) < LIMITS[key]:
                keep.append(i)
    return [items[i] for i in sorted(keep)]


def _cite(x: dict, numbers: dict[str, int]) -> str:
    found = [str(numbers[s]) for s in x.get("sources") or [] if s in numbers]
    return f" [{', '.join(found)}]" if found else ""


def _day(facts: dict) -> str:
    day = facts.get("date") or datetime.date.today()
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return f"{day.day} {day:%B %Y}"


def page(facts: dict) -> dict:
    """Everything printed, as plain strings."""
    memo = facts.get("memo") or {}
    sources = facts.get("sources") or []
    numbers = {s["id"]: i for i, s in enumerate(sources, 1)}
    day = _day(facts)
    fields = [(label, _text(memo[key])) for label, key in
              (("TO", "to"), ("CC", "cc"), ("FROM", "from")) if memo.get(key)]
    fields.append(("DATE", day))
    if memo.get("reference"):
        fields.append(("REF", _text(memo["reference"])))
    fields.append(("SUBJECT", _text(facts["title"])))
    quotes = []
    for q in _items(facts, "quotes"):
        by = ", ".join(_text(q[k]) for k in ("speaker", "role", "context", "date") if q.get(k))
        quotes.append((f"“{_text(q['text'])}”", f"— {by}{_cite(q, numbers)}"))
    source_lines = []
    for s in sources:
        title = f"“{_text(s['title'])}”"
        line = f"{_text(s['publisher'])}, {title}" if s.get("publisher") else title
        source_lines.append((f"[{numbers[s['id']]}]", line + (f", {s['url']}" if s.get("url")
                                                                 else "")))
    return {
        "banner": _text(memo.get("classification") or ""),
        "title": _text(facts["title"]),
        "author": _text(memo.get("from") or ""),
        "fields": fields,
        "summary": [_text(p) for p in str(facts["summary"]).split("\n\n")],
        "key_points": [_text(x["text"]) + _cite(x, numbers) for x in _items(facts, "key_points")],
        "timeline": [(_text(x["date"]), _text(x["event"]) + _cite(x, numbers))
                     for x in _items(facts, "timeline")],
        "quotes": quotes,
        "figures": [(_text(x["value"]), _text(x["label"])
                     + (f": {_text(x['note'])}" if x.get("note") else "") + _cite(x, numbers))
                    for x in _items(facts, "figures")],
        "outlook": [_text(x["text"]) + _cite(x, numbers) for x in _items(facts, "outlook")],
        "sources": source_lines,
        "prepared": f"Prepared by {_text(memo.get('from') or 'the author')} on {day}"
                    + (f" (ref. {_text(memo['reference'])})" if memo.get("reference") else ""),
    }


# ---- PDF: reportlab platypus --------------------------------------------------------------------


def write_pdf(facts: dict) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    p = page(facts)
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=BODY, leading=BODY * 1.2)
    small = ParagraphStyle("small", parent=body, fontSize=SMALL, leading=SMALL * 1.2)
    heading = ParagraphStyle("heading", parent=body, fontName="Helvetica-Bold",
                             fontSize=HEADING, leading=HEADING * 1.2,
                             textColor=colors.HexColor(ACCENT), spaceBefore=8, spaceAfter=2)
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=0, spaceBefore=1)
    quote = ParagraphStyle("quote", parent=body, fontName="Helvetica-Oblique", leftIndent=14,
                           spaceBefore=3)
    by = ParagraphStyle("by", parent=small, leftIndent=14, textColor=colors.HexColor(MUTED))
    label = ParagraphStyle("label", parent=body, fontName="Helvetica-Bold",
                           textColor=colors.HexColor(ACCENT))
    number = ParagraphStyle("number", parent=small, leftIndent=20, bulletIndent=0)

    def para(text: str, style: ParagraphStyle, **kw: object) -> Paragraph:
        return Paragraph(escape(text), style, **kw)

    def table(rows: list[tuple[str, str]], widths: list[float], shaded: bool) -> Table:
        cell = small if shaded else body
        data = [[para(a if shaded else a + ":", cell if shaded else label), para(b, cell)]
                for a, b in rows]
        style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 4),
                 ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
        if shaded:
            style.append(("ROWBACKGROUNDS", (0, 0), (-1, -1),
                          [colors.HexColor(SHADE), colors.white]))
        else:
            style.append(("LINEBELOW", (0, -1), (-1, -1), 0.75, colors.HexColor(ACCENT)))
        return Table(data, colWidths=widths, hAlign="LEFT", style=TableStyle(style))

    width = letter[0] - 2 * MARGIN
    story: list = [para("BRIEFING MEMO", heading),
                   table(p["fields"], [62, width - 62], shaded=False),
                   para("BOTTOM LINE", heading)]
    story += [para(s, body) for s in p["summary"]]
    if p["key_points"]:
        story.append(para("KEY POINTS", heading))
        story += [para(x, bullet, bulletText="•") for x in p["key_points"]]
    if p["timeline"]:
        story += [para("TIMELINE", heading), table(p["timeline"], [width * .2, width * .8], True)]
    if p["quotes"]:
        story.append(para("KEY QUOTES", heading))
        for text, attribution in p["quotes"]:
            story += [para(text, quote), para(attribution, by)]
    if p["figures"]:
        story += [para("BY THE NUMBERS", heading),
                  table(p["figures"], [width * .2, width * .8], True)]
    if p["outlook"]:
        story.append(para("OUTLOOK", heading))
        story += [para(x, bullet, bulletText="•") for x in p["outlook"]]
    if p["sources"]:
        story.append(para("SOURCES", heading))
        story += [para(text, number, bulletText=n) for n, text in p["sources"]]
    story += [Spacer(1, 6), para(p["prepared"], by)]

    def banner(canvas, doc) -> None:
        if p["banner"]:
            canvas.setFont("Helvetica-Bold", SMALL)
            canvas.drawCentredString(letter[0] / 2, letter[1] - 36 - SMALL, p["banner"])
            canvas.drawCentredString(letter[0] / 2, 36, p["banner"])

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=letter, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, title=p["title"],
                            author=p["author"])
    doc.build(story, onFirstPage=banner, onLaterPages=banner)
    return buffer.getvalue()


# ---- DOCX: python-docx --------------------------------------------------------------------------


def write_docx(facts: dict) -> bytes:
    import docx
    from docx.shared import Pt, RGBColor

    p = page(facts)
    doc = docx.Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(BODY)
    normal.paragraph_format.space_after = Pt(0)
    heading_style = doc.styles["Heading 1"]
    heading_style.font.name = "Arial"
    heading_style.font.size = Pt(HEADING)
    heading_style.font.color.rgb = RGBColor.from_string(ACCENT[1:])
    section = doc.sections[0]
    section.page_width, section.page_height = Pt(612), Pt(792)
    section.top_margin = section.bottom_margin = Pt(MARGIN)
    section.left_margin = section.right_margin = Pt(MARGIN)
    for part in (section.header, section.footer):
        part.paragraphs[0].text = p["banner"]
        part.paragraphs[0].alignment = 1  # centred
        for run in part.paragraphs[0].runs:
            run.bold = True

    def table(rows: list[tuple[str, str]], widths: list[float], small: bool) -> None:
        t = doc.add_table(rows=len(rows), cols=2)
        for r, (a, b) in enumerate(rows):
            for c, text in enumerate((a, b)):
                cell = t.cell(r, c)
                cell.width = Pt(widths[c])
                run = cell.paragraphs[0].add_run(text if small or c else text + ":")
                run.bold = c == 0 and not small
                if small:
                    run.font.size = Pt(SMALL)

    width = 612 - 2 * MARGIN
    doc.add_heading("BRIEFING MEMO", level=1)
    table(p["fields"], [62, width - 62], small=False)
    doc.add_heading("BOTTOM LINE", level=1)
    for s in p["summary"]:
        doc.add_paragraph(s)
    if p["key_points"]:
        doc.add_heading("KEY POINTS", level=1)
        for x in p["key_points"]:
            doc.add_paragraph(x, style="List Bullet")
    if p["timeline"]:
        doc.add_heading("TIMELINE", level=1)
        table(p["timeline"], [width * .2, width * .8], small=True)
    if p["quotes"]:
        doc.add_heading("KEY QUOTES", level=1)
        for text, attribution in p["quotes"]:
            doc.add_paragraph(text, style="Quote")
            doc.add_paragraph().add_run(attribution).font.size = Pt(SMALL)
    if p["figures"]:
        doc.add_heading("BY THE NUMBERS", level=1)
        table(p["figures"], [width * .2, width * .8], small=True)
    if p["outlook"]:
        doc.add_heading("OUTLOOK", level=1)
        for x in p["outlook"]:
            doc.add_paragraph(x, style="List Bullet")
    if p["sources"]:
        doc.add_heading("SOURCES", level=1)
        for n, text in p["sources"]:
            doc.add_paragraph().add_run(f"{n}\t{text}").font.size = Pt(SMALL)
    doc.add_paragraph().add_run(p["prepared"]).font.size = Pt(SMALL)
    doc.core_properties.title = p["title"]
    doc.core_properties.author = p["author"]
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---- the command line ---------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    flags = {a for a in argv if a.startswith("--")}
    args = [a for a in argv if not a.startswith("--")]
    if len(args) < 2 or flags - {"--pdf-only", "--docx-only"} or len(flags) > 1:
        print("usage: python benchmarks/plain.py FACTS... OUTDIR [--pdf-only | --docx-only]",
              file=sys.stderr)
        return 2
    *inputs, outdir = args
    formats = ("pdf",) if "--pdf-only" in flags else ("docx",) if "--docx-only" in flags \
        else ("pdf", "docx")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    seen: dict[str, int] = {}
    for path in inputs:
        facts = load(path)
        stem = Path(path).stem
        seen[stem] = seen.get(stem, 0) + 1
        if seen[stem] > 1:  # the same file given again (a batch): a file of its own
            stem = f"{stem}-{seen[stem]}"
        for fmt in formats:
            data = write_pdf(facts) if fmt == "pdf" else write_docx(facts)
            target = out / f"{stem}.{fmt}"
            target.write_bytes(data)
            print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
