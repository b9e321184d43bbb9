"""Design: what a brief looks like, resolved from `-t` and `-a`.

In: the `--template` value (a built-in name, a user's folder or a template file) and an audience
name. Out: a `Design` ready to build with: the template environment and file, the theme with every
layer applied (built-in theme.yaml, the user's theme.yaml, the audience's overrides), the audience.
A user's folder may hold any of: `brief.xml.j2` (or other `.j2` templates), `theme.yaml`,
`audiences/*.yaml`; whatever it lacks comes from the built-in template.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from briefgen.audience import DEFAULT_AUDIENCE, Audience, audience_files, load_audience
from briefgen.errors import Problem, TemplateError
from briefgen.markup import ATTRIBUTES
from briefgen.templates import (
    BUILTIN_DIR,
    TEMPLATE_FILE,
    THEME_FILE,
    check_elements,
    confined,
    describe,
    environment,
    template_blocks,
)
from briefgen.theme import Theme, read_theme_file, theme_from_mapping, with_absolute_logo

BUILTIN_TEMPLATES = {"default": BUILTIN_DIR}


@dataclass(frozen=True)
class Design:
    env: jinja2.Environment
    template: str  # the template file the audience renders with
    theme: Theme
    audience: Audience


@dataclass(frozen=True)
class Templates:
    """The template folders in force: the user's (if any) in front of the built-in one."""

    user: Path | None
    main: str | None  # a template file named by `-t FILE`

    @property
    def folders(self) -> list[Path]:
        return ([self.user] if self.user else []) + [BUILTIN_DIR]


def find_templates(template: str | None) -> Templates:
    """Resolve `-t`: None or a built-in name, a folder, or a template file."""
    if template is None or template in BUILTIN_TEMPLATES:
        return Templates(None, None)
    path = Path(template)
    if path.is_dir():
        check_elements(sorted(path.rglob("*.j2")), path, set(ATTRIBUTES))
        return Templates(path, None)
    if path.is_file():
        check_elements([path], path.parent, set(ATTRIBUTES))
        return Templates(path.parent, path.name)
    raise TemplateError([Problem(template, "no such template: give a built-in name "
                                           f"({', '.join(BUILTIN_TEMPLATES)}), a folder or a "
                                           "template file", field="template")])


def load_design(templates: Templates, audience_name: str | None = None) -> Design:
    audience = load_audience(audience_name or DEFAULT_AUDIENCE, templates.folders)
    theme_layers: list[tuple[dict[str, object], str]] = []
    for folder in reversed(templates.folders):
        path = folder / THEME_FILE
        if path.is_file():
            confined(path, templates.folders)
            theme_layers.append((read_theme_file(path), str(path)))
    # an audience's logo is relative to its template folder (audiences/ is one level down)
    overrides = with_absolute_logo(dict(audience.theme), Path(audience.file).parent.parent)
    theme_layers.append((overrides, audience.file))
    merged: dict[str, object] = {}
    for layer, file in theme_layers:  # each layer's own problems, by its file; the last is all
        merged.update(layer)
        theme = theme_from_mapping(merged, file)
    if theme.logo:
        confined(Path(theme.logo), templates.folders)
    template = templates.main or audience.template
    env = environment(templates.user)
    blocks = template_blocks(env, template)
    unknown = [name for name in audience.sections if name not in blocks]
    if unknown:
        raise TemplateError([Problem(audience.file, f"unknown section {unknown[0]!r} (the "
                                     f"template {template} has: {', '.join(sorted(blocks))})",
                                     field="sections")])
    return Design(env, template, theme, audience)


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
