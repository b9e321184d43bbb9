"""The briefgen benchmark: one command, every figure beside a plain python-docx + reportlab script.

    python benchmarks/run.py [--repeat N] [--batch N] [--memory N...] [--quick] [--markdown]

Run it with the Python that has briefgen installed (e.g. `.venv/bin/python benchmarks/run.py`).
It reports medians over repeated runs, with min and max, of:

1. whole process: `briefgen build` on the seed (PDF+DOCX, PDF only, DOCX only) as a fresh
   process, wall time and peak memory, against `benchmarks/plain.py` doing the same; and a
   process that only imports what `build -f pdf` imports, against one that imports what the
   plain script does;
2. in process, per brief: the cost of each stage of `briefgen.pipeline.build()` (read, select,
   compose, parse, layout, each format's writer: the table STAGE_FUNCTIONS names their
   functions) against the plain script's load, PDF and DOCX; a stage function that does not
   exist stops the benchmark with an error (`--check-stages` checks only that);
3. batch: `briefgen build` over N facts files (cycling through facts/) x every audience, in one
   process, against the plain script writing as many memos in one process;
4. memory: the peak memory of one `briefgen build` over batches of growing size (100 and 1,000
   briefs), which stays flat when nothing piles up from brief to brief;
5. fitter: for every facts file in facts/ (the seed first, then the crowded ones), the number of
   times the fit stage measures the page (`Layout.measure` calls, `Fitted.measures`) and renders
   it, and the time of the fit stage alone (the `fit()` call, with the renders it asks for).

Whole-process runs alternate briefgen and the plain script so machine noise hits both. Child
processes run without PYTHONDONTWRITEBYTECODE and with a bytecode cache (PYTHONPYCACHEPREFIX,
outside the checkout) warmed first, as an installed package would be. Peak memory comes from
`/usr/bin/time -f %M` when present (else os.wait4; a child's ru_maxrss also counts the parent's
memory at fork, which is why this process imports neither briefgen nor the libraries). Per-stage
costs are taken in a separate worker process by timing the stage functions build() calls.
Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
FACTS = ROOT / "facts"
SEED = FACTS / "japan-nato-mission.yaml"
PLAIN = BENCH / "plain.py"
BRIEFGEN_PDF_IMPORTS = ("import briefgen.edge.cli, briefgen.speedups.deferred_modules as d; "
                        "d.defer(); import briefgen.pipeline")  # as `build -f pdf` imports them
PLAIN_IMPORTS = "import yaml, reportlab.platypus, docx"
GNU_TIME = "/usr/bin/time"

# The speed budgets, as ratios to the plain script.
TARGET_PROCESS = 1.25  # briefgen build (PDF+DOCX) vs plain script (PDF+DOCX), fresh processes
TARGET_PDF_ONLY = 1.0  # briefgen build -f pdf vs plain script (PDF+DOCX)
TARGET_IN_PROCESS = 1.2  # all stages of one brief vs the plain script's load+PDF+DOCX
TARGET_WATCH = 1.2  # briefgen watch: a save to new PDF+DOCX on disk vs the same plain figure

# The stages of one brief timed in process, each with the functions that make it, as
# (module, attribute) where build() looks them up. Time is exclusive: a function called inside
# another (templating inside fit) counts once. When a stage moves or is renamed, change it here;
# a function not found stops the benchmark with an error naming it (`resolve_stages`).
STAGE_FUNCTIONS: dict[str, list[tuple[str, str]]] = {
    "read": [("briefgen.pipeline", "load_facts"), ("briefgen.pipeline", "check_coverage"),
             ("briefgen.pipeline", "guard")],
    "select": [("briefgen.pipeline", "design_for"), ("briefgen.pipeline", "select")],
    "compose": [("briefgen.pipeline", "build_context"), ("briefgen.pipeline", "render")],
    "parse": [("briefgen.compose.markup", "parse")],
    "layout": [("briefgen.pipeline", "fit"), ("briefgen.layout.measure", "Layout.measure")],
    "pdf": [("briefgen.writers.pdf", "write")],
    "docx": [("briefgen.writers.docx", "write")],
}
STAGE_NAMES = {"read": "read (read, validate, fonts)", "select": "select (design, audience)",
               "compose": "compose (context, Jinja)", "parse": "parse (markup -> Document)",
               "layout": "layout (measure, fit)", "pdf": "write PDF", "docx": "write DOCX"}
PLAIN_STAGES = {"read": "load", "pdf": "pdf", "docx": "docx"}  # the plain script's like steps

HEADERS = ("metric", "briefgen median (min–max)", "plain median (min–max)", "ratio", "target",
           "met?")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- statistics and formatting ------------------------------------------------------------------


@dataclass
class Stats:
    values: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def fmt(self, unit: str) -> str:
        lo, hi = min(self.values), max(self.values)
        if unit == "s":
            return f"{self.median:.3f} s ({lo:.3f}–{hi:.3f})"
        if unit == "ms":
            return f"{self.median * 1e3:.1f} ms ({lo * 1e3:.1f}–{hi * 1e3:.1f})"
        if unit == "MiB":
            return f"{self.median / 1024:.1f} MiB ({lo / 1024:.1f}–{hi / 1024:.1f})"
        if unit == "/s":
            return f"{self.median:.1f} briefs/s ({lo:.1f}–{hi:.1f})"
        raise ValueError(unit)


@dataclass
class Row:
    metric: str
    unit: str
    briefgen: Stats | None
    plain: Stats | None
    plain_text: str = ""  # shown instead of the plain figure when there is none
    ratio: float | None = None
    ratio_note: str = ""
    target: str = ""
    met: bool | None = None

    def cells(self) -> tuple[str, ...]:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}×"
        if self.ratio_note:
            ratio = f"{ratio} {self.ratio_note}".strip()
        return (self.metric,
                self.briefgen.fmt(self.unit) if self.briefgen else "failed",
                self.plain.fmt(self.unit) if self.plain else self.plain_text,
                ratio, self.target,
                "" if self.met is None else "yes" if self.met else "NO")


@dataclass
class Report:
    sections: list[tuple[str, list[Row]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def ratio(a: Stats | None, b: Stats | None) -> float | None:
    if a is None or b is None or not b.median:
        return None
    return a.median / b.median


def text_table(report: Report) -> str:
    rows = [r.cells() for _, section in report.sections for r in section]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADERS)]

    def line(cells: tuple[str, ...]) -> str:
        return " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    out = [line(HEADERS), "-+-".join("-" * w for w in widths)]
    for title, section in report.sections:
        out.append(f"[{title}]")
        out += [line(r.cells()) for r in section]
    return "\n".join(out)


def markdown_table(report: Report) -> str:
    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    out = [line(HEADERS), "|" + "|".join(" --- " for _ in HEADERS) + "|"]
    for title, section in report.sections:
        out.append(line((f"**{title}**",) + ("",) * (len(HEADERS) - 1)))
        out += [line(r.cells()) for r in section]
    return "\n".join(out)


# ---- child processes ----------------------------------------------------------------------------


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(cache))
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["PYTHONHASHSEED"] = "0"
    return env


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system, of the command and its children
    peak_kib: int
    code: int
    stderr: str


def run_process(cmd: list[str], env: dict[str, str], cwd: Path) -> Run:
    """Run a command; its wall time and peak resident memory (KiB)."""
    with tempfile.TemporaryDirectory(prefix="bgbench-run-") as tmp:
        memory = Path(tmp) / "memory"
        errors = Path(tmp) / "stderr"
        full = [GNU_TIME, "-f", "%M", "-o", str(memory), *cmd] if os.path.exists(GNU_TIME) \
            else cmd
        with open(errors, "wb") as err:
            start = time.perf_counter()
            process = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=err, env=env,
                                       cwd=cwd)
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss
        if full is not cmd:
            lines = memory.read_text().split() if memory.exists() else []
            peak = int(lines[-1]) if lines and lines[-1].isdigit() else 0
        return Run(seconds, usage.ru_utime + usage.ru_stime, peak, code,
                   errors.read_text(errors="replace"))


def briefgen_command() -> list[str]:
    script = Path(sys.executable).parent / "briefgen"
    if script.exists():
        return [str(script)]
    found = shutil.which("briefgen")
    return [found] if found else [sys.executable, "-m", "briefgen"]


def capture(cmd: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    return done.stdout + done.stderr


def failure(name: str, run: Run) -> str:
    tail = "; ".join(line for line in run.stderr.strip().splitlines()[-3:])
    return f"{name} exited with {run.code}: {tail}"


# ---- 1. whole process ---------------------------------------------------------------------------


def whole_process(bg: list[str], env: dict[str, str], repeat: int, work: Path,
                  report: Report) -> dict[str, Stats]:
    scenarios = [
        ("both", [], []),
        ("pdf", ["-f", "pdf"], ["--pdf-only"]),
        ("docx", ["-f", "docx"], ["--docx-only"]),
        ("imports", None, None),  # only what `build -f pdf` imports; nothing is built
    ]
    times: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    peaks: dict[str, list[float]] = {}
    failures: list[str] = []
    for i in range(repeat):
        log(f"  whole process: round {i + 1}/{repeat}")
        for name, bg_flags, plain_flags in scenarios:
            if bg_flags is None:
                commands = [("briefgen", [sys.executable, "-c", BRIEFGEN_PDF_IMPORTS]),
                            ("plain", [sys.executable, "-c", PLAIN_IMPORTS])]
            else:
                commands = [("briefgen", [*bg, "build", str(SEED), "-o", "OUT", *bg_flags]),
                            ("plain", [sys.executable, str(PLAIN), str(SEED), "OUT",
                                       *plain_flags])]
            if i % 2:  # alternate who goes first
                commands.reverse()
            for who, cmd in commands:
                out = work / f"{who}-{name}-{i}"
                run = run_process([str(out) if c == "OUT" else c for c in cmd], env, work)
                shutil.rmtree(out, ignore_errors=True)
                if run.code:
                    failures.append(failure(f"{who} ({name})", run))
                    continue
                times.setdefault(f"{who}-{name}", []).append(run.seconds)
                cpus.setdefault(f"{who}-{name}", []).append(run.cpu)
                peaks.setdefault(f"{who}-{name}", []).append(run.peak_kib)
    if failures:
        report.notes += sorted(set(failures))
    t = {k: Stats(v) for k, v in times.items()}
    m = {k: Stats(v) for k, v in peaks.items()}
    both, pdf, docx, imports = (t.get(f"briefgen-{n}") for n in ("both", "pdf", "docx",
                                                                   "imports"))
    p_both, p_pdf, p_docx, p_imports = (t.get(f"plain-{n}") for n in ("both", "pdf", "docx",
                                                                       "imports"))
    r_both, r_pdf = ratio(both, p_both), ratio(pdf, p_both)
    rows = [
        Row("briefgen build, PDF+DOCX", "s", both, p_both, ratio=r_both,
            target=f"≤ {TARGET_PROCESS}×",
            met=None if r_both is None else r_both <= TARGET_PROCESS),
        Row("briefgen build -f pdf (vs plain PDF+DOCX)", "s", pdf, p_both, ratio=r_pdf,
            target=f"≤ {TARGET_PDF_ONLY}×",
            met=None if r_pdf is None else r_pdf <= TARGET_PDF_ONLY),
        Row("briefgen build -f pdf (vs plain PDF only)", "s", pdf, p_pdf, ratio=ratio(pdf, p_pdf)),
        Row("briefgen build -f docx (vs plain DOCX only)", "s", docx, p_docx,
            ratio=ratio(docx, p_docx)),
        Row("imports alone, of -f pdf (vs plain PDF+DOCX)", "s", imports, p_both,
            ratio=ratio(imports, p_both)),
        Row("imports alone, of -f pdf (vs plain's imports)", "s", imports, p_imports,
            ratio=ratio(imports, p_imports)),
    ]
    for name, label in (("both", "PDF+DOCX"), ("pdf", "PDF only"), ("docx", "DOCX only")):
        a, b = m.get(f"briefgen-{name}"), m.get(f"plain-{name}")
        rows.append(Row(f"peak memory, {label}", "MiB", a, b, ratio=ratio(a, b)))
    report.sections.append((f"whole process: the seed, fresh process, {repeat} runs each", rows))
    c = {k: Stats(v) for k, v in cpus.items()}
    parts = []
    for name, label in (("both", "PDF+DOCX"), ("pdf", "PDF only"), ("docx", "DOCX only")):
        a, b = c.get(f"briefgen-{name}"), c.get(f"plain-{name}")
        if a and b:
            parts.append(f"{label} {a.median:.3f} vs {b.median:.3f} s ({ratio(a, b):.2f}×)")
    if parts:
        report.notes.append("whole process, CPU time (user+system of the process and its "
                            "children; less sensitive to other load on the machine), briefgen "
                            "vs plain: " + ", ".join(parts))
    report.notes.append("imports alone: a process that imports what `briefgen build -f pdf` "
                        "imports (Click, PyYAML, Jinja2, reportlab and briefgen's modules) and "
                        "builds nothing, against one that imports what the plain script imports "
                        "(PyYAML, reportlab, python-docx): what is left of the -f pdf target "
                        "for reading the facts, templating, fitting and drawing is the "
                        "difference between the target and the first of these ratios")
    report.notes.append("a build of one brief with a DOCX writes the DOCX in a second process "
                        "(`--jobs` 2 or more): its wall time is what a user waits, its CPU time "
                        "above counts both processes, and its peak memory is the larger "
                        "process's, not their sum")
    return t


# ---- 2. in process (runs in a worker process) ---------------------------------------------------

STAGES = tuple(STAGE_FUNCTIONS)


class MissingStage(SystemExit):
    """A stage function the benchmark times does not exist (renamed or moved): timing without it
    would quietly count its time as nobody's, so the benchmark stops and says which."""


