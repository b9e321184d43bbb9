"""A template's language tag (`<brief lang=...>`, or a `{% set language %}` that feeds it) is
checked as a facts file's `language` and `--language` are: a bad one is the template's one
located line; a good one is written, as its tag, into every format's document language."""

from __future__ import annotations

import re
import zipfile

import pikepdf
import pytest
from conftest import FACTS_DIR
from test_writer_markdown import cli

from briefgen.design.environment import BUILTIN_DIR, TEMPLATE_FILE

TINY = FACTS_DIR / "tiny.yaml"
SUPPORTED = ("(supported: en, fr, de, es, it, pt, nl, pl, ru, uk, ja, zh, ko, ar, he, and their "
             "regional variants such as fr-CA, pt-BR, zh-TW)")
BUILTIN_BRIEF = BUILTIN_DIR / TEMPLATE_FILE
# the built-in brief with its language written in: `lang="..."` is on its line 21
OWN_BRIEF = BUILTIN_BRIEF.read_text("utf-8").replace('lang="{{ language }}"', 'lang="LANG"')
SET_LANGUAGE = '{% set language = "LANG" %}{% extends "builtin/brief.xml.j2" %}\n'


def _folder(tmp_path, text: str):
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "brief.xml.j2").write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize("own", [True, False])
@pytest.mark.parametrize("tag", ["zz_ZZ!!", "xx", "fr-ZZ", ""])
def test_a_bad_language_tag_in_a_template_is_one_located_line(tmp_path, own, tag):
    """Named at the line that writes `lang`: the user's own brief's, or the built-in's when a
    `{% set language %}` of the user's feeds the built-in `lang="{{ language }}"`."""
    folder = _folder(tmp_path, (OWN_BRIEF if own else SET_LANGUAGE).replace("LANG", tag))
    code, out, err = cli(str(TINY), "-t", str(folder), "-o", str(tmp_path / "out"),
                         "-f", "pdf", "-f", "docx", "-f", "html", "-f", "md")
    assert (code, out) == (1, "")
    where = folder / TEMPLATE_FILE if own else BUILTIN_BRIEF
    assert err == f"error: {where}:21: markup: lang: unknown or unsupported language " \
                  f"{tag!r} {SUPPORTED}\n"
    assert not (tmp_path / "out").exists()


def test_a_good_tag_is_written_as_its_tag_in_every_format(tmp_path):
    folder = _folder(tmp_path, OWN_BRIEF.replace("LANG", "fr_ca"))  # Babel's spelling too
    out = tmp_path / "out"
    code, _, err = cli(str(TINY), "-t", str(folder), "-o", str(out),
                       "-f", "pdf", "-f", "docx", "-f", "html")
    assert code == 0, err
    with pikepdf.open(out / "tiny.pdf") as pdf:
        assert str(pdf.Root.Lang) == "fr-CA"
    assert '<html lang="fr-CA">' in (out / "tiny.html").read_text("utf-8")
    with zipfile.ZipFile(out / "tiny.docx") as docx:
        styles = docx.read("word/styles.xml").decode("utf-8")
    assert re.search(r'<w:lang w:val="fr-CA"', styles)
