"""The command line: the only place that prints, exits or writes files (through `outputs`).

Exit codes: 0 all written (or all valid), 1 bad input or a brief that cannot fit, 2 usage errors.
Each problem is one line on stderr; a traceback only with --debug.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from briefgen import DEFAULT_FORMATS, FORMATS, MAX_PAGES, __version__
from briefgen.edge import cluster_options as cluster
from briefgen.edge import writing_commands
from briefgen.edge.options import named as _named
from briefgen.edge.outputs import write_all
from briefgen.edge.terminal import Failed, terminal_line
from briefgen.edge.terminal import guard as _guard
from briefgen.errors import BriefgenError, Problem
from briefgen.input.language_codes import SUPPORTED  # the --language help lists them

PAPERS = ("a4", "letter")  # the theme's page sizes (`design.theme.PAGE_SIZES`)
PAPER_HELP = "Print on this paper, whatever the theme's `page` says (default: the theme's, Letter)."

if TYPE_CHECKING:
    pass


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
@click.option("--debug", is_flag=True, help="Show a traceback for internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Turn a file of facts into a one-page briefing memo, as PDF and DOCX (and Markdown)."""
    ctx.obj = {"debug": debug}


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The --language code as its tag ('fr-CA'); a usage error listing the supported ones."""
    if value is None:
        return None
    from briefgen.input.language_codes import parse_language

    try:
        return parse_language(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


LANGUAGE_HELP = (f"Print the brief's words and dates in this language ({' '.join(SUPPORTED)}, "
                 "or a variant such as fr-CA); default: the audience's, else "
                 "the facts file's, else en.")


@main.command()
@click.argument("facts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output-dir", type=click.Path(path_type=Path),
              default=Path("."), show_default="the current folder",
              help="Where the files go (created if missing).")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Write this format; repeatable. Default: pdf and docx (md, Markdown, only "
                   "when asked for; so are html, one self-contained HTML file, and png, a "
                   "picture of each page).")
@click.option("-a", "--audience", "audiences", multiple=True, metavar="NAME", callback=_named,
              help="Build for this audience (repeatable): <stem>-<NAME>.pdf and .docx.")
@click.option("-t", "--template", metavar="NAME|PATH", callback=_named,
              help="A built-in template, or a folder or template file of yours.")
@click.option("--pages", "pages_text", metavar="N", default="1", show_default=True,
              help=f"A brief may take up to N pages (1 to {MAX_PAGES}), each with the banner, "
                   "a page number and, after the first, a running header.")
@click.option("--allow-overflow", is_flag=True,
              help="Write a brief that cannot fit --pages pages over as many pages as it takes "
                   "instead of failing.")
@click.option("--allow-classification", "release", multiple=True, metavar="MARKING",
              help="Release facts (and, under a marking scheme, items) with this marking to "
                   "an audience that would refuse them.")
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), help=PAPER_HELP)
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="the number of cores",
              help="Build this many briefs at once (one brief: its DOCX in a second process).")
@click.option("--language", metavar="CODE", callback=_language, help=LANGUAGE_HELP)
@click.option("--cluster", "cluster_address", metavar="ADDRESS", callback=cluster.address,
              help=cluster.HELP)
@click.option("--cluster-shared-paths", "shared_paths", is_flag=True, help=cluster.SHARED_HELP)
@click.pass_context
def build(ctx: click.Context, facts: tuple[str, ...], output_dir: Path,
          formats: tuple[str, ...], audiences: tuple[str, ...], template: str | None,
          pages_text: str, allow_overflow: bool, release: tuple[str, ...], paper: str | None,
          jobs: int, language: str | None, cluster_address: str | None = None,
          shared_paths: bool = False) -> None:
    """Build one brief per FACTS file and audience."""
    from briefgen.edge import docx_process
    from briefgen.edge.build_files import build_files

    debug = ctx.obj["debug"]
    if not _guard(debug, _read_speedups):  # an unknown BRIEFGEN_SPEEDUPS: one line, once
        raise Failed
    pages = _pages(pages_text)
    chosen = tuple(f for f in FORMATS if f in formats) or DEFAULT_FORMATS
    if cluster_address is not None:  # the batch on a Dask cluster
        if not cluster.build_on(cluster_address, shared_paths, lambda a: _guard(debug, a), (
                debug, facts, output_dir, chosen, audiences, template, (pages, allow_overflow),
                release, jobs, None, paper, language)):
            raise Failed()
        return
    # one brief with a DOCX: a second core writes it (started before the heavy imports)
    side = docx_process.DocxProcess() if (
        jobs > 1 and not debug and "docx" in chosen and len(facts) == 1
        and len(set(audiences)) <= 1 and docx_process.available()) else None
    try:
        ok = build_files(lambda action: _guard(debug, action), debug, facts, output_dir,
                         chosen, audiences, template, (pages, allow_overflow), release, jobs,
                         side, paper, language)
    finally:
        if side is not None:
            side.close()
    if not ok:
        raise Failed()


@main.command(params=[p for p in build.params
                      if p.name not in ("jobs", "cluster_address", "shared_paths")])
@click.pass_context
def watch(ctx: click.Context, facts: tuple[str, ...], output_dir: Path,
          formats: tuple[str, ...], audiences: tuple[str, ...], template: str | None,
          pages_text: str, allow_overflow: bool, release: tuple[str, ...], paper: str | None,
          language: str | None) -> None:
    """Build as `build` does, then again each time a FACTS file, the template, the theme, an
    audience, or a logo or font they use changes, in one warm process; Ctrl-C stops (exit 0)."""
    from briefgen.edge.watch import Job
    from briefgen.edge.watch import watch as watch_files

    debug = ctx.obj["debug"]
    if not _guard(debug, _read_speedups):
        raise Failed
    chosen = tuple(f for f in FORMATS if f in formats) or DEFAULT_FORMATS
    job = Job(facts, output_dir, chosen, audiences, template,
              (_pages(pages_text), allow_overflow), release, paper, language)
    watch_files(lambda action: _guard(debug, action), debug, job)


def _pages(text: str) -> int:
    """The --pages value: a whole number from 1 to MAX_PAGES, or one line of error (exit 1)."""
    value = text.strip()
    if value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_PAGES:
        return int(value)
    click.echo(terminal_line(f"error: --pages {text!r}: give a whole number of pages from 1 to "
                             f"{MAX_PAGES}"), err=True)
    raise Failed


def _read_speedups() -> None:
    """Read BRIEFGEN_SPEEDUPS now, so that a value it refuses is reported before any brief."""
    import briefgen.speedups  # noqa: F401


@main.command()
@click.argument("facts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-a", "--audience", "audiences", multiple=True, metavar="NAME", callback=_named,
              help="Also check the brief for this audience (repeatable); the default audience "
                   "is always checked.")
@click.option("-t", "--template", metavar="NAME|PATH", callback=_named,
              help="A built-in template, or a folder or template file of yours.")
@click.option("--allow-classification", "release", multiple=True, metavar="MARKING",
              help="Release facts (and, under a marking scheme, items) with this marking to "
                   "an audience that would refuse them.")
@click.option("--pages", "pages_text", metavar="N", default="1", show_default=True,
              help=f"Check the brief on up to N pages (1 to {MAX_PAGES}), as build would.")
@click.option("--allow-overflow", is_flag=True,
              help="As build: a brief that cannot fit --pages pages takes as many as it needs.")
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), help=PAPER_HELP)
@click.option("--fit", "report", is_flag=True,
              help="List, per audience, what would be dropped or tightened to fit the page.")
@click.option("--language", metavar="CODE", callback=_language, help=LANGUAGE_HELP)
@click.pass_context
def check(ctx: click.Context, facts: tuple[str, ...], audiences: tuple[str, ...],
          template: str | None, release: tuple[str, ...], pages_text: str,
          allow_overflow: bool, paper: str | None, report: bool, language: str | None) -> None:
    """Check that each FACTS file would build, for the default audience and each -a NAME,
    without writing anything: the facts are validated, then the brief is fitted to its page."""
    from briefgen.edge.check import check_files

    debug = ctx.obj["debug"]
    fitting = (_pages(pages_text), allow_overflow)
    if not check_files(lambda action: _guard(debug, action), facts, audiences, template,
                       release, fitting, report, paper, language):
        raise Failed()


@main.command("init-template")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--paper", type=click.Choice(PAPERS, case_sensitive=False), default="a4",
              show_default=True,
              help="The paper size the new theme sets.")
@click.option("--language", metavar="CODE", callback=_language,
              help=f"The audience's language ({' '.join(SUPPORTED)}, or a variant such as "
                   "fr-CA), with its own words in it.")
@click.pass_context
def init_template(ctx: click.Context, folder: Path, paper: str, language: str | None) -> None:
    """Create FOLDER with a working custom template to edit: a theme, an audience and a
    template overriding one block, each commented."""
    from briefgen.design.scaffold import scaffold

    def run() -> None:
        files = scaffold(folder, paper=paper, language=language)
        try:
            for path in files:
                path.parent.mkdir(parents=True, exist_ok=True)
            write_all({path: text.encode("utf-8") for path, text in files.items()})
        except OSError as exc:
            raise BriefgenError([Problem(str(folder), f"cannot write: {exc.strerror or exc}")]) \
                from None
        for path in files:
            click.echo(terminal_line(str(path)))

    if not _guard(ctx.obj["debug"], run):
        raise Failed()


for _command in writing_commands.COMMANDS:
    main.add_command(_command)


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code (for tests and `python -m`)."""
    try:
        main.main(args=argv, prog_name="briefgen", standalone_mode=False)
    except Failed:
        return 1
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return 0


def entry_point() -> None:
    """The `briefgen` command (and `python -m briefgen`). This process, and the ones it forks,
    are briefgen's own: only here is Pillow's and HarfBuzz's import deferred (before anything
    imports reportlab; `speedups.deferred_modules`), never in a program that imports briefgen."""
    try:
        from briefgen.speedups.deferred_modules import defer
    except BriefgenError:  # a bad BRIEFGEN_SPEEDUPS: the command says so in its one line
        pass
    else:
        defer()
    sys.exit(run())
