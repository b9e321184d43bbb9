"""Facts files long enough to take two, three or more pages: every kind of item (key points,
timeline rows, quotes with attributions, figures, outlook items, source entries), all priority 1,
each item's text numbered so a test can find where it is printed."""

from __future__ import annotations

from pathlib import Path

WORDS = ("the council said the agreement would hold through the winter while ministers met "
         "again to settle the terms of the remaining shipments and the inspections").split()


def _text(kind: str, i: int, words: int) -> str:
    """An item's text: its label (e.g. `KP07`) and `words` words; the label starts it."""
    body = " ".join(WORDS[(i + n) % len(WORDS)] for n in range(words))
    return f"{kind}{i:02d} {body} end{kind}{i:02d}"


def long_facts(path: Path, size: int, marking: str | None = "OFFICIAL",
               title: str = "Grain corridor talks resume as ports reopen") -> Path:
    """A facts file whose every item is priority 1; `size` scales how many there are
    (about 8 makes two pages, 14 three). Each item's text starts with its label
    (KP, TL, QT, FG, OL, SRC and a number) and ends with `end` and the label."""
    lines = [f"title: {title}", "date: 2025-03-14"]
    if marking:
        lines += ["memo:", "  to: Trade Desk", "  from: Analysis Unit",
                  f"  classification: {marking}"]
    lines += ["summary: >-", "  " + _text("SUM", 0, 40), "key_points:"]
    for i in range(size):
        lines += [f"  - text: {_text('KP', i, 18 + 3 * (i % 4))}", "    priority: 1",
                  "    sources: [s0]"]
    lines.append("timeline:")
    for i in range(size):
        lines += [f"  - date: 2024-{1 + i % 12:02d}", f"    event: {_text('TL', i, 10 + i % 5)}",
                  "    priority: 1"]
    lines.append("quotes:")
    for i in range(max(2, size // 3)):
        lines += [f"  - text: {_text('QT', i, 22)}", f"    speaker: Speaker {i:02d}",
                  "    role: minister of trade", "    priority: 1"]
    lines.append("figures:")
    for i in range(max(2, size // 2)):
        lines += [f"  - label: FG{i:02d} tonnes shipped", f"    value: {i + 1}.5 million",
                  f"    note: {_text('FGN', i, 6)}", "    priority: 1"]
    lines.append("outlook:")
    for i in range(max(2, size // 3)):
        lines += [f"  - text: {_text('OL', i, 16)}", "    priority: 1"]
    lines.append("sources:")
    for i in range(max(2, size // 2)):
        lines += [f"  - id: s{i}", f"    title: SRC{i:02d} report on the grain corridor",
                  "    publisher: Ministry of Trade", f"    url: https://example.org/r/{i:02d}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
