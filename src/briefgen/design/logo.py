"""Logos: a theme's PNG or JPEG, checked before anything is built.

In: the logo's path. Out: a `Logo` (its size in pixels), or a `LogoError` saying what is wrong
with the file. The file must be a regular file of at most `MAX_BYTES`, start like a PNG or a
JPEG, and have at most `MAX_PIXELS` pixels, read from its header before any pixel is decoded (so
a small file that would decode to gigabytes is refused from its first bytes, without Pillow's
decompression-bomb error or warning); a JPEG may have at most `MAX_SCANS` scans, counted from its
segments before any is decoded. A PNG needs no such count: Pillow inflates its data only until
the image's rows are full, which `MAX_PIXELS` bounds, and reads a 4 MiB file cut into 350,000
empty chunks in about 1.4 s. Then Pillow decodes it in full, which finds a file cut short
or damaged, and python-docx reads its header as the DOCX writer will. Pillow's warnings are kept
off stderr. The writers draw the very bytes that were checked (`Logo.data`), and a file whose
content changes is checked again (checks are remembered by content: `briefgen.caches`).
"""

from __future__ import annotations

import io
import re
import struct
import warnings
from dataclasses import dataclass, field

from briefgen.caches import memo
from briefgen.errors import Problem, TemplateError
from briefgen.input.files import NotRegularFile, TooLarge, read_bytes

MAX_BYTES = 4 * 1024 * 1024
MAX_PIXELS = 4_000_000  # 2,000 by 2,000: far more than a logo a few lines high needs
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
# JPEG markers that start a frame (and give its size): SOF0 to SOF15 but DHT, JPG and DAC
JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
JPEG_NO_LENGTH = frozenset(range(0xD0, 0xD9)) | {0x01}  # RST0 to RST7, SOI, TEM: no segment
# In a scan's coded data, 0xFF is followed by 0 (a stuffed byte), a restart marker or more 0xFF
# (fill): the first 0xFF followed by anything else is the next marker.
JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
MAX_SCANS = 64  # a progressive JPEG has about 10, a baseline one 1 to 3


@dataclass(frozen=True)
class Logo:
    width: int  # pixels
    height: int
    data: bytes = field(repr=False)  # the file as checked: what the writers draw


class LogoProblem(Exception):
    """What is wrong with a logo file, in words for the user: "is an empty file"."""


class LogoError(TemplateError):
    """A logo that cannot be used, at the logo's own path; `reason` says why, to be told at the
    theme line that names the logo."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__([Problem(path, f"the logo {reason}", field="logo")])
        self.path, self.reason = path, reason

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return type(self), (self.path, self.reason)


def inspect(path: str) -> Logo:
    """The logo, once it has proved a sound PNG or JPEG within the limits. The file is read at
    each call, and checked once for each content it has had."""
    try:
        return _checked(_read(path))
    except LogoProblem as exc:
        raise LogoError(path, str(exc)) from None


def placed(path: str, height: float, room: float) -> tuple[Logo, float]:
    """The logo and its width in points at this height, which must be at most `room` (the text
    width)."""
    logo = inspect(path)
    width = height * logo.width / logo.height
    if width > room:
        raise LogoError(path, f"({logo.width:,} x {logo.height:,} pixels) would be {width:.0f} "
                              f"pt wide at logo_height {height:g} pt; at most the text width, "
                              f"{room:.0f} pt: crop it or lower logo_height")
    return logo, width


@memo("logo.checked")
def _checked(data: bytes) -> Logo:
    width, height = _header_size(data)
    if width * height > MAX_PIXELS:
        raise LogoProblem(f"has {width:,} x {height:,} pixels; at most {MAX_PIXELS:,} "
                          "pixels are allowed")
    _decode(data)
    return Logo(width, height, data)


def _read(path: str) -> bytes:
    """The file's bytes, if it is a regular file within the size limit (a FIFO is not waited
    for, a device not read)."""
    try:
        data = read_bytes(path, MAX_BYTES)
    except NotRegularFile:
        raise LogoProblem("is not a regular file") from None
    except TooLarge as exc:
        raise LogoProblem(f"is {exc.size:,} bytes; the limit is {MAX_BYTES:,} bytes") from None
    except OSError as exc:
        raise LogoProblem(f"cannot be read: {exc.strerror or exc}") from None
    if not data:
        raise LogoProblem("is an empty file")
    return data


def _header_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk or a JPEG's frame header."""
    if data.startswith(PNG_MAGIC):
        if len(data) < 24 or data[12:16] != b"IHDR":
            raise LogoProblem("is a damaged PNG file (no image header)")
        return struct.unpack(">II", data[16:24])
    if data.startswith(JPEG_MAGIC):
        return _jpeg_size(data)
    raise LogoProblem("is not a PNG or JPEG image")


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """A JPEG's size, from its first frame header, once every segment has been stepped over to
    count the scans: more than `MAX_SCANS` is refused before Pillow decodes one (each scan is
    a pass over the image, and 300,000 tiny ones in a 4 MB file took Pillow 84 s)."""
    size = None
    scans = 0
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF or marker in JPEG_NO_LENGTH:  # a fill byte, a marker alone
            at += 1 if marker == 0xFF else 2
            continue
        if marker == 0xD9:  # the end of the image
            break
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if marker in JPEG_FRAMES and size is None and at + 9 <= len(data):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            size = width, height
        if length < 2:
            break
        at += 2 + length
        if marker == 0xDA:  # a scan: its coded data runs to the next marker
            scans += 1
            if scans > MAX_SCANS:
                raise LogoProblem(f"has more than {MAX_SCANS} scans (a progressive JPEG has "
                                  "about 10); save it again as a PNG or a standard JPEG")
            found = JPEG_MARKER.search(data, at)
            at = found.start() if found else len(data)
    if size is None:
        raise LogoProblem("is a damaged JPEG file (no frame header)")
    return size


def _decode(data: bytes) -> None:
    """Decode every pixel, then read the header as the DOCX writer will; any failure is the
    file's."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's notes about the file are not for the user
        try:
            with Image.open(io.BytesIO(data), formats=("PNG", "JPEG")) as image:
                if image.width * image.height > MAX_PIXELS:  # the header read above lied
                    raise LogoProblem("has a damaged image header")
                image.load()
        except LogoProblem:
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged file fails in many ways
            detail = " ".join(str(exc).split())[:120] or type(exc).__name__
            raise LogoProblem(f"cannot be read as an image ({detail})") from None
    _docx_header(data)


def _docx_header(data: bytes) -> None:
    """python-docx reads a picture's header with its own parser (`docx.image`, the module
    `Run.add_picture` uses), which knows a JPEG only by a JFIF or Exif segment: a JPEG that
    Pillow decodes may still be one it cannot place."""
    from docx.image.image import Image as DocxImage

    try:
        DocxImage.from_blob(data)
    except Exception:  # noqa: BLE001 - UnrecognizedImageError, or a header it misreads
        raise LogoProblem("has a header the DOCX writer cannot read (a JPEG needs a JFIF or "
                          "Exif segment); save it again as a PNG or a standard JPEG") from None
