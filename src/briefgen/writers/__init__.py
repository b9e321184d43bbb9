"""Writers: one module per format, each with `write(laid_out) -> bytes`.

In: a laid-out brief (`briefgen.layout.laid_out.LaidOut`). Out: the bytes of one format. Writers
decide nothing the layout stage has decided, and never touch the disk. They are found by format
name in `WRITERS` and imported only when asked for (a PDF alone never imports python-docx).
Adding a format is one module with a `write` function and one line here.
"""

from __future__ import annotations

import importlib
from types import ModuleType

# Every format, in the order briefs are written and listed: its name -> the module writing it.
WRITERS = {
    "pdf": "briefgen.writers.pdf",
    "docx": "briefgen.writers.docx",
    "md": "briefgen.writers.markdown",
    "html": "briefgen.writers.html",
}


def writer(name: str) -> ModuleType:
    """The module that writes this format (imported now if it was not already). KeyError for a
    name not in `WRITERS`."""
    return importlib.import_module(WRITERS[name])
