"""Rendered markup -> Document.

In: the text a template rendered, in briefgen's small XML vocabulary (below). Out: a `Document`.
Any element or attribute outside the vocabulary is an error with its line, so a template cannot
ask a writer for something only one format would do. The text is read into a tree of elements,
each checked against the vocabulary, by `compose.markup_tree`; this module makes the tree a
`Document`.

    <brief banner= title= author= date=>          the whole brief
      <section title= key=>                        a titled part (title optional)
        <p role="body|lead|title|masthead|note">   a paragraph of inline content
        <fields><field label=>                     the TO/FROM/DATE/SUBJECT block
        <list numbered="yes|no" drop="last|first"><item key= priority= number=>
        <table widths="20 80" drop="last|first"><head><cell>  <row key= priority=><cell>
        <quote key= priority=><text> <by>          a quote and its attribution
    inline: text, <b>, <i>, <cite>, <a href="http(s)://...">, <number> (a run-in source's [n])

All text, attributes printed included, is taken as printed (`briefgen.input.text`): what a template
writes is normalised as facts are, so every output holds the same characters.
"""

from __future__ import annotations

import re

from briefgen.compose import document as d
from briefgen.compose.languages import label_colon
from briefgen.compose.markup_errors import Locate
from briefgen.compose.markup_tree import Element, TreeReader
from briefgen.input.text import one_line, printed_keeping_isolates

ROLES = {"body", "lead", "title", "masthead", "note"}
INLINE = {"b", "i", "cite", "a", "number"}
_SPACE = re.compile(r"[ \t\r\n]+")  # XML white space only: a no-break space is text


_Look = tuple[bool, bool, bool, str | None, bool]  # a Run's bold, italic, cite, href, number


