"""Rendered markup read into a tree of elements, each checked against briefgen's vocabulary.

In: the text a template rendered. Out: its one `<brief>` element, a tree of `Element`s and text,
each element knowing the line and byte its start tag is at, for errors said where the user must
edit (`compose.markup_errors`). Markup that is not well-formed XML, an element or attribute not
in the vocabulary (`ATTRIBUTES`) and an entity declaration are errors here; what the elements
mean, and where each may stand, is `compose.markup`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from briefgen.compose.markup_errors import Errors
from briefgen.errors import TemplateError

# every element of the markup and the attributes it may have (docs/templates.md shows them all)
ATTRIBUTES = {
    "brief": {"banner", "title", "author", "date", "lang"},
    "section": {"title", "key"},
    "p": {"role"},
    "fields": set(),
    "field": {"label"},
    "list": {"numbered", "drop"},
    "item": {"key", "priority", "number"},
    "table": {"widths", "drop"},
    "head": set(),
    "row": {"key", "priority"},
    "cell": set(),
    "quote": {"key", "priority"},
    "text": set(),
    "by": set(),
    "b": set(),
    "i": set(),
    "cite": set(),
    "a": {"href"},
    "number": set(),
}


@dataclass
class Element:
    """An element of the markup: its tag, attributes, the line and byte its start tag is at,
    and its children (elements and text) in order."""

    tag: str
    attrs: dict[str, str]
    line: int
    at: int  # where its start tag begins: a byte offset in the UTF-8 text
    children: list[Element | str] = field(default_factory=list)


class TreeReader(Errors):
    """Reads the markup into its tree, and says a problem at an element's start tag."""

    def fail_at(self, el: Element, message: str) -> TemplateError:
        """The problem with an element, at the template line that wrote its start tag."""
        return self.fail(el.line, message, el.at)

    def tree(self, text: str) -> Element:
        self.text = text
        root = Element("", {}, 0, 0)
        stack = [root]
        parser = expat.ParserCreate()

        def start(tag: str, attrs: dict[str, str]) -> None:
            line, at = parser.CurrentLineNumber, parser.CurrentByteIndex
            if tag not in ATTRIBUTES:
                raise self.fail(line, f"unknown element <{tag}> "
                                      f"(known: {', '.join(sorted(ATTRIBUTES))})", at)
            extra = set(attrs) - ATTRIBUTES[tag]
            if extra:
                raise self.fail(line, f"<{tag}> has no attribute {min(extra)!r}", at)
            element = Element(tag, attrs, line, at)
            stack[-1].children.append(element)
            stack.append(element)

        def end(tag: str) -> None:
            stack.pop()

        def chars(data: str) -> None:
            children = stack[-1].children
            if children and isinstance(children[-1], str):
                children[-1] += data
            else:
                children.append(data)

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars

        def no_entities(*args: object) -> None:
            raise self.fail(parser.CurrentLineNumber,
                            "entity declarations are not allowed in markup",
                            parser.CurrentByteIndex)

        parser.EntityDeclHandler = no_entities
        try:
            parser.Parse(text, True)
        except expat.ExpatError as exc:
            raise self.malformed(exc, parser.ErrorByteIndex, stack[-1].tag, stack[-1].line,
                                 stack[-1].at) from None
        elements = [c for c in root.children if isinstance(c, Element)]
        if len(elements) != 1 or elements[0].tag != "brief":
            raise self.fail(1, "the markup must be one <brief> element",
                            elements[1].at if len(elements) > 1 else None)
        return elements[0]
