"""Direct quotations and who said them.

Each quoted span (`quote_marks.spans`) is attributed by the words around it, in this order:
- after it: `"...," said X`, `"...," X said`, `"...," she told reporters`;
- before it in its sentence: `X said: "..."`, `He went on to say, "..."`, and a partial
  quotation inside a sentence (`Boehner said the rate remains "unacceptably high."`);
- a quotation that goes on: the next span of the same paragraph, or a paragraph that opens
  with a quotation after one that had it, keeps the speaker; a paragraph that is a quotation
  after one ending with a colon ("issued the following statement:") is that person's.
A quotation split by its attribution (`"I think," she said, "that we will."`) is joined.
Pronouns stand for the last person named as a sentence's subject or as a speaker, never for
an organisation or a place. A short quoted phrase
with no one saying it is a scare quote, not a quotation, and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.draft.organisations import (
    ATTRIBUTING,
    BETWEEN,
    GERMAN_VERBS,
    INTRO,
    THE,
    described,
    named,
    spoken_for,
    subject,
)
from briefgen.draft.people import (
    NAME,
    TITLES,
    WORD,
    Mention,
    People,
    is_organisation,
    mentions,
)
from briefgen.draft.quote_marks import Span, spans

VERB = (r"(?:said|says|say|told(?: \w+)?|tells|added|adds|asked|asks|explained|explains|noted|"
        r"notes|stated|states|declared|declares|wrote|writes|warned|warns|insisted|insists|"
        r"argued|argues|urged|urges|continued|continues|recalled|recalls|replied|replies|"
        r"remarked|announced|announces|commented|acknowledged|acknowledges|observed|"
        r"pointed out|points out|conceded|stressed|stresses|emphasized|emphasised|predicted|"
        r"admitted|admits|complained|confirmed|confirms|cautioned|went on to say|"
        r"goes on to say|(?:was |is )?quoted as saying|" + GERMAN_VERBS + ")")
_PRONOUN = r"(?:he|she|they|He|She|They|er|sie|Er|Sie)"
_PRONOUNS = ("he", "she", "they", "er", "sie")
_TAIL_NAMED = re.compile(rf"^\s*[,.]?\s*(?:(?P<who>{NAME}|{_PRONOUN})(?: \w+ly)? {VERB}\b|"
                         rf"[\u2014\u2013-]\s*(?P<dash>{NAME})\b)")  # '"..." \u2014 Jane Doe'

_TAIL_VERB = re.compile(rf"^\s*[,.]?\s*(?:{VERB}|according to|so)\s+(?P<rest>[^.;\u201c\"]*)")
# '"...," Smith, the company's chief executive, said'
_TAIL_APPOSITIVE = re.compile(rf"^\s*[,.]?\s*(?P<who>{NAME}), [^,\u201c\"]{{2,90}}, {VERB}\b")
# '"...," a spokeswoman for the association, Maria Lopez, told reporters'
_TAIL_ROLE_FIRST = re.compile(rf"^\s*[,.]?\s*(?:the|a|an) [^,\u201c\"]{{2,90}}, (?P<who>{NAME}), "
                              rf"{VERB}\b")
# '"...," the spokesman said', '"...," a police official told reporters'
_TAIL_DESCRIBED = re.compile(rf"^\s*[,.]?\s*(?:the|a|an|one) (?P<who>(?:[\w\u2019'.-]+ ){{0,3}}?"
                             rf"[\w\u2019'-]+) {VERB}\b")
# '"...," said the spokesman', '„...“, teilte das Ministerium mit': up to the next preposition
_TAIL_THE = re.compile(rf"{THE}\s+(?P<who>(?:[\w\u2019'-]+\s+){{0,3}}?[\w\u2019'-]+?)"
                       rf"(?=\s+(?:in|on|at|of|after|before|during|when|while|who|which|and|"
                       rf"mit|am|im|auf|nach|und|vor|bei|zufolge)\b|\s*[,.;:]|\s*$)")
# 'The spokesman said: "..."', 'Der Sprecher sagte: „...“': a person the article describes
_HEAD_THE = re.compile(rf"^\s*{INTRO}{THE}\s+(?P<who>(?:[\w\u2019'-]+\s+){{0,2}}?"
                       rf"(?P<noun>[\w\u2019'-]+))\s+{BETWEEN}{ATTRIBUTING}\b")
# ", who runs a cafe by the bridge," or ", der das Amt leitet,": read past to the verb
_RELATIVE = re.compile(r",\s+(?:who|whose|which|der|die|das)\s+"
                       r"[^,\u201c\u201e\u00ab\u00bb\"]{1,90},")
_HEAD_VERB = re.compile(rf"{VERB}\s*[,:]?\s*$")
_JOINING = re.compile(rf"^\s*,?\s*(?:(?:{NAME}|{_PRONOUN}) {VERB}|{VERB} (?:{NAME}|"
                      rf"{_PRONOUN}))\s*,\s*$")
_SENTENCE_END = re.compile(r"[.!?][\u201c\u201d\"\u2019\u00ab\u00bb)]?\s+"
                           r"(?=[A-Z\u201c\u201e\u00ab\u00bb\"])")
SHORT = 4  # words: a shorter quoted phrase needs a speaker named in its own sentence


@dataclass
class Quote:
    text: str
    speaker: str
    role: str
    paragraph: int  # 1-based
    start: int
    context: str = ""  # "as quoted by X" for a quotation inside another's


class _Reader:
    """Walks the article's paragraphs in order, keeping who was last named and quoted."""

    def __init__(self, people: People) -> None:
        self.people = people
        self.subject: str | None = None  # whom a pronoun stands for
        self.last_speaker: str | None = None
        self.ends_with_colon = False
        self.colon_person: str | None = None
        self.organisations: list[str] = []  # named so far: whom "the ministry" stands for

    def person(self, name: str) -> str:
        """The full name a speaker's name stands for; a full name seen first as the subject
        of "said" ("Wendy Sherman said") is recorded, so that "Sherman" is she later."""
        found = self.people.find(name)
        if found is None and len(name.split()) >= 2 and not is_organisation(name):
            found = self.people.add(Mention(name, "", 0, 0))
        return found.name if found else name

    def pronoun(self) -> str | None:
        return self.subject


