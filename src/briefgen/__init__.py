"""briefgen: a file of facts in, a one-page briefing memo out, as PDF and DOCX.

The library API is one function, `build`, and the error it raises. `build` is pure (the same
facts, template, audience and version give the same bytes; the date comes from the facts or
SOURCE_DATE_EPOCH) and picklable, so a batch can be mapped over processes or machines.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from briefgen.errors import BriefgenError, Problem

__version__ = "0.1.0"
__all__ = ["BriefgenError", "Problem", "__version__", "build"]
FORMATS = ("pdf", "docx")  # every format a brief is written in, in this order


def build(facts: str | os.PathLike[str], *, audience: str | None = None,
          template: str | None = None, formats: Iterable[str] = FORMATS,
          allow_overflow: bool = False,
          allow_classifications: Iterable[str] = ()) -> dict[str, bytes]:
    """Build the brief of a facts file and return its bytes by format (`"pdf"`, `"docx"`).

    `audience` and `template` are what `-a` and `-t` take on the command line. Raises
    `BriefgenError` (its `problems` say what and where) for bad input or a brief that cannot fit.
    """
    from briefgen.pipeline import build as build_brief

    brief = build_brief(facts, tuple(formats), allow_overflow, audience=audience,
                        template=template, release=tuple(allow_classifications))
    return brief.outputs
