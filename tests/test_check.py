"""`briefgen check` fits each brief, for the default audience and each -a, and writes nothing:
it says `ok` only for a brief `build` would write, and `--fit` lists what would be cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FACTS_DIR, SEED

from briefgen.edge.cli import run

SEED_PATH = str(FACTS_DIR / SEED)
CROWDED = str(FACTS_DIR / "crowded.yaml")  # marked OFFICIAL: the press audience refuses it
TINY = str(FACTS_DIR / "tiny.yaml")


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def too_long(folder: Path) -> Path:
    """Facts whose priority-1 points cannot fit one page at the smallest sizes."""
    point = ("  - text: A point that must stay, written out at length so that it takes several "
             "lines of the page, and so that forty of them cannot fit.\n    priority: 1\n")
    path = folder / "too-long.yaml"
    path.write_text("title: T\nsummary: S.\nkey_points:\n" + point * 40, encoding="utf-8")
    return path


def roomy_template(folder: Path) -> Path:
    """A template folder with an audience 'roomy' at large sizes that may not shrink."""
    (folder / "audiences").mkdir(parents=True)
    (folder / "audiences" / "roomy.yaml").write_text(
        "description: Large print.\ntheme: {body_size: 16, small_size: 15, min_body_size: 16, "
        "min_small_size: 15}\nfit: {tighten: false}\n",
        encoding="utf-8")
    return folder


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_a_brief_that_cannot_fit_is_the_error_build_gives_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    facts = too_long(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "check", facts, TINY)
    assert code == 1
    assert out.splitlines() == [f"ok: {TINY}"]  # the good file is still checked
    line, *details = err.splitlines()
    assert line.startswith(f"error: {facts}: cannot fit one page")
    assert details and all(d.startswith("  ") for d in details)  # what each section takes
    # the very line `build` prints
    assert cli(capsys, "build", facts, "-o", tmp_path / "out")[2] == err
    assert listing(tmp_path) == {"too-long.yaml"}


def test_each_audience_is_checked_after_the_default(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "check", SEED_PATH, TINY, "-a", "executive", "-a", "analyst",
                         "-a", "executive", "-a", "default")  # the default once, first
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"ok: {path}{label}" for path in (SEED_PATH, TINY)
                                for label in ("", " (executive)", " (analyst)")]
    assert listing(tmp_path) == set()


def test_an_audience_the_brief_cannot_fit_fails_alone(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    template = roomy_template(tmp_path / "mine")
    code, out, err = cli(capsys, "check", SEED_PATH, "-t", template, "-a", "roomy")
    assert code == 1
    assert out.splitlines() == [f"ok: {SEED_PATH}"]
    line, *details = err.splitlines()
    assert line.startswith(f"error: {SEED_PATH}: cannot fit one page for the roomy audience")
    assert details and all(d.startswith("  ") for d in details)
    # build agrees: the default brief is written, the roomy one is the same error
    code, _, built_err = cli(capsys, "build", SEED_PATH, "-t", template, "-a", "roomy", "-o",
                             tmp_path / "out")
    assert (code, built_err) == (1, err)


def test_the_fit_report_lists_what_build_notes(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "check", SEED_PATH, "-a", "executive", "--fit")
    assert (code, err) == (0, "")
    report: dict[str, list[str]] = {}
    for line in out.splitlines():
        if line.startswith("ok: "):
            current = report.setdefault(line[4:], [])
        else:
            assert line.startswith("  "), line
            current.append(line[2:])
    assert list(report) == [SEED_PATH, f"{SEED_PATH} (executive)"]
    for label, audience in ((SEED_PATH, []), (f"{SEED_PATH} (executive)", ["-a", "executive"])):
        _, _, notes = cli(capsys, "build", SEED_PATH, *audience, "-f", "md", "-o",
                          tmp_path / "out")
        prefix = f"note: {label}: "
        assert [n.removeprefix(prefix) for n in notes.splitlines()] == report[label]
        assert report[label] and all(n.startswith(prefix) for n in notes.splitlines())
    # the executive's limits are in it, before the fit's own notes
    executive = report[f"{SEED_PATH} (executive)"]
    assert executive[0].startswith("executive keeps 3 key points: dropped key_points[")
    assert executive[-1].startswith("tightened to ")


def test_the_fit_report_of_a_brief_that_fits_as_written(capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    code, out, _ = cli(capsys, "check", TINY, "--fit")
    assert (code, out.splitlines()) == (0, [f"ok: {TINY}",
                                            "  fits as written: nothing dropped or tightened"])


def test_a_refused_marking_is_refused_by_check_unless_released(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "check", CROWDED, "-a", "press")
    assert (code, out.splitlines()) == (1, [f"ok: {CROWDED}"])
    assert err.splitlines() == [
        f"error: {CROWDED}:19: memo.classification: 'OFFICIAL' may not go to the press audience "
        "(allowed: none, PUBLIC, UNCLASSIFIED, TLP:CLEAR); to release it anyway, add "
        "--allow-classification OFFICIAL"]
    code, out, err = cli(capsys, "check", CROWDED, "-a", "press",
                         "--allow-classification", "OFFICIAL")
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"ok: {CROWDED}", f"ok: {CROWDED} (press)"]


def test_an_unknown_audience_is_one_line_and_the_rest_is_checked(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "check", TINY, "-a", "nobody", "-a", "press")
    assert code == 1
    assert out.splitlines() == [f"ok: {TINY}", f"ok: {TINY} (press)"]
    [line] = err.splitlines()
    assert line.startswith("error: nobody: audience: unknown audience (known: ")


def test_a_bad_facts_file_is_reported_once_whatever_the_audiences(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nsummary: S.\ntimeline:\n  - date: Febtember 2025\n    event: E\n",
                   encoding="utf-8")
    code, out, err = cli(capsys, "check", bad, "-a", "executive", "-a", "analyst")
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"error: {bad}:4: timeline[0].date: 'Febtember 2025' is not a "
                                "date (accepted: 2025, 2025-01, January 2025, 1990s, late "
                                "1970s, c. 2014, by 2027, 2022-2027)"]


def test_check_fits_the_pages_build_would_be_given(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from long_facts import long_facts

    facts = long_facts(tmp_path / "two.yaml", 8)
    code, out, err = cli(capsys, "check", facts)
    assert code == 1 and out == "" and err.startswith(f"error: {facts}: cannot fit one page")
    code, out, err = cli(capsys, "check", facts, "--pages", "2", "-a", "analyst")
    assert (code, err) == (0, "")
    # the analyst's limits leave what fits one page: the fewest pages are used
    assert out.splitlines() == [f"ok: {facts} on 2 pages", f"ok: {facts} (analyst)"]
    code, out, err = cli(capsys, "check", facts, "--allow-overflow")
    assert (code, err, out) == (0, "", f"ok: {facts} on 2 pages\n")
    assert cli(capsys, "check", facts, "--pages", "0")[0] == 1
    assert listing(tmp_path) == {"two.yaml"}