def resolve_stages(table: dict[str, list[tuple[str, str]]] | None = None) -> list[tuple]:
    """(owner, attribute name, stage, dotted name) for every function of the table (default:
    STAGE_FUNCTIONS), found where build() looks them up; MissingStage names any that is not."""
    import importlib

    found, missing = [], []
    for stage, functions in (table or STAGE_FUNCTIONS).items():
        for module_name, attribute in functions:
            dotted = f"{module_name}.{attribute}"
            try:
                owner = importlib.import_module(module_name)
            except ImportError:
                missing.append(f"{dotted} (stage {stage}: no module {module_name})")
                continue
            *path, name = attribute.split(".")  # "Layout.measure": a method
            for part in path:
                owner = getattr(owner, part, None)
            if getattr(owner, name, None) is None:
                missing.append(f"{dotted} (stage {stage})")
            else:
                found.append((owner, name, stage, dotted))
    if missing:
        raise MissingStage("benchmark: error: these stage functions do not exist: "
                           + ", ".join(missing) + "; update STAGE_FUNCTIONS at the top of "
                           "benchmarks/run.py")
    return found


class Clock:
    def __init__(self) -> None:
        self.stack: list[float] = []
        self.exclusive: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def reset(self) -> None:
        self.exclusive.clear()
        self.calls.clear()

    def wrap(self, function, name: str):
        def timed(*args, **kwargs):
            self.stack.append(0.0)
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                inner = self.stack.pop()
                self.exclusive[name] = self.exclusive.get(name, 0.0) + elapsed - inner
                self.calls[name] = self.calls.get(name, 0) + 1
                if self.stack:
                    self.stack[-1] += elapsed

        timed.__wrapped__ = function
        return timed


