"""Writers: one module per format, each with `write(laid_out) -> bytes`.

In: a laid-out brief (`briefgen.layout.laid_out.LaidOut`). Out: the bytes of one format. Writers
decide nothing the layout stage has decided, and never touch the disk. They are found by format
name in `WRITERS` and imported only when asked for (a PDF alone never imports python-docx).
Adding a format is one module with a `write` function and one line here. The preview (`png`)
is drawn from the PDF's bytes and writes a file per page (`DRAWN_FROM`, `PER_PAGE`).
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
    "png": "briefgen.writers.png",
}
# A format drawn from another format's bytes (its writer's `from_pdf`), reused when both are
# written, so the PDF is drawn once: the format -> the one it is drawn from.
DRAWN_FROM = {"png": "pdf"}
# A format written as one file per page: its writer returns a tuple of bytes, page by page.
PER_PAGE = frozenset({"png"})


def writer(name: str) -> ModuleType:
    """The module that writes this format (imported now if it was not already). KeyError for a
    name not in `WRITERS`."""
    return importlib.import_module(WRITERS[name])
