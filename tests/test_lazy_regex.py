"""Regular expressions compiled when first used: the same results, and nothing compiled that a
brief does not need."""

from __future__ import annotations

import functools
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.speedups.lazy_regex import LazyPattern, lazy_patterns

MODULE = '''
import re
AT_IMPORT = re.compile(r"(\\w+)@(\\w+)", re.I)
SPLIT = re.compile(r"[,;]").split

def in_a_function():
    return re.compile(r"x+")
'''


def test_only_the_named_modules_top_level_patterns_are_lazy(tmp_path: Path, monkeypatch):
    (tmp_path / "lazy_sample.py").write_text(MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    compile_before = re.compile
    with lazy_patterns("lazy_sample"):
        module = importlib.import_module("lazy_sample")
        elsewhere = re.compile(r"y+")
    assert re.compile is compile_before
    assert isinstance(elsewhere, re.Pattern)
    assert isinstance(module.in_a_function(), re.Pattern)
    pattern = module.AT_IMPORT
    assert isinstance(pattern, LazyPattern) and pattern._compiled is None
    assert module.SPLIT("a,b;c") == ["a", "b", "c"]  # a method taken at import compiles it then
    match = pattern.match("Desk@Example")
    assert match.groups() == ("Desk", "Example")
    compiled = pattern._compiled
    assert isinstance(compiled, re.Pattern)
    assert pattern.flags & re.I and pattern.pattern == r"(\w+)@(\w+)"
    assert pattern.search("to desk@example").group(2) == "example"
    assert pattern._compiled is compiled  # compiled once
    sys.modules.pop("lazy_sample")


def test_re_compile_is_restored_when_the_import_fails(tmp_path: Path, monkeypatch):
    (tmp_path / "lazy_broken.py").write_text("import re\nP = re.compile('a')\nraise ValueError\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    compile_before = re.compile
    try:
        with lazy_patterns("lazy_broken"):
            importlib.import_module("lazy_broken")
    except ValueError:
        pass
    assert re.compile is compile_before


# A paragraph whose web address does not fit at the end of a line: reportlab splits it at a
# slash (its `uriWasteReduce`), matching it with the pattern `lazy_patterns` defers.
WRITE = '''
import sys
if sys.argv[1] == "eager":
    import reportlab.platypus  # compiled at import, as reportlab does on its own
from briefgen.compose import document as d
from briefgen.design.theme import Theme
from briefgen.layout.laid_out import lay_out
from briefgen.writers import pdf
from reportlab.platypus import paragraph
text = sys.argv[2]
doc = d.Document(None, (d.Section(None, (d.Paragraph((d.Run(text),)),)),), date="2025-01-01")
sys.stdout.buffer.write(pdf.write(lay_out(doc, Theme())))
sys.stderr.write(type(paragraph.uri_pat).__name__ + " " +
                 str(getattr(paragraph.uri_pat, "_compiled", "eager") is not None))
'''

ADDRESS = ("The full report is at https://example.org/reports/2025/harbour-barrier/annex-b/"
           "costs-and-delays.html for readers who want the figures. " * 3)


def _write(mode: str, text: str) -> tuple[bytes, str]:
    env = {**os.environ, "BRIEFGEN_SPEEDUPS": "on"}  # the trick under test, whatever the suite's
    run = subprocess.run([sys.executable, "-c", WRITE, mode, text], capture_output=True,
                         check=True, env=env)
    return run.stdout, run.stderr.decode()


def test_a_lazily_compiled_pattern_gives_the_same_pdf():
    lazy, used = _write("lazy", ADDRESS)
    eager, _ = _write("eager", ADDRESS)
    assert used == "LazyPattern True"  # the address was tried against it
    assert lazy == eager and lazy.startswith(b"%PDF")


def test_a_brief_without_web_addresses_never_compiles_the_pattern():
    _, used = _write("lazy", "Japan opens a mission to NATO in Brussels. " * 20)
    assert used == "LazyPattern False"


# The PDF writer tells the lazy web address pattern that every match contains "://". That holds
# for reportlab's pattern as long as its scheme part is not optional: checked here on the real
# pattern, compiled, so that a reportlab upgrade that changes it fails here.
ADDRESS_CHARS = st.sampled_from(list("abcxyzABC019.-+_~/:@?#[]%&=É漢 ")) | st.characters()


@functools.cache
def _reportlab_uri_pattern() -> re.Pattern:
    from reportlab.platypus import paragraph

    from briefgen.writers import pdf  # noqa: F401  (imports reportlab's paragraph module)

    return re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)


@pytest.mark.parametrize("text", ["www.example.org/reports", "example.org", "mailto:desk@ex.org",
                                  "https:/example.org", "http//example.org", "localhost/x",
                                  "192.168.0.1/admin", "[::1]/x"])
def test_reportlabs_web_address_pattern_needs_a_scheme(text: str):
    assert _reportlab_uri_pattern().match(text) is None


@given(st.text(ADDRESS_CHARS, max_size=40))
@settings(max_examples=300, deadline=None)
def test_no_text_without_the_required_part_matches(text: str):
    from reportlab.platypus import paragraph

    text = text.replace("://", ":/")
    assert _reportlab_uri_pattern().match(text) is None
    assert paragraph.uri_pat.match(text) is None


@pytest.mark.parametrize("text", ["https://example.org/reports/2025", "ftp://example.org",
                                  "HTTP://EXAMPLE.ORG/A"])
def test_web_addresses_still_match(text: str):
    from reportlab.platypus import paragraph

    assert paragraph.uri_pat.match(text) is not None
    assert _reportlab_uri_pattern().match(text) is not None
