"""The persons an article names, with their roles: who a quotation's speaker is.

No model: a person is found where the article introduces one the way news writing does, by a
title before the name ("NATO Secretary-General Mark Rutte", "California voter Ted Cohen"), by a
role between commas after it ("Kanji Yamanouchi, Japan's ambassador to Canada,") or before it
("A reporter with the French news agency, Ali Musa, tells"). Later mentions by surname alone
("Rutte said") are resolved to the full name, and the role comes along.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that make what follows them a person's name (compared in lower case; abbreviations
# with their full stop, so that "Gen." is a rank and "Gen" a given name).
TITLES = frozenset("""
president minister secretary secretary-general ambassador general colonel admiral commander
chief director spokesman spokeswoman spokesperson senator representative governor mayor
professor chairman chairwoman chair king queen prince princess pope judge inspector officer
official member voter speaker leader administrator counsellor counselor envoy diplomat
correspondent reporter economist analyst scientist researcher nurse doctor resident captain
sergeant premier chancellor ayatollah candidate challenger nominee assistant commissioner
bundeskanzler bundeskanzlerin kanzler kanzlerin ministerin bundesminister bundesministerin
außenminister außenministerin präsident präsidentin ministerpräsident ministerpräsidentin
sprecher sprecherin regierungssprecher regierungssprecherin botschafter botschafterin
gen. maj. lt. col. sen. rep. gov. dr. prof. capt. sgt. mr. mrs. ms. adm. cmdr. pres. amb.
""".split())
# German compounds end in their title ("Finanzminister", "CDU-Chef", "Regierungssprecherin"):
# a capitalised word ending so is a title too (`is_title`)
_TITLE_ENDINGS = re.compile(r"(?:minister|chef|sprecher|pr\u00e4sident|kanzler|botschafter|"
                            r"vorsitzende|direktor|leiter)(?:in)?r?", re.IGNORECASE)


def is_title(word: str) -> bool:
    """A word that makes what follows it a person's name: one of TITLES, or a German compound
    that ends in one ("Finanzminister", "CDU-Chef"), written with its capital."""
    low = word.lower()
    if low in TITLES or low.rstrip(".") in TITLES - {"gen"}:
        return True
    end = _TITLE_ENDINGS.search(word)
    return (word[:1].isupper() and end is not None and end.end() == len(word)
            and end.start() >= 2 and low != "administer")


# after "Secretary of", "Minister of": part of the title, not of a name
_OFFICES = frozenset("state defense defence treasury commerce energy health labor labour "
                     "justice interior education agriculture transportation finance "
                     "foreign affairs homeland security".split())
NOT_NAMES = frozenset("""
the a an in on at of for and or but to by from with as he she it they we i you this that these
those there here today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
according after before during while when where following meanwhile however also
""".split())
# a name holding one of these is an organisation or a place, never a person ("United Nations
# General Assembly" is no General called Assembly)
ORG_WORDS = frozenset("""
assembly council committee commission ministry department agency office court parliament
congress senate house bank fund union organization organisation association party group
government administration university institute center centre company corporation authority
board bureau service services forces army navy police nations states republic kingdom
federation league alliance coalition conference summit foundation agreement treaty times news
press post journal club team city county province region island islands river sea ocean
""".split())
_ROLE_WORDS = frozenset("of the for former then senior deputy acting assistant vice chief top "
                        "staff foreign prime state defense defence".split())
_SENTENCE_OPENERS = frozenset("in on at according by the a an after before during while "
                              "when meanwhile and but".split())

UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"  # capitals, with those of Western European languages
LOW = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u017f"
WORD = rf"[{UP}][{LOW}\u2019'\-]+"  # a capitalised word: "Rutte", "Rodr\u00edguez", "Al-Sadr"
_PARTICLE = r"(?:von|van|de|der|den|del|da|di|du|la|le|al|bin|ibn|el|dos|das|ter|ten)"
TOKEN = re.compile(rf"(?:[A-Z]\.){{2,}}|[A-Za-z{UP}{LOW}][\w\u2019'\-]*\.?|[^\w\s]")
NAME = (rf"(?:{WORD}|[A-Z]\.)(?:\s+(?:{_PARTICLE}\s+){{0,2}}(?:{WORD}|[A-Z]\.)){{0,3}}")
_KW = "|".join(sorted((re.escape(t) for t in TITLES if not t.endswith(".")), key=len,
                      reverse=True))
_APPOSITIVE = re.compile(rf"(?<![\w.])(?P<name>{NAME}), (?P<role>[^,.;\u201c\u201d\"]{{0,90}}?"
                         rf"\b(?i:{_KW})\b[^,;\u201c\u201d\"]{{0,60}}?)(?:,|\.(?=\s|$)|$)")
_ROLE_FIRST = re.compile(rf"(?P<role>[A-Za-z][^,.;\u201c\u201d\"]{{0,80}}?\b(?i:{_KW})\b"
                         rf"[^,.;\u201c\u201d\"]{{0,60}}), (?P<name>{NAME}),")


@dataclass(frozen=True)
class Mention:
    """A person named in a paragraph: the name as written, the role given there (or ""), and
    where the mention is."""

    name: str
    role: str
    start: int
    end: int


def _is_name_token(word: str) -> bool:
    if re.fullmatch(r"[A-Z]\.", word):
        return True
    bare = word.rstrip(".")
    return (not is_title(word) and bool(re.fullmatch(WORD, bare))
            and bare.lower() not in NOT_NAMES
            and bare.lower() not in TITLES and not bare.endswith(("\u2019s", "'s")))


def _role_before(text: str, tokens: list[re.Match[str]], at: int) -> str:
    """The title words before token `at` (its own included) as the article writes them."""
    first = at
    while first > 0:
        word = tokens[first - 1].group()
        low = word.lower()
        if (word.endswith(".") and low not in TITLES
                and not re.fullmatch(r"(?:[A-Z]\.)+", word)):
            break  # "Kritik kam von der Opposition. CDU-Chef Merz": the sentence before
        if (low in _ROLE_WORDS or is_title(word) or re.fullmatch(r"(?:[A-Z]\.){2,}", word)
                or (word[:1].isupper() and word[:1].isalpha())
                or word.endswith(("\u2019s", "'s"))):
            first -= 1
            continue
        break
    while first < at and tokens[first].group().lower() in _SENTENCE_OPENERS | {"of", "and"}:
        first += 1
    return " ".join(text[tokens[first].start():tokens[at].end()].split())


def _name_end(tokens: list[re.Match[str]], j: int) -> int:
    """Where a name starting at token j ends: up to four words, with "von der" and the like
    inside it ("Ursula von der Leyen")."""
    k = j
    while k < len(tokens) and k - j < 6:
        word = tokens[k].group()
        if _is_name_token(word) and word.lower().rstrip(".") not in TITLES:
            k += 1
        elif (k > j and re.fullmatch(_PARTICLE, word) and k + 1 < len(tokens)
              and (_is_name_token(tokens[k + 1].group())
                   or re.fullmatch(_PARTICLE, tokens[k + 1].group()))):
            k += 1
        else:
            break
    while k > j and re.fullmatch(_PARTICLE, tokens[k - 1].group()):
        k -= 1
    return k


def titled(text: str) -> list[Mention]:
    """Names that follow a title, with the title as their role."""
    tokens = list(TOKEN.finditer(text))
    found: list[Mention] = []
    i = 0
    while i < len(tokens):
        word = tokens[i].group()
        if not is_title(word):
            i += 1
            continue
        j = i + 1
        if (j + 1 < len(tokens) and tokens[j].group() == "of"
                and tokens[j + 1].group().lower() in _OFFICES):
            j += 2
            while j < len(tokens) and tokens[j].group().lower() in _OFFICES:
                j += 1
        k = _name_end(tokens, j)
        if k > j and not tokens[k - 1].group().endswith(".") or k - j >= 2:
            name = " ".join(t.group() for t in tokens[j:k]).rstrip(".")
            found.append(Mention(name, _role_before(text, tokens, j - 1),
                                 tokens[j].start(), tokens[k - 1].end()))
            i = k
            continue
        i += 1
    return found


def is_organisation(name: str) -> bool:
    """A name that stands for an organisation or a place ("White House", "General Assembly")."""
    return any(w.lower().strip(".,") in ORG_WORDS for w in name.split())


def mentions(paragraph: str) -> list[Mention]:
    """Every person introduced in the paragraph, in order of where the name stands."""
    text = paragraph.replace("[", " ").replace("]", " ")
    found = {m.start: m for m in titled(text) if not is_organisation(m.name)}
    for pattern in (_APPOSITIVE, _ROLE_FIRST):
        for m in pattern.finditer(text):
            name = m.group("name")
            if (name.split()[0].lower() in NOT_NAMES or len(name.split()) < 2
                    or any(w.lower() in TITLES | _OFFICES for w in name.split())
                    or is_organisation(name)):
                continue
            role = re.sub(r"^(?:a|an|the)\s+", "", " ".join(m.group("role").split()),
                          flags=re.IGNORECASE)
            found.setdefault(m.start("name"), Mention(name, role, m.start("name"),
                                                      m.end("name")))
    return [found[k] for k in sorted(found)]


@dataclass
class Person:
    name: str
    role: str


class People:
    """The article's persons: full names, their roles, and who a surname stands for."""

    def __init__(self) -> None:
        self.persons: list[Person] = []

    def add(self, mention: Mention) -> Person:
        """Record a mention; a surname or a shorter form of a known person is that person."""
        known = self.find(mention.name)
        if known is None:
            known = Person(mention.name, mention.role)
            self.persons.append(known)
        else:
            if len(mention.name.split()) > len(known.name.split()):
                known.name = mention.name
            if not known.role or len(mention.role) > len(known.role) and known.role in (
                    mention.role, ""):
                known.role = mention.role or known.role
        return known

    def find(self, name: str) -> Person | None:
        """The person a name (full, or a surname) stands for, if exactly one fits."""
        words = name.replace(".", " ").split()
        if not words or words[-1].lower() in TITLES | _OFFICES | NOT_NAMES:
            return None
        for p in self.persons:
            if p.name == name:
                return p
        last = [p for p in self.persons if p.name.split()[-1] == words[-1]]
        if len(last) == 1:
            return last[0]
        if len(words) == 1:
            any_word = [p for p in self.persons if words[0] in p.name.split()]
            if len(any_word) == 1:
                return any_word[0]
        return None
