"""The command line: in-process through `briefgen.edge.cli.run`, and as a real program (`python -m
briefgen` and the `briefgen` console script) started from another working folder."""

from __future__ import annotations

import os
import re
import resource
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FACTS_DIR, SEED, Session, docx_text, joined, pdf_text
from timing import wall_seconds_at_most

from briefgen import __version__
from briefgen.edge.cli import run

SEED_PATH = str(FACTS_DIR / SEED)
TINY = str(FACTS_DIR / "tiny.yaml")
NOTICE = str(FACTS_DIR / "public-notice.json")
SEED_STEM = Path(SEED).stem
KNOWN = b"%PDF-1.4 not really: bytes that must survive a failed build\n"

BAD_FACTS = """\
title: A brief with three mistakes
summary: Each one must be reported, with its line and field.
key_points:
  - text: A point with an impossible priority.
    priority: 5
timeline:
  - date: 2024
    event: A good event.
  - date: Febtember 2025
    event: An event with a date that does not exist.
quotes:
  - text: A quote nobody said.
"""
# (line, field) of each problem above
BAD_PROBLEMS = {(5, "key_points[0].priority"), (9, "timeline[1].date"), (12, "quotes[0].speaker")}


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def files(folder: Path) -> set[str]:
    """Every entry of a folder, hidden ones (temporary files) included."""
    return {p.name for p in folder.iterdir()}


def bad_facts(folder: Path, name: str = "bad.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(BAD_FACTS, encoding="utf-8")
    return path


def assert_bad_facts_reported(err: str, path: Path | str) -> None:
    assert "Traceback" not in err
    lines = err.splitlines()
    pattern = re.compile(rf"error: {re.escape(str(path))}:(\d+): (\S+): \S.*")
    found = set()
    for line in lines:
        match = pattern.fullmatch(line)
        assert match, f"not an 'error: FILE:LINE: field: message' line: {line!r}"
        found.add((int(match.group(1)), match.group(2)))
    assert found == BAD_PROBLEMS, lines
    assert len(lines) == len(BAD_PROBLEMS)
    assert any("Febtember 2025" in line and "accepted" in line for line in lines)


# ---- in-process ---------------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "--version")
    assert code == 0
    assert out.strip() == f"briefgen, version {__version__}"


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["templates"]])
@pytest.mark.parametrize("option", ["--help", "-h"])
def test_help(capsys: pytest.CaptureFixture[str], command: list[str], option: str) -> None:
    code, out, err = cli(capsys, *command, option)
    assert code == 0
    assert out.startswith(f"Usage: briefgen {' '.join(command)}".rstrip())
    assert err == ""


def test_help_names_the_build_options(capsys: pytest.CaptureFixture[str]) -> None:
    out = cli(capsys, "build", "--help")[1]
    for option in ("-o, --output-dir", "-f, --format", "--allow-overflow"):
        assert option in out


@pytest.mark.parametrize("command", ["build", "check", "init-template"])
def test_help_lists_every_supported_language(capsys: pytest.CaptureFixture[str],
                                             command: str) -> None:
    """The --language help is made from the supported languages: Arabic and Hebrew are listed."""
    from briefgen.input.language_codes import SUPPORTED

    out = " ".join(cli(capsys, command, "--help")[1].split())
    listed = re.search(r"language \(([a-z ]+), or a variant", out)
    assert listed is not None, out
    assert listed[1].split() == list(SUPPORTED)
    assert {"ar", "he"} <= set(listed[1].split())


def test_templates_lists_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "templates")
    assert code == 0 and err == ""
    assert out.strip() and all(len(line.split(maxsplit=1)) == 2 for line in out.splitlines())