def worker(iterations: int) -> dict:
    """In a fresh process: time build() on the seed by stage, and the plain script's steps."""
    import importlib

    sys.path.insert(0, str(BENCH))
    start = time.perf_counter()
    import briefgen.pipeline as build_module

    for name in ("briefgen.writers.pdf", "briefgen.writers.docx"):
        importlib.import_module(name)
    import_seconds = time.perf_counter() - start
    import plain

    clock = Clock()
    hooked = []
    for owner, name, stage, dotted in resolve_stages():
        setattr(owner, name, clock.wrap(getattr(owner, name), f"{stage}:{name}"))
        hooked.append(dotted)

    from briefgen import caches

    def one_brief():
        clock.reset()
        # The PDF writer remembers the text of the paragraphs it has made (markup and
        # fragments, the table `paragraphs.text` of `briefgen.caches`); a batch of different
        # briefs gains nothing from that across briefs, so each brief here starts without it
        # (the loaded template, theme and audience stay, as in a batch).
        caches.current().table("paragraphs.text").clear()
        begin = time.perf_counter()
        brief = build_module.build(str(SEED))
        total = time.perf_counter() - begin
        return brief, total, dict(clock.exclusive), dict(clock.calls)

    def one_plain():
        t0 = time.perf_counter()
        facts = plain.load(SEED)
        t1 = time.perf_counter()
        pdf = plain.write_pdf(facts)
        t2 = time.perf_counter()
        docx = plain.write_docx(facts)
        t3 = time.perf_counter()
        return (pdf, docx), {"load": t1 - t0, "pdf": t2 - t1, "docx": t3 - t2, "total": t3 - t0}

    brief, first_brief, _, _ = one_brief()
    plain_out, plain_first = one_plain()
    results: dict = {"briefgen": [], "plain": [], "calls": None}
    for i in range(iterations):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for who in order:
            if who == 0:
                brief, total, exclusive, calls = one_brief()
                stages = {s: 0.0 for s in STAGES}
                for name, seconds in exclusive.items():
                    stages[name.split(":")[0]] += seconds
                stages["other"] = total - sum(exclusive.values())
                stages["total"] = total
                stages["measure"] = exclusive.get("layout:measure", 0.0)
                results["briefgen"].append(stages)
                results["calls"] = calls
            else:
                plain_out, stages = one_plain()
                results["plain"].append(stages)
    results.update(hooked=hooked, import_seconds=import_seconds,
                   first_brief=first_brief, plain_first=plain_first["total"],
                   pages=brief.pages, notes=len(brief.notes),
                   equivalence=equivalence(brief.outputs, dict(zip(("pdf", "docx"), plain_out))))
    return results


