"""Import a module whose regular expressions are compiled when first used, not at import.

reportlab's paragraph module compiles a pattern for web addresses at import time, case-insensitive
over most of Unicode, which takes about 40 ms: a tenth of a whole `briefgen build`. Inside
`lazy_patterns(module)`, `re.compile` called from that module's top level returns a `LazyPattern`
instead, which compiles on first use. reportlab tries the pattern on every long word that ends a
line, so the PDF writer also tells it what every web address contains (`required`): a word
without it is not one, and needs no compiling to say so.

In: a module's name, while it is imported. Out: that module with a `LazyPattern` wherever its
top level kept a compiled pattern. It relies on the module calling `re.compile` through the
module `re` at its top level (not `from re import compile`), which tests/test_speedups_pins.py
checks for reportlab's paragraph module, and on CPython's `sys._getframe` to tell who calls.
`briefgen.speedups.platypus` uses it, and not at all with BRIEFGEN_SPEEDUPS=off.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()


class LazyPattern:
    """Stands for `re.compile(pattern, flags)` and compiles it on first use of any attribute
    (`match`, `search`, `pattern`, ...). A module keeps it where it keeps the pattern.

    `required`, when set, is a substring that every match contains: `match` and `search` of a
    whole text without it give None without compiling."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern | None = None
        self.required: str | None = None

    def _pattern(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str):
        return getattr(self._pattern(), name)

    def _cannot_match(self, string, bounds: tuple) -> bool:
        return self.required is not None and not bounds and self.required not in string

    def match(self, string, *bounds):
        return None if self._cannot_match(string, bounds) \
            else self._pattern().match(string, *bounds)

    def search(self, string, *bounds):
        return None if self._cannot_match(string, bounds) \
            else self._pattern().search(string, *bounds)

    def __repr__(self) -> str:
        return f"LazyPattern{self._args!r}"


@contextmanager
def lazy_patterns(module: str) -> Iterator[None]:
    """While importing `module` in this block, its top-level `re.compile` calls are lazy. Other
    modules, and that module's functions, compile as usual."""
    compile_now = re.compile

    def compile_later(pattern, flags=0):
        caller = sys._getframe(1)
        if caller.f_globals.get("__name__") == module and caller.f_code.co_name == "<module>":
            return LazyPattern(pattern, flags)
        return compile_now(pattern, flags)

    with _lock:
        re.compile = compile_later
        try:
            yield
        finally:
            re.compile = compile_now
