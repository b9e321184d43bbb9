"""The audience file: its keys, what each holds, and the checks of the values that need more than
their type (header fields, limits, theme settings, the fit policy).

In: nothing (definitions), and for the checks an audience's merged values with a function that
reports a problem at a key. Out: the `AUDIENCE` record (also printed as a JSON Schema) and the
problems, through that function. `design.audience` reads the files and builds the `Audience`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from briefgen.design.selection import LIMITED
from briefgen.design.theme import THEME
from briefgen.design.theme_file import setting_problems
from briefgen.input.facts import MAX_LIST
from briefgen.input.schema import SECTION_ID, Field, Record, likely_typo, user_section
from briefgen.input.validate import Checker

HEADER_FIELDS = ("to", "cc", "from", "date", "reference", "subject")
SOURCE_STYLES = ("numbered", "line")

# The one definition of an audience file: the Audience's own fields, less those set from
# elsewhere (name, file, origins; `tighten` and `favour` are written under `fit`), plus
# `extends` and `fit`.
FIT = Record({"tighten": Field("bool", doc="May fitting shrink text and spacing, within the "
                                           "theme's minimums? Default true."),
              "favour": Field("list", doc="Lists that lose items of a priority only once the "
                                          "others have none left, e.g. [timeline, quotes].",
                              entry=Field("choice", choices=LIMITED))},
             unknown="fit takes only 'tighten' and 'favour'", listed=False)
LIMITS = Record({name: Field("count", doc=f"At most this many entries of {name}.", low=0,
                             high=MAX_LIST)
                 for name in LIMITED}, strict=False,  # its own check words a stray key
                others=(SECTION_ID, Field("count", doc="At most this many items of the user "
                                                       "section of this id.", low=0,
                                          high=MAX_LIST)))
AUDIENCE = Record({
    "description": Field("text", doc="One line that `briefgen templates` shows."),
    "label": Field("text", doc="The product label printed above the header block."),
    "headline": Field("bool", doc="Print the title as a headline above the header block."),
    "header": Field("list", doc="The header fields, in order.",
                    entry=Field("choice", choices=HEADER_FIELDS)),
    "date_label": Field("text", doc="The label of the date in the header."),
    "sections": Field("list", doc="The template's sections (blocks) to print, in order; a "
                                  "user section's id places that section of the facts.",
                      entry=Field("text")),
    "titles": Field("mapping", doc="Section titles, by section.", entry=Field("text")),
    "limits": Field("mapping", doc="At most this many items per list (a user section's: by "
                                   "its id), kept by priority, then file order.", record=LIMITS),
    "recommendation": Field("text", doc="The recommendation section's text; null: none.",
                            nullable=True),
    "sources": Field("choice", doc="numbered: a list; line: one collapsed paragraph.",
                     choices=SOURCE_STYLES),
    "all_sources": Field("bool", doc="Print every source of the facts file; default false: "
                                     "only the sources an item on the page cites."),
    "prepared_by": Field("bool", doc="Print \"Prepared by ... on ...\" (false: \"As of ...\")."),
    # a stray key under `theme:` is reported with the setting's other problems (`_build`)
    "theme": Field("mapping", doc="Overrides of the theme's settings for this audience.",
                   record=dataclasses.replace(THEME, strict=False)),
    "classifications": Field("list", doc="The markings this audience may receive (null in "
                                         "the list: facts with none); null: any.",
                             entry=Field("text", nullable=True), nullable=True),
    "release": Field("list", doc="The items' `release` words it may print, e.g. [public] (any "
                                 "case); items of another release are left out, with a note. "
                                 "Items with no release are printed. null: any.",
                     entry=Field("text"), nullable=True),
    "portion_marks": Field("bool", doc="Print each item's portion mark, such as (C), before its "
                                       "text (a marking scheme's); null: as the theme says.",
                           nullable=True),
    "template": Field("text", doc="The template file that renders it."),
    "extends": Field("text", doc="The audience this one extends; default: default."),
    "fit": Field("mapping", doc="How fitting may change the brief.", record=FIT),
    "language": Field("text", doc="The language of the brief (fr, de, pt-BR, ...) unless "
                                  "--language says otherwise; it wins over the facts file's."),
    "words": Field("mapping", doc="Your own words per language: {fr: {Key points: Points "
                                  "essentiels}}, by the English text they replace.",
                   entry=Field("mapping", entry=Field("text"))),
}, doc="A briefgen audience: who a brief is for, as data. Every key is optional; what an "
       "audience leaves out comes from the one it extends.")
FILE_KEYS = list(AUDIENCE)
# mappings whose keys have lines of their own
NESTED = ("theme", "titles", "limits", "fit", "words")


def fit_problems(fit: dict[object, object], problem: Callable[[str, str], None]
                  ) -> tuple[str, ...]:
    """The `fit` mapping's values checked; the lists it favours (none if they are wrong)."""
    if not isinstance(fit.get("tighten", True), bool):
        problem("fit.tighten", "is true or false")
    favour = fit.get("favour", [])
    if not isinstance(favour, list) or any(x not in LIMITED for x in favour):
        problem("fit.favour", f"is a list of {', '.join(LIMITED)}")
        return ()
    return tuple(str(x) for x in favour)


def check_entries(header: tuple[object, ...], limits: dict[object, object],
                   theme: dict[object, object], problem: Callable[[str, str], None]) -> None:
    """Each header field is one the header has, each limit a count of a list that has one, each
    theme setting right on its own (the whole theme is checked with its layers, `design.load`)."""
    for field in header:
        if field not in HEADER_FIELDS:
            problem("header", f"unknown header field {field!r} (known: "
                              f"{', '.join(HEADER_FIELDS)})")
    checker = Checker("", [])  # bounds the "did you mean" lookups
    for key, value in limits.items():
        close = None if key in LIMITED else checker.close_match(str(key).lower(), LIMITED)
        named = key in LIMITED or (user_section(key) and likely_typo(str(key), LIMITED) is None)
        if not named or not isinstance(value, int) or isinstance(value, bool) \
                or not 0 <= value <= MAX_LIST:
            hint = f" (did you mean '{close}'?)" if close else ""
            problem(f"limits.{key}", f"limits are a count from 0 to {MAX_LIST} (the most a list "
                                     f"of facts holds) for {', '.join(LIMITED)}, or a user "
                                     f"section's id{hint}")
    for key, value in theme.items():
        for message in setting_problems(key, value, checker):
            problem(f"theme.{key}", message)
