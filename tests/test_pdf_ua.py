"""Every PDF briefgen makes from the project's facts files passes two PDF/UA checkers nobody here
wrote, `pdfua` and `outloud` (PyPI), with no error: every facts file for every built-in audience,
the house briefs with and without the ministry's template (its own audiences), a crowded brief
on two pages, briefs of two and three pages in English and Spanish (each page after the first
with its running header, an artifact), an English brief built in French, whole briefs in Arabic
and Hebrew (a minimal one, the scripts' facts files, a crowded one on two pages: their mirrored
tables are drawn in reading order, which outloud's ORD-001 checks), and the committed
examples. The briefs are built in this process and each checker runs once over all of them;
any error either reports fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES_DIR, FACTS_DIR, FACTS_FILES, tool
from long_facts import long_facts
from test_pdf_tags import HEADED, linked_brief

from briefgen.errors import BriefgenError
from briefgen.input.facts import load_facts
from briefgen.pipeline import build

AUDIENCES = ("default", "executive", "analyst", "press")
SCRIPTS = FACTS_DIR / "scripts"  # Arabic, Persian, Hebrew, Hindi, Bengali beside English
BIDI = Path(__file__).parent / "data" / "bidi"  # minimal Arabic and Hebrew briefs
HOUSE = EXAMPLES_DIR / "house"
MINISTERE = HOUSE / "ministere"  # restricted.yaml beside it is not a facts file: the
# sentences the house press briefs must never print


def checker(name: str, *args, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run a checker installed with the test extra (beside this Python), else on PATH; a
    missing one fails the test."""
    beside = Path(sys.executable).with_name(name)
    command = str(beside) if beside.exists() else tool(name)
    return subprocess.run([command, *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout, check=False)


def _briefs(headed: Path, linked: Path) -> list[tuple[str, Path, dict]]:
    """(name, facts file, build options) of every brief checked; `headed` is a template folder
    whose timeline has a header row, `linked` an empty folder for a brief of links over lines
    and pages."""
    briefs = [(f"{Path(f).stem}-{a}", FACTS_DIR / f, {"audience": a})
              for f in FACTS_FILES for a in AUDIENCES]
    briefs += [(f"{f.stem}-{a}", f, {"audience": a}) for f in sorted(SCRIPTS.glob("*.yaml"))
               for a in AUDIENCES]  # right-to-left and shaped scripts
    for facts in sorted(f for f in HOUSE.glob("*.yaml") if f.name != "restricted.yaml"):
        briefs += [(f"house-{facts.stem}-{a}", facts, {"audience": a}) for a in AUDIENCES]
        briefs += [(f"ministere-{facts.stem}-{a.stem}", facts,
                    {"audience": a.stem, "template": str(MINISTERE)})
                   for a in sorted((MINISTERE / "audiences").glob("*.yaml"))]
    briefs.append(("crowded-2-pages", FACTS_DIR / "crowded.yaml", {"pages": 2}))
    briefs.append(("crowded-analyst-2-pages", FACTS_DIR / "crowded.yaml",
                   {"pages": 2, "audience": "analyst"}))
    briefs.append(("crowded-press-2-pages", FACTS_DIR / "crowded.yaml",
                   {"pages": 2, "audience": "press"}))  # a table over both pages
    briefs.append(("valencia-headed-2-pages", FACTS_DIR / "valencia-dana-floods.yaml",
                   {"pages": 2, "template": str(headed)}))  # its header row repeated
    longer = long_facts(headed.parent / "grain.yaml", 16)  # three pages
    for language in ("en", "es"):  # the running header of pages 2 and 3, in each language
        for audience in AUDIENCES:
            briefs.append((f"crowded-{audience}-{language}-2-pages", FACTS_DIR / "crowded.yaml",
                           {"pages": 2, "audience": audience, "language": language}))
        briefs.append((f"grain-{language}-3-pages", longer, {"pages": 3, "language": language}))
    for language in ("ar", "he"):  # whole briefs right to left: tables, page marks mirrored
        briefs.append((f"minimal-{language}", BIDI / f"minimal-{language}.yaml",
                       {"language": language}))
        briefs += [(f"{f.stem}-{language}", f, {"language": language})
                   for f in sorted(SCRIPTS.glob("*.yaml"))]
        briefs.append((f"crowded-{language}-2-pages-rtl", FACTS_DIR / "crowded.yaml",
                       {"pages": 2, "language": language}))
    briefs.append(("seed-ja", FACTS_DIR / "japan-nato-mission.yaml", {"language": "ja"}))
    briefs.append(("mpox-press-fr", FACTS_DIR / "mpox-emergency-2024.yaml",
                   {"language": "fr", "audience": "press"}))
    facts, options = linked_brief(linked)
    briefs.append(("links-3-pages", facts, options))
    return briefs


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> tuple[list[Path], dict[str, str]]:
    """Every brief's PDF written to a folder (the refused ones left out, by reason), and the
    running header of each multi-page one."""
    out = tmp_path_factory.mktemp("ua")
    headed = tmp_path_factory.mktemp("headed")
    (headed / "brief.xml.j2").write_text(HEADED, encoding="utf-8")
    written, running, refused = [], {}, {}
    for name, facts, options in _briefs(headed, tmp_path_factory.mktemp("linked")):
        marking = load_facts(facts).memo.classification  # released to every audience
        try:
            brief = build(facts, ("pdf",), release=(marking,) if marking else (), **options)
        except BriefgenError as exc:
            refused[name] = str(exc)
            continue
        path = out / f"{name}.pdf"
        path.write_bytes(brief.outputs["pdf"])
        written.append(path)
        if brief.pages > 1:
            running[path.name] = brief.pages
    written += sorted(EXAMPLES_DIR.glob("*.pdf"))
    assert refused == {}
    for language in ("en", "es"):
        assert sorted({pages for name, pages in running.items() if f"-{language}-" in name}) \
            == [2, 3], running
    assert len(written) >= 95  # 13 facts files x 4, 4 house files x 8, 7 more, 4 examples
    return written, running


def test_pdfua_finds_nothing_in_any_brief(pdfs):
    files, _ = pdfs
    result = checker("pdfua", "check", "-f", "json", *files, timeout=600)
    decoder, text, at, reports = json.JSONDecoder(), result.stdout, 0, []
    while text[at:].strip():
        at += len(text[at:]) - len(text[at:].lstrip())
        report, at = decoder.raw_decode(text, at)
        reports.append(report)
    assert len(reports) == len(files), result.stderr[-2000:]
    problems = [(Path(r["file"]).name, f.get("rule_id", f))
                for r in reports for f in r["findings"] + r["skipped"]]
    assert problems == []  # no finding at all, and no rule that could not run
    assert all(r["summary"]["rules_run"] >= 12 for r in reports)


def test_outloud_finds_no_error_in_any_brief(pdfs, tmp_path):
    files, running = pdfs
    report = tmp_path / "outloud.json"
    run = checker("outloud", "--json", report, "--fail-on", "never", *files, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(report.read_text(encoding="utf-8"))["results"]
    assert len(results) == len(files)
    errors, warnings = [], set()
    for result in results:
        name = Path(result["path"]).name
        assert result["error"] is None, (name, result["error"])
        for finding in result["findings"]:
            if finding["severity"] == "warning":
                warnings.add(finding["rule"])
            if finding["severity"] != "error":
                continue
            errors.append((name, finding["rule"], finding["message"]))
    assert errors == []
    assert warnings == set()