def equivalence(briefgen: dict[str, bytes], plain: dict[str, bytes]) -> dict:
    """Characters of text and pages in each output, to show the two pages are comparable."""
    import io

    out: dict = {}
    for who, outputs in (("briefgen", briefgen), ("plain", plain)):
        try:
            import pypdf

            reader = pypdf.PdfReader(io.BytesIO(outputs["pdf"]))
            text = "".join(page.extract_text() for page in reader.pages)
            out[f"{who}_pdf"] = (len("".join(text.split())), len(reader.pages))
        except ImportError:
            pass
        import docx

        document = docx.Document(io.BytesIO(outputs["docx"]))
        texts = [p.text for p in document.paragraphs]
        texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        out[f"{who}_docx"] = len("".join("".join(texts).split()))
    return out


def run_worker(flag: str, iterations: int, env: dict[str, str], report: Report, name: str,
               section: str, row: str) -> dict | None:
    """Run this script as a worker (`--worker` or `--fit-worker`) and read the JSON it prints;
    a worker that fails is a note and an empty row in its section, and None."""
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), flag,
                           str(iterations)], capture_output=True, text=True, env=env, cwd=ROOT,
                          check=False)
    if done.returncode:
        tail = "; ".join(done.stderr.strip().splitlines()[-3:])
        report.notes.append(f"{name} worker failed ({done.returncode}): {tail}")
        report.sections.append((section, [Row(row, "ms", None, None)]))
        return None
    return json.loads(done.stdout)


