"""Modules reportlab imports at its start but uses only for some briefs, loaded when first used.

reportlab imports Pillow's `PIL.Image` when it starts (`reportlab.lib.utils`), though only a brief
with a logo draws an image, and HarfBuzz's `uharfbuzz` when it loads its TrueType support
(`reportlab.pdfbase.ttfonts`), though only text of a script that needs shaping (Arabic, Hebrew,
the Indic scripts...) is shaped. Together they take about a tenth of a `briefgen build -f pdf`
process. `defer()` puts an empty module for each in `sys.modules` (and in its package) before
reportlab is imported, as the import system would but without running its code: the first name
read, set or deleted on it (`Image.open`, `uharfbuzz.Blob`, `Image.MAX_IMAGE_PIXELS = n`) runs
the module's code in it, and from then on it is the module, a plain one, the only one: there is
no second object whose names could disagree (a program's `Image.MAX_IMAGE_PIXELS` is the one
Pillow checks; `mock.patch("PIL.Image.open")` patches what reportlab calls).

Stand-ins in `sys.modules` would be a surprise in someone else's program, so only processes that
are briefgen's own make them: the command line's entry point (`edge.cli.entry_point`, before it
imports anything heavy), and the processes it forks (the DOCX writer, a batch's workers), which
inherit them. `import briefgen` and `briefgen.build()` leave `sys.modules` alone.

In: a call of `defer()`. Out: modules in `sys.modules` whose code runs when first used, only for
modules not imported yet, whose loader runs code in a given module (`exec_module`, as Python's
source files' does).
Upstream behaviour relied on (reportlab below 5.2, as pyproject.toml bounds it): those two modules
of reportlab import these at their top level and ask nothing of them there but whether the name
is None (tests/test_deferred_modules.py: the command's English PDF imports neither; a brief with
a logo and an Arabic one build the same bytes; a program's own Pillow settings hold). With
BRIEFGEN_SPEEDUPS=off nothing is deferred.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import threading
import types

from briefgen.speedups import ENABLED

DEFERRED = ("PIL.Image", "uharfbuzz")  # the modules deferred, by name
_lock = threading.Lock()  # held while `defer` puts the modules in place
_runs = {name: threading.RLock() for name in DEFERRED}  # held while a module's code runs: once
_running: dict[str, int | None] = dict.fromkeys(DEFERRED)  # a module whose code runs: its thread
_names = types.ModuleType.__dict__["__dict__"]  # a module's own names, read without a use


def _mine(name: str) -> bool:
    """Whether this thread is running the code of the deferred module `name` now."""
    return _running.get(name) == threading.get_ident()


class Deferred(types.ModuleType):
    """A module whose code has not run yet: the first name read (that it lacks), set or deleted,
    or its `__dict__`, runs it (`load`), after which this is a plain module. Its own thread,
    while the code runs, sets names as in any module and meets a missing one as in a module
    partly imported."""

    def __getattr__(self, name: str) -> object:
        if _mine(self.__name__):
            raise AttributeError(f"partially initialized module {self.__name__!r} has no "
                                 f"attribute {name!r}")
        load(self)
        return getattr(self, name)

    def __setattr__(self, name: str, value: object) -> None:
        load(self)
        _names.__get__(self)[name] = value

    def __delattr__(self, name: str) -> None:
        load(self)
        try:
            del _names.__get__(self)[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def __dict__(self) -> dict[str, object]:  # type: ignore[override]
        """Its names, once its code has run (`mock.patch` reads them here)."""
        load(self)
        return _names.__get__(self)

    def __repr__(self) -> str:
        return f"<module {self.__name__!r} (its code runs when first used)>"


def load(module: types.ModuleType) -> None:
    """Run a deferred module's code in it, once (another thread asking meanwhile waits for it),
    then make it a plain module. Nothing for a plain module, or for the thread running the code
    now. If the code fails, the module stays deferred and the error is raised, here and at the
    next use, as a failed import is."""
    name = _names.__get__(module)["__name__"]
    if _mine(name):
        return
    with _runs[name]:
        if type(module) is not Deferred:
            return
        _running[name] = threading.get_ident()
        try:
            _names.__get__(module)["__spec__"].loader.exec_module(module)
        finally:
            _running[name] = None
        object.__setattr__(module, "__class__", types.ModuleType)  # a plain module from now on


def _made(spec: importlib.machinery.ModuleSpec) -> Deferred:
    """An empty module with what the import system gives a module before running its code."""
    module = Deferred(spec.name)
    names = _names.__get__(module)
    names.update(__spec__=spec, __loader__=spec.loader, __package__=spec.parent)
    if spec.submodule_search_locations is not None:  # a package: its submodules are found here
        names["__path__"] = list(spec.submodule_search_locations)
    if spec.has_location:
        names.update(__file__=spec.origin, __cached__=spec.cached)
    return module


def defer() -> None:
    """Put a deferred module for each of `DEFERRED` not imported yet in `sys.modules` (and in its
    package, for a submodule), unless the speed tricks are off (BRIEFGEN_SPEEDUPS=off). Only for
    a process that is briefgen's own (the module's docstring says why)."""
    if not ENABLED:
        return
    with _lock:
        for name in DEFERRED:
            if name in sys.modules:
                continue
            spec = importlib.util.find_spec(name)  # imports the package, for a submodule
            if spec is None or not hasattr(spec.loader, "exec_module"):
                continue
            module = _made(spec)
            package, _, last = name.rpartition(".")
            if package:
                setattr(sys.modules[package], last, module)
            sys.modules[name] = module