def _outside(paragraph: str, all_spans: list[Span], names: list[Mention]) -> list[Mention]:
    outer = [s for s in all_spans if not s.inner]
    return [m for m in names if not any(s.start <= m.start < s.end for s in outer)]


def _with_surnames(paragraph: str, names: list[Mention], people: People) -> list[Mention]:
    """The paragraph's mentions, and every later mention of a known person by surname alone
    ("Lavrov confirmed..."), so that a pronoun after it stands for that person."""
    found = list(names)
    for m in re.finditer(rf"\b{WORD}\b", paragraph):
        if any(n.start <= m.start() < n.end for n in names):
            continue
        known = people.find(m.group())
        if known is not None and m.group().lower() not in ("he", "she"):
            found.append(Mention(known.name, "", m.start(), m.end()))
    return sorted(found, key=lambda n: n.start)


def _sentence_subjects(paragraph: str, names: list[Mention]) -> list[tuple[int, str]]:
    """(position, person) of the first person named in each sentence of the paragraph."""
    out: list[tuple[int, str]] = []
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(paragraph)]
    for a, b in zip(starts, starts[1:] + [len(paragraph)]):
        inside = [m for m in names if a <= m.start < b]
        if inside:
            out.append((a, inside[0].name))
    return out


def _described(who: str, reader: _Reader) -> str:
    """A speaker the article describes ("the spokesman"): the person whose role says so, else
    the description itself, capitalised."""
    noun = who.split()[-1].lower()
    for person in reversed(reader.people.persons):
        if noun in person.role.lower().split():
            return person.name
    return described(who, reader.organisations) or who[:1].upper() + who[1:]


def _tail_speaker(tail: str, reader: _Reader) -> str | None:
    m = (_TAIL_NAMED.match(tail) or _TAIL_APPOSITIVE.match(tail)
         or _TAIL_ROLE_FIRST.match(tail))
    if m:
        who = m.groupdict().get("dash") or m.group("who")
        return reader.pronoun() if who.lower() in _PRONOUNS else reader.person(who)
    m = _TAIL_DESCRIBED.match(tail)
    if m and not re.search(r"\b(?:he|she|they|it)\b", m.group("who")):
        return _described(m.group("who"), reader)
    m = _TAIL_VERB.match(tail)
    if m:
        rest = m.group("rest")
        named = mentions(rest)
        if named:
            return reader.person(named[0].name)
        plain = re.match(rf"(?:{_PRONOUN}\b|(?P<name>{NAME}))", rest.strip())
        if plain:
            return reader.person(plain.group("name")) if plain.group("name") else reader.pronoun()
        the = _TAIL_THE.match(rest.strip())
        if the and not re.search(r"\b(?:he|she|they|it)\b", the.group("who")):
            return _described(the.group("who"), reader)
    return None


