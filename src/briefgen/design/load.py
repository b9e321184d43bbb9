"""Design: what a brief looks like, resolved from `-t` and `-a`.

In: the `--template` value (a built-in name, a user's folder or a template file) and an audience
name. Out: a `Design` ready to build with: the template environment and file, the theme with every
layer applied (built-in theme.yaml, the user's theme.yaml, the audience's overrides), the audience.
A user's folder may hold any of: `brief.xml.j2` (or other `.j2` templates), `theme.yaml`,
`audiences/*.yaml`; whatever it lacks comes from the built-in template. A `Design` remembers the
state of the files it was read from (`Design.unchanged`), so a process that keeps it
(`pipeline.design_for`) reads it again once one of them is edited.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from briefgen.compose.markup_tree import ATTRIBUTES
from briefgen.design.added_text import (
    audience_text_problems,
    template_text_problems,
)
from briefgen.design.audience import (
    AUDIENCE_DIR,
    DEFAULT_AUDIENCE,
    Audience,
    audience_files,
    load_audience,
)
from briefgen.design.environment import (
    BUILTIN_DIR,
    TEMPLATE_FILE,
    THEME_FILE,
    Token,
    check_elements,
    confined,
    describe,
    environment,
    template_blocks,
)
from briefgen.design.template_source import template_files
from briefgen.design.theme import Theme, Where
from briefgen.design.theme_file import read_theme_layer, theme_from_mapping, with_absolute_logo
from briefgen.design.theme_fonts import check_fonts
from briefgen.errors import Problem, TemplateError
from briefgen.input.nodes import show
from briefgen.input.schema import likely_typo, user_section
from briefgen.input.validate import MAX_PROBLEMS, SUGGEST_LENGTH

BUILTIN_TEMPLATES = {"default": BUILTIN_DIR}
# What a design knows of each file it was read from: (path, (type and mode, inode, size,
# modification and change times in ns)), None for a file that is not there.
Stamp = tuple[tuple[str, tuple[int, int, int, int, int] | None], ...]


@dataclass(frozen=True)
class Design:
    env: jinja2.Environment
    template: str  # the template file the audience renders with
    theme: Theme
    audience: Audience
    templates: Templates | None = field(default=None, compare=False, repr=False)
    stamp: Stamp = field(default=(), compare=False, repr=False)  # taken before anything is read
    # where each theme setting in force was written (its file and line), for problems found
    # later with the values together with the brief (`pipeline._check_margins`)
    where: Where = field(default_factory=dict, compare=False, repr=False)

    def unchanged(self) -> bool:
        """Is every file this design was read from as it was when it was read? Its theme and
        audience files and the folders that hold them (`stamp`), and every template it has
        compiled (as Jinja2 checks them: by modification time). A few stats and no file read:
        under 0.1 ms, against some 50 ms for a build."""
        if self.templates is None:
            return True
        if stamp(self.templates) != self.stamp:
            return False
        compiled = getattr(self.env, "cache", None)
        return compiled is None or all(t.is_up_to_date for t in compiled.values())


@dataclass(frozen=True)
class Templates:
    """The template folders in force: the user's (if any) in front of the built-in one."""

    user: Path | None
    main: str | None  # a template file named by `-t FILE`
    lexed: tuple[tuple[Path, tuple[Token, ...]], ...] = field(default=(), compare=False)

    @property
    def folders(self) -> list[Path]:
        return ([self.user] if self.user else []) + [BUILTIN_DIR]


def stamp(templates: Templates) -> Stamp:
    """The state of every file a design of these templates reads but its compiled templates:
    each folder's theme file, audiences folder and audience files; the user's template files
    checked (`lexed`); and the template folders themselves (a template added beside the others
    changes its folder), but for the folder of a template named as a file (`-t FILE`), which
    may be where the briefs are written."""
    paths: list[str] = []
    for folder in templates.folders:
        audiences = os.path.join(folder, AUDIENCE_DIR)
        paths += [os.path.join(folder, THEME_FILE), audiences]
        try:
            with os.scandir(audiences) as entries:
                paths += sorted(e.path for e in entries if e.name.endswith(".yaml"))
        except OSError:  # no audiences folder (its absence is in the stamp)
            pass
    folders = {str(path.parent) for path, _ in templates.lexed} | {str(BUILTIN_DIR)}
    if templates.user is not None and templates.main is None:
        folders.add(str(templates.user))
    elif templates.user is not None:
        folders.discard(str(templates.user))
    paths += sorted(folders) + [str(path) for path, _ in templates.lexed]
    return tuple((path, _state(path)) for path in paths)


