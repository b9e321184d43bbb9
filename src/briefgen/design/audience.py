"""Audiences: who a brief is for, as data.

In: audience files (`audiences/<name>.yaml` in a template folder), each extending another
(`extends:`), ending at the `default` audience. Out: a frozen `Audience`; `select()` (kept in
`design.selection`) applies its item limits to Facts, with a note for each item a limit removes.
Which sections, in which order, how many items, the labels, theme overrides, fit policy and
release guard all come from the files; no Python decides by name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefgen.compose.languages import Language, language
from briefgen.design.audience_words import language_setting, merge_words, own_words
from briefgen.design.selection import LIMITED
from briefgen.design.theme import THEME, Where
from briefgen.design.theme_file import setting_problems
from briefgen.errors import Problem, TemplateError
from briefgen.input.facts import MAX_LIST
from briefgen.input.language_codes import base
from briefgen.input.nodes import field_path
from briefgen.input.schema import SECTION_ID, Field, Record, user_section
from briefgen.input.settings_reader import key_lines, read_settings
from briefgen.input.validate import Checker, by_line, unknown_keys

AUDIENCE_DIR = "audiences"
DEFAULT_AUDIENCE = "default"
HEADER_FIELDS = ("to", "cc", "from", "date", "reference", "subject")
SOURCE_STYLES = ("numbered", "line")


@dataclass(frozen=True)
class Audience:
    name: str
    description: str
    label: str  # the product label printed above the header block
    headline: bool  # print the title as a headline above the header block
    header: tuple[str, ...]  # header fields, in order
    date_label: str
    sections: tuple[str, ...]  # template blocks, in order
    titles: dict[str, str]  # section titles
    limits: dict[str, int]  # at most this many items per list, chosen by priority then order
    recommendation: str | None
    sources: str  # "numbered" list or one collapsed "line"
    all_sources: bool  # print every source, not only those an item on the page cites
    prepared_by: bool
    theme: dict[str, object]  # overrides of the theme's values
    tighten: bool  # may the fit stage shrink text and spacing?
    favour: tuple[str, ...]  # lists the fit cuts last, among items of the same priority
    classifications: tuple[str | None, ...] | None  # markings it may carry; None: any
    release: tuple[str, ...] | None  # the items' release words it may print (casefolded); None: any
    portion_marks: bool | None  # print portion marks (folded into `theme`); None: as the theme
    template: str  # the template file that renders it
    file: str  # where it was defined
    # the names in `sections` its template has no block for: the ids of user sections it places
    # (set once the template is known, `design.load`)
    user_sections: tuple[str, ...] = ()
    # the file and line each key was written at, in whichever file of the chain: "label",
    # "titles.outlook", "theme.body_size"
    origins: Where = dataclasses.field(default_factory=dict, compare=False)
    language: str | None = None  # the brief's language (a BCP 47 tag), unless --language says
    # its own words per language: language -> {English text: the language's}
    words: dict[str, dict[str, str]] = dataclasses.field(default_factory=dict)

    def context(self, words: Language | None = None) -> dict[str, object]:
        """What the template sees of the audience: plain data only; its label, date label,
        titles and recommendation in the brief's language (`words`: `vocabulary`), each as
        written when the language has no word for it."""
        keep = ("name", "label", "headline", "header", "date_label", "sections", "titles",
                "recommendation", "sources", "prepared_by", "user_sections")
        out = {key: _plain(getattr(self, key)) for key in keep}
        if words is not None:
            word = words.word
            out["titles"] = {key: word(title) for key, title in self.titles.items()}
            out.update({key: word(out[key]) for key in ("label", "date_label")})
            out["recommendation"] = self.recommendation and word(self.recommendation)
        return out

    def vocabulary(self, tag: str) -> Language:
        """The brief's words in a language: briefgen's, with this audience's own `words` for
        the language (`fr`) and then for the tag itself (`fr-CA`) written over them."""
        found = language(tag)
        own = {**self.words.get(base(tag), {}), **self.words.get(tag, {})}
        return dataclasses.replace(found, words={**found.words, **own}) if own else found

    def refuses(self, classification: str | None, allowed: tuple[str, ...] = ()) -> bool:
        """True if facts with this marking may not go to this audience."""
        if self.classifications is None:
            return False
        accepted = {c.casefold() if c else None for c in self.classifications}
        accepted |= {c.casefold() for c in allowed}
        if "none" in accepted:  # `--allow-classification none` releases facts with no marking
            accepted.add(None)
        return (classification.casefold() if classification else None) not in accepted


def _plain(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


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


def audience_files(folders: list[Path]) -> dict[str, Path]:
    """Audience name -> file; a folder earlier in the list overrides a later one."""
    found: dict[str, Path] = {}
    for folder in reversed(folders):
        directory = folder / AUDIENCE_DIR
        if directory.is_dir():
            for path in sorted(directory.glob("*.yaml")):
                found[path.stem] = path
    return found


def _definitions(name: str, folders: list[Path]) -> list[Path]:
    """Every file defining this audience, the one in force first."""
    paths = (folder / AUDIENCE_DIR / f"{name}.yaml" for folder in folders)
    return [path for path in paths if path.is_file()]


def load_audience(name: str, folders: list[Path],
                  sections: Callable[[Audience], list[Problem]] | None = None) -> Audience:
    """Read an audience and everything it extends, from the folders (first match wins). An
    audience that extends its own name extends the one it replaces, in a later folder, so a
    user changes a built-in audience by writing only what differs. `sections` finds what is
    wrong with the sections of the audience read (against its template), reported with its
    other problems, in one run."""
    files = audience_files(folders)
    if name not in files:
        raise TemplateError([Problem(name, f"unknown audience (known: {', '.join(sorted(files))})",
                                     field="audience")])
    merged: dict[str, object] = {}
    origins: Where = {}
    chain: list[Path] = []
    stray: list[Problem] = []  # keys no audience has, in any file of the chain
    current: Path | None = files[name]
    while current is not None:
        if current in chain:
            names = " -> ".join(p.stem for p in chain + [current])
            raise TemplateError([Problem(str(chain[-1]), f"audiences extend each other in a "
                                                         f"loop: {names}", field="extends")])
        chain.append(current)
        data, lines = _read(current, folders, stray)
        for key, line in lines.items():  # the first file of the chain to write a key wins
            origins.setdefault(key, (str(current), line))
        for key, value in data.items():
            if key == "words":
                merged[key] = merge_words(value, merged.get(key), current, lines)
            elif key in ("theme", "titles", "limits"):
                if not isinstance(value, dict) and value is not None:
                    raise TemplateError([Problem(str(current), "must be a mapping, not "
                                                 f"{type(value).__name__}", lines.get(key), key)])
                merged[key] = {**(value or {}), **merged.get(key, {})}  # type: ignore[dict-item]
            elif key != "extends":
                merged.setdefault(key, value)
        parent = str(data["extends"]) if data.get("extends") else (
            None if current.stem == DEFAULT_AUDIENCE else DEFAULT_AUDIENCE)
        if parent is None:
            break
        found = _definitions(parent, folders)
        if parent == current.stem:  # the definition this one replaces
            found = found[found.index(current) + 1:] if current in found else []
        if not found:
            raise TemplateError([Problem(str(current), f"extends unknown audience {parent!r}",
                                         field="extends")])
        current = found[0]
    return _build(name, merged, str(files[name]), origins, stray, sections)


def _read(path: Path, folders: list[Path],
          stray: list[Problem]) -> tuple[dict[str, object], dict[str, int]]:
    """An audience file's data, and the line of each key ("label", "theme.body_size"); a
    problem for each key no audience has is added to `stray`."""
    from briefgen.design.environment import confined

    confined(path, folders)
    data, node = read_settings(path, "an audience file", stray)  # a key written twice: stray
    stray += unknown_keys(node, AUDIENCE, str(path))  # at every depth, each with its line
    lines = key_lines(node)
    for name in NESTED:
        lines |= {f"{name}.{key}": line for key, line in key_lines(node, name).items()}
    sections = node.value.get("sections") if node is not None else None
    if sections is not None and isinstance(sections.value, list):  # each entry's own line
        lines |= {f"sections[{i}]": entry.line for i, entry in enumerate(sections.value)}
    return data, lines


def _build(name: str, data: dict[str, object], file: str, origins: Where,
           stray: list[Problem], sections: Callable[[Audience], list[Problem]] | None
           ) -> Audience:
    """The audience of the merged data of its chain; or every problem of it, sorted by line."""
    found = Checker(file, list(stray))  # the keys no audience has; then every other problem

    def problem(key: str, message: str) -> None:
        at, line = origins.get(key, (file, None))
        head, _, rest = key.partition(".")  # a key of any length, shown on one short line
        found.add(Problem(at, message, line, field_path(head, rest) if rest else key))

    def want(key: str, kind: type | tuple[type, ...], default: object = None) -> object:
        value = data.get(key, default)
        if value is not None and not isinstance(value, kind):
            problem(key, f"has the wrong type ({type(value).__name__})")
            return default
        return value

    header = tuple(want("header", list, list(HEADER_FIELDS)))  # type: ignore[arg-type]
    limits = want("limits", dict, {})
    sources = want("sources", str, "numbered")
    classifications = want("classifications", list)
    release = want("release", list)
    fit = want("fit", dict, {}) or {}  # a stray key in it: `validate.unknown_keys`
    theme = dict(want("theme", dict, {}) or {})  # type: ignore[call-overload]
    marks = want("portion_marks", bool)
    if marks is not None:  # the audience's word for its theme's setting
        theme["portion_marks"] = marks
    _check_entries(header, limits, theme, problem)  # type: ignore[arg-type]
    if sources not in SOURCE_STYLES:
        problem("sources", f"sources is one of {', '.join(SOURCE_STYLES)}")
    favour = _fit_problems(fit, problem)  # type: ignore[arg-type]
    texts = {key: str(want(key, str, default)) for key, default in (
        ("description", ""), ("label", "BRIEFING MEMO"), ("date_label", "DATE"),
        ("template", "brief.xml.j2"))}
    audience = Audience(
        name=name, **texts, header=header,
        headline=bool(want("headline", bool, False)),
        sections=tuple(str(s) for s in want("sections", list, []) or []),  # type: ignore[union-attr]
        titles={str(k): str(v) for k, v in (want("titles", dict, {}) or {}).items()},  # type: ignore[union-attr]
        limits=dict(limits or {}),  # type: ignore[arg-type]
        recommendation=want("recommendation", str),  # type: ignore[arg-type]
        sources=str(sources),
        all_sources=bool(want("all_sources", bool, False)),
        prepared_by=bool(want("prepared_by", bool, True)),
        theme=theme,
        tighten=bool(fit.get("tighten", True)),  # type: ignore[union-attr]
        favour=favour,
        classifications=None if classifications is None else tuple(
            None if c is None else str(c) for c in classifications),  # type: ignore[union-attr]
        portion_marks=marks,  # type: ignore[arg-type]
        release=None if release is None else tuple(
            str(r).casefold() for r in release if r is not None),  # type: ignore[union-attr]
        file=file, origins=origins, language=language_setting(want("language", str), problem),
        words=own_words(want("words", dict, {}) or {}, problem))  # type: ignore[arg-type]
    for each in sections(audience) if sections is not None else ():
        found.add(each)
    if found.problems:
        raise TemplateError(by_line(found.problems, found.more))
    return audience


def _fit_problems(fit: dict[object, object], problem: Callable[[str, str], None]
                  ) -> tuple[str, ...]:
    """The `fit` mapping's values checked; the lists it favours (none if they are wrong)."""
    if not isinstance(fit.get("tighten", True), bool):
        problem("fit.tighten", "is true or false")
    favour = fit.get("favour", [])
    if not isinstance(favour, list) or any(x not in LIMITED for x in favour):
        problem("fit.favour", f"is a list of {', '.join(LIMITED)}")
        return ()
    return tuple(str(x) for x in favour)


def _check_entries(header: tuple[object, ...], limits: dict[object, object],
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
        named = key in LIMITED or (user_section(key) and close is None)
        if not named or not isinstance(value, int) or isinstance(value, bool) \
                or not 0 <= value <= MAX_LIST:
            hint = f" (did you mean '{close}'?)" if close else ""
            problem(f"limits.{key}", f"limits are a count from 0 to {MAX_LIST} (the most a list "
                                     f"of facts holds) for {', '.join(LIMITED)}, or a user "
                                     f"section's id{hint}")
    for key, value in theme.items():
        for message in setting_problems(key, value, checker):
            problem(f"theme.{key}", message)