def in_process(env: dict[str, str], iterations: int, report: Report) -> Stats | None:
    log(f"  in process: {iterations} briefs each, in a worker process")
    data = run_worker("--worker", iterations, env, report, "in-process",
                      "in process: per brief", "all stages")
    if data is None:
        return None
    bg, pl = data["briefgen"], data["plain"]

    def series(rows: list[dict], key: str) -> Stats:
        return Stats([r[key] for r in rows])

    plain_total = series(pl, "total")
    rows = []
    for stage in STAGES:
        mine = series(bg, stage)
        if stage in PLAIN_STAGES:
            theirs = series(pl, PLAIN_STAGES[stage])
            rows.append(Row(STAGE_NAMES[stage], "ms", mine, theirs, ratio=ratio(mine, theirs)))
        else:
            rows.append(Row(STAGE_NAMES[stage], "ms", mine, None, plain_text="— (no such step)",
                            ratio=ratio(mine, plain_total), ratio_note="of plain total"))
    total = series(bg, "total")
    r = ratio(total, plain_total)
    rows.append(Row("all stages: one build() call", "ms", total, plain_total, ratio=r,
                    target=f"≤ {TARGET_IN_PROCESS}×",
                    met=None if r is None else r <= TARGET_IN_PROCESS))
    report.sections.append(((f"in process: per brief, the seed, {len(bg)} briefs each "
                            "(after one warm-up)"), rows))
    calls = data["calls"] or {}
    measure = series(bg, "measure").median
    n_measure = calls.get("layout:measure", 0)
    other = series(bg, "other").median
    report.notes.append(
        f"per brief: templating ran {calls.get('compose:render', '?')} times, "
        f"measure {n_measure} times ({measure * 1e3:.1f} ms, "
        f"{measure / n_measure * 1e3 if n_measure else 0:.1f} ms each); "
        f"time outside the timed stage functions: {other * 1e3:.1f} ms; "
        f"{data['notes']} fit notes; {data['pages']} page(s)")
    report.notes.append(
        f"first brief in a fresh process (lazy imports, caches): briefgen "
        f"{data['first_brief'] * 1e3:.0f} ms, plain {data['plain_first'] * 1e3:.0f} ms; "
        f"importing briefgen.pipeline and both writers: {data['import_seconds'] * 1e3:.0f} ms")
    eq = data["equivalence"]
    pdf_text = ""
    if "briefgen_pdf" in eq:
        pdf_text = (f"PDF {eq['briefgen_pdf'][0]} vs {eq['plain_pdf'][0]} characters, "
                    f"{eq['briefgen_pdf'][1]} vs {eq['plain_pdf'][1]} page(s); ")
    report.notes.append(f"equivalent page (briefgen vs plain, non-blank text): {pdf_text}"
                        f"DOCX {eq['briefgen_docx']} vs {eq['plain_docx']} characters")
    return plain_total


# ---- 2c. watch: a save to new files in a running `briefgen watch` ------------------------------


def watch(bg: list[str], env: dict[str, str], saves: int, work: Path,
          per_memo: Stats | None, report: Report) -> None:
    """The time from a save of the seed to its new PDF and DOCX on disk, in a running watcher
    (`watch_latency.py`), against the plain script's in-process cost of one memo, taken turn
    about with the saves (the in-process section's figure, `per_memo`, is in the notes)."""
    import watch_latency

    log(f"  watch: {saves} saves of the seed in a running briefgen watch")
    try:
        totals, builds, plains = watch_latency.measure(bg, env, work, SEED, saves)
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as exc:
        report.notes.append(f"watch benchmark failed: {exc}")
        report.sections.append(("watch", [Row("watch: save to new files", "ms", None, None)]))
        return
    total, build, plain = Stats(totals), Stats(builds), Stats(plains)
    r = ratio(total, plain)
    report.sections.append((f"watch: the seed saved {saves} times in a running watcher", [
        Row("watch: save to new files (PDF+DOCX)", "ms", total, plain, ratio=r,
            target=f"≤ {TARGET_WATCH}×", met=None if r is None else r <= TARGET_WATCH),
        Row("watch: the build alone (its own line)", "ms", build, plain,
            ratio=ratio(build, plain))]))
    in_process = "" if per_memo is None else \
        f"; the in-process section's plain figure: {per_memo.median * 1e3:.1f} ms"
    report.notes.append(
        f"watch: of a save's {total.median * 1e3:.1f} ms to new files, the build and writing "
        f"the files took {build.median * 1e3:.0f} ms (whole ms, the watcher's own line) and "
        f"noticing the save the rest (polled every 5 ms, then a quiet poll 2 ms later); the "
        f"plain script's in-process memo, timed after each save: {plain.median * 1e3:.1f} ms"
        f"{in_process}")


