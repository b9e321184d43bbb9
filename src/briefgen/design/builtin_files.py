"""The built-in template's files, by name, as shipped: for `briefgen templates --show NAME`.

In: a NAME: a file's path inside the built-in template folder (`brief.xml.j2`, `theme.yaml`,
`audiences/analyst.yaml`), or an audience's name alone (`analyst`). Out: the file's bytes exactly
as shipped, so that a user can copy them into a folder of their own and change them.
"""

from __future__ import annotations

from briefgen.design.environment import BUILTIN_DIR
from briefgen.errors import Problem, TemplateError

AUDIENCES = "audiences"


def names() -> list[str]:
    """Every built-in file, as the path NAME gives it (folders joined with `/`), sorted."""
    return sorted(path.relative_to(BUILTIN_DIR).as_posix()
                  for path in BUILTIN_DIR.rglob("*") if path.is_file())


def builtin_file(name: str) -> bytes:
    """The bytes of the built-in file NAME names (an audience by its name alone too); any other
    name is an error that lists the names there are."""
    known = names()
    for candidate in (name, f"{AUDIENCES}/{name}.yaml"):
        if candidate in known:
            return (BUILTIN_DIR / candidate).read_bytes()
    audiences = [n.removeprefix(f"{AUDIENCES}/").removesuffix(".yaml") for n in known
                 if n.startswith(f"{AUDIENCES}/")]
    shown = name if len(name) <= 80 else name[:79] + "\u2026"  # a name is echoed, not a page of it
    raise TemplateError([Problem(shown, "no such built-in file (files: "
                                 f"{', '.join(known)}; or an audience by name: "
                                 f"{', '.join(audiences)})", field="show")])