class _Parser(TreeReader):
    """The tree's elements made into the `Document`, each checked where it is read."""

    # -- elements -> document ----------------------------------------------------------------

    colon = ":"  # what follows a header label: the brief's language's (`label_colon`)

    def document(self, root: Element) -> d.Document:
        a = root.attrs
        language = self.language(root)
        self.colon = label_colon(language)
        sections = tuple(self.section(el) for el in self.children(root, {"section"}))
        return d.Document(banner=one_line(a.get("banner", "")) or None, sections=sections,
                          title=one_line(a.get("title", "")),
                          author=one_line(a.get("author", "")),
                          date=a.get("date", ""), language=language)

    def language(self, root: Element) -> str:
        """The brief's `lang`, checked as a facts file's `language` and `--language` are
        (`input.language_codes`): every format writes it as the document's language (the PDF's
        /Lang, `<html lang>`, the DOCX's w:lang), so it must be a tag briefgen has words for."""
        from briefgen.input.language_codes import SUPPORTED, parse_language

        code = root.attrs.get("lang", "en")
        if code in SUPPORTED:  # a bare supported code is its own tag: nothing to parse
            return code
        try:
            return parse_language(code)
        except ValueError as exc:
            raise self.fail_at(root, f"lang: {exc}") from None

    def children(self, el: Element, allowed: set[str]) -> list[Element]:
        """The element children of a block-level element; stray text is an error."""
        out = []
        for child in el.children:
            if isinstance(child, str):
                if child.strip():
                    raise self.fail_at(el, f"text {child.strip()[:30]!r} is not allowed "
                                             f"directly inside <{el.tag}>")
            elif child.tag not in allowed:
                raise self.fail_at(child, f"<{child.tag}> is not allowed inside <{el.tag}> "
                                            f"(allowed: {', '.join(sorted(allowed))})")
            else:
                out.append(child)
        return out

    def section(self, el: Element) -> d.Section:
        blocks = []
        for child in self.children(el, {"p", "fields", "list", "table", "quote"}):
            blocks.append(getattr(self, "block_" + child.tag)(child))
        return d.Section(title=one_line(el.attrs.get("title", "")) or None, blocks=tuple(blocks),
                         key=el.attrs.get("key", ""))

    def block_p(self, el: Element) -> d.Paragraph:
        role = el.attrs.get("role", "body")
        if role not in ROLES:
            raise self.fail_at(el, f"unknown paragraph role {role!r} "
                                     f"(known: {', '.join(sorted(ROLES))})")
        return d.Paragraph(self.inline(el), role)

    def block_fields(self, el: Element) -> d.Fields:
        return d.Fields(tuple((one_line(f.attrs.get("label", "")), self.inline(f))
                              for f in self.children(el, {"field"})), self.colon)

    def block_list(self, el: Element) -> d.BulletList:
        items = tuple(d.ListItem(runs=self.inline(item), number=item.attrs.get("number"),
                                 **self.droppable(item))
                      for item in self.children(el, {"item"}))
        return d.BulletList(items, numbered=el.attrs.get("numbered") == "yes",
                            drop_from=self.drop_from(el))

    def block_table(self, el: Element) -> d.Table:
        try:
            widths = tuple(float(w) for w in el.attrs.get("widths", "").split())
        except ValueError:
            widths = ()
        if not widths or any(w <= 0 for w in widths):
            raise self.fail_at(el, "<table> needs widths, e.g. widths=\"20 80\"")
        total = sum(widths)
        header = None
        rows = []
        for child in self.children(el, {"head", "row"}):
            cells = tuple(self.inline(c) for c in self.children(child, {"cell"}))
            if len(cells) != len(widths):
                raise self.fail_at(child, f"<{child.tag}> has {len(cells)} cells "
                                            f"but the table has {len(widths)} columns")
            if child.tag == "head":
                header = cells
            else:
                rows.append(d.Row(cells=cells, **self.droppable(child)))
        return d.Table(tuple(w / total for w in widths), tuple(rows), header,
                       drop_from=self.drop_from(el))

    def drop_from(self, el: Element) -> str:
        end = el.attrs.get("drop", "last")
        if end not in {"last", "first"}:
            raise self.fail_at(el, f"drop must be 'last' or 'first', not {end!r}")
        return end

    def block_quote(self, el: Element) -> d.Quote:
        parts = {c.tag: self.inline(c) for c in self.children(el, {"text", "by"})}
        return d.Quote(runs=parts.get("text", ()), attribution=parts.get("by", ()),
                       **self.droppable(el))

    def droppable(self, el: Element) -> dict[str, object]:
        priority = el.attrs.get("priority", "1")
        if priority not in {"1", "2", "3"}:
            raise self.fail_at(el, f"priority must be 1, 2 or 3, not {priority!r}")
        return {"key": el.attrs.get("key") or None, "priority": int(priority)}

    def inline(self, el: Element) -> d.Runs:
        pieces: list[tuple[str, _Look]] = []
        self._collect(el, pieces, (False, False, False, None, False))
        return _tidy(pieces)

    def _collect(self, el: Element, pieces: list[tuple[str, _Look]], look: _Look) -> None:
        for child in el.children:
            if isinstance(child, str):
                pieces.append((_SPACE.sub(" ", printed_keeping_isolates(child)), look))
                continue
            if child.tag not in INLINE:
                raise self.fail_at(child, f"<{child.tag}> is not allowed inside <{el.tag}> "
                                            f"(inline elements: {', '.join(sorted(INLINE))})")
            bold, italic, cite, href, number = look
            if child.tag == "number":
                number = True
            elif child.tag == "a":
                href = self.link(child)
            elif child.tag == "b":
                bold = True
            elif child.tag == "i":
                italic = True
            else:
                cite = True
            self._collect(child, pieces, (bold, italic, cite, href, number))


    def link(self, el: Element) -> str:
        """An `<a>`'s target: an http(s) web address (`input.urls`), in the ASCII form every
        format writes (`link_target`: the host in IDNA, the rest percent-encoded)."""
        from briefgen.input.urls import link_target, url_problem

        href = el.attrs.get("href", "")
        if not href.lower().startswith(("http://", "https://")):  # schemes ignore case
            raise self.fail_at(el, f"link {href[:40]!r} is not an http(s) URL")
        problem = url_problem(href)
        if problem is not None:
            raise self.fail_at(el, f"link {href[:40]!r} {problem}")
        return link_target(href)


def _tidy(pieces: list[tuple[str, _Look]]) -> d.Runs:
    """Runs of the pieces of text: neighbours that look alike merged, a space that spans two
    folded, the ends trimmed."""
    merged: list[list] = []  # [text, look]
    for text, look in pieces:
        if merged and merged[-1][0].endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        if merged and merged[-1][1] == look:
            merged[-1][0] += text
        else:
            merged.append([text, look])
    while merged and not merged[0][0].lstrip(" "):  # folded XML space only: U+00A0 is text
        merged.pop(0)
    while merged and not merged[-1][0].rstrip(" "):
        merged.pop()
    if merged:
        merged[0][0] = merged[0][0].lstrip(" ")
        merged[-1][0] = merged[-1][0].rstrip(" ")
    return tuple(d.Run(text, *look) for text, look in merged)


def parse(text: str, source: str = "<markup>", locate: Locate | None = None) -> d.Document:
    """Parse rendered markup into a Document; `source` names the template in errors. `locate`,
    given for what a template rendered, names the template file and line that wrote a place in
    the text (`briefgen.design.template_lines.Locator`), and errors are reported there; where it
    cannot, the line of the rendered text is said in words."""
    parser = _Parser(source, locate)
    return parser.document(parser.tree(text))
