"""`briefgen draft` on what a reviewer tried: organisations named "X of Y", a spokesperson
speaking for an organisation, a relative clause between a speaker and the verb, German titles,
ordinals, datelines and language, key points that are no quotations, and where `-o` writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import drafted

from briefgen.edge.cli import run
from briefgen.input.facts import load_facts


def speakers(facts: dict) -> list[tuple[str, str, str | None]]:
    return [(q["text"], q["speaker"], q.get("role")) for q in facts.get("quotes", [])]


def test_an_organisation_named_x_of_y_is_the_speaker_whole(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, (
        "Central banks and ministries react\n\n"
        "The Bank of England said: \"Inflation will fall.\"\n\n"
        "The Ministry of Health said: \"We are ready.\"\n\n"
        "The Ministry of Defence said in a statement: \"The strike hit a depot.\"\n\n"
        "The Federal Reserve said: \"Rates will stay high.\"\n\n"
        "Zambia's Ministry of Health called the result \"a victory for every community "
        "volunteer\".\n"), "--date", "2025-01-01")
    assert speakers(facts) == [
        ("Inflation will fall.", "Bank of England", None),
        ("We are ready.", "Ministry of Health", None),
        ("The strike hit a depot.", "Ministry of Defence", None),
        ("Rates will stay high.", "Federal Reserve", None),
        ("a victory for every community volunteer", "Zambia's Ministry of Health", None)]
    # a key point is no quotation: the sentences quoted are not key points again
    assert "key_points" not in facts


def test_a_spokesperson_speaks_for_the_organisation(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, (
        "Ministries answer\n\n"
        "A spokesman for the ministry said: \"We will act on this now.\"\n\n"
        "Ein Sprecher des Ministeriums sagte: \u201eWir handeln sofort und entschlossen.\u201c\n"),
        "--date", "2025-01-01")
    assert [s for _, s, _ in speakers(facts)] == ["Ministry", "Ministerium"]


def test_a_relative_clause_between_speaker_and_verb_is_read_past(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, (
        "Bridge to close\n\n"
        "The old bridge will close for repairs in May, the city council said on Monday.\n\n"
        "Anna Berg, who runs a cafe by the bridge, said: \"Half my customers cross that bridge "
        "every morning.\"\n"), "--date", "2025-01-01")
    assert speakers(facts) == [
        ("Half my customers cross that bridge every morning.", "Anna Berg", None)]


def test_a_key_point_never_repeats_a_drafted_quotation(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, (
        "WHO declares end of cholera emergency\n\n"
        "The World Health Organization said on Monday that the cholera outbreak in Zambia was "
        "over, after no new cases for six weeks.\n\n"
        "M\u00e9decins Sans Fronti\u00e8res has called the response \"slow but ultimately "
        "effective\".\n\n"
        "Doctors in the capital have reopened the wards that were closed during the long "
        "outbreak.\n"), "--date", "2025-03-03")
    assert [q["text"] for q in facts["quotes"]] == ["slow but ultimately effective"]
    assert [k["text"] for k in facts["key_points"]] == [
        "Doctors in the capital have reopened the wards that were closed during the long "
        "outbreak."]


GERMAN = (
    "Bundesregierung beschlie\u00dft Hilfspaket\n\n"
    "BERLIN, 3. M\u00e4rz 2025 \u2013 Die Bundesregierung hat am 14. Mai ein Hilfspaket von 2 "
    "Milliarden Euro f\u00fcr die Gebiete in Bayern beschlossen.\n\n"
    "Finanzminister Christian Lindner sagte: \u201eDas Geld steht sofort bereit.\u201c\n\n"
    "Der 1. FC K\u00f6ln spendete ebenfalls, und die Stadt hilft mit.\n\n"
    "Kritik kam von der Opposition. CDU-Chef Friedrich Merz nannte das Paket \u00bbviel zu "
    "sp\u00e4t\u00ab.\n")


def test_a_german_draft_has_its_language_titles_dateline_and_no_ordinal_figures(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, GERMAN)
    assert facts["language"] == "de"
    assert str(facts["date"]) == "2025-03-03"  # the German dateline
    assert facts["summary"] == (
        "Die Bundesregierung hat am 14. Mai ein Hilfspaket von 2 Milliarden Euro f\u00fcr die "
        "Gebiete in Bayern beschlossen.")
    assert [(s, r) for _, s, r in speakers(facts)] == [
        ("Christian Lindner", "Finanzminister"), ("Friedrich Merz", "CDU-Chef")]
    assert facts["quotes"][0]["priority"] == 1  # a minister, the most senior speaker here
    assert [f["value"] for f in facts["figures"]] == ["2"]  # not 14, 3 or 1: ordinals


def test_an_english_draft_says_no_language(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, (
        "Bridge to close\n\n"
        "The old bridge will close for repairs in May, the city council said on Monday.\n"),
        "--date", "2025-01-01")
    assert "language" not in facts


def draft_to(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str
             ) -> tuple[int, str]:
    article = tmp_path / "story.txt"
    article.write_text("Bridge to close\n\nThe old bridge will close for repairs in May, the "
                       "city council said on Monday.\n", encoding="utf-8")
    code = run(["draft", "story.txt", "--date", "2025-01-01", *args])
    return code, capsys.readouterr().err


def test_o_with_a_trailing_slash_is_a_folder_made_when_missing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = draft_to(capsys, tmp_path, "-o", "o3/")
    assert (code, err) == (0, "")
    assert (tmp_path / "o3").is_dir()
    load_facts(tmp_path / "o3" / "story.yaml")


@pytest.mark.parametrize("value", ["", "  "])
def test_an_empty_o_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = draft_to(capsys, tmp_path, "-o", value)
    assert (code, err) == (2, "error: -o: the path is empty: give a file or a folder\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.txt"]


def test_o_naming_a_symlink_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dang.yaml").symlink_to("nowhere.yaml")
    code, err = draft_to(capsys, tmp_path, "-o", "dang.yaml")
    assert (code, err) == (1, "error: dang.yaml: cannot write: it is a symbolic link; remove "
                              "it or give another file\n")
    assert os.readlink(tmp_path / "dang.yaml") == "nowhere.yaml"
    assert not (tmp_path / "nowhere.yaml").exists()


def test_o_under_a_file_names_the_file_in_the_way(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "de.yaml").write_text("hi\n")
    code, err = draft_to(capsys, tmp_path, "-o", "de.yaml/x.yaml")
    assert (code, err) == (1, "error: de.yaml/x.yaml: cannot write: de.yaml is a file, not a "
                              "folder\n")
    code, err = draft_to(capsys, tmp_path, "-o", "de.yaml/")
    assert (code, err) == (2, "error: -o de.yaml: is a file; a path ending in / names a "
                              "folder\n")
    assert (tmp_path / "de.yaml").read_text() == "hi\n"


def test_the_priority_one_quotation_is_the_most_senior_speakers(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """As docs/drafting.md says: a head of state or government first, else another office
    holder (a minister), else the first quotation."""
    lines = ["Budget agreed", "",
             "The cabinet agreed the budget on Monday after a long night of talks in the "
             "capital.", "",
             "\"It is a fair deal for everyone involved,\" Ann Cole said.", "",
             "Finance Minister Raj Patel said: \"The numbers add up and the deficit will fall.\""]
    facts = drafted(capsys, tmp_path, "\n".join(lines) + "\n", "--date", "2025-01-01")
    assert [(q["speaker"], q["priority"]) for q in facts["quotes"]] == [
        ("Ann Cole", 3), ("Raj Patel", 1)]
    lines += ["", "President Mary Kent said: \"This budget will carry the country through.\""]
    facts = drafted(capsys, tmp_path, "\n".join(lines) + "\n", "--date", "2025-01-01")
    assert [(q["speaker"], q["priority"]) for q in facts["quotes"]] == [
        ("Ann Cole", 3), ("Raj Patel", 2), ("Mary Kent", 1)]
    lines[6] = "Economist Raj Patel said: \"The numbers add up and the deficit will fall.\""
    facts = drafted(capsys, tmp_path, "\n".join(lines[:7]) + "\n", "--date", "2025-01-01")
    assert [(q["speaker"], q["priority"]) for q in facts["quotes"]] == [
        ("Ann Cole", 1), ("Raj Patel", 3)]