def _state(path: str) -> tuple[int, int, int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def find_templates(template: str | None) -> Templates:
    """Resolve `-t`: None or a built-in name, a folder, or a template file."""
    if template is None or template in BUILTIN_TEMPLATES:
        return Templates(None, None)
    path = Path(template)
    if path.is_dir():
        files = template_files(path)  # bounded: depth, count, bytes
        return Templates(path, None, check_elements(files, path, set(ATTRIBUTES)))
    if path.is_file():
        return Templates(path.parent, path.name, check_elements([path], path.parent,
                                                                set(ATTRIBUTES)))
    raise TemplateError([Problem(template, "no such template: give a built-in name "
                                           f"({', '.join(BUILTIN_TEMPLATES)}), a folder or a "
                                           "template file", field="template")])


def load_design(templates: Templates, audience_name: str | None = None,
                paper: str | None = None) -> Design:
    """Everything a brief is built with, each part checked before anything is built: the
    audience, the theme (every layer), the logo, the template and the text they print."""
    before = stamp(templates)  # taken first: a file edited while it is read is read again
    env = environment(templates.user)
    known: dict[str, set[str]] = {}  # each template's blocks, found once (it compiles it)

    def blocks_of(name: str) -> set[str]:
        if name not in known:
            known[name] = template_blocks(env, name)
        return known[name]

    audience = load_audience(audience_name or DEFAULT_AUDIENCE, templates.folders,
                             lambda read: _section_problems(read, blocks_of, templates.main))
    blocks = blocks_of(templates.main or audience.template)
    audience = dataclasses.replace(audience, user_sections=tuple(
        name for name in audience.sections if name not in blocks))
    theme, where = _theme(templates, audience, paper)
    if theme.logo:
        confined(Path(theme.logo), templates.folders)
        _check_logo(theme, where)
    template = templates.main or audience.template
    unprintable = audience_text_problems(audience, theme)
    if templates.user is not None:
        unprintable += template_text_problems(templates.lexed, theme)
    if unprintable:
        raise TemplateError(unprintable)
    return Design(env, template, theme, audience, templates, before, where)


def _section_problems(audience: Audience, blocks_of: Callable[[str], set[str]],
                      main: str | None) -> list[Problem]:
    """A problem for each section of the audience its template has no block for, at the line of
    the entry, with a "did you mean" for a likely typo; the blocks there are, with the first.
    A name that could be a user section's id and is not a likely typo of a block's
    (`schema.likely_typo`) places that facts section."""
    import difflib

    template = main or audience.template
    blocks = blocks_of(template)
    problems = []
    for i, name in enumerate(audience.sections):
        if name in blocks:
            continue
        file, line = audience.origins.get(f"sections[{i}]", audience.origins.get(
            "sections", (audience.file, None)))
        if user_section(name) and likely_typo(name, blocks) is None:
            continue  # a section of the facts, placed by its id
        close = difflib.get_close_matches(name, sorted(blocks), n=1) if len(name) <= SUGGEST_LENGTH else []
        inside = [f"did you mean '{close[0]}'?"] if close else []
        if not problems:
            inside.append(f"the template {template} has: {', '.join(sorted(blocks))}")
        hint = f" ({'; '.join(inside)})" if inside else ""
        problems.append(Problem(file, f"unknown section {show(name)}{hint}", line,
                                f"sections[{i}]"))
        if len(problems) > MAX_PROBLEMS:
            break
    return problems


def _theme(templates: Templates, audience: Audience,
           paper: str | None = None) -> tuple[Theme, Where]:
    """The theme with every layer applied (built-in theme.yaml, the user's, the audience's
    overrides, then `paper`: --paper), and where each setting in force was written. Each layer
    is checked as it is applied, so a bad value is reported even where a later layer replaces
    it."""
    layers: list[tuple[dict[str, object], Where, list[Problem], str]] = []
    for folder in reversed(templates.folders):
        path = folder / THEME_FILE
        if path.is_symlink() or path.exists():  # a pipe there is refused, not passed over
            confined(path, templates.folders)
            layers.append((*read_theme_layer(path), str(path)))
    overrides: dict[str, object] = {}
    at: Where = {}
    for key, value in audience.theme.items():
        file, line = audience.origins.get(f"theme.{key}", (audience.file, None))
        at[key] = (file, line)
        # an audience's logo is relative to its template folder (audiences/ is one level down)
        overrides |= with_absolute_logo({key: value}, Path(file).parent.parent)
    layers.append((overrides, at, [], audience.file))
    if paper is not None:
        layers.append(({"page": paper}, {"page": ("--paper", None)}, [], "--paper"))
    merged: dict[str, object] = {}
    where: Where = {}
    for layer, layer_where, read, file in layers:
        merged.update(layer)
        where.update(layer_where)
        try:
            theme = theme_from_mapping(merged, file, where, read)
        except TemplateError as exc:  # in an audience file, a setting is under `theme:`
            raise TemplateError([dataclasses.replace(p, field=f"theme.{p.field}")
                                 if at.get(str(p.field)) == (p.file, p.line) else p
                                 for p in exc.problems]) from None
    theme = dataclasses.replace(theme, font_dirs=tuple(
        str(folder.resolve()) for folder in templates.folders if folder != BUILTIN_DIR))
    check_fonts(theme, where, at, str(BUILTIN_DIR / THEME_FILE))
    return theme, where


def _check_logo(theme: Theme, where: Where) -> None:
    """The logo file is sound, and at the theme's logo height no wider than the text
    (`briefgen.design.logo`): problems named at the line that set `logo`. The writers check it again
    as they place it, so a file changed since is not drawn unchecked."""
    from briefgen.design.logo import LogoError, placed

    file, line = where.get("logo", (theme.logo, None))
    try:
        placed(theme.logo, theme.logo_height, theme.text_width)
    except LogoError as exc:
        raise TemplateError([Problem(file, f"{theme.logo} {exc.reason}", line, "logo")]) \
            from None


def catalogue(templates: Templates) -> list[tuple[str, str, str]]:
    """(kind, name, description) of every template and audience in force, the user's marked."""
    rows = [("template", name, describe(folder / TEMPLATE_FILE))
            for name, folder in BUILTIN_TEMPLATES.items()]
    if templates.user:
        for path in sorted(templates.user.glob("*.j2")):
            rows.append(("template", f"{path.name} (yours)", describe(path)))
    for name, path in sorted(audience_files(templates.folders).items()):
        mine = templates.user is not None and path.parent.parent == templates.user
        try:
            description = load_audience(name, templates.folders).description
        except TemplateError as exc:
            description = f"(invalid: {exc.problems[0].message})"
        rows.append(("audience", name + (" (yours)" if mine else ""), description))
    return rows
