"""How well `briefgen draft` finds what a brief is made of, on hand-annotated news articles.

    python benchmarks/draft_accuracy.py [--json]

Every article in tests/draft_corpus/ has a `<stem>.gold.yaml` made by reading it: its direct
quotations (exact text, speaker), its dated events (the fuzzy date of each clause that dates
something in the article's own voice) and its figures (money, percentages, counts). The article
is drafted with `--date` set to the gold's date, and the draft is compared with the gold:

- quotes: a drafted quotation matches a gold one when their words are the same (case, quotation
  marks, spaces and the punctuation at their ends aside) or one holds the other and has at least
  80% of its words; speaker: of the matched quotations, the share whose speaker has the gold
  speaker's surname;
- events: a drafted event matches a gold one with the same date (each gold event once);
- figures: a drafted figure matches a gold one with the same number (each once).

Precision is matched / drafted, recall matched / gold, per field over the whole set. Nothing is
tuned to the set at run time: the extractor never reads the gold.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "draft_corpus"
NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def words(text: str) -> list[str]:
    """A quotation's words, for comparing: lower case, quotation marks and punctuation out."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    return re.findall(r"[\w']+", text)


def same_quote(found: str, gold: str) -> bool:
    a, b = words(found), words(gold)
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    joined = " ".join(long_)
    return bool(short) and " ".join(short) in joined and len(short) >= 0.8 * len(long_)


_WORDS = "one two three four five six seven eight nine ten eleven twelve".split()


def number(value: object) -> float | None:
    """The number a figure's value gives, in digits or (up to twelve) in words."""
    m = NUMBER.search(str(value))
    if m:
        return float(m.group().replace(",", ""))
    word = next((w for w in str(value).lower().split() if w in _WORDS), None)
    return float(_WORDS.index(word) + 1) if word else None


def draft(article: Path, day: datetime.date) -> dict:
    from briefgen.draft import Options, draft_facts

    return yaml.safe_load(draft_facts(str(article), Options(date=day)))


def score_article(gold: dict) -> dict[str, Counter]:
    facts = draft(CORPUS / gold["article"], gold["date"])
    counts = {k: Counter() for k in ("quotes", "speakers", "events", "figures")}
    found_quotes = facts.get("quotes") or []
    unmatched = list(gold.get("quotes") or [])
    for q in found_quotes:
        hit = next((g for g in unmatched if same_quote(q["text"], g["text"])), None)
        counts["quotes"]["found"] += 1
        if hit is not None:
            unmatched.remove(hit)
            counts["quotes"]["matched"] += 1
            counts["speakers"]["found"] += 1
            surname = hit["speaker"].split()[-1].lower()
            counts["speakers"]["matched"] += surname in q["speaker"].lower().split()
    counts["quotes"]["gold"] = len(gold.get("quotes") or [])
    for field, key, read in (("events", "timeline", lambda e: str(e["date"])),
                             ("figures", "figures", lambda f: number(f["value"]))):
        wanted = Counter(str(x) if field == "events" else number(x)
                         for x in gold.get(field) or [])
        drafted = [read(x) for x in facts.get(key) or []]
        counts[field]["gold"] = sum(wanted.values())
        counts[field]["found"] = len(drafted)
        for value in drafted:
            if wanted[value] > 0:
                wanted[value] -= 1
                counts[field]["matched"] += 1
    return counts


def measure(held_out: bool = False) -> dict[str, dict[str, float]]:
    """Precision and recall per field over the corpus (speakers: the share right); with
    `held_out`, over the articles annotated after the rules were written only."""
    totals = {k: Counter() for k in ("quotes", "speakers", "events", "figures")}
    articles = [p for p in sorted(CORPUS.glob("*.gold.yaml"))
                if not held_out or yaml.safe_load(p.read_text("utf-8")).get("held_out")]
    for path in articles:
        for field, c in score_article(yaml.safe_load(path.read_text("utf-8"))).items():
            totals[field].update(c)
    out: dict[str, dict[str, float]] = {"articles": {"count": len(articles)}}
    for field, c in totals.items():
        out[field] = {"gold": c["gold"], "found": c["found"], "matched": c["matched"],
                      "precision": c["matched"] / c["found"] if c["found"] else 1.0,
                      "recall": c["matched"] / c["gold"] if c["gold"] else 1.0}
    out["speakers"]["right"] = out["speakers"]["precision"]
    return out


def main() -> None:
    if "--json" in sys.argv[1:]:
        print(json.dumps({"all": measure(), "held_out": measure(held_out=True)}, indent=2))
        return
    for held_out in (False, True):
        table(measure(held_out), held_out)


def table(result: dict[str, dict[str, float]], held_out: bool) -> None:
    which = "held-out articles (annotated after the rules were written)" if held_out else \
        "articles"
    print(f"{result['articles']['count']} {which} in {CORPUS.relative_to(ROOT)}\n")
    print("| field | gold | drafted | matched | precision | recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for field in ("quotes", "events", "figures"):
        r = result[field]
        print(f"| {field} | {r['gold']} | {r['found']} | {r['matched']} | "
              f"{r['precision']:.2f} | {r['recall']:.2f} |")
    s = result["speakers"]
    print(f"\nspeaker right on {s['matched']} of {s['found']} matched quotations: "
          f"{s['right']:.2f}\n")


if __name__ == "__main__":
    main()
