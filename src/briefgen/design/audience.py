"""Audiences: who a brief is for, as data.

In: audience files (`audiences/<name>.yaml` in a template folder), each extending another
(`extends:`), ending at the `default` audience. Out: a frozen `Audience`; `select()` (kept in
`design.selection`) applies its item limits to Facts, with a note for each item a limit removes.
Which sections, in which order, how many items, the labels, theme overrides, fit policy and
release guard all come from the files; no Python decides by name.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefgen.compose.languages import Language, language
from briefgen.design.audience_file import (
    AUDIENCE,
    HEADER_FIELDS,
    NESTED,
    SOURCE_STYLES,
    check_entries,
    fit_problems,
)
from briefgen.design.audience_words import language_setting, merge_words, own_words
from briefgen.design.theme import Where
from briefgen.errors import Problem, TemplateError
from briefgen.input.language_codes import base, written_in
from briefgen.input.nodes import field_path
from briefgen.input.settings_reader import key_lines, read_settings
from briefgen.input.validate import Checker, by_line, unknown_keys

AUDIENCE_DIR = "audiences"
DEFAULT_AUDIENCE = "default"


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
        own = {**self.words.get(base(tag), {}), **self.words.get(written_in(tag), {}),
               **self.words.get(tag, {})}
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
    fit = want("fit", dict, {}) or {}  # a stray key in it: `validate.unknown_keys`
    theme = dict(want("theme", dict, {}) or {})  # type: ignore[call-overload]
    marks = want("portion_marks", bool)
    if marks is not None:  # the audience's word for its theme's setting
        theme["portion_marks"] = marks
    check_entries(header, limits, theme, problem)  # type: ignore[arg-type]
    if sources not in SOURCE_STYLES:
        problem("sources", f"sources is one of {', '.join(SOURCE_STYLES)}")
    favour = fit_problems(fit, problem)  # type: ignore[arg-type]
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
        **_release(want, problem), portion_marks=marks,  # type: ignore[arg-type]
        file=file, origins=origins, language=language_setting(want("language", str), problem),
        words=own_words(want("words", dict, {}) or {}, problem))  # type: ignore[arg-type]
    for each in sections(audience) if sections is not None else ():
        found.add(each)
    if found.problems:
        raise TemplateError(by_line(found.problems, found.more))
    return audience


def _release(want: Callable[..., object], problem: Callable[[str, str], None]
             ) -> dict[str, tuple[str | None, ...] | None]:
    """What the audience may print: the markings it may receive (`classifications`; None in
    the list: facts with none) and the items' release words (`release`, casefolded, each one
    word as an item's is); None for either: any."""
    classifications, release = want("classifications", list), want("release", list)
    for word in release or ():  # type: ignore[union-attr]
        if not isinstance(word, str) or not re.fullmatch(r"\w[\w.-]*", word.strip()):
            problem("release", f"is a list of words such as public or internal, not {word!r}")
    return {
        "classifications": None if classifications is None else tuple(
            None if c is None else str(c) for c in classifications),  # type: ignore[union-attr]
        "release": None if release is None else tuple(
            str(r).strip().casefold() for r in release if r is not None),  # type: ignore[union-attr]
    }
