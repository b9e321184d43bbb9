"""Input edge cases a user met: a URL scheme in capitals, `BRIEFGEN_CACHE_DIR=OFF`, a priority
written as text against the JSON Schema. Each is checked as the user sees it: the command's exit
code and messages, and the files it writes read back."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import jsonschema
import pypdf
from docx.opc.constants import RELATIONSHIP_TYPE

from briefgen import disk_cache
from briefgen.edge.cli import run

ROOT = Path(__file__).resolve().parent.parent
UPPER = "HTTPS://example.org/UP"


def test_a_url_scheme_in_capitals_builds_a_live_link_in_every_format(tmp_path, capsys):
    facts = tmp_path / "upper.yaml"
    facts.write_text("title: t\nsummary: s\nkey_points: [{text: k, sources: [b]}]\n"
                     "sources:\n  - id: b\n    title: upper scheme\n"
                     f"    url: \"{UPPER}\"\n", encoding="utf-8")
    assert run(["check", str(facts)]) == 0
    out = tmp_path / "out"
    code = run(["build", str(facts), "-o", str(out), "-f", "pdf", "-f", "docx", "-f", "md"])
    assert code == 0, capsys.readouterr().err
    assert "error" not in capsys.readouterr().err
    page = pypdf.PdfReader(out / "upper.pdf").pages[0]
    links = [a.get_object() for a in page.get("/Annots", [])]
    assert [a["/A"]["/URI"] for a in links if a["/Subtype"] == "/Link"] == [UPPER]
    word = docx.Document(str(out / "upper.docx"))
    targets = [r.target_ref for r in word.part.rels.values()
               if r.reltype == RELATIONSHIP_TYPE.HYPERLINK]
    assert targets == [UPPER]
    assert f"]({UPPER})" in (out / "upper.md").read_text(encoding="utf-8")


def test_cache_dir_off_in_any_case_turns_caching_off_and_makes_no_folder(
        tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for word in ("OFF", "Off", "off"):
        monkeypatch.setenv("BRIEFGEN_CACHE_DIR", word)
        assert disk_cache.root() is None and disk_cache.folder("kind") is None
    facts = tmp_path / "f.yaml"
    facts.write_text("title: T\nsummary: S\n", encoding="utf-8")
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", "OFF")
    assert run(["build", str(facts), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.yaml", "out"]


def test_the_facts_schema_takes_a_priority_as_briefgen_does(tmp_path, capsys):
    schema = json.loads((ROOT / "docs" / "schemas" / "facts.schema.json").read_text("utf-8"))
    check = jsonschema.Draft202012Validator(schema)
    for priority in (1, 3, "1", "3", None):
        data = {"title": "T", "summary": "S", "key_points": [{"text": "K", "priority": priority}]}
        assert list(check.iter_errors(data)) == [], priority
        path = tmp_path / "f.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert run(["check", str(path)]) == 0, capsys.readouterr().err
    for priority in (0, 4, "4", "12", "one", "", 1.5, True):
        data = {"title": "T", "summary": "S", "key_points": [{"text": "K", "priority": priority}]}
        assert list(check.iter_errors(data)) != [], priority
        path = tmp_path / "f.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        assert run(["check", str(path)]) == 1, priority
