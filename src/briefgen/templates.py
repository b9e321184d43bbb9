"""Templates: a sandboxed, autoescaped Jinja2 environment over the template folders.

In: a template name and a context of plain data (from `context.build_context`). Out: markup text
for `markup.parse`. Autoescape is always on, so fact text reaches the markup as characters, never
as elements; undefined variables are errors, never blanks.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen.errors import Problem, TemplateError

BUILTIN_DIR = Path(__file__).parent / "templates"
DEFAULT_TEMPLATE = "default"
TEMPLATE_FILE = "brief.xml.j2"
THEME_FILE = "theme.yaml"


def environment(search_path: list[Path]) -> jinja2.Environment:
    """A sandboxed environment that finds templates in these folders, first match wins."""
    return ImmutableSandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def render(env: jinja2.Environment, name: str, context: dict[str, object]) -> str:
    """Render template `name`; any Jinja error becomes a TemplateError with file and line."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError([Problem(exc.filename or name, exc.message or "syntax error",
                                     line=exc.lineno, field="template")]) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError([Problem(name, f"template not found: {exc.name}")]) from None
    except jinja2.TemplateError as exc:
        file, line = _location(exc, env, name)
        raise TemplateError([Problem(file, str(exc), line=line, field="template")]) from None


def _location(exc: BaseException, env: jinja2.Environment, name: str) -> tuple[str, int | None]:
    """The template file and line a rendering error came from, read off its traceback."""
    tb = exc.__traceback__
    found: tuple[str, int | None] = (name, None)
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".j2") or code.co_filename.endswith(".xml"):
            found = (code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def list_templates() -> list[tuple[str, str]]:
    """(name, description) of each built-in template: the first line of its template file."""
    found = []
    for folder in sorted(p for p in BUILTIN_DIR.iterdir() if (p / TEMPLATE_FILE).is_file()):
        first = (folder / TEMPLATE_FILE).read_text(encoding="utf-8").splitlines()[0]
        found.append((folder.name, first.strip("{#-} ").rstrip(".") + "."))
    return found
