"""`build`'s `--cluster` and `--cluster-shared-paths`: their help, the address checked, and the
batch handed to `edge.cluster` (imported, with Dask, only when the option is given).

Kept apart from `cli.py` so that the command line's module stays about its commands; nothing
here imports more than Click, so `briefgen` starts as fast without the option.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import click

HELP = ("Build on a Dask cluster: a scheduler's tcp://HOST:PORT (tls:// with Dask's TLS "
        "settings), or local:N for N worker processes started here (needs briefgen[cluster]); "
        "the files are written here.")
SHARED_HELP = ("With --cluster: every worker reads the facts and template paths itself "
               "(default: they are sent with the work).")
MAX_LOCAL_WORKERS = 64  # local:N
_LOCAL = re.compile(r"local:(\d{1,4})")
_SCHEDULER = re.compile(r"(tcp|tls)://[^\s/]+:\d{1,5}")


def address(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--cluster's value: `local:N` (1 to MAX_LOCAL_WORKERS) or a scheduler's address
    (`tcp://HOST:PORT`, `tls://HOST:PORT`); else a usage error saying what is accepted."""
    if value is None:
        return None
    local = _LOCAL.fullmatch(value)
    scheduler = _SCHEDULER.fullmatch(value)
    if (local and 1 <= int(local.group(1)) <= MAX_LOCAL_WORKERS) or \
            (scheduler and 1 <= int(value.rsplit(":", 1)[1]) <= 65535):
        return value
    raise click.BadParameter(f"{value!r} is not a cluster: give a scheduler's address "
                             f"(tcp://HOST:PORT, PORT 1 to 65535) or local:N, N worker "
                             f"processes started here (1 to {MAX_LOCAL_WORKERS})")


def build_on(where: str, shared_paths: bool, guard: Callable[[Callable[[], None]], bool],
             arguments: tuple) -> bool:
    """Build every brief on the cluster `where` (`build_files`' other arguments, but the guard:
    `arguments`); True if every brief was written. A cluster that cannot be had (no Dask, no
    scheduler) is one line on stderr, and nothing is built."""
    from briefgen.edge.build_files import build_files
    from briefgen.edge.cluster import ClusterError, open_cluster

    try:
        with open_cluster(where, shared_paths) as cluster:
            return build_files(guard, *arguments, cluster=cluster)
    except ClusterError as exc:
        from briefgen.edge.cli import terminal_line

        click.echo(terminal_line(f"error: {exc}"), err=True)
        return False
