"""Speed and memory of ingest + clustering at 1k, 10k and 50k articles.

Corpus: built from the real articles in ../shared/bench (giveme5w1h, DUC 2004, Multi-News),
never copied into the repository. Article k of the corpus is a new article made from one gold
event: 40–80% of the sentences of two articles of that event, shuffled with a seed, with the
event's copy number k // n_events woven in as a word, and a date moved by whole weeks per copy.
So every generated article is distinct text (no exact duplicates), events recur as separate
stories over time, and sizes and vocabulary are those of real news.

Each size runs in a fresh subprocess (so peak RSS is per size) against a fresh SQLite file:

    .venv/bin/python benchmarks/ingest_cluster.py [--sizes 1000,10000,50000]

Prints one line per size and writes benchmarks/out/ingest_cluster.json.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("BENCH_DATA", ROOT.parent / "shared" / "bench"))


def load_events() -> list[list[dict]]:
    events: dict[str, list[dict]] = {}
    for f in sorted(glob.glob(str(BENCH / "clustering" / "giveme5w1h" / "*.json"))):
        a = json.load(open(f, encoding="utf-8"))
        events.setdefault(f"g{a['newsCluster']['EventId']}", []).append(
            {"title": a.get("title"), "text": a.get("text") or "", "published": a.get("date_publish")})
    for name in ("duc2004_dev", "multinews_dev"):
        for line in open(BENCH / "summaries" / f"{name}.jsonl", encoding="utf-8"):
            c = json.loads(line)
            for a in c["articles"]:
                events.setdefault(c["cluster_id"], []).append({"title": None, "text": a["text"], "published": a.get("published")})
    return [v for _, v in sorted(events.items()) if any(len(x["text"]) > 200 for x in v)]


def make_corpus(n: int, path: Path, seed: Optional[int] = None) -> None:
    """Writes n articles to `path`; `seed` (default n) fixes the random choices, so two lengths
    with one seed share their first articles."""
    events = load_events()
    rng = random.Random(n if seed is None else seed)
    split = re.compile(r"(?<=[.!?])\s+")
    with open(path, "w", encoding="utf-8") as f:
        for k in range(n):
            event = events[k % len(events)]
            copy = k // len(events)
            a, b = rng.choice(event), rng.choice(event)
            sents = split.split(a["text"]) + split.split(b["text"])
            keep = [s for s in sents if rng.random() < rng.uniform(0.4, 0.8)] or sents[:3]
            rng.shuffle(keep)
            keep.insert(rng.randrange(len(keep) + 1), f"Edition marker copy{copy}x{k % 97}.")
            base = date(2018, 1, 1) + timedelta(weeks=copy)
            f.write(json.dumps({"id": f"bench-{k}", "title": a["title"], "text": " ".join(keep),
                                "published": (base + timedelta(days=rng.randrange(5))).isoformat()}) + "\n")


def run_one(n: int) -> dict:
    from briefing import api

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        make_corpus(n, corpus)
        store = api.open_store(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        report = api.ingest_paths(store, [corpus])
        t1 = time.perf_counter()
        result = api.update_stories(store)
        t2 = time.perf_counter()
        stories = len(api.stories(store))
        store.close()
    return {"articles": n, "stored": len(report.stored), "duplicates": len(report.duplicates),
            "stories": stories, "assigned": result.assigned, "ingest_s": round(t1 - t0, 2),
            "cluster_s": round(t2 - t1, 2), "total_s": round(t2 - t0, 2),
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    results = []
    for n in [int(x) for x in args.sizes.split(",")]:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        print(f"{r['articles']:>7,} articles: ingest {r['ingest_s']:7.2f}s  cluster {r['cluster_s']:7.2f}s  "
              f"total {r['total_s']:7.2f}s  peak RSS {r['peak_rss_mib']:7.1f} MiB  "
              f"({r['stored']:,} stored, {r['duplicates']:,} duplicates, {r['stories']:,} stories)", flush=True)
    if len(results) > 1:
        a, b = results[0], results[-1]
        growth = (b["total_s"] / a["total_s"]) / (b["articles"] / a["articles"])
        print(f"time growth per article from {a['articles']:,} to {b['articles']:,}: x{growth:.2f} (1.00 = linear)")
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "ingest_cluster.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
