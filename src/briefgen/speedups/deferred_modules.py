"""Modules reportlab imports at its start but uses only for some briefs, loaded when first used.

reportlab imports Pillow's `PIL.Image` when it starts (`reportlab.lib.utils`), though only a brief
with a logo draws an image, and HarfBuzz's `uharfbuzz` when it loads its TrueType support
(`reportlab.pdfbase.ttfonts`), though only text of a script that needs shaping (Arabic, Hebrew,
the Indic scripts...) is shaped. Together they take about a tenth of a `briefgen build -f pdf`
process. `defer()` puts a stand-in for each in `sys.modules` before reportlab is imported: the
first attribute asked of a stand-in (`Image.open`, `uharfbuzz.Blob`) imports the real module,
which then takes the stand-in's place, and the stand-in takes on the real module's names, so a
module that kept the stand-in reads them directly from then on.

In: nothing (a call of `defer()`; `briefgen.layout` makes it, before anything of briefgen imports
reportlab). Out: stand-ins in `sys.modules`, only while the real modules are not imported yet.
Upstream behaviour relied on (reportlab below 5.2, as pyproject.toml bounds it): those two modules
of reportlab import these at their top level and ask nothing of them there but whether the name
is None (tests/test_deferred_modules.py: an English PDF imports neither; a brief with a logo and
an Arabic one build the same bytes). With BRIEFGEN_SPEEDUPS=off nothing is deferred.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

from briefgen.speedups import ENABLED

DEFERRED = ("PIL.Image", "uharfbuzz")  # the modules deferred, by name
_lock = threading.RLock()


class Deferred(types.ModuleType):
    """Stands for a module not imported yet; the first attribute asked of it that it lacks
    imports the real module (`load`)."""

    def __getattr__(self, name: str) -> object:
        return getattr(load(self), name)


def load(stand_in: Deferred) -> types.ModuleType:
    """The real module of a stand-in, imported now if it is not yet; the stand-in then holds
    every name the real module has."""
    name = stand_in.__name__
    with _lock:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        real = importlib.import_module(name)
        if stand_in.__dict__.get("__file__") is None:
            stand_in.__dict__.update(real.__dict__)
    return real


def defer() -> None:
    """Put a stand-in for each module of `DEFERRED` not imported yet in `sys.modules` (and in its
    package, for a submodule), unless the speed tricks are off (BRIEFGEN_SPEEDUPS=off)."""
    if not ENABLED:
        return
    with _lock:
        for name in DEFERRED:
            if name in sys.modules or importlib.util.find_spec(name.partition(".")[0]) is None:
                continue
            stand_in = Deferred(name)
            package, _, last = name.rpartition(".")
            if package:
                setattr(importlib.import_module(package), last, stand_in)
            sys.modules[name] = stand_in
