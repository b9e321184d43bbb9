"""`briefgen draft` follow-ups: quotations whose speaker is an organisation, German and
guillemet quotation marks, an -o target that cannot take a file, and an article with no date
(the draft claims none and says so)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
import yaml

from briefgen.edge.cli import run
from briefgen.input.facts import load_facts


def draft(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str,
          *options: str) -> tuple[dict, str, str]:
    """Draft an article written here: the facts read back, the file's text, stderr."""
    article = tmp_path / "story.txt"
    article.write_text(text, encoding="utf-8")
    target = tmp_path / "story.yaml"
    code = run(["draft", str(article), "-o", str(target), *options])
    out, err = capsys.readouterr()
    assert (code, out) == (0, f"{target}\n"), err
    load_facts(target)
    text = target.read_text(encoding="utf-8")
    return yaml.safe_load(text), text, err


def quotes(facts: dict) -> list[tuple[str, str, str | None]]:
    return [(q["text"], q["speaker"], q.get("role")) for q in facts.get("quotes", [])]


# ---- 1. an organisation as the speaker ----------------------------------------------------------


def test_an_organisation_that_is_the_subject_of_the_verb_is_the_speaker(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts, _, _ = draft(capsys, tmp_path, (
        "Talks resume in Geneva\n\n"
        "The White House has described the talks as \"serious and substantive\" and said more "
        "meetings would follow.\n\n"
        "The ministry called it \"a breach of trust\" after the documents were published.\n\n"
        "Hamas said in a statement: \"We will not accept any agreement that does not end the "
        "war.\"\n\n"
        "Russia's Foreign Ministry issued a statement on Tuesday.\n\n"
        "On Wednesday, the ministry called the sanctions \"illegal and unjustified.\"\n\n"
        "\"It will take time,\" he said.\n"), "--date", "2025-03-05")
    assert quotes(facts) == [
        ("serious and substantive", "White House", None),
        ("a breach of trust", "Ministry", None),
        ("We will not accept any agreement that does not end the war.", "Hamas", None),
        ("illegal and unjustified.", "Russia's Foreign Ministry", None),
    ]  # "he" stands for no one: a pronoun never stands for an organisation


def test_organisations_named_every_way_news_writing_names_them(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts, _, _ = draft(capsys, tmp_path, (
        "Strikes go on\n\n"
        "Israel's military said it had struck \"dozens of targets\" overnight.\n\n"
        "The Kremlin dismissed the report as \"pure fiction.\"\n\n"
        "Amnesty International has called the verdict \"a travesty of justice.\"\n\n"
        "Reuters reported that the deal was \"close.\"\n\n"
        "The country's Defence Ministry said the border was open.\n\n"
        "\"The decision is final,\" the defence ministry said.\n\n"
        "\"We will not comment,\" the foreign ministry said.\n"), "--date", "2025-03-05")
    assert [(t, s) for t, s, _ in quotes(facts)] == [
        ("dozens of targets", "Israel's military"),
        ("pure fiction.", "Kremlin"),
        ("a travesty of justice.", "Amnesty International"),
        ("close.", "Reuters"),
        ("The decision is final", "Defence Ministry"),  # the one named before
        ("We will not comment", "Foreign ministry"),  # no Foreign Ministry named: as written
    ]


def test_a_person_or_a_generic_subject_is_no_organisation(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts, _, _ = draft(capsys, tmp_path, (
        "Council votes\n\n"
        "Mayor Ana Ruiz met the council on Monday.\n\n"
        "Ruiz called the plan \"deeply worrying\" after the vote.\n\n"
        "Officials called it \"a success\" and went home.\n\n"
        "The talks were described as \"tough\" by everyone.\n"), "--date", "2025-03-05")
    assert quotes(facts) == [("deeply worrying", "Ana Ruiz", "Mayor")]


def test_an_article_of_organisations_and_persons_written_before_the_rules(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Written, with its expected speakers, before drafting it: the rules it showed wanting
    (a role before the name in the attribution, a dotted acronym in a description, "called"
    after a named person) were made general, not fitted to its sentences."""
    facts, _, _ = draft(capsys, tmp_path, (
        "Port strike enters second week\n\n"
        "The dockworkers' union said on Monday that its members would stay off the job \"until "
        "the employers return to the table.\"\n\n"
        "The shipping association described the union's demands as \"simply unaffordable\" in "
        "a statement posted online.\n\n"
        "\"We have made a fair offer,\" a spokeswoman for the association, Maria Lopez, told "
        "reporters. \"It is now up to them.\"\n\n"
        "The Labor Department said it was \"monitoring the situation closely\" and urged both "
        "sides to keep talking.\n\n"
        "\"Every day the ports stay shut costs the economy billions,\" the U.S. Chamber of "
        "Commerce said.\n\n"
        "The union's president, Tom Baker, called the offer \"an insult to the people who keep "
        "this country supplied.\"\n\n"
        "Asked about the dispute, the White House said the president was \"confident a deal "
        "can be reached.\"\n"), "--date", "2024-10-07")
    assert [s for _, s, _ in quotes(facts)] == [
        "Dockworkers' union", "Shipping association", "Maria Lopez", "Maria Lopez",
        "Labor Department", "U.S. Chamber of Commerce", "Tom Baker", "White House"]


# ---- 2. German quotation marks and guillemets ---------------------------------------------------

GERMAN = (
    "Scholz kündigt Sondervermögen für die Bundeswehr an\n\n"
    "Bundeskanzler Olaf Scholz hat am Sonntag in einer Sondersitzung des Bundestages ein "
    "Sondervermögen von 100 Milliarden Euro für die Bundeswehr angekündigt. Drei Tage zuvor "
    "hatte Russland die Ukraine angegriffen.\n\n"
    "\u201eWir erleben eine Zeitenwende\u201c, sagte Scholz. \u201eUnd das bedeutet: Die Welt "
    "danach ist nicht mehr dieselbe wie die Welt davor.\u201c\n\n"
    "Scholz kündigte an, Deutschland werde \u201evon nun an Jahr für Jahr mehr als zwei Prozent "
    "des Bruttoinlandsprodukts\u201c in die Verteidigung investieren.\n\n"
    "\u00bbIm Kern geht es um die Frage, ob Macht das Recht brechen darf\u00ab, sagte er.\n")


def test_german_quotation_marks_are_quotations_with_their_speaker(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts, _, _ = draft(capsys, tmp_path, GERMAN, "--date", "2022-02-27")
    scholz = ("Olaf Scholz", "Bundeskanzler")
    assert [(t, (s, r)) for t, s, r in quotes(facts)] == [
        ("Wir erleben eine Zeitenwende", scholz),
        ("Und das bedeutet: Die Welt danach ist nicht mehr dieselbe wie die Welt davor.", scholz),
        ("von nun an Jahr für Jahr mehr als zwei Prozent des Bruttoinlandsprodukts", scholz),
        ("Im Kern geht es um die Frage, ob Macht das Recht brechen darf", scholz),
    ]
    assert all("Zeitenwende" not in p["text"] for p in facts.get("key_points", []))


def test_swiss_guillemets_and_single_guillemets_within(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts, _, _ = draft(capsys, tmp_path, (
        "Bern beschliesst Hilfe\n\n"
        "Bundesrätin Anna Muster sprach am Montag in Bern.\n\n"
        "\u00abWir helfen, so schnell wir können\u00bb, sagte Muster. \u00abDer Satz \u2039Wir "
        "schaffen das\u203a gilt auch hier.\u00bb\n"), "--date", "2024-05-06")
    assert [(t, s) for t, s, _ in quotes(facts)] == [
        ("Wir helfen, so schnell wir können", "Muster"),
        ("Der Satz \u2039Wir schaffen das\u203a gilt auch hier.", "Muster"),
    ]


def test_german_organisations_and_described_speakers(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts, _, _ = draft(capsys, tmp_path, (
        "Regierung berät\n\n"
        "Die Bundesregierung erklärte: \u201eDie Lage ist ernst.\u201c\n\n"
        "\u201eWir prüfen alles\u201c, teilte das Ministerium mit.\n\n"
        "Der Sprecher sagte: \u201eWir entscheiden in dieser Woche.\u201c\n"),
        "--date", "2024-05-06")
    assert [(t, s) for t, s, _ in quotes(facts)] == [
        ("Die Lage ist ernst.", "Bundesregierung"),
        ("Wir prüfen alles", "Ministerium"),
        ("Wir entscheiden in dieser Woche.", "Sprecher"),
    ]  # a paragraph ending with the German closing mark is a paragraph of sentences


def test_a_described_speaker_before_or_after_said_is_the_person_of_that_role(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts, _, _ = draft(capsys, tmp_path, (
        "Decision due\n\n"
        "Government spokesman Steffen Hebestreit spoke in Berlin on Monday.\n\n"
        "The spokesman said: \"We will decide this week, not before.\"\n\n"
        "\"We are ready,\" said the spokesman on Monday.\n\n"
        "The President said: \"We will decide next week, not before.\"\n"), "--date",
        "2024-05-06")
    hebestreit = ("Steffen Hebestreit", "Government spokesman")
    assert [(t, (s, r)) for t, s, r in quotes(facts)] == [
        ("We will decide this week, not before.", hebestreit),
        ("We are ready", hebestreit),
        ("We will decide next week, not before.", ("President", None)),
    ]


# ---- 3. -o that cannot take a file -------------------------------------------------------------


def test_output_to_a_file_of_proc_is_one_line_and_writes_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Storm hits\n\nThe storm hit the coast, officials said.\n", "utf-8")
    before = Path("/proc/version").read_bytes()
    code = run(["draft", str(article), "-o", "/proc/version"])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.endswith("error: /proc/version: cannot write: not a regular file we may write "
                        "(its folder /proc takes no new files)\n")
    assert Path("/proc/version").read_bytes() == before
    assert "No such file" not in err and not [p for p in os.listdir("/proc") if "tmp" in p]


def test_output_on_a_read_only_file_system_is_one_line(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Storm hits\n\nThe storm hit the coast, officials said.\n", "utf-8")

    def read_only(target: Path) -> tuple[int, str]:  # what creating a file there raises
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr("briefgen.edge.outputs._create_beside", read_only)
    target = tmp_path / "story.yaml"
    code = run(["draft", str(article), "-o", str(target), "--date", "2024-01-02"])
    out, err = capsys.readouterr()
    assert (code, out, err) == (1, "", f"error: {target}: cannot write: {tmp_path} is on a "
                                       "read-only file system\n")
    assert not target.exists()
    monkeypatch.undo()
    code = run(["draft", str(article), "-o", str(tmp_path / "no" / "x.yaml")])
    assert (code, capsys.readouterr().err) == (1, f"error: {tmp_path / 'no' / 'x.yaml'}: cannot "
                                                  f"write: there is no folder {tmp_path / 'no'}\n")


# ---- 4. an article with no date ----------------------------------------------------------------


def test_no_date_found_is_said_in_the_draft_and_on_stderr(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts, text, err = draft(capsys, tmp_path, "Storm hits\n\nThe storm hit the coast on "
                             "Tuesday, officials said.\n")
    assert "date" not in facts and "date" not in facts["sources"][0]
    assert ("\n# DRAFT: no date was found in the article (no dateline, no page date) and none "
            "was\n# given with --date.") in text
    assert "\n# date: YYYY-MM-DD\n" in text
    assert err == (f"note: {tmp_path / 'story.txt'}: no date was found in the article: the "
                   "draft has none (add the article's date to it, or draft again with --date "
                   "YYYY-MM-DD)\n")
    facts, text, err = draft(capsys, tmp_path, "Storm hits\n\nThe storm hit the coast on "
                             "Tuesday, officials said.\n", "--date", "2024-01-04")
    assert (str(facts["date"]), err) == ("2024-01-04", "")
    assert "no date was found" not in text


def test_a_dateline_opening_the_lead_gives_the_date(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts, _, err = draft(capsys, tmp_path, (
        "Talks resume in Geneva\n\n"
        "GENEVA, March 3, 2025 \u2014 Negotiators met for a second day on Monday, officials "
        "said.\n\nThe next round is due in April.\n"))
    assert (str(facts["date"]), err) == ("2025-03-03", "")
    assert facts["summary"].startswith("Negotiators met")
    assert [str(e["date"]) for e in facts["timeline"]][0] == "2025-03-03"