# ---- 2b. the fitter, per facts file (runs in a worker process) ---------------------------------


def fit_files() -> list[Path]:
    """The seed, then every other facts file in facts/, by name."""
    others = sorted(p for p in FACTS.iterdir() if p.suffix in (".yaml", ".yml", ".json")
                    and p != SEED)
    return [SEED, *others]


def fit_worker(iterations: int) -> dict:
    """In a fresh process: for each facts file, the fit stage's measures, renders and time per
    brief (default audience; no format written), one warm-up brief first."""
    import briefgen.layout.fit
    import briefgen.pipeline as pipeline
    from briefgen import caches
    from briefgen.errors import BriefgenError

    seen: list[tuple[float, int]] = []
    renders = [0]
    fit, render = pipeline.fit, pipeline.render

    def timed_fit(*args, **kwargs) -> briefgen.layout.fit.Fitted:
        start = time.perf_counter()
        fitted = fit(*args, **kwargs)
        seen.append((time.perf_counter() - start, fitted.measures))
        return fitted

    def counted_render(*args, **kwargs):
        renders[0] += 1
        return render(*args, **kwargs)

    pipeline.fit, pipeline.render = timed_fit, counted_render
    design = pipeline.design_for(None, None)
    results = {}
    for path in fit_files():
        times, error = [], ""
        for i in range(iterations + 1):
            caches.current().table("paragraphs.text").clear()  # as in the in-process figures
            seen.clear()
            renders[0] = 0
            try:
                pipeline.build_with(design, path, formats=())
            except BriefgenError as exc:
                error = str(exc.problems[0]).split(": ", 2)[-1][:60] if exc.problems else "error"
            if i and seen:
                times.append(seen[0][0])
        results[path.name] = {"seconds": times, "measures": seen[0][1] if seen else 0,
                              "renders": renders[0], "error": error}
    return results


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def fitter(env: dict[str, str], iterations: int, report: Report) -> None:
    log(f"  fitter: {len(fit_files())} facts files, {iterations} briefs each, in a worker process")
    files = run_worker("--fit-worker", iterations, env, report, "fitter", "fitter", "fit stage")
    if files is None:
        return
    rows = []
    for name, data in files.items():
        shown = (f"fit {name}: {plural(data['measures'], 'measure')}, "
                 f"{plural(data['renders'], 'render')}")
        if data["error"]:
            shown += f" (does not build: {data['error']})"
        rows.append(Row(shown, "ms", Stats(data["seconds"]) if data["seconds"] else None, None,
                        plain_text="—"))
    report.sections.append((f"fitter: the fit stage alone, per brief, default audience, "
                            f"{iterations} briefs each (after one warm-up)", rows))
    report.notes.append("fitter: `measures` is how many times the fit stage laid the page out "
                        "(`Layout.measure`), `renders` how many times the template was rendered "
                        "for the brief; the time is the `fit()` call, the renders and parses it "
                        "asks for included")


# ---- 3. batch -----------------------------------------------------------------------------------


