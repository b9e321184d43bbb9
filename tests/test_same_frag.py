"""`speedups.same_frag` answers as reportlab's C `sameFrag` does, on fragments of every kind, and
the line breaking of reportlab's paragraph module uses it (with the speed tricks on)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.colors import Color
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag

import briefgen.speedups.platypus  # noqa: F401  (installs it)
from briefgen.speedups import ENABLED
from briefgen.speedups.same_frag import COMPARED, same_frag

_rl_accel = __import__("_rl_accel")  # reportlab's C accelerators, whose answer is the truth
NAN = math.nan

VALUES = st.sampled_from([None, 0, 0.0, 1, 10.0, NAN, "F1", "F2", [], [1], Color(0, 0, 0),
                          Color(0, 0, 0), Color(1, 0, 0), False, True])
ATTRIBUTES = st.dictionaries(st.sampled_from([*COMPARED, "cbDefn", "lineBreak", "text"]),
                             VALUES, max_size=10)


def _frag(values: dict) -> ParaFrag:
    frag = ParaFrag()
    for name, value in values.items():
        setattr(frag, name, value)
    return frag


@settings(max_examples=400, deadline=None)
@given(ATTRIBUTES, ATTRIBUTES, st.booleans())
def test_same_answer_as_reportlabs_c_version(first: dict, second: dict, alike: bool) -> None:
    f = _frag(first)
    g = _frag(first if alike else second)  # alike: the same values, objects shared
    assert same_frag(f, g) is bool(_rl_accel.sameFrag(f, g))
    assert same_frag(f, f) is bool(_rl_accel.sameFrag(f, f))


def test_nan_size_is_itself_and_missing_matches_missing() -> None:
    f, g = _frag({"fontSize": NAN}), _frag({})
    g.fontSize = f.fontSize  # the same NaN object: the C version's identity test says alike
    assert same_frag(f, g) is bool(_rl_accel.sameFrag(f, g)) is True
    assert same_frag(_frag({"fontSize": float("nan")}), _frag({"fontSize": float("nan")})) \
        is bool(_rl_accel.sameFrag(_frag({"fontSize": NAN}), _frag({"fontSize": float("nan")})))
    assert same_frag(_frag({}), _frag({})) is True
    assert same_frag(_frag({"link": []}), _frag({})) is False
    assert same_frag(_frag({"cbDefn": None}), _frag({"cbDefn": None})) is False


def test_paragraph_line_breaking_uses_it() -> None:
    assert ENABLED  # the suite runs with the speed tricks on
    assert paragraph.sameFrag is same_frag
