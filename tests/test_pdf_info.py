"""The PDF's Info dictionary says only what is known: no `/Author ()` for a memo without a
sender, no empty `/Keywords ()` (a reader would show blank properties)."""

from __future__ import annotations

import pikepdf
from conftest import FACTS_DIR
from test_writer_markdown import cli


def _info(tmp_path, facts) -> dict[str, str]:
    code, out, err = cli(str(facts), "-o", str(tmp_path), "-f", "pdf")
    assert code == 0, err
    with pikepdf.open(out.strip()) as pdf:
        return {str(key): str(value) for key, value in pdf.docinfo.items()}


def test_a_brief_without_a_sender_has_no_author_and_no_empty_entry(tmp_path):
    info = _info(tmp_path, FACTS_DIR / "tiny.yaml")
    assert "/Author" not in info and "/Keywords" not in info
    assert all(value for value in info.values())
    assert info["/Title"] == "Library opening hours extended over the summer"
    assert info["/Creator"] == info["/Producer"] == "briefgen"
    assert info["/CreationDate"] == info["/ModDate"] and info["/Trapped"] == "/False"


def test_a_known_author_is_kept(tmp_path):
    info = _info(tmp_path, FACTS_DIR / "japan-nato-mission.yaml")
    assert info["/Author"] == "Regional Security Desk"
    assert "/Keywords" not in info and all(value for value in info.values())
