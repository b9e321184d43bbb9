"""What the draft proposes: the summary and key points (from the lead, marked for rewriting)
and a priority for every item, so that a brief drafted from a long article still fits its page.

Priorities: quotations from the most senior speakers first (a head of state or government or a
secretary-general, else another office holder such as a minister, else the first quotation:
one quotation always stands at priority 1, so a brief cut to its page keeps a voice), the
newest events, the figures of the lead. Priority 1 is kept small: one quotation, two events,
two figures and two key points stand with the summary. A key point is never a sentence that
holds a drafted quotation.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from briefgen.draft.article import Article
from briefgen.draft.events import Event, events_in
from briefgen.draft.figures import Figure, figures_in
from briefgen.draft.people import People
from briefgen.draft.quote_marks import masked
from briefgen.draft.quotes import Quote, find_quotes
from briefgen.draft.sentences import split

_SENIOR = re.compile(r"\b(?:president|prime minister|premier|chancellor|king|queen|pope|"
                     r"secretary[- ]general|secretary of state|\w*minister(?:in)?|secretary|"
                     r"administrator|governor|ambassador|general|chief|director|speaker|"
                     r"senator)\b", re.IGNORECASE)
_TOP = re.compile(r"\b(?:president|prime minister|premier|chancellor|king|queen|pope|"
                  r"secretary[- ]general|(?:bundes)?kanzler(?:in)?|"
                  r"(?:bundes|minister)?pr\u00e4sident(?:in)?)\b", re.IGNORECASE)
_FORMER = re.compile(r"\b(?:former|ex-|then|late|retired)\b", re.IGNORECASE)  # no office now
SUMMARY_WORDS = 60
KEY_POINTS = 4
# at most this many of each (the first in the article): more than a page could ever hold, and a
# bound on the fit's work for a draft made from a very long text
LIMITS = {"quotes": 15, "events": 20, "figures": 15}


@dataclass
class Draft:
    """The facts proposed, each with the paragraph it came from and a priority."""

    summary: str
    summary_paragraph: int
    key_points: list[tuple[str, int, int]] = field(default_factory=list)  # text, para, priority
    quotes: list[tuple[Quote, int]] = field(default_factory=list)
    events: list[tuple[Event, int]] = field(default_factory=list)
    figures: list[tuple[Figure, int]] = field(default_factory=list)


def _own_voice(paragraph: str) -> bool:
    """Mostly the article's words, not a quotation's."""
    return len(masked(paragraph).split()) >= 0.6 * len(paragraph.split())


def _summary(article: Article, dated: set[str]) -> tuple[str, int]:
    """The lead's first sentences, up to ~25 words; a later sentence that is a timeline row
    (`dated`: their plain texts) ends it, so that the row is not the summary again."""
    for index, paragraph in enumerate(article.paragraphs, start=1):
        if not _own_voice(paragraph):
            continue
        chosen: list[str] = []
        for sentence in split(paragraph):
            if chosen and (len(" ".join(chosen + [sentence.text]).split()) > SUMMARY_WORDS
                           or _plain(sentence.text) in dated):
                break
            chosen.append(sentence.text)
            if len(" ".join(chosen).split()) >= 25:
                break
        return _capped(" ".join(chosen)), index
    return _capped(article.paragraphs[0]), 1


def _capped(text: str) -> str:
    """At most SUMMARY_WORDS words, whatever the article's sentences are like."""
    words = text.split()
    if len(words) <= SUMMARY_WORDS:
        return text
    return " ".join(words[:SUMMARY_WORDS]).rstrip(",;:") + "\u2026"


