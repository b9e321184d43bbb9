"""Drafting: from a news article to a facts file the user edits, then builds.

`briefgen draft` reads an article (text, Markdown or a saved web page), finds what a brief is
made of (the headline and dateline, every direct quotation and its speaker, dated events and
figures) by rules, with no model and nothing fetched, and writes a facts file whose every item
says, in a comment, which paragraph of the article it came from. The summary and key points it
proposes are drafts for the author to rewrite.

The stage runs only for the `draft` command: nothing here is imported by a build, and the
libraries it needs (trafilatura for web pages, pysbd for sentences) are imported inside it.

    article.read_article   the file -> an `Article` (title, date, publisher, paragraphs),
                           through web_page (HTML) or markdown_text (Markdown)
    sentences.split        a paragraph -> its sentences and their clauses
    people.People          the persons an article names, their roles and surnames
    quote_marks.spans      where the quotation marks are
    quotes.find_quotes     direct quotations and who said them
    organisations.subject  an organisation as a quotation's speaker
    event_dates.dates_in   date expressions -> the facts format's fuzzy dates
    events.events_in       the timeline's events, a clause each
    figures.figures_in     money, percentages, counts and magnitudes, with a short label
    proposals.propose      summary, key points and priorities
    language.language      German or English: a German draft says `language: de`
    facts_yaml.render      the facts file, one `# from paragraph N` comment per item
    time_limit.deadline    the time bound of one draft
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    """What the user told `draft` about the article: its date and its address, when known."""

    date: datetime.date | None = None
    url: str | None = None


def draft_facts(path: str, options: Options) -> str:
    """The facts file (YAML text) drafted from the article at `path`; raises `BriefgenError`
    with one problem naming the file when there is no article to draft from."""
    from briefgen.draft.article import fail, read_article
    from briefgen.draft.facts_yaml import render
    from briefgen.draft.proposals import propose
    from briefgen.draft.time_limit import MAX_SECONDS, TimeUp, deadline

    try:
        with deadline(MAX_SECONDS):
            article = read_article(path, options)
            return render(propose(article), article)
    except TimeUp:
        raise fail(path, f"took longer than {MAX_SECONDS} s to draft from (save the article's "
                         "own text as a .txt file and draft from that)") from None
