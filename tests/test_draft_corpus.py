"""`briefgen draft` measured on real articles with hand-made gold annotations
(tests/draft_corpus/, scored by benchmarks/draft_accuracy.py): the targets of issue 16, the
seed article's quotations all found with their speakers, and every corpus article drafted into
a facts file that `briefgen check` accepts and `briefgen build` lays out on one page."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import yaml
from conftest import run_tool

from briefgen.edge.cli import run

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "draft_corpus"
GOLDS = sorted(CORPUS.glob("*.gold.yaml"))
HAND_MADE = ROOT / "facts" / "japan-nato-mission.yaml"


def _benchmark():
    spec = importlib.util.spec_from_file_location("draft_accuracy",
                                                  ROOT / "benchmarks" / "draft_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def accuracy() -> dict:
    return _benchmark().measure()


def test_the_corpus_is_ten_articles_or_more_of_every_kind() -> None:
    assert len(GOLDS) >= 10
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for gold in GOLDS:
        article = yaml.safe_load(gold.read_text("utf-8"))["article"]
        assert (CORPUS / article).is_file() and article in readme
    for kind in ("diplomacy", "conflict", "disaster", "economy", "election", "science"):
        assert f"| {kind} |" in readme


def test_quotes_targets(accuracy: dict) -> None:
    assert accuracy["quotes"]["recall"] >= 0.85
    assert accuracy["quotes"]["precision"] >= 0.9
    assert accuracy["speakers"]["right"] >= 0.85


def test_events_and_figures_targets(accuracy: dict) -> None:
    assert accuracy["events"]["recall"] >= 0.7
    assert accuracy["figures"]["recall"] >= 0.8


def test_seed_quotations_all_found_with_their_speakers() -> None:
    bench = _benchmark()
    gold = yaml.safe_load((CORPUS / "japan-nato-mission.gold.yaml").read_text("utf-8"))
    drafted = bench.draft(CORPUS / gold["article"], gold["date"])["quotes"]
    for want in gold["quotes"]:
        # a quotation that quotes another person is cut before it, as the hand-made file does
        hits = [q for q in drafted if bench.same_quote(q["text"], want["text"])
                or bench.words(q["text"])[:12] == bench.words(want["text"])[:12]]
        assert hits and hits[0]["speaker"] == want["speaker"], want["text"]


def test_seed_draft_reads_like_the_hand_made_file() -> None:
    """The drafted seed holds the hand-made file's quotations (by the same speakers), its
    figures and most of its timeline."""
    bench = _benchmark()
    hand = yaml.safe_load(HAND_MADE.read_text(encoding="utf-8"))
    draft = bench.draft(CORPUS / "japan-nato-mission.txt", hand["date"])
    for quote in hand["quotes"]:
        assert any(bench.same_quote(quote["text"], q["text"]) or
                   bench.words(quote["text"])[:12] == bench.words(q["text"])[:12]
                   for q in draft["quotes"] if q["speaker"] == quote["speaker"]), quote["text"]
    assert {f["value"].split()[0] for f in draft["figures"]} >= {"$55", "2%"}
    hand_dates = [str(e["date"]).lower().replace("oct ", "october ") for e in hand["timeline"]]
    drafted_dates = [str(e["date"]).lower() for e in draft["timeline"]]
    found = sum(1 for d in hand_dates if d in drafted_dates)
    assert found >= 0.8 * len(hand_dates)


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name.removesuffix(".gold.yaml"))
def test_each_article_drafts_checks_and_builds_one_page(
        gold: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meta = yaml.safe_load(gold.read_text("utf-8"))
    facts = tmp_path / "draft.yaml"
    assert run(["draft", str(CORPUS / meta["article"]), "--date", str(meta["date"]),
                "-o", str(facts)]) == 0
    assert run(["check", str(facts)]) == 0
    assert run(["build", str(facts), "-f", "pdf", "-o", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert f"ok: {facts}" in out
    assert all(line.startswith(f"note: {facts}: ") for line in err.splitlines())
    info = run_tool("pdfinfo", tmp_path / "draft.pdf").stdout
    assert "Pages:           1" in info
    text = run_tool("pdftotext", tmp_path / "draft.pdf", "-").stdout
    assert " ".join(meta_title(facts).split()[:3]) in " ".join(text.split())


def meta_title(facts: Path) -> str:
    return yaml.safe_load(facts.read_text(encoding="utf-8"))["title"]
