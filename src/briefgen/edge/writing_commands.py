"""The commands that help write facts files and templates: `templates` lists them and prints
the built-in files, `draft` turns an article into a facts file (`edge.draft_command`), `schema`
prints the JSON Schemas an editor checks with. `cli` adds them to its group."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefgen.edge.options import named as _named
from briefgen.edge.terminal import Failed
from briefgen.edge.terminal import guard as _guard


@click.command()
@click.option("-t", "--template", metavar="NAME|PATH", callback=_named,
              help="Also list the templates and audiences in this folder of yours.")
@click.option("--show", metavar="NAME",
              help="Print a built-in file as shipped, to copy and change: brief.xml.j2, "
                   "theme.yaml, audiences/analyst.yaml (or an audience's name: analyst).")
@click.pass_context
def templates(ctx: click.Context, template: str | None, show: str | None) -> None:
    """List the templates and audiences it can use, with a line each; or print one of the
    built-in files (--show)."""
    from briefgen.design.load import catalogue, find_templates

    def run() -> None:
        if show is not None:
            from briefgen.design.builtin_files import builtin_file

            sys.stdout.buffer.write(builtin_file(show))
            return
        for kind, name, description in catalogue(find_templates(template)):
            click.echo(f"{kind:<9} {name:<20} {description}")

    if not _guard(ctx.obj["debug"], run):
        raise Failed()


@click.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", metavar="PATH", callback=lambda c, p, v: _draft_output(c, p, v),
              help="Write the facts file here (a folder: <stem>.yaml in it); default: stdout "
                   "for one article, <stem>.yaml here for several.")
@click.option("--date", "day", metavar="YYYY-MM-DD", callback=lambda c, p, v: _draft_date(c, p, v),
              help="The article's date (default: its dateline or page date); relative dates "
                   "such as 'Tuesday' are read against it.")
@click.option("--url", metavar="URL", callback=lambda c, p, v: _draft_url(c, p, v),
              help="The article's address, for its source entry.")
@click.pass_context
def draft(ctx: click.Context, articles: tuple[str, ...], output: Path | None, day: object,
          url: str | None) -> None:
    """Draft a facts file from each ARTICLE (text, Markdown or a saved web page): headline,
    date, quotations with speakers, dated events, figures, and a summary to rewrite."""
    from briefgen.edge.draft_command import draft_files

    if not draft_files(lambda action: _guard(ctx.obj["debug"], action), articles, output, day,
                       url):
        raise Failed()


def _draft_output(ctx: click.Context, param: click.Parameter, value: str | None) -> object:
    from briefgen.edge.draft_command import parse_output

    return parse_output(ctx, param, value)


def _draft_date(ctx: click.Context, param: click.Parameter, value: str | None) -> object:
    from briefgen.edge.draft_command import parse_date

    return parse_date(ctx, param, value)


def _draft_url(ctx: click.Context, param: click.Parameter, value: str | None) -> object:
    from briefgen.edge.draft_command import parse_url

    return parse_url(ctx, param, value)


@click.command()
@click.argument("kind", type=click.Choice(["facts", "theme", "audience"]))
def schema(kind: str) -> None:
    """Print the JSON Schema (draft 2020-12) of a facts file, a theme or an audience file, for
    an editor to complete and check them with."""
    from briefgen.input.json_schema import export_kind

    click.echo(export_kind(kind), nl=False)


COMMANDS = (templates, draft, schema)