def _head_speaker(head: str, reader: _Reader, short: bool) -> str | None:
    """The speaker named before the quotation in its sentence. A relative clause between
    the subject and its verb ("Anna Berg, who runs a cafe, said") is read past."""
    head = _RELATIVE.sub(" ", head)
    named = mentions(head)
    the = _HEAD_THE.match(head)
    if not named and the and the.group("noun").lower() in TITLES:
        return _described(the.group("who"), reader)
    spoke = None if named else spoken_for(head, reader.organisations)
    if spoke:  # "A spokesman for the ministry said"
        return spoke
    if not named:  # "The White House has described the talks as "..."": an organisation
        words = [w for p in reader.people.persons for w in p.name.split()]
        org = subject(head, words, reader.organisations)
        if org:
            return org
    bare = [m.group() for m in re.finditer(rf"\b{NAME}(?= (?:\w+ )?{VERB}\b)", head)]
    if _HEAD_VERB.search(head) or short or re.search(rf"\b(?:{VERB}|{ATTRIBUTING})\b", head):
        if named:
            return reader.person(named[-1].name)
        if re.match(rf"\s*{_PRONOUN}\b", head):
            return reader.pronoun()
        if bare and not re.fullmatch(r"(?:The|A|An|In|On|It|This|He|She|They)", bare[-1]):
            article = re.match(r"(?:The|A|An) (?=\S)", bare[-1])
            if article:  # "The Federal Reserve said": an organisation, named without "The"
                return bare[-1][article.end():]
            return reader.person(bare[-1])
    if short:  # "Ruiz called the forecast "deeply worrying"": a person named before, by surname
        for word in reversed(re.findall(rf"\b{WORD}\b", head)):
            known = reader.people.find(word)
            if known is not None:
                return known.name
    if not named:  # "Amnesty International has called the verdict "...""
        return subject(head, [], reader.organisations, any_name=True)
    return None


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip()
    return text[:-1].rstrip() if text.endswith(",") else text


def find_quotes(paragraphs: list[str], people: People) -> list[Quote]:
    """Every attributed quotation of the article, in order."""
    reader = _Reader(people)
    out: list[Quote] = []
    for index, paragraph in enumerate(paragraphs, start=1):
        out.extend(_paragraph_quotes(index, paragraph, reader))
    return out


def _around(paragraph: str, span: Span, all_spans: list[Span], previous: Span | None
            ) -> tuple[str, str]:
    """The words before a quotation (from the previous one's end) and after it (to the next
    one's start); for a quotation within a quotation, those inside the outer one."""
    outer = [s for s in all_spans if not s.inner]
    if span.inner:
        host = next(s for s in outer if s.start <= span.start < s.end)
        return paragraph[host.start:span.start], paragraph[span.end + 1:host.end]
    later = [s for s in outer if s.start > span.start]
    prev_end = previous.end + 1 if previous else 0
    head = paragraph[prev_end:max(prev_end, span.start - 1)]
    return head, paragraph[span.end + 1:later[0].start - 1 if later else len(paragraph)]


def _paragraph_quotes(index: int, paragraph: str, reader: _Reader) -> list[Quote]:
    all_spans = spans(paragraph)
    names = mentions(paragraph)
    reader.organisations += named(paragraph)
    for m in names:
        reader.people.add(m)
    names = _with_surnames(paragraph, names, reader.people)
    own = _outside(paragraph, all_spans, names)
    subjects = _sentence_subjects(paragraph, own)
    opens_with_quote = bool(all_spans) and not paragraph[:all_spans[0].start - 1].strip()
    found: list[Quote] = []
    previous: Span | None = None
    for n, span in enumerate(all_spans):
        head, tail = _around(paragraph, span, all_spans, previous)
        cut = list(_SENTENCE_END.finditer(head))
        sentence_head = head[cut[-1].end():] if cut else head
        _set_subject(reader, subjects, span.start)
        text = _clean(paragraph[span.start:span.end])
        short = len(text.split()) <= SHORT
        follows = (not span.inner and previous is not None and bool(found)
                   and found[-1].start == previous.start)
        if follows and _JOINING.match(head) and text[:1].islower():
            found[-1].text = f"{found[-1].text} {text}"  # "...," she said, "..."
            previous = span
            continue
        speaker = _tail_speaker(tail, reader) if not span.inner else None
        if speaker is None:
            speaker = _head_speaker(sentence_head, reader, short)
        if speaker is None and follows:
            speaker = found[-1].speaker
        if speaker is None and not short and n == 0 and opens_with_quote:
            speaker = reader.colon_person if reader.ends_with_colon else reader.last_speaker
        if speaker is None or not text:
            if not span.inner:
                previous = span
            continue
        role = (reader.people.find(speaker).role if reader.people.find(speaker) else "")
        found.append(Quote(text, speaker, role, index, span.start))
        reader.last_speaker = speaker
        if reader.people.find(speaker) is not None:  # "she said" next stands for this speaker
            subjects.append((span.start, speaker))
            subjects.sort()
        if not span.inner:
            previous = span
    reader.ends_with_colon = paragraph.rstrip().endswith(":")
    reader.colon_person = own[0].name if own else reader.subject
    if not all_spans:
        reader.last_speaker = None
    _set_subject(reader, subjects, len(paragraph))
    return found


def _set_subject(reader: _Reader, subjects: list[tuple[int, str]], before: int) -> None:
    """The pronoun's person: the subject of the last sentence naming someone before here."""
    earlier = [name for at, name in subjects if at < before]
    if earlier:
        reader.subject = reader.person(earlier[-1])
