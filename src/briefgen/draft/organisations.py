"""Organisations as speakers: "The White House has described the talks as "serious"", "The
ministry called it "a breach of trust"", "Hamas said in a statement: "..."".

An organisation speaks only as the grammatical subject of an attributing verb: the clause
before the quotation opens with it (after at most an introductory phrase and its comma, "On
Monday, the ministry said") and the verb follows it, with at most auxiliaries and adverbs
between ("has described", "also said", "said in a statement"). Its quotation has no role and
names no person; a pronoun never stands for it (`quotes._Reader.subject` holds persons only).
"The ministry" is the organisation named before whose name has that word ("Russia's Foreign
Ministry"), else the description itself ("Ministry").
"""

from __future__ import annotations

import re

from briefgen.draft.people import (
    NOT_NAMES,
    ORG_WORDS,
    TITLES,
    UP,
    WORD,
    is_organisation,
)

# German: "„...“, sagte Scholz", "Scholz sagte: „...“", "„...“, so Scholz" (a separable verb,
# "kündigte an", "teilte mit", by its first part)
GERMAN_VERBS = (r"sagte|sagt|sagten|erklärte|erklärt|betonte|betont|schrieb|schreibt|warnte|"
                r"warnt|fügte|kündigte|versprach|nannte|bezeichnete|sprach|teilte|teilt")
# the verbs that attribute words to their subject, partial quotations' "described ... as",
# "called", "termed" included
ATTRIBUTING = (r"(?:said|says|told|tells|added|adds|stated|states|declared|declares|wrote|"
               r"writes|warned|warns|insisted|insists|argued|argues|urged|urges|announced|"
               r"announces|confirmed|confirms|denied|denies|noted|notes|stressed|stresses|"
               r"described|describes|called|calls|termed|terms|dubbed|labell?ed|branded|"
               r"condemned|condemns|criticized|criticised|rejected|rejects|accused|accuses|"
               r"dismissed|dismisses|welcomed|welcomes|hailed|hails|praised|praises|reported|"
               r"reports|" + GERMAN_VERBS + ")")
THE = r"(?:[Tt]he|[Dd]er|[Dd]ie|[Dd]as)"
BETWEEN = r"(?:(?:has|have|had|also|again|earlier|later|previously|repeatedly|itself)\s+)*"
INTRO = r"(?:[^,\u201c\u201e\u00ab\u00bb\"]{1,60},\s+)?"  # "On Monday, "
_CAPS = rf"(?:{WORD}|[{UP}]{{2,}}|(?:[A-Z]\.){{2,}})"  # "Ministry", "NATO", "U.N."
_OWNER = r"(?:\u2019s|'s)"
_OF = r"(?:of\s+(?:the\s+)?)"  # "Bank of England", "Ministry of the Interior"
# "The White House", "Russia's Foreign Ministry", "Hamas", "Israel's military", "the ministry",
# "the Israeli army"
_SUBJECT = re.compile(
    rf"^\s*{INTRO}(?:(?P<the>{THE})\s+)?(?P<org>(?:{_CAPS}{_OWNER}?\s+{_OF}?){{0,5}}{_CAPS}"
    rf"|(?P<owner>{_CAPS}(?:\s+{_CAPS}){{0,3}}{_OWNER})\s+(?:[a-z][\w-]*\s+){{0,2}}?"
    rf"(?P<onoun>[a-z]+)|(?:[\w\u2019'-]+\s+){{0,2}}?(?P<noun>[a-z]+))\s+{BETWEEN}"
    rf"{ATTRIBUTING}\b")
_NOT_SUBJECTS = frozenset("it this that he she they we i you there here who which".split())
# plural words for people that open a sentence capitalised: no one's name
_GENERIC = frozenset("officials authorities critics residents witnesses analysts experts "
                     "observers sources diplomats protesters villagers survivors doctors "
                     "lawmakers leaders others many some both".split())
