"""A theme's fonts checked on loading: a font family the theme names is there and embeddable.

In: a whole `Theme` (`font`, `heading_font`, `font_dirs`) and where each setting was written.
Out: nothing, or a `TemplateError` at the line that named a family that is nowhere (with the
names near it), or a `FontError` naming a font file that cannot be embedded. `sans` and `serif`
need no check, so a theme without a house font reads no font here and never asks fontconfig.
"""

from __future__ import annotations

from briefgen.design.theme import Theme, Where
from briefgen.errors import Problem, TemplateError


def check_fonts(theme: Theme, where: Where, audience: Where, default_file: str) -> None:
    """A font family the theme names is there and can be embedded: found (else the problem,
    with the names near it, is named at the line that set it) and its faces read now, so a
    font reportlab cannot embed is refused, naming its file, before anything is built."""
    from briefgen.layout.font_files import FontError
    from briefgen.layout.fonts import for_theme

    # `audience`: where the audience's `theme:` keys were written (their field: theme.KEY);
    # `default_file`: the file a key no layer wrote is blamed on
    for key, heading in (("font", False), ("heading_font", True)):
        if getattr(theme, key) in ("", "sans", "serif"):
            continue
        try:
            family = for_theme(theme, heading).primary
        except FontError as exc:
            file, line = where.get(key, (default_file, None))
            field = f"theme.{key}" if audience.get(key) == (file, line) else key
            raise TemplateError([Problem(file, p.message, line, field)
                                 if p.file == "briefgen" else p  # else: a font file's
                                 for p in exc.problems]) from None
        for member in family.faces:
            if member is not None:
                member.font  # noqa: B018 - read now: FontError names a file it cannot embed
