"""The checks scripts/check-house-briefs.py runs on each brief it builds, one PASS or FAIL line
each: the restricted list itself, the press briefs' bytes, the banner, the language. They read
the outputs with the tools a reader or a program would use (pdftotext, qpdf, the DOCX's XML),
never with briefgen's own code, so they hold whatever briefgen made the files.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import yaml

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
    """Each restricted sentence is an internal item; each marker is in nothing else the file
    holds (its comments aside), so a marker found in a press brief means the sentence leaked."""
    for name, entries in restricted.items():
        facts = yaml.safe_load((house / name).read_text(encoding="utf-8"))
        items = item_texts(facts)
        lines = (house / name).read_text(encoding="utf-8").splitlines()
        public = norm(" ".join(line for line in lines if not line.lstrip().startswith("#")))
        for entry in entries:  # everything the file may print, less the restricted sentences
            public = public.replace(norm(entry["text"]), " ")
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


def pages(pdf: Path) -> int:
    found = re.search(r"^Pages:\s+(\d+)", run(["pdfinfo", str(pdf)]).stdout, re.MULTILINE)
    return int(found.group(1)) if found else -1


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


def check_banner_follows_items(report: Report, stem: Path, facts: dict, entries: list[dict],
                               scheme: str) -> None:
    """The banner is the highest marking among the items printed: a restricted item marked
    above the file's level raises it when it is on the page (found by its markers)."""
    levels = SCHEMES[scheme]
    text = norm(run(["pdftotext", str(stem.with_suffix(".pdf")), "-"]).stdout).lower()
    expected = 0
    for entry in entries:
        found = [e for e, t in item_texts(facts) if norm(entry["text"]) in t]
        marking = str(found[0].get("marking", "")).upper() if found else ""
        level = [i for i, pair in enumerate(levels) if marking in pair]
        if level and any(m.lower() in text for m in [norm(entry["text"]), *entry["markers"]]):
            expected = max(expected, level[0])
    lines = [norm(line) for line in run(["pdftotext", "-layout", str(stem.with_suffix(".pdf")),
                                          "-"]).stdout.splitlines()]
    printed = [banner for banner, _ in levels if banner in lines]
    report.check(printed == [levels[expected][0]], f"banner {stem.name} is "
                 f"{levels[expected][0]} (highest item printed)", f"banner lines: {printed}")
