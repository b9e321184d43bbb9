"""Checks of option values shared by several commands."""

from __future__ import annotations

import click


def named(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """Refuse an empty template or audience name: `-t ""` would take the current folder for a
    template folder (and scan all of it), `-a ""` would quietly build the default audience."""
    if value == "" or (isinstance(value, tuple) and "" in value):
        raise click.BadParameter("is empty: give a name" +
                                 (" or a path" if param.name == "template" else ""))
    return value
