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
- with portion marks, the banner is the highest portion mark printed;
- the PDF's /Lang, the DOCX's language (styles and dc:language) follow the brief's language,
  and a French or German brief prints none of the English words a brief adds.

Pictures of every page (PDF, and the DOCX through LibreOffice) go to OUT/png/. Exit code 0
when every check passes, 1 otherwise. Usage:

    .venv/bin/python scripts/check-house-briefs.py OUT [--briefgen CMD] [--house DIR]
"""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover - told to the user, not a traceback
    sys.exit("error: PyYAML is needed: run this with briefgen's Python (.venv/bin/python)")

ROOT = Path(__file__).resolve().parent.parent
BUILTIN_AUDIENCES = ["default", "executive", "analyst", "press"]
SCHEMES = {  # lowest first: (banner, portion mark)
    "us": [("UNCLASSIFIED", "U"), ("CUI", "CUI"), ("CONFIDENTIAL", "C"), ("SECRET", "S"),
           ("TOP SECRET", "TS")],
    "uk": [("OFFICIAL", "O"), ("OFFICIAL-SENSITIVE", "OS"), ("SECRET", "S"),
           ("TOP SECRET", "TS")],
    "tlp": [(m, m) for m in ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT",
                             "TLP:RED")],
}
ENGLISH = ["Bottom line", "Key points", "Key facts", "Timeline", "Key quotes", "Key quote",
           "On the record", "By the numbers", "Outlook", "What to watch", "What happens next",
           "For your information", "Recommendation", "Background", "Prepared by",
           "Dates in italics", "approximate", "BRIEFING MEMO", "ANALYTICAL BRIEF", "MEDIA BRIEF",
           "SUBJECT", "AS OF", "Page 1 of", "Late", "Early", "By", "January", "February",
           "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
SAME_WORD = {"de": {"April", "August", "September", "November"}, "fr": set()}


class Report:
    """Prints one PASS or FAIL line per check and counts them."""

    def __init__(self) -> None:
        self.passed = self.failed = 0

    def check(self, ok: bool, name: str, why: str = "") -> bool:
        if ok:
            self.passed += 1
            print(f"PASS  {name}")
        else:
            self.failed += 1
            print(f"FAIL  {name}: {why}")
        return ok


def norm(text: str) -> str:
    """One space for every run of white space (pdftotext breaks lines, the DOCX splits runs)."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def run(args: list[str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def item_texts(facts: dict) -> list[tuple[dict, str]]:
    """Every item of a facts file with its printed text (text, event, label and value...)."""
    lists = [facts.get(k) or [] for k in ("background", "key_points", "timeline", "quotes",
                                          "figures", "outlook", "recommendations")]
    lists += [s.get("items") or [] for s in facts.get("sections") or []]
    out = []
    for items in lists:
        for item in items:
            entry = item if isinstance(item, dict) else {"text": item}
            words = [str(entry.get(k, "")) for k in ("text", "event", "label", "value", "note",
                                                     "speaker", "role", "context")]
            out.append((entry, norm(" ".join(words))))
    return out


def check_restricted_list(report: Report, house: Path, restricted: dict) -> None:
    """Each restricted sentence is an internal item; each marker is in no public text."""
    for name, entries in restricted.items():
        facts = yaml.safe_load((house / name).read_text(encoding="utf-8"))
        items = item_texts(facts)
        public = " ".join(t for e, t in items if str(e.get("release", "")).lower() != "internal")
        public += " " + norm(" ".join(str(facts.get(k, "")) for k in ("title", "summary")))
        for entry in entries:
            sentence = norm(entry["text"])
            found = [e for e, t in items if sentence in t]
            report.check(bool(found) and all(str(e.get("release")).lower() == "internal"
                                             for e in found),
                         f"list {name}: internal item '{sentence[:50]}…'",
                         "not an item with release: internal in the facts file")
            for marker in entry["markers"]:
                report.check(marker in sentence and marker.lower() not in public.lower(),
                             f"list {name}: marker '{marker}' only in restricted text",
                             "the marker is not in the sentence, or a public text has it too")


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


def pages(pdf: Path) -> int:
    found = re.search(r"^Pages:\s+(\d+)", run(["pdfinfo", str(pdf)]).stdout, re.MULTILINE)
    return int(found.group(1)) if found else -1


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


def byte_views(stem: Path) -> dict[str, str]:
    """What a reader or a program can get out of each output, as text to search."""
    pdf = stem.with_suffix(".pdf")
    views = {"pdftotext": norm(run(["pdftotext", str(pdf), "-"]).stdout),
             "pdftotext -raw": norm(run(["pdftotext", "-raw", str(pdf), "-"]).stdout)}
    qdf = stem.with_suffix(".qdf.pdf")
    run(["qpdf", "--qdf", "--object-streams=disable", str(pdf), str(qdf)])
    raw = qdf.read_bytes() if qdf.is_file() else b""
    views["qpdf (utf-8)"] = raw.decode("utf-8", "replace")
    views["qpdf (latin-1)"] = raw.decode("latin-1")
    views["qpdf (utf-16)"] = raw.replace(b"\x00", b"").decode("latin-1")
    with zipfile.ZipFile(stem.with_suffix(".docx")) as docx:
        for part in docx.namelist():
            if part.endswith((".xml", ".rels")):
                xml = docx.read(part).decode("utf-8", "replace")
                views[f"docx {part}"] = xml
                views[f"docx {part} (text)"] = norm(re.sub(r"<[^>]+>", "", xml))
    md = stem.with_suffix(".md")
    if md.is_file():
        views["markdown"] = norm(re.sub(r"\\(.)", r"\1", md.read_text(encoding="utf-8")))
    return views


