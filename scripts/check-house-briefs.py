#!/usr/bin/env python3
"""Builds the house briefs (examples/house/) and checks them as a reader and as bytes.

Every facts file of examples/house/ is built for every built-in audience and for every audience
of the ministry template (examples/house/ministere/), as PDF, DOCX and Markdown, with the
briefgen command given (`--briefgen`, default .venv/bin/briefgen, else `briefgen`): it calls
the command line only, so it runs against any briefgen. Then, one PASS or FAIL line per check:

- the restricted list itself: each sentence is an internal item of its file, and each marker
  is in no public item of that file (so finding a marker means the sentence leaked);
- each build succeeds; the PDF has one page (pdfinfo), and so has the DOCX as LibreOffice lays
  it out (one soffice call per template, with a private profile);
- a press audience (the built-in `press`, or one whose `release:` list lacks `internal`) holds
  none of the restricted sentences nor their markers in its bytes: the PDF's text (pdftotext),
  the PDF decompressed by `qpdf --qdf --object-streams=disable` (metadata included, as UTF-8,
  Latin-1 and UTF-16), every XML part of the DOCX, the Markdown; nor any marking above the
  file's lowest;
- under a marking scheme, the banner of every other brief is the highest marking of the items
  it prints (a restricted item marked above the file raises it when it is on the page); with
  portion marks, also the highest portion mark printed;
- the PDF's /Lang, the DOCX's language (styles and dc:language) follow the brief's language,
  and a French or German brief prints none of the English words a brief adds.

The checks themselves are in scripts/house_checks.py. Pictures of every page (PDF, and the
DOCX through LibreOffice) go to OUT/png/. Exit code 0
when every check passes, 1 otherwise. Usage:

    .venv/bin/python scripts/check-house-briefs.py OUT [--briefgen CMD] [--house DIR]
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover - told to the user, not a traceback
    sys.exit("error: PyYAML is needed: run this with briefgen's Python (.venv/bin/python)")

from house_checks import (Report, check_banner, check_banner_follows_items, check_language,
                          check_press, check_restricted_list, pages, run)

ROOT = Path(__file__).resolve().parent.parent
BUILTIN_AUDIENCES = ["default", "executive", "analyst", "press"]


def audiences_of(template: Path | None) -> list[dict]:
    """The audiences to build: the built-in ones, or those of a template folder, with what the
    checks need to know (public only? portion marks? language?)."""
    if template is None:
        return [{"name": a, "public_only": a == "press", "portion_marks": False,
                 "language": None} for a in BUILTIN_AUDIENCES]
    theme = yaml.safe_load((template / "theme.yaml").read_text(encoding="utf-8")) or {}
    out = []
    for path in sorted((template / "audiences").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        release = data.get("release")
        public_only = (data.get("extends") == "press" and release is None) or (
            isinstance(release, list) and "internal" not in [str(r).lower() for r in release])
        out.append({"name": path.stem, "public_only": public_only,
                    "portion_marks": data.get("portion_marks", theme.get("portion_marks", False)),
                    "language": data.get("language", theme.get("language"))})
    return out


def build(report: Report, briefgen: list[str], facts: Path, audience: str,
          template: Path | None, out: Path) -> Path | None:
    """Builds one brief in three formats; returns the path without extension, or None."""
    args = briefgen + ["build", str(facts), "-o", str(out), "-f", "pdf", "-f", "docx", "-f", "md"]
    args += ["-t", str(template)] if template else []
    args += [] if audience == "default" else ["-a", audience]
    stem = out / (facts.stem + ("" if audience == "default" else f"-{audience}"))
    try:
        done = run(args)
    except subprocess.TimeoutExpired:
        report.check(False, f"build {out.name}/{stem.name}", "timed out")
        return None
    errors = [line for line in done.stderr.splitlines() if line.startswith("error")]
    ok = done.returncode == 0 and all(stem.with_suffix(s).is_file() for s in (".pdf", ".docx"))
    report.check(ok, f"build {out.name}/{stem.name}",
                 (errors or done.stderr.splitlines() or ["no output"])[0])
    return stem if ok else None


def pictures(pdf: Path, folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    run(["pdftoppm", "-png", "-r", "60", str(pdf), str(folder / name)])


def lay_out_docx(report: Report, stems: list[Path], out: Path) -> None:
    """One soffice call for all the DOCX of a folder; one page each; pictures of each."""
    lo = out / "libreoffice"
    lo.mkdir(parents=True, exist_ok=True)
    profile = (out / ".lo-profile").resolve().as_uri()
    docx = [str(s.with_suffix(".docx")) for s in stems]
    if docx:
        run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(lo), *docx], timeout=1200)
    for stem in stems:
        pdf = lo / (stem.name + ".pdf")
        n = pages(pdf) if pdf.is_file() else -1
        report.check(n == 1, f"one page {out.name}/{stem.name}.docx (LibreOffice)",
                     f"{n} pages" if n >= 0 else "LibreOffice wrote no PDF")
        if pdf.is_file():
            pictures(pdf, out.parent / "png" / out.name, stem.name + "-docx")


def check_brief(report: Report, stem: Path, audience: dict, facts_path: Path, entries: list,
                out: Path) -> None:
    """The checks of one built brief: one page, pictures, then bytes, banner and language."""
    facts = yaml.safe_load(facts_path.read_text(encoding="utf-8"))
    n = pages(stem.with_suffix(".pdf"))
    report.check(n == 1, f"one page {stem.parent.name}/{stem.name}.pdf", f"{n} pages")
    pictures(stem.with_suffix(".pdf"), out / "png" / stem.parent.name, stem.name)
    scheme = facts.get("markings")
    if audience["public_only"]:
        check_press(report, stem, entries, scheme)
    elif scheme:
        check_banner_follows_items(report, stem, facts, entries, scheme)
        if audience["portion_marks"]:
            check_banner(report, stem, scheme)
    language = audience["language"] or facts.get("language") or "en"
    check_language(report, stem, language, facts_path.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the briefs and their pictures")
    default = ROOT / ".venv" / "bin" / "briefgen"
    parser.add_argument("--briefgen", default=str(default) if default.exists() else "briefgen")
    parser.add_argument("--house", type=Path, default=ROOT / "examples" / "house")
    args = parser.parse_args()
    report, briefgen = Report(), shlex.split(args.briefgen)
    restricted = yaml.safe_load((args.house / "restricted.yaml").read_text(encoding="utf-8"))
    check_restricted_list(report, args.house, restricted)
    facts_files = sorted(p for p in args.house.glob("*.yaml") if p.name != "restricted.yaml")
    for template in (None, args.house / "ministere"):
        group = args.out / ("builtin" if template is None else template.name)
        shutil.rmtree(group, ignore_errors=True)
        group.mkdir(parents=True)
        built = []
        for facts_path in facts_files:
            for audience in audiences_of(template):
                stem = build(report, briefgen, facts_path, audience["name"], template, group)
                if stem is not None:
                    built.append(stem)
                    check_brief(report, stem, audience, facts_path,
                                restricted.get(facts_path.name, []), args.out)
        lay_out_docx(report, built, group)
    print(f"\n{report.passed} passed, {report.failed} failed; pictures in {args.out / 'png'}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
