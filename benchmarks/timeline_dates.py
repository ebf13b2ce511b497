"""How often the timeline dates a sentence by the event it states (`briefing.memo.dates.event_date`,
`briefing.memo.page_noise.is_dated_furniture`).

Labelled sentences: benchmarks/data/timeline_dates_dev.jsonl, one a line, by ids only:
`{"set", "cluster_id", "article_id", "sentence", "date", "before"}`. Each is a sentence that a
timeline entry of an extractive memo of a DUC 2004 or Multi-News dev cluster cited, read by hand:
`date` is the label the entry's date should have (`DateMention.label()`), null when the sentence
states no dated event of its own (its dates belong to something it only mentions: "a company that
he founded in 1973"), or "furniture" for a page's time stamp or a picture's date line. `before`
says whether the entry was dated "right" or "wrong" when it was read; the right ones guard against
losing good dates.

The texts come from ../shared/bench (never copied here): the article's text is split with
`briefing.ingest.text.split_sentences` and the sentence read back by index.

    .venv/bin/python benchmarks/timeline_dates.py [-v]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("BENCH_DATA", ROOT.parent / "shared" / "bench"))
sys.path.insert(0, str(ROOT))

from briefing.ingest.text import split_sentences  # noqa: E402
from briefing.memo.dates import event_date  # noqa: E402
from briefing.memo.page_noise import is_dated_furniture, strip_prefix  # noqa: E402

LABELS = ROOT / "benchmarks" / "data" / "timeline_dates_dev.jsonl"


def predicted(text: str, published: str | None) -> str | None:
    """What the timeline makes of the sentence: "furniture", a date label, or None (no event date)."""
    if is_dated_furniture(strip_prefix(" ".join(text.split()))):
        return "furniture"
    d = event_date(text, published)
    return d.label() if d is not None else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = ap.parse_args()
    labels = [json.loads(line) for line in open(LABELS, encoding="utf-8")]
    clusters = {}
    for name in {lab["set"] for lab in labels}:
        for line in open(BENCH / "summaries" / f"{name}.jsonl", encoding="utf-8"):
            c = json.loads(line)
            clusters[(name, c["cluster_id"])] = c
    hits = {"wrong": [0, 0], "right": [0, 0]}
    for lab in labels:
        art = next(a for a in clusters[(lab["set"], lab["cluster_id"])]["articles"] if a["id"] == lab["article_id"])
        span = split_sentences(art["text"])[lab["sentence"]]
        text = art["text"][span.start:span.end]
        got = predicted(text, art.get("published"))
        ok = got == lab["date"]
        hits[lab["before"]][0] += ok
        hits[lab["before"]][1] += 1
        if not ok and args.verbose:
            print(f"miss {lab['cluster_id']} {lab['article_id']}#{lab['sentence']}: want {lab['date']!r}, got {got!r}"
                  f"\n     {' '.join(text.split())[:160]}")
    total = sum(h[0] for h in hits.values()), sum(h[1] for h in hits.values())
    print(f"entries read as wrongly dated, now right: {hits['wrong'][0]}/{hits['wrong'][1]}")
    print(f"entries read as rightly dated, still right: {hits['right'][0]}/{hits['right'][1]}")
    print(f"timeline dates right: {total[0]}/{total[1]} ({total[0] / total[1]:.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