def _plain(text: str) -> str:
    """A text compared word for word: lower case, no punctuation."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _key_points(article: Article, used: int, taken: set[str], quoted: set[tuple[int, str]]
                ) -> list[tuple[str, int, int]]:
    """The first sentences of the paragraphs after the summary's, none a timeline row
    already says (`taken`: their plain texts) and none holding a drafted quotation (`quoted`:
    paragraph and plain text of each): a key point is no quotation."""
    out: list[tuple[str, int, int]] = []
    for index, paragraph in enumerate(article.paragraphs, start=1):
        if index <= used or not _own_voice(paragraph):
            continue
        sentences = split(paragraph)
        if (not sentences or len(sentences[0].text.split()) < 8
                or any(t in _plain(sentences[0].text) for t in taken)
                or any(at == index and text in _plain(sentences[0].text)
                       for at, text in quoted)):
            continue
        out.append((sentences[0].text, index, (1, 1, 2, 3)[len(out)]))
        if len(out) == KEY_POINTS:
            break
    return out


def _quote_priorities(quotes: list[Quote]) -> list[tuple[Quote, int]]:
    ranks = [2 if _FORMER.search(q.role) else 0 if _TOP.search(q.role)
             else 1 if _SENIOR.search(q.role) else 2 for q in quotes]
    best = min(range(len(quotes)), key=lambda i: (ranks[i], i), default=None)
    return [(q, 1 if i == best else 2 if ranks[i] < 2 or len(q.text.split()) > 12 else 3)
            for i, q in enumerate(quotes)]


def _event_priorities(events: list[Event], today: datetime.date | None, summary: str
                      ) -> list[tuple[Event, int]]:
    """Each event once; priority 1 for the article's own news (its day, then the nearest past
    dates), future plans after them, nearest first. A row that says the summary again keeps
    its date for the timeline but gets priority 3 and a note (`Event.repeats`)."""
    seen: set[tuple[str, str]] = set()
    unique = []
    bottom_line = _plain(summary)
    for e in events:
        if (e.date.text, e.text) not in seen:
            seen.add((e.date.text, e.text))
            e.repeats = _plain(e.text) in bottom_line
            unique.append(e)

    def order(i: int) -> tuple[int, int, int]:
        event = unique[i]
        date = event.date.date
        if today is None or date.end is None:  # no article date: the newest that happened
            last = date.end or date.start or datetime.date.min
            return (int(event.repeats), 1 if event.plan else 0, -last.toordinal())
        ahead = event.plan or (date.start is not None and date.start > today)
        near = date.start if date.start and date.start > today else min(date.end, today)
        return (int(event.repeats), 1 if ahead else 0, abs((near - today).days))

    rank = {i: n for n, i in enumerate(sorted(range(len(unique)), key=order))}
    return [(e, 3 if e.repeats else 1 if rank[i] < 2 else 2 if rank[i] < 5 else 3)
            for i, e in enumerate(unique)]


def _not_nested(quotes: list[Quote]) -> list[Quote]:
    """Each quotation once. One quoted inside another of its paragraph (a speaker quoting
    someone) stands on its own, "as quoted by" the other, who keeps the sentences before it;
    when nothing comes before it, it is left inside the other's quotation alone."""
    out: list[Quote] = []
    for q in quotes:
        outer = next((o for o in quotes if o is not q and o.paragraph == q.paragraph
                      and len(o.text) > len(q.text) and q.text in o.text), None)
        if outer is None:
            out.append(q)
            continue
        at = outer.text.index(q.text)
        before = outer.text[:at]
        cut = max(before.rfind(". "), before.rfind("? "), before.rfind("! "))
        if outer.speaker == q.speaker or cut < 0 or len(before[:cut].split()) < 5:
            continue
        outer.text = before[:cut + 1].strip()
        q.context = f"as quoted by {outer.speaker}"
        out.append(q)
    return out


def _figure_priorities(figures: list[Figure]) -> list[tuple[Figure, int]]:
    seen: set[tuple[float, str]] = set()
    out: list[tuple[Figure, int]] = []
    for f in figures:
        key = (f.number, f.label.lower())
        if key in seen:
            continue
        seen.add(key)
        lead = sum(1 for _, p in out if p == 1)
        out.append((f, 1 if f.paragraph <= 2 and lead < 2 else 2 if len(out) < 4 else 3))
    return out


def propose(article: Article) -> Draft:
    """Everything the facts file will hold, from the article."""
    events: list[Event] = []
    figures: list[Figure] = []
    for index, paragraph in enumerate(article.paragraphs, start=1):
        events += events_in(paragraph, index, article.date)
        for sentence in split(paragraph):
            figures += figures_in(sentence.text, index)
    summary, where = _summary(article, {_plain(e.text) for e in events})
    draft = Draft(summary, where)
    quotes = _not_nested(find_quotes(article.paragraphs, People()))[:LIMITS["quotes"]]
    draft.quotes = _quote_priorities(quotes)
    draft.events = _event_priorities(events, article.date, summary)[:LIMITS["events"]]
    draft.key_points = _key_points(article, where, {_plain(e.text) for e, _ in draft.events},
                                   {(q.paragraph, _plain(q.text)) for q in quotes})
    draft.figures = _figure_priorities(figures)[:LIMITS["figures"]]
    return draft
