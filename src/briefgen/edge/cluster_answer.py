"""A cluster worker's answer for one brief, as one `bytes` value (`encode`), and read back here
with every field checked (`decode`).

One `bytes` value, not a tuple of them: Dask measures a `bytes` value exactly (a large tuple's
size it estimates from a sample), so the scheduler's size of an answer, checked before it is
fetched, is its true size. The value is a line of JSON (what kind of answer, the notes, the
problems, the length of each file) followed by the files' bytes. Nothing in it is code: an
answer that is not what a worker of this briefgen sends is an error at the brief's facts file.
"""

from __future__ import annotations

import json
from typing import Any

from briefgen import errors
from briefgen.errors import BriefgenError, Problem

MAX_HEADER_BYTES = 4 << 20  # the JSON line: notes, problems, lengths


def encode_brief(outputs: dict[str, Any], notes: tuple[str, ...], pages: int,
                 asked: int) -> bytes:
    """A built brief: its files (a format written per page, png: a list of pages), notes and
    page counts."""
    files: list[bytes] = []
    lengths: dict[str, Any] = {}
    for fmt, data in outputs.items():
        parts = list(data) if isinstance(data, tuple) else [data]
        lengths[fmt] = [len(p) for p in parts] if isinstance(data, tuple) else len(data)
        files += parts
    header = {"kind": "brief", "files": lengths, "notes": list(notes), "pages": pages,
              "asked": asked}
    return _joined(header, files)


def encode_error(error: BriefgenError) -> bytes:
    """Problems that stopped a brief (their class, if one of briefgen's own)."""
    problems = [{"file": p.file, "message": p.message, "line": p.line, "field": p.field,
                 "details": list(p.details)} for p in error.problems]
    return _joined({"kind": "error", "class": type(error).__name__, "problems": problems}, [])


def encode_internal(text: str) -> bytes:
    """An internal error's text."""
    return _joined({"kind": "internal", "text": text}, [])


def _joined(header: dict, files: list[bytes]) -> bytes:
    return b"".join([json.dumps(header, ensure_ascii=True).encode("ascii"), b"\n", *files])


class _Bad(Exception):
    """What is wrong with an answer."""


def decode(value: object, facts: str, formats: tuple[str, ...]) -> object:
    """A worker's answer for the brief of `facts`, asked in `formats`, as `batch.build_one`
    would have given it; an answer of any other shape is a BriefgenError at `facts`."""
    try:
        if not isinstance(value, bytes):
            raise _Bad(f"it is a {type(value).__name__}, not bytes")
        end = value.find(b"\n", 0, MAX_HEADER_BYTES)
        if end < 0:
            raise _Bad("it has no header")
        try:
            header = json.loads(value[:end])
        except ValueError:
            raise _Bad("its header is not JSON") from None
        if not isinstance(header, dict):
            raise _Bad("its header is not an object")
        return _read(header, memoryview(value)[end + 1:], formats)
    except _Bad as bad:
        return BriefgenError([Problem(facts, f"the cluster's answer is not a brief's "
                                             f"({bad}): is every worker's briefgen this one?")])


def _read(header: dict, rest: memoryview, formats: tuple[str, ...]) -> object:
    kind = header.get("kind")
    if kind == "internal":
        from briefgen.edge.batch import InternalError

        return InternalError(_typed(header, "text", str))
    if kind == "error":
        return _error(header)
    if kind != "brief":
        raise _Bad(f"kind {kind!r}")
    return _brief(header, rest, formats)


def _error(header: dict) -> BriefgenError:
    problems = _typed(header, "problems", list)
    if not problems:
        raise _Bad("an error without a problem")
    made = []
    for item in problems:
        if not isinstance(item, dict):
            raise _Bad("a problem is not an object")
        line, field = item.get("line"), item.get("field")
        if not (line is None or type(line) is int) or not (field is None or
                                                            isinstance(field, str)):
            raise _Bad("a problem's line or field")
        made.append(Problem(_typed(item, "file", str), _typed(item, "message", str), line,
                            field, tuple(_strings(item, "details"))))
    kind = getattr(errors, str(header.get("class")), BriefgenError)
    if not (isinstance(kind, type) and issubclass(kind, BriefgenError)):
        kind = BriefgenError
    return kind(made)


def _brief(header: dict, rest: memoryview, formats: tuple[str, ...]) -> object:
    from briefgen.pipeline import Brief

    files = _typed(header, "files", dict)
    if sorted(files) != sorted(set(formats)):
        raise _Bad(f"formats {sorted(files)}, asked {sorted(set(formats))}")
    outputs: dict[str, Any] = {}
    at = 0
    for fmt, lengths in files.items():
        many = isinstance(lengths, list)
        parts = lengths if many else [lengths]
        if not parts or not all(type(n) is int and n >= 0 for n in parts):
            raise _Bad(f"the lengths of its {fmt}")
        pieces = []
        for n in parts:
            if at + n > len(rest):
                raise _Bad("its files are shorter than it says")
            pieces.append(bytes(rest[at:at + n]))
            at += n
        outputs[fmt] = tuple(pieces) if many else pieces[0]
    if at != len(rest):
        raise _Bad("its files are longer than it says")
    pages, asked = header.get("pages"), header.get("asked")
    if not (type(pages) is int and type(asked) is int and pages >= 1 and asked >= 1):
        raise _Bad("its page counts")
    return Brief(outputs, tuple(_strings(header, "notes")), pages, asked)


def _typed(header: dict, key: str, kind: type) -> Any:
    value = header.get(key)
    if not isinstance(value, kind):
        raise _Bad(f"its {key} is not a {kind.__name__}")
    return value


def _strings(header: dict, key: str) -> list[str]:
    value = _typed(header, key, list)
    if not all(isinstance(x, str) for x in value):
        raise _Bad(f"its {key} are not text")
    return value
