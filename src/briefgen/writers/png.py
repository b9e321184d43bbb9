"""The preview writer: a PNG picture of each page of the PDF brief.

In: the laid-out brief, or the PDF's bytes when the PDF is written in the same build (so it is
drawn once: `pipeline._write` hands them over). Out: one PNG per page, in page order, as a tuple
of bytes; the command line names them `brief.png`, `brief-2.png`, ... (`edge/page_files.py`).

The pages are drawn by PDFium (the pypdfium2 wheel: no system tool, some 45 ms a page at this
resolution, against some 250 ms for poppler's pdftoppm run as a program) at 120 dots per inch:
a Letter page is 1020 x 1320 pixels, wide enough to read 9-point text on a screen, small enough
to preview at a glance. The file holds nothing but the picture (no time, no text chunk, no
resolution chunk) and is compressed at one fixed level, so a rebuild gives the same bytes; the
command line puts in a mark of its own when it writes the files (`page_files.marked`).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefgen.layout.laid_out import LaidOut

DPI = 120  # dots per inch: a PDF point is 1/72 inch
COMPRESSION = 1  # zlib's level: the fastest, and on these pages no larger than level 6


def write(laid_out: LaidOut) -> tuple[bytes, ...]:
    """A PNG of each page of the brief's PDF (drawn now)."""
    from briefgen.writers import writer

    return from_pdf(writer("pdf").write(laid_out))


def from_pdf(pdf: bytes) -> tuple[bytes, ...]:
    """A PNG of each page of a PDF, in page order."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return tuple(_picture(document[index]) for index in range(len(document)))
    finally:
        document.close()


def _picture(page: object) -> bytes:
    """One page drawn on white at DPI, as PNG bytes (RGB, 8 bits a channel)."""
    try:
        # rev_byteorder: PDFium's pixels in RGB order, as Pillow reads them, not BGR
        bitmap = page.render(scale=DPI / 72, rev_byteorder=True)
        try:
            image = bitmap.to_pil()
            out = io.BytesIO()
            image.save(out, format="PNG", compress_level=COMPRESSION)
            return out.getvalue()
        finally:
            bitmap.close()
    finally:
        page.close()