def test_build_writes_both_formats_into_a_new_folder(session_builds: Session, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new" / "folder"
    code, stdout, err = cli(capsys, "build", SEED_PATH, "-o", out)
    assert code == 0
    pdf, docx_file = out / f"{SEED_STEM}.pdf", out / f"{SEED_STEM}.docx"
    assert stdout.splitlines() == [str(pdf), str(docx_file)]
    assert files(out) == {pdf.name, docx_file.name}  # no temporary file left behind
    assert pdf.read_bytes() == (session_builds.folder / pdf.name).read_bytes()
    assert docx_file.read_bytes() == (session_builds.folder / docx_file.name).read_bytes()
    assert all(line.startswith(f"note: {SEED_PATH}: ") for line in err.splitlines())


@pytest.mark.parametrize("formats, written", [
    (["-f", "pdf"], ["pdf"]),
    (["-f", "docx"], ["docx"]),
    (["-f", "pdf", "-f", "docx"], ["pdf", "docx"]),
    (["-f", "docx", "-f", "pdf"], ["pdf", "docx"]),
    (["--format", "pdf", "--format", "pdf"], ["pdf"]),
])
def test_format_option(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                       formats: list[str], written: list[str]) -> None:
    code, out, _ = cli(capsys, "build", TINY, "-o", tmp_path, *formats)
    assert code == 0
    assert out.splitlines() == [str(tmp_path / f"tiny.{fmt}") for fmt in written]
    assert files(tmp_path) == {f"tiny.{fmt}" for fmt in written}


def test_several_files_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "build", SEED_PATH, TINY, NOTICE, "--output-dir", tmp_path)
    assert code == 0
    stems = [SEED_STEM, "tiny", "public-notice"]
    assert out.splitlines() == [str(tmp_path / f"{s}.{fmt}") for s in stems
                                for fmt in ("pdf", "docx")]
    assert files(tmp_path) == {f"{s}.{fmt}" for s in stems for fmt in ("pdf", "docx")}


def test_output_defaults_to_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(capsys, "build", TINY)
    assert code == 0
    assert files(tmp_path) == {"tiny.pdf", "tiny.docx"}
    assert [Path(line).resolve() for line in out.splitlines()] == [
        tmp_path / "tiny.pdf", tmp_path / "tiny.docx"]


def test_source_date_epoch_dates_an_undated_brief(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1578009600")  # 2020-01-03 00:00 UTC
    assert cli(capsys, "build", TINY, "-o", tmp_path)[0] == 0
    assert "DATE: 3 January 2020" in pdf_text(tmp_path / "tiny.pdf")
    assert "3 January 2020" in docx_text(tmp_path / "tiny.docx")


def test_check_good_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "check", SEED_PATH, NOTICE)
    assert code == 0 and err == ""
    assert out.splitlines() == [f"ok: {SEED_PATH}", f"ok: {NOTICE}"]
    assert files(tmp_path) == set()


def test_check_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = bad_facts(tmp_path)
    code, out, err = cli(capsys, "check", TINY, bad)
    assert code == 1
    assert out.splitlines() == [f"ok: {TINY}"]
    assert_bad_facts_reported(err, bad)
    assert files(tmp_path) == {"bad.yaml"}


