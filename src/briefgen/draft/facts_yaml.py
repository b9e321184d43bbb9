"""Writing the drafted facts file: YAML the facts reader accepts, every item preceded by a
comment naming the paragraph of the article it came from, the proposals marked as drafts.

Texts are written as double-quoted YAML strings (JSON's escaping is YAML's), so no article text
can be read back as anything but text. The same article and options give the same bytes.
"""

from __future__ import annotations

import json
import os

from briefgen.draft.article import Article
from briefgen.draft.language import language
from briefgen.draft.proposals import Draft

# With no date in the article, the draft claims none: a brief without `date` would carry the
# day it is built, so the empty field is marked for the author to fill in.
NO_DATE = [
    "# DRAFT: no date was found in the article (no dateline, no page date) and none was",
    "# given with --date. Add the article's date here, or a brief built from this file",
    "# carries the day it is built. Dates such as \"Tuesday\" or \"last year\" were left out:",
    "# draft again with --date YYYY-MM-DD to have them.",
    "# date: YYYY-MM-DD",
]


def q(text: str) -> str:
    """A YAML double-quoted string."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def _date(text: str) -> str:
    """A fuzzy date: an ISO day plain (a YAML date), anything else quoted."""
    return text if len(text) == 10 and text[4] == "-" and text[7] == "-" else q(text)


def _head(article: Article) -> list[str]:
    name = os.path.basename(article.file)
    lines = [
        f"# Drafted by `briefgen draft` from {name}.",
        "# Each item says which paragraph of the article it came from (the headline is not",
        "# counted). Check every item against the article before you build: the summary and",
        "# the key points are proposals (DRAFT) to rewrite, the priorities too (1 stays, 3 goes",
        "# first when the page is full).",
    ]
    if article.cut:
        lines.append("# The article was long: the draft is made from its first "
                     f"{len(article.paragraphs)} paragraphs.")
    lines += [f"# {note}" for note in article.notes]
    return lines + [""]


def _sources(article: Article) -> list[str]:
    lines = ["sources:", "  - id: article", f"    title: {q(article.title)}"]
    if article.publisher:
        lines.append(f"    publisher: {q(article.publisher)}")
    if article.url:
        lines.append(f"    url: {q(article.url)}")
    if article.date:
        lines.append(f"    date: {article.date.isoformat()}")
    return lines


def _items(draft: Draft) -> list[str]:
    lines: list[str] = []
    if draft.key_points:
        lines += ["", "# DRAFT: the first sentences of the article's paragraphs; rewrite them "
                      "as the points that matter.", "key_points:"]
        for text, paragraph, priority in draft.key_points:
            lines += [f"  # from paragraph {paragraph}", f"  - text: {q(text)}",
                      "    sources: [article]", f"    priority: {priority}"]
    if draft.events:
        lines += ["", "timeline:"]
        for event, priority in draft.events:
            if event.repeats:
                lines.append("  # DRAFT: the summary says this too: shorten it to what happened "
                             "on the day, or delete it")
            lines += [f"  # from paragraph {event.paragraph}",
                      f"  - date: {_date(event.date.text)}", f"    event: {q(event.text)}",
                      "    sources: [article]", f"    priority: {priority}"]
    if draft.quotes:
        lines += ["", "quotes:"]
        for quote, priority in draft.quotes:
            lines += [f"  # from paragraph {quote.paragraph}", f"  - text: {q(quote.text)}",
                      f"    speaker: {q(quote.speaker)}"]
            if quote.role:
                lines.append(f"    role: {q(quote.role)}")
            if quote.context:
                lines.append(f"    context: {q(quote.context)}")
            lines += ["    sources: [article]", f"    priority: {priority}"]
    if draft.figures:
        lines += ["", "# DRAFT: each label is made from the words around its number; rewrite it.",
                  "figures:"]
        for figure, priority in draft.figures:
            lines += [f"  # from paragraph {figure.paragraph}", f"  - label: {q(figure.label)}",
                      f"    value: {q(figure.value)}", "    sources: [article]",
                      f"    priority: {priority}"]
    return lines


def render(draft: Draft, article: Article) -> str:
    """The facts file's text."""
    lines = _head(article)
    lines.append("# from the headline" if article.title else "# DRAFT: no headline was found")
    lines.append(f"title: {q(article.title)}")
    lines += [f"date: {article.date.isoformat()}"] if article.date else NO_DATE
    if language(article.title, article.paragraphs):
        lines += ["# the article's language: the brief's headings and dates are in it",
                  f"language: {language(article.title, article.paragraphs)}"]
    lines += ["", f"# DRAFT from paragraph {draft.summary_paragraph}: rewrite as the bottom line.",
              f"summary: {q(draft.summary)}"]
    lines += _items(draft)
    lines += [""] + _sources(article)
    return "\n".join(lines) + "\n"