def hex16(text: str) -> str:
    return text.encode("utf-16-be").hex()


def check_press(report: Report, stem: Path, entries: list[dict], scheme: str | None) -> None:
    """No restricted sentence, marker or higher marking in any byte view of a press output."""
    views = byte_views(stem)
    for entry in entries:
        needles = [norm(entry["text"]), *entry["markers"]]
        leaks = {n: [where for where, text in views.items()
                     if n.lower() in text.lower() or hex16(n) in text.lower()] for n in needles}
        report.check(not any(leaks.values()), f"press {stem.name}: no '{needles[0][:40]}…'",
                     "; ".join(f"'{n[:40]}' in {', '.join(w)}" for n, w in leaks.items() if w))
    if scheme:
        higher = [m for banner, mark in SCHEMES[scheme][1:] for m in (banner, f"({mark})")]
        text = views["pdftotext"] + " " + views.get("markdown", "") + " " + " ".join(
            v for k, v in views.items() if k.endswith("(text)"))
        found = [m for m in higher if re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", text)]
        report.check(not found, f"press {stem.name}: no marking above "
                     f"{SCHEMES[scheme][0][0]}", f"prints {', '.join(found)}")


def check_banner(report: Report, stem: Path, scheme: str) -> None:
    """With portion marks, the banner is the highest mark printed on the page."""
    lines = [norm(line) for line in run(["pdftotext", "-layout", str(stem.with_suffix(".pdf")),
                                          "-"]).stdout.splitlines()]
    text = " ".join(lines)
    levels = SCHEMES[scheme]
    printed = [i for i, (_, mark) in enumerate(levels) if f"({mark})" in text]
    if not report.check(bool(printed), f"portion marks {stem.name}", "no portion mark printed"):
        return
    banner = levels[max(printed)][0]
    higher = [b for b, _ in levels[max(printed) + 1:] if b in lines]
    report.check(banner in lines and not higher, f"banner {stem.name} is {banner}",
                 f"banner lines: {[b for b, _ in levels if b in lines]}")


def check_language(report: Report, stem: Path, language: str, facts_text: str) -> None:
    """/Lang, the DOCX language and dc:language start with the language; no English words."""
    qdf = stem.with_suffix(".qdf.pdf")
    if not qdf.is_file():
        run(["qpdf", "--qdf", "--object-streams=disable", str(stem.with_suffix(".pdf")),
             str(qdf)])
    lang = re.search(rb"/Lang\s*\(([^)]*)\)", qdf.read_bytes() if qdf.is_file() else b"")
    got = lang.group(1).decode("latin-1") if lang else "none"
    report.check(got.lower().startswith(language), f"PDF /Lang {stem.name} is {language}",
                 f"/Lang {got}")
    with zipfile.ZipFile(stem.with_suffix(".docx")) as docx:
        styles = docx.read("word/styles.xml").decode("utf-8")
        core = docx.read("docProps/core.xml").decode("utf-8")
    vals = re.findall(r'<w:lang [^>]*w:val="([^"]+)"', styles) or ["none"]
    report.check(all(v.lower().startswith(language) for v in vals),
                 f"DOCX styles language {stem.name} is {language}", f"w:lang {sorted(set(vals))}")
    dc = re.search(r"<dc:language>([^<]*)</dc:language>", core)
    report.check(bool(dc) and dc.group(1).lower().startswith(language),
                 f"DOCX dc:language {stem.name} is {language}",
                 dc.group(1) if dc else "no dc:language")
    if language == "en":
        return
    text = norm(run(["pdftotext", str(stem.with_suffix(".pdf")), "-"]).stdout)
    words = [w for w in ENGLISH if w not in SAME_WORD.get(language, set())
             and not re.search(rf"(?<![\w-]){re.escape(w)}(?![\w])", facts_text)]
    found = [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w])", text)]
    report.check(not found, f"no English brief words in {stem.name}", ", ".join(found))


def check_brief(report: Report, stem: Path, audience: dict, facts_path: Path, entries: list,
                out: Path) -> None:
    """The checks of one built brief: one page, pictures, then bytes, banner and language."""
    facts = yaml.safe_load(facts_path.read_text(encoding="utf-8"))
    n = pages(stem.with_suffix(".pdf"))
    report.check(n == 1, f"one page {stem.parent.name}/{stem.name}.pdf", f"{n} pages")
    pictures(stem.with_suffix(".pdf"), out / "png" / stem.parent.name, stem.name)
    if audience["public_only"]:
        check_press(report, stem, entries, facts.get("markings"))
    elif audience["portion_marks"] and facts.get("markings"):
        check_banner(report, stem, facts["markings"])
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