def test_bad_facts_file_writes_nothing_and_keeps_old_output(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = bad_facts(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    (out / "bad.pdf").write_bytes(KNOWN)
    code, stdout, err = cli(capsys, "build", bad, "-o", out)
    assert code == 1
    assert stdout == ""
    assert_bad_facts_reported(err, bad)
    assert files(out) == {"bad.pdf"}
    assert (out / "bad.pdf").read_bytes() == KNOWN


def test_one_bad_file_among_good_ones(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = bad_facts(tmp_path / "in")
    out = tmp_path / "out"
    code, stdout, err = cli(capsys, "build", bad, TINY, "-o", out)
    assert code == 1
    assert stdout.splitlines() == [str(out / "tiny.pdf"), str(out / "tiny.docx")]
    assert_bad_facts_reported(err, bad)
    assert files(out) == {"tiny.pdf", "tiny.docx"}


def test_missing_facts_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.yaml"
    code, out, err = cli(capsys, "build", missing, "-o", tmp_path / "out")
    assert code == 1 and out == ""
    assert err.splitlines() == [f"error: {missing}: no such file"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [
    ["build", "--no-such-option", SEED_PATH],
    ["build", "-f", "txt", SEED_PATH],
    ["build", "-f"],
    ["build"],
    ["check"],
    ["no-such-command"],
])
def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(capsys, *args)
    assert code == 2
    assert "Error:" in err and "Traceback" not in err
    assert files(tmp_path) == set()


def test_output_folder_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "taken"
    target.write_bytes(KNOWN)
    code, _, err = cli(capsys, "build", TINY, "-o", target)
    assert (code, len(err.splitlines())) == (1, 1), f"exit {code}, stderr:\n{err}"
    assert err.startswith("error: ") and str(target) in err
    assert target.read_bytes() == KNOWN


def test_output_folder_inside_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "taken"
    target.write_bytes(KNOWN)
    code, out, err = cli(capsys, "build", TINY, "-o", target / "sub")
    assert code == 1 and out == ""
    assert err.splitlines() == [f"error: {TINY}: cannot write to {target / 'sub'}: Not a directory"]
    assert target.read_bytes() == KNOWN


def test_output_folder_cannot_be_written(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:  # root writes through permissions; sysfs refuses even root a folder
        target = Path("/sys/briefgen-test-output")
        assert Path("/sys").is_dir() and not target.exists()
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o555)
        target = locked
    try:
        code, out, err = cli(capsys, "build", TINY, "-o", target)
    finally:
        if os.geteuid() != 0:
            target.chmod(0o755)
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {TINY}: cannot write to {target}: ")
    if target.exists():
        assert files(target) == set()


def test_symlink_at_the_output_is_replaced(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = tmp_path / "elsewhere.pdf"
    elsewhere.write_bytes(KNOWN)
    out = tmp_path / "out"
    out.mkdir()
    (out / "tiny.pdf").symlink_to(elsewhere)
    assert cli(capsys, "build", TINY, "-o", out, "-f", "pdf")[0] == 0
    assert not (out / "tiny.pdf").is_symlink()
    assert (out / "tiny.pdf").read_bytes().startswith(b"%PDF")
    assert elsewhere.read_bytes() == KNOWN
    assert files(out) == {"tiny.pdf"}


def test_a_device_or_pipe_at_the_output_is_never_replaced(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Run as root, a rename over a device would turn it into a plain file (`/dev/null` among
    them): a build, and a draft's -o, refuse such a target and write nothing."""
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "tiny.pdf")
    code, printed, err = cli(capsys, "build", TINY, "-o", out)
    assert code == 1 and printed == ""
    assert err.splitlines() == [f"error: {TINY}: cannot write to {out}: {out / 'tiny.pdf'} is "
                                "not a regular file (a device, a pipe or a socket)"]
    assert stat.S_ISFIFO(os.lstat(out / "tiny.pdf").st_mode) and files(out) == {"tiny.pdf"}
    article = tmp_path / "article.txt"
    article.write_text('Paris, 3 March 2025 - "We agree," said Anne Martin, the mayor.\n',
                       encoding="utf-8")
    code, printed, err = cli(capsys, "draft", article, "-o", out / "tiny.pdf")
    assert code == 1 and "is not a regular file (a device, a pipe or a socket)" in err
    assert stat.S_ISFIFO(os.lstat(out / "tiny.pdf").st_mode) and files(out) == {"tiny.pdf"}


def test_failed_write_of_one_format_leaves_the_other_untouched(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A failed build writes no file for that brief: when the DOCX cannot be written (a folder is
    in its place), the existing PDF of the same name must keep its bytes."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "tiny.pdf").write_bytes(KNOWN)
    (out / "tiny.docx").mkdir()
    code, _, err = cli(capsys, "build", TINY, "-o", out)
    assert code == 1
    assert len(err.splitlines()) == 1 and err.startswith(f"error: {TINY}: ")
    assert files(out) == {"tiny.pdf", "tiny.docx"}  # and no temporary file
    assert (out / "tiny.pdf").read_bytes() == KNOWN, "the PDF was written by a failed build"


def test_output_never_overwrites_an_input(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI refuses a target that is one of its inputs (only possible for a .pdf/.docx input,
    which is then not a valid facts file either, but must never be clobbered)."""
    facts = tmp_path / "notes.pdf"
    facts.write_bytes(KNOWN)
    code, out, err = cli(capsys, "build", facts, "-o", tmp_path)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(f"error: {facts}: ")
    assert "is an input file" in err
    assert facts.read_bytes() == KNOWN
    assert files(tmp_path) == {"notes.pdf"}


def test_two_facts_files_with_one_stem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a" / "tiny.yaml", tmp_path / "b" / "tiny.json"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_bytes(Path(TINY).read_bytes())
    second.write_text('{"title": "Another brief", "summary": "Not the same one."}',
                      encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = cli(capsys, "build", first, second, "-o", out)
    assert code == 1
    assert stdout.splitlines() == [str(out / "tiny.pdf"), str(out / "tiny.docx")]
    assert len(err.splitlines()) == 1 and err.startswith(f"error: {second}: ")
    assert "Another brief" not in pdf_text(out / "tiny.pdf")
    assert files(out) == {"tiny.pdf", "tiny.docx"}


def test_building_twice_gives_the_same_bytes(session_builds: Session, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Compared with the session's build, at least 2 s earlier (zip times have 2 s steps)."""
    wait = 2.2 - (time.monotonic() - session_builds.when)
    if wait > 0:
        time.sleep(wait)
    assert cli(capsys, "build", SEED_PATH, NOTICE, "-o", tmp_path)[0] == 0
    for stem in (SEED_STEM, "public-notice"):
        for fmt in ("pdf", "docx"):
            name = f"{stem}.{fmt}"
            assert (tmp_path / name).read_bytes() == (session_builds.folder / name).read_bytes(), \
                f"{name} differs between two builds"


# ---- as a program -------------------------------------------------------------------------------


def console_script() -> str:
    script = Path(sys.executable).parent / "briefgen"
    assert script.is_file(), f"no briefgen console script next to {sys.executable}"
    return str(script)


def program(how: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "briefgen"] if how == "module" else [console_script()]
    return subprocess.run([*command, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)


@pytest.mark.parametrize("how", ["module", "script"])
def test_program_version_and_help(tmp_path: Path, how: str) -> None:
    done = program(how, "--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == f"briefgen, version {__version__}"
    done = program(how, "build", "--help", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("Usage: briefgen build")


@pytest.mark.parametrize("how", ["module", "script"])
def test_program_builds_from_another_folder(session_builds: Session, tmp_path: Path,
                                            how: str) -> None:
    done = program(how, "build", SEED_PATH, "-o", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"out/{SEED_STEM}.pdf", f"out/{SEED_STEM}.docx"]
    for line in done.stdout.splitlines():
        assert (tmp_path / line).read_bytes() == (session_builds.folder / Path(line).name) \
            .read_bytes()
    assert files(tmp_path) == {"out"}


def test_program_check_and_bad_file(tmp_path: Path) -> None:
    bad = bad_facts(tmp_path, "bad.yaml")
    done = program("script", "check", "bad.yaml", TINY, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"ok: {TINY}"]
    assert_bad_facts_reported(done.stderr, "bad.yaml")
    (tmp_path / "bad.pdf").write_bytes(KNOWN)
    done = program("module", "build", "bad.yaml", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    assert_bad_facts_reported(done.stderr, "bad.yaml")
    assert (tmp_path / "bad.pdf").read_bytes() == KNOWN
    assert files(tmp_path) == {bad.name, "bad.pdf"}


def test_program_usage_error(tmp_path: Path) -> None:
    done = program("script", "build", "-f", "txt", TINY, cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "'txt'" in done.stderr
    assert files(tmp_path) == set()


def test_program_notes_go_to_stderr(tmp_path: Path) -> None:
    done = program("module", "build", str(FACTS_DIR / "crowded.yaml"), "-o", ".", "-f", "docx",
                   cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["crowded.docx"]
    notes = done.stderr.splitlines()
    assert notes and all(line.startswith(f"note: {FACTS_DIR / 'crowded.yaml'}: ") for line in notes)
    assert any(" dropped " in line and "(priority 3)" in line for line in notes)
    assert joined("Port Wenlow tidal barrier") in joined("\n".join(docx_text(tmp_path /
                                                                              "crowded.docx")))


def test_an_internal_error_is_one_short_line(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    def broken(path: object) -> None:
        raise RuntimeError("first line\n\nsecond line\r\n" + "x" * 5000)

    monkeypatch.setattr("briefgen.input.facts.load_facts", broken)
    code, out, err = cli(capsys, "check", TINY)
    assert (code, out) == (1, "")
    [line] = err.splitlines()
    assert line.startswith("error: internal error: RuntimeError: first line second line xxx")
    assert line.endswith("\u2026 (run with --debug for the traceback)")
    assert len(line) < 400


def test_a_problem_with_a_line_break_is_still_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefgen.errors import FactsError, Problem

    def bad(path: str) -> None:
        raise FactsError([Problem(path, "two\nlines", 3, "memo.to"), Problem(path, "one", 4)])

    monkeypatch.setattr("briefgen.input.facts.load_facts", bad)
    code, _, err = cli(capsys, "check", TINY)
    assert code == 1
    assert err.splitlines() == [f"error: {TINY}:3: memo.to: two lines", f"error: {TINY}:4: one"]


def test_both_formats_are_dated_from_the_facts_or_source_date_epoch(tmp_path, monkeypatch):
    import subprocess

    import docx

    dated = tmp_path / "dated.yaml"
    dated.write_text("title: T\ndate: 2025-02-03\nsummary: S.\n", encoding="utf-8")
    undated = tmp_path / "undated.yaml"
    undated.write_text("title: T\nsummary: S.\n", encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 Nov 2023
    assert run(["build", str(dated), str(undated), "-o", str(tmp_path / "out")]) == 0
    for stem, day, label in (("dated", "2025-02-03", "Feb  3 00:00:00 2025"),
                             ("undated", "2023-11-14", "Nov 14 00:00:00 2023")):
        info = subprocess.run(["pdfinfo", str(tmp_path / "out" / f"{stem}.pdf")], check=True,
                              capture_output=True, text=True).stdout
        assert label in info.split("CreationDate:")[1].splitlines()[0]
        props = docx.Document(str(tmp_path / "out" / f"{stem}.docx")).core_properties
        assert props.created.date().isoformat() == day == props.modified.date().isoformat()


def test_jobs_give_the_same_files_and_lines_as_one_job(tmp_path, capsys):
    files = [str(FACTS_DIR / name) for name in ("tiny.yaml", "many-quotes.yaml", "long-timeline.yaml")]
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        code = run(["build", *files, "-a", "executive", "-a", "analyst", "-o", str(out),
                    "-j", jobs])
        captured = capsys.readouterr()
        assert code == 0, captured.err
        lines = [line.replace(str(out), "OUT") for line in captured.out.splitlines()]
        outputs[jobs] = (lines, {p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs["1"] == outputs["2"]
    assert len(outputs["2"][1]) == 12


def test_with_jobs_one_bad_brief_does_not_stop_the_others(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nsummary: S.\ntimeline:\n  - date: Febtember 2025\n    event: E\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    code = run(["build", str(FACTS_DIR / "tiny.yaml"), str(bad), str(FACTS_DIR / "many-quotes.yaml"),
                "-o", str(out), "-j", "2"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.startswith(f"error: {bad}:4: timeline[0].date: 'Febtember 2025'")
    assert sorted(p.name for p in out.iterdir()) == ["many-quotes.docx", "many-quotes.pdf",
                                                     "tiny.docx", "tiny.pdf"]


def test_a_batch_hands_out_only_a_few_briefs_ahead(monkeypatch):
    # memory must not grow with the number of briefs: results are awaited in order, and only
    # two briefs per worker are handed out ahead of the one awaited
    import concurrent.futures

    from briefgen.edge import batch

    handed_out = []

    class Pool:
        def __init__(self, max_workers, mp_context, **options):
            self.workers = max_workers

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, function, job):
            handed_out.append(job)
            future = concurrent.futures.Future()
            future.set_result(f"built {job}")
            return future

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    results = batch.run_jobs(2, [(n,) for n in range(1000)])
    for n, result in enumerate(results):
        assert result == f"built {(n,)}"
        assert len(handed_out) <= n + 1 + 2 * 2
    assert handed_out == [(n,) for n in range(1000)]


def test_jobs_must_be_a_positive_number(capsys):
    assert run(["build", str(FACTS_DIR / "tiny.yaml"), "-j", "0"]) == 2


@pytest.mark.parametrize("args,heavy", [
    (["--help"], set()),
    (["check", TINY], {"reportlab", "jinja2"}),  # it fits the brief, without a DOCX library
    (["build", TINY, "-f", "pdf", "-o", "{out}"], {"reportlab", "jinja2"}),
])
def test_a_command_imports_only_the_libraries_it_needs(tmp_path: Path, args: list[str],
                                                       heavy: set[str]) -> None:
    # start-up time: --help and check need no document library, a PDF needs no python-docx
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "briefgen",
         *[a.format(out=tmp_path) for a in args]],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert imported & {"reportlab", "docx", "jinja2"} == heavy


# ---- special files, modes of outputs, and the processes of a batch -------------------------------


def test_a_fifo_or_a_device_as_facts_file_is_one_error_at_once(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]
                                                                ) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    with wall_seconds_at_most(10):
        code, out, err = cli(capsys, "check", fifo, TINY, zero)
        assert (code, out) == (1, f"ok: {TINY}\n")
        assert err.splitlines() == [f"error: {path}: not a regular file (a pipe, a socket or a "
                                    "device); save the facts to a file" for path in (fifo, zero)]
        code, out, err = cli(capsys, "build", fifo, "-o", tmp_path / "out")
    assert (code, out, len(err.splitlines())) == (1, "", 1)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "oversized"])
def test_a_font_path_entry_that_is_not_a_plain_font_file_is_one_error(tmp_path: Path,
                                                                     kind: str) -> None:
    from briefgen.layout import font_files, fonts

    folder = tmp_path / "fonts"
    folder.mkdir()
    bad = folder / "Bad.ttf"
    if kind == "fifo":
        os.mkfifo(bad)
        message = "not a regular file (a pipe, a socket or a device)"
    elif kind == "/dev/zero":
        bad.symlink_to("/dev/zero")
        message = "not a regular file (a pipe, a socket or a device)"
    else:  # sparse: one byte over the bound, without writing 64 MiB
        with open(bad, "wb") as handle:
            handle.truncate(font_files.MAX_FONT_BYTES + 1)
        message = "font file is 67,108,865 bytes; the limit is 67,108,864 bytes (64 MiB)"
    facts = tmp_path / "tokyo.yaml"  # Japanese: every font of the font path is read
    facts.write_text("title: \u6771\u4eac\nsummary: S.\n", encoding="utf-8")
    # in a process of its own, its memory bounded: reading /dev/zero once took 3.8 GB
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "build", str(facts), "-o", str(tmp_path / "out")],
        env={**os.environ, fonts.ENV_PATH: str(folder)}, capture_output=True, text=True,
        timeout=30, check=False,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)))
    assert (done.returncode, done.stdout) == (1, ""), done.stderr
    assert done.stderr.splitlines() == [f"error: {bad}: {message}; {fonts.ENV_PATH} must "
                                        "list only font files and folders of them"]
    assert not (tmp_path / "out").exists()


def test_a_font_file_at_the_size_bound_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    from briefgen.layout import font_files

    folder = tmp_path / "fonts"
    folder.mkdir()
    with open(folder / "Sparse.ttf", "wb") as handle:
        handle.truncate(font_files.MAX_FONT_BYTES)
    assert font_files._font_files(folder, strict=True) == [folder / "Sparse.ttf"]


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process's umask for a test; the old one comes back after."""
    old = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("jobs", ["1", "2"])  # 2: the DOCX is written by a second process
@pytest.mark.parametrize("mask, expected", [
    pytest.param(mask, 0o666 & ~mask, id=f"umask-{mask:03o}")
    for mask in (0o077, 0o027, 0o022, 0o002)])
def test_new_outputs_respect_the_umask(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       umask: Callable[[int], None], jobs: str, mask: int,
                                       expected: int) -> None:
    umask(mask)
    code, _, err = cli(capsys, "build", TINY, "-o", tmp_path, "-j", jobs)
    assert code == 0, err
    assert {p.name: mode(p) for p in tmp_path.iterdir()} == {"tiny.pdf": expected,
                                                             "tiny.docx": expected}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_replaced_output_keeps_its_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          umask: Callable[[int], None], jobs: str) -> None:
    umask(0o022)
    (tmp_path / "tiny.pdf").write_bytes(KNOWN)
    (tmp_path / "tiny.pdf").chmod(0o600)
    (tmp_path / "tiny.docx").write_bytes(KNOWN)
    (tmp_path / "tiny.docx").chmod(0o640)
    code, _, err = cli(capsys, "build", TINY, "-o", tmp_path, "-j", jobs)
    assert code == 0, err
    assert (tmp_path / "tiny.pdf").read_bytes().startswith(b"%PDF-1.4\n%")  # replaced
    assert {p.name: mode(p) for p in tmp_path.iterdir()} == {"tiny.pdf": 0o600,
                                                             "tiny.docx": 0o640}


def test_init_template_files_respect_the_umask(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               umask: Callable[[int], None]) -> None:
    umask(0o077)
    assert cli(capsys, "init-template", tmp_path / "mine")[0] == 0
    made = [p for p in (tmp_path / "mine").rglob("*") if p.is_file()]
    assert made and {mode(p) for p in made} == {0o600}


def test_a_failed_brief_in_a_batch_leaves_only_its_error_on_stderr(tmp_path: Path) -> None:
    """The pool is shut down in order, before the interpreter's exit closes its pipes: once, a
    failed batch ended with an `Exception ignored in: <generator object run_jobs>` traceback."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nsummary: S.\ntimeline:\n  - date: Febtember 2025\n    event: E\n",
                   encoding="utf-8")
    for attempt in range(3):
        out = tmp_path / f"out{attempt}"
        done = program("module", "build", bad, TINY, "-o", out, "-j", "2", cwd=tmp_path)
        assert done.returncode == 1
        assert done.stderr.splitlines() == [f"error: {bad}:4: timeline[0].date: 'Febtember "
                                            f"2025' is not a date (accepted: 2025, 2025-01, "
                                            "January 2025, 1990s, late 1970s, c. 2014, by 2027, "
                                            "2022-2027)"]
        assert done.stdout.splitlines() == [str(out / "tiny.pdf"), str(out / "tiny.docx")]


def _state(pid: int) -> str | None:
    """A process's state letter (Z: a zombie, dead and waiting to be reaped), None if gone."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return stat_line.rpartition(")")[2].split()[0]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def _all_end(pids: set[int], seconds: float) -> set[int]:
    """Wait up to `seconds` for the processes to end; those still alive."""
    deadline = time.monotonic() + seconds
    alive = set(pids)
    while alive and time.monotonic() < deadline:
        alive = {pid for pid in alive if _state(pid) not in (None, "Z")}
        time.sleep(0.05)
    return alive


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killing_a_batch_ends_its_workers(tmp_path: Path, sig: signal.Signals) -> None:
    facts = []
    for n in range(20):  # 60 briefs: a few seconds of work for two workers
        facts.append(tmp_path / f"seed{n}.yaml")
        facts[-1].write_bytes(Path(SEED_PATH).read_bytes())
    command = [sys.executable, "-m", "briefgen", "build", *map(str, facts), "-o",
               str(tmp_path / "out"), "-j", "2", "-a", "executive", "-a", "analyst", "-a", "press"]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as main:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and main.poll() is None:
            workers = _children(main.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the batch never had its two workers"
        time.sleep(0.3)  # the workers are at work
        main.send_signal(sig)
        main.wait(timeout=30)
    assert _all_end(workers, 5) == set()


def test_killing_the_command_ends_its_docx_process(tmp_path: Path) -> None:
    script = ("import time; from briefgen.edge.docx_process import DocxProcess; "
              "side = DocxProcess(); print(side._pid, flush=True); time.sleep(60)")
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                          text=True) as main:
        assert main.stdout is not None
        child = int(main.stdout.readline())
        assert _state(child) not in (None, "Z")
        main.kill()
        main.wait(timeout=30)
    assert _all_end({child}, 5) == set()


def test_without_the_kernel_a_thread_watches_for_the_parent(tmp_path: Path) -> None:
    # where prctl is not available: the fallback alone, in a child forked by a script we kill
    script = ("import os, time\n"
              "from briefgen.edge import lifeline\n"
              "lifeline._ask_the_kernel = lambda: False\n"
              "parent = os.getpid()\n"
              "pid = os.fork()\n"
              "if pid == 0:\n"
              "    lifeline.die_with_parent(parent)\n"
              "    time.sleep(60)\n"
              "    os._exit(0)\n"
              "print(pid, flush=True)\n"
              "time.sleep(60)\n")
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                          text=True) as main:
        assert main.stdout is not None
        child = int(main.stdout.readline())
        time.sleep(0.2)
        assert _state(child) not in (None, "Z")
        main.kill()
        main.wait(timeout=30)
    assert _all_end({child}, 5) == set()


@pytest.mark.parametrize("args, option", [
    (["build", "-t", ""], "'-t' / '--template'"),
    (["build", "-a", ""], "'-a' / '--audience'"),
    (["build", "-a", "executive", "-a", ""], "'-a' / '--audience'"),
    (["templates", "-t", ""], "'-t' / '--template'"),
])
def test_an_empty_template_or_audience_is_a_usage_error(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str],
                                                        args: list[str], option: str) -> None:
    """`-t ""` once took the current folder, scanned to its depths, for a template folder;
    `-a ""` built the default audience."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "theme.yaml").write_text("accent: '#123456'\n", encoding="utf-8")
    more = [str(FACTS_DIR / "tiny.yaml"), "-o", str(tmp_path / "out")] if args[0] == "build" \
        else []
    code, out, err = cli(capsys, *args, *more)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (f"Error: Invalid value for {option}: is empty: give a name "
                                    "or a path" if "-t" in option else
                                    f"Error: Invalid value for {option}: is empty: give a name")
    assert files(tmp_path) == {"theme.yaml"}


def test_a_file_name_cannot_send_escape_sequences_to_the_terminal(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]
                                                                  ) -> None:
    """Another user's file name reaches the terminal as text: an escape sequence (here one that
    sets the window's title), a bell, a line break and a right-to-left override are shown as
    their codes, on one line."""
    name = "brief\x1b]0;pwned\x07\nerror: fake.yaml\u202e.yaml"
    path = tmp_path / name
    path.write_text("title: T\nsummary: S.\ntimeline:\n  - date: Febtember 2025\n    event: E\n",
                    encoding="utf-8")
    assert run(["check", str(path)]) == 1
    err = capsys.readouterr().err
    shown = str(tmp_path) + "/brief\\u001B]0;pwned\\u0007 error: fake.yaml\\u202E.yaml"
    assert err.startswith(f"error: {shown}:4: timeline[0].date: 'Febtember 2025' is not a date")
    assert err.count("\n") == 1
    assert run(["build", str(path), "-o", str(tmp_path / "out")]) == 1
    assert "\x1b" not in capsys.readouterr().err


def test_a_long_name_asked_of_templates_show_is_shortened(capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    assert run(["templates", "--show", "x" * 100_000]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: " + "x" * 79 + "\u2026: show: no such built-in file (files: ")
    assert len(err) < 1000