# nouns that make "the ..." or "Israel's ..." an organisation, besides those of a name
_BODIES = ORG_WORDS | frozenset("military ministry embassy cabinet firm regime campaign "
                                "newspaper broadcaster network movement".split())

# who speaks for an organisation, not for themselves ("the Secretary of State" is a person)
_VOICES = (r"(?:spokes(?:man|woman|person)|representative|official|"
           r"[\w-]*[Ss]precher(?:in)?|Vertreter(?:in)?)")
# 'A spokesman for the ministry said: "..."', 'Ein Sprecher des Ministeriums sagte: „...“': the
# organisation speaks
_SPOKESPERSON = re.compile(rf"^\s*{INTRO}(?:[Aa]n?|[Ee]ine?|{THE})\s+(?P<title>{_VOICES})\s+"
                           rf"(?P<of>for|of|at|des|der)\s+(?:(?:the|des|der)\s+)?"
                           rf"(?P<org>(?:[\w\u2019'-]+\s+){{0,3}}?[\w\u2019'-]+)\s+{BETWEEN}"
                           rf"{ATTRIBUTING}\b")
_NAMED = re.compile(rf"{_CAPS}(?:\s+(?:of\s+(?:the\s+)?)?{_CAPS}){{0,5}}")


def subject(head: str, persons: list[str], organisations: list[str],
            any_name: bool = False) -> str | None:
    """The organisation that is the subject of the attributing verb in `head` (the words of
    the clause before a quotation), as its speaker; None when the subject is no
    organisation (a person, a pronoun, a word such as "Monday", "officials"). With
    `any_name`, a capitalised name of several words is the speaker too ("Amnesty
    International called the verdict "..."", or a person introduced so)."""
    m = _SUBJECT.match(head)
    if m is None:
        return None
    org = m.group("org")
    if m.group("onoun"):  # "Israel's military"
        return org if m.group("onoun") in _BODIES else None
    if m.group("noun"):
        if m.group("the") is None or m.group("noun") not in _BODIES - TITLES:
            return None  # "the ministry" speaks; "the talks" or "officials" are no one named
        return described(org, organisations) or org[:1].upper() + org[1:]
    words = org.split()
    if (words[0].lower() in _NOT_SUBJECTS | NOT_NAMES | _GENERIC
            or any(w in persons for w in words)):
        return None
    if len(words) == 1 and words[0].lower() in TITLES:
        return None  # "The President said": a person the article describes
    if len(words) == 1 or is_organisation(org) or org.isupper() or any_name:
        return org
    return None


def named(paragraph: str) -> list[str]:
    """The organisations a paragraph names ("Foreign Ministry", "United Nations Security
    Council"), so that "the ministry" later stands for one of them."""
    return [m.group() for m in _NAMED.finditer(paragraph) if is_organisation(m.group())
            and len(m.group().split()) >= 2]


def described(description: str, organisations: list[str]) -> str | None:
    """The last organisation named whose name holds every word of the description but a
    possessive ("ministry", "defence ministry", "country's defence ministry" ->
    "Defence Ministry"), if any."""
    words = {w.lower() for w in description.split() if not re.search(_OWNER + "$", w)}
    for org in reversed(organisations):
        if words <= {w.lower() for w in org.split()}:
            return org
    return None


def spoken_for(head: str, organisations: list[str]) -> str | None:
    """The organisation a spokesperson speaks for, when the clause before a quotation opens
    with one ("A spokesman for the ministry said"): "the ministry" as `described` finds it, a
    German genitive in its own form ("des Ministeriums" -> "Ministerium", "des Amtes" ->
    "Amt")."""
    m = _SPOKESPERSON.match(head)
    if m is None:
        return None
    org = m.group("org")
    if m.group("of") == "des":
        last = org.split()[-1]
        stem = (last[:-2] if last.endswith("es") and len(last) > 4
                else last[:-1] if last.endswith("s") else last)
        org = org[:len(org) - len(last)] + stem
    return described(org, organisations) or org[:1].upper() + org[1:]
