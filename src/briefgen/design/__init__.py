"""Design: what a brief looks like, resolved from `-t` and `-a`.

In: a template name or folder and an audience name. Out: a `Design`: the `Theme` (page, fonts,
sizes, colours), the `Audience` (which sections and items, labels, theme overrides) and the
sandboxed Jinja2 environment its template renders in, bounded in what a render may use.
"""