def batch_files(count: int, folder: Path) -> list[Path]:
    """`count` facts files in a new folder, copies of facts/ in turn."""
    sources = sorted(p for p in FACTS.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    folder.mkdir()
    files = []
    for i in range(count):
        source = sources[i % len(sources)]
        target = folder / f"{i:04d}-{source.name}"
        shutil.copyfile(source, target)
        files.append(target)
    return files


def batch_flags(bg: list[str], env: dict[str, str], files: list[Path]) -> tuple[list[str], int]:
    """The options that build every file for every audience on every core, and the number of
    audiences."""
    help_text = capture([*bg, "build", "--help"], env)
    flags: list[str] = []
    audiences: list[str] = []
    if re.search(r"--audience\b", help_text):
        listing = capture([*bg, "templates"], env)
        audiences = re.findall(r"^audience\s+(\S+)", listing, flags=re.MULTILINE)
        for name in audiences:
            flags += ["-a", name]
    if re.search(r"--allow-classification\b", help_text) and audiences:
        for marking in sorted(markings(files)):
            flags += ["--allow-classification", marking]
    if re.search(r"--jobs\b", help_text):
        flags += ["--jobs", str(os.cpu_count() or 1)]
    return flags, max(1, len(audiences))


def batch(bg: list[str], env: dict[str, str], repeat: int, count: int, work: Path,
          per_memo: Stats | None, report: Report) -> None:
    files = batch_files(count, work / "batch-facts")
    flags, per_file = batch_flags(bg, env, files)
    jobs = os.cpu_count() or 1
    wanted = count * per_file
    log(f"  batch: {count} facts files x {per_file} audience(s) = {wanted} briefs, "
        f"{repeat} runs each")
    times: dict[str, list[float]] = {"briefgen": [], "plain": []}
    built: list[int] = []
    failures = []
    for i in range(repeat):
        commands = [("briefgen", [*bg, "build", *map(str, files), *flags, "-o", "OUT"]),
                    ("plain", [sys.executable, str(PLAIN),
                               *[str(f) for f in files for _ in range(per_file)], "OUT"])]
        if i % 2:
            commands.reverse()
        for who, cmd in commands:
            out = work / f"batch-{who}-{i}"
            run = run_process([str(out) if c == "OUT" else c for c in cmd], env, work)
            if who == "briefgen":
                built.append(len(list(out.glob("*.pdf"))) if out.exists() else 0)
            shutil.rmtree(out, ignore_errors=True)
            if run.code:
                failures.append(failure(who, run))
            if who == "plain" or built[-1]:
                times[who].append(run.seconds)
    report.notes += sorted(set(failures))
    briefs = min(built) if built else 0
    bg_t = Stats(times["briefgen"]) if times["briefgen"] else None
    pl_t = Stats(times["plain"]) if times["plain"] else None
    target, met = "", None
    if per_memo is not None and briefs:
        limit = per_memo.median * briefs
        target = f"≤ {briefs} × {per_memo.median * 1e3:.1f} ms = {limit:.2f} s"
        met = None if bg_t is None else bg_t.median <= limit
    how = f"{count} file(s) × {per_file} audience(s)" + (f", --jobs {jobs}" if "--jobs" in flags
                                                        else ", no --jobs option")
    rows = [Row(f"batch total: {briefs} briefs ({how})", "s", bg_t, pl_t,
                ratio=ratio(bg_t, pl_t), target=target, met=met)]
    if bg_t and pl_t and briefs:
        bg_rate = Stats([briefs / t for t in bg_t.values])
        pl_rate = Stats([wanted / t for t in pl_t.values])
        rows.append(Row("batch throughput", "/s", bg_rate, pl_rate, ratio=ratio(bg_rate, pl_rate)))
    if briefs and briefs != wanted:
        report.notes.append(f"batch: briefgen built {briefs} of {wanted} briefs")
    report.sections.append((f"batch: one process, {repeat} runs each", rows))


def memory(bg: list[str], env: dict[str, str], sizes: list[int], work: Path,
           report: Report) -> None:
    """Peak memory of one `briefgen build` over batches of growing size: flat if the biggest
    batch needs no more than the smallest."""
    rows = []
    smallest: Stats | None = None
    samples = batch_files(len(list(FACTS.iterdir())), work / "memory-samples")
    flags, per_file = batch_flags(bg, env, samples)  # the copies below carry the same markings
    for size in sizes:
        count = -(-size // per_file)
        files = batch_files(count, work / f"memory-facts-{size}")
        out = work / f"memory-out-{size}"
        log(f"  memory: {count} facts files x {per_file} audience(s) = {count * per_file} briefs")
        run = run_process([*bg, "build", *map(str, files), *flags, "-o", str(out)], env, work)
        built = len(list(out.glob("*.pdf"))) if out.exists() else 0
        shutil.rmtree(out, ignore_errors=True)
        if run.code or not built:
            report.notes.append(failure("briefgen", run))
            continue
        peak = Stats([run.peak_kib])
        smallest = smallest or peak
        rows.append(Row(f"peak memory, batch of {built} briefs ({built / run.seconds:.1f}/s)",
                        "MiB", peak, None, plain_text="—", ratio=ratio(peak, smallest),
                        target=f"≤ 1.1× the {sizes[0]}-brief batch" if size != sizes[0] else "",
                        met=ratio(peak, smallest) <= 1.1 if size != sizes[0] else None))
    report.sections.append(("memory: one briefgen build, growing batches (one run each)", rows))


def markings(files: list[Path]) -> set[str]:
    """The classifications the facts files carry (so a batch may release them to any audience)."""
    found = set()
    for path in files:
        match = re.search(r'"?classification"?\s*:\s*"?([^"\n,#]+)', path.read_text("utf-8"))
        if match:
            found.add(match.group(1).strip())
    return found


# ---- main ---------------------------------------------------------------------------------------


def warm(bg: list[str], env: dict[str, str], work: Path) -> list[str]:
    """Fill the bytecode cache and the page cache: each command once, untimed."""
    problems = []
    for name, cmd in (("briefgen build", [*bg, "build", str(SEED), "-o", str(work / "warm")]),
                      ("plain script", [sys.executable, str(PLAIN), str(SEED), str(work / "warm")]),
                      ("python -c pass", [sys.executable, "-c", "pass"])):
        run = run_process(cmd, env, work)
        if run.code:
            problems.append(failure(name, run))
    shutil.rmtree(work / "warm", ignore_errors=True)
    return problems


def describe(env: dict[str, str], bg: list[str]) -> list[str]:
    versions = capture([sys.executable, "-c", ("import importlib.metadata as m; print(' '.join("
                        "f'{p} {m.version(p)}' for p in ('briefgen', 'reportlab', 'python-docx', "
                        "'PyYAML', 'Jinja2')))")], env).strip()
    package = capture([sys.executable, "-c", ("import briefgen, os; "
                       "print(os.path.dirname(briefgen.__file__))")], env).strip()
    source = Path(package).parent if package else ROOT
    head = subprocess.run(["git", "-C", str(source), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(source), "status", "--porcelain", "--", "."],
                           capture_output=True, text=True, check=False).stdout.splitlines()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        (f"machine: {platform.platform()}, {os.cpu_count()} CPUs, load average {load}; "
         f"Python {platform.python_version()}; {versions}"),
        f"briefgen imported from {package}" + (
            f" (git {head}, {len(dirty)} uncommitted change(s) there)" if dirty and head
            else f" (git {head}, clean)" if head else " (not in a git checkout)"),
        (f"commands: {' '.join(bg)} / {sys.executable} {PLAIN.relative_to(ROOT)}; "
         f"peak memory via {GNU_TIME if os.path.exists(GNU_TIME) else 'os.wait4'}"),
        ("child processes run without PYTHONDONTWRITEBYTECODE, with a warm bytecode cache in "
         f"PYTHONPYCACHEPREFIX={env['PYTHONPYCACHEPREFIX']}"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, help="runs of each process (default 10; quick 3); "
                        "in-process briefs: 2 x this (at least 5); batch runs: half of it")
    parser.add_argument("--batch", type=int, help="facts files in the batch, cycling through "
                        "facts/ (default 6, each sample once; quick 1); each is built for every "
                        "audience")
    parser.add_argument("--memory", type=int, nargs="+", metavar="N",
                        help="batch sizes whose peak memory is compared (default 100 1000; "
                        "quick 20 100)")
    parser.add_argument("--quick", action="store_true", help="fewer runs: about 30 s")
    parser.add_argument("--markdown", action="store_true",
                        help="print the table and notes as Markdown (for the README)")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--fit-worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--check-stages", action="store_true",
                        help="only check that every stage function timed exists (exit 1 if not)")
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return 0
    if args.fit_worker:
        print(json.dumps(fit_worker(args.fit_worker)))
        return 0
    if args.check_stages:
        print(f"{len(resolve_stages())} stage functions found")
        return 0
    repeat = args.repeat or (3 if args.quick else 10)
    count = args.batch or (1 if args.quick else 6)
    sizes = sorted(args.memory or ([20, 100] if args.quick else [100, 1000]))
    iterations = max(5, 2 * repeat)
    batch_runs = max(1, (repeat + 1) // 2)
    if repeat < 1 or count < 1 or sizes[0] < 1:
        parser.error("--repeat, --batch and --memory must be at least 1")
    started = time.perf_counter()
    cache = Path(tempfile.gettempdir()) / "briefgen-benchmark-pycache"
    env = child_env(cache)
    bg = briefgen_command()
    report = Report()
    report.notes += describe(env, bg)
    checked = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--check-stages"],
                             capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if checked.returncode:  # before minutes of runs: a stage renamed is said at once
        print(checked.stderr.strip() or checked.stdout.strip(), file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bgbench-") as tmp:
        work = Path(tmp)
        log("warming the bytecode cache")
        problems = warm(bg, env, work)
        if problems:
            for problem in problems:
                log(f"error: {problem}")
            return 1
        start_up = Stats([run_process([sys.executable, "-c", "pass"], env, work).seconds
                          for _ in range(max(3, repeat))])
        whole_process(bg, env, repeat, work, report)
        per_memo = in_process(env, iterations, report)
        watch(bg, env, iterations, work, per_memo, report)
        fitter(env, iterations, report)
        batch(bg, env, batch_runs, count, work, per_memo, report)
        memory(bg, env, sizes, work, report)
    report.notes.append(f"interpreter start-up alone (python -c pass): {start_up.fmt('ms')}")
    elapsed = time.perf_counter() - started
    report.notes.append(f"benchmark took {elapsed:.0f} s (--repeat {repeat}: {repeat} runs of each "
                        f"process, {iterations} in-process briefs, {batch_runs} batch runs; "
                        f"--batch {count})")
    if args.markdown:
        print(markdown_table(report))
        print()
        print("\n".join(f"- {note}" for note in report.notes))
    else:
        print(text_table(report))
        print()
        print("\n".join(f"* {note}" for note in report.notes))
    failed = any(r.briefgen is None for _, rows in report.sections for r in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
