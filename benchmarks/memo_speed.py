"""Time per memo stage (select, write, build, render) on real stories and on one huge story.

Stories: the 25 DUC 2004 dev clusters (10 articles each) and a story of --big articles (default
2,000) made by repeating the DUC articles with their sentences shuffled (seeded), all read from
../shared/bench, never copied. Each is ingested into a fresh SQLite file, then timed in process:

    .venv/bin/python benchmarks/memo_speed.py [--big 2000]

Prints per-stage milliseconds (median over the DUC stories; the single big story; `verify` is
the citation verifier, `fuse` the core's fusion and corroboration, `briefing/memo/fusion.py`) and writes
benchmarks/out/memo_speed.json. `select` analyses every article (a story's first memo);
`reselect` is the same evidence again from the analyses stored in the database
(`briefing/memo/analysis.py`: reading them back plus the story-level ranking), what rewriting a story
that gained articles costs for its old ones.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("BENCH_DATA", ROOT.parent / "shared" / "bench"))
sys.path.insert(0, str(ROOT))

import briefing  # noqa: E402
from briefing.memo.analysis import story_analyses  # noqa: E402
from briefing.memo.fusion import finish_memo  # noqa: E402
from briefing.memo.citations import build_memo  # noqa: E402
from briefing.render.pages import render_memo  # noqa: E402
from briefing.memo.evidence import select_evidence  # noqa: E402
from briefing.verify import verify_memo  # noqa: E402


def timed_memo(store, ext_ids, writer) -> dict:
    articles, dups = store.canonical_articles(ext_ids)
    t0 = time.perf_counter()
    evidence = select_evidence("bench", "", articles)
    t1 = time.perf_counter()
    draft = writer.write(evidence)
    t2 = time.perf_counter()
    memo = build_memo(evidence, draft, writer.name, all_articles=articles, duplicates=dups)
    t3a = time.perf_counter()
    memo = verify_memo(memo, evidence)
    t3b = time.perf_counter()
    memo = finish_memo(memo, evidence, writer.limits)  # fused, corroborated, shortened
    t3 = time.perf_counter()
    for fmt in ("md", "html", "json"):
        render_memo(memo, fmt)
    t4 = time.perf_counter()
    story_analyses(store, articles)  # analysed and stored, as `briefing run` does for a story's first memo
    t5 = time.perf_counter()
    again = select_evidence("bench", "", articles, story_analyses(store, articles))
    t6 = time.perf_counter()
    assert [(e.clean, e.salience) for e in again.sentences] == [(e.clean, e.salience) for e in evidence.sentences]
    return {"articles": len(articles), "select_ms": (t1 - t0) * 1e3, "write_ms": (t2 - t1) * 1e3,
            "build_ms": (t3a - t2) * 1e3, "verify_ms": (t3b - t3a) * 1e3, "fuse_ms": (t3 - t3b) * 1e3,
            "render_ms": (t4 - t3) * 1e3, "total_ms": (t4 - t0) * 1e3,
            "reselect_ms": (t6 - t5) * 1e3, "claims": len(memo.claims())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--big", type=int, default=2000, help="articles in the big story")
    args = ap.parse_args()
    clusters = [json.loads(line) for line in open(BENCH / "summaries" / "duc2004_dev.jsonl", encoding="utf-8")]
    writer = briefing.writer("extractive")
    results = {"duc": [], "big": None}
    with tempfile.TemporaryDirectory() as tmp:
        store = briefing.open_store(Path(tmp) / "b.db")
        for n, c in enumerate(clusters):
            path = Path(tmp) / f"c{n}.jsonl"
            path.write_text("".join(json.dumps(a) + "\n" for a in c["articles"]), encoding="utf-8")
            report = briefing.ingest_paths(store, [path])
            results["duc"].append(timed_memo(store, report.stored + report.unchanged, writer))
        rng = random.Random(0)
        pool = [a for c in clusters for a in c["articles"]]
        split = re.compile(r"(?<=[.!?])\s+")
        big = Path(tmp) / "big.jsonl"
        with open(big, "w", encoding="utf-8") as f:
            for k in range(args.big):
                a = pool[k % len(pool)]
                sents = split.split(a["text"])
                rng.shuffle(sents)
                f.write(json.dumps({"id": f"big{k}", "text": " ".join(sents) + f" Copy {k}."}) + "\n")
        report = briefing.ingest_paths(store, [big])
        results["big"] = timed_memo(store, report.stored + report.unchanged + [d.ext_id for d in report.duplicates],
                                    writer)
        store.close()
    stages = ("select_ms", "write_ms", "build_ms", "verify_ms", "fuse_ms", "render_ms", "total_ms", "reselect_ms")
    med = {s: statistics.median(r[s] for r in results["duc"]) for s in stages}
    print("DUC stories (10 articles), median ms: " + "  ".join(f"{s[:-3]}={med[s]:.1f}" for s in stages))
    b = results["big"]
    print(f"one story of {b['articles']:,} articles, ms: " + "  ".join(f"{s[:-3]}={b[s]:.1f}" for s in stages))
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "memo_speed.json").write_text(json.dumps({"median_duc": med, "big": b}, indent=2))


if __name__ == "__main__":
    main()
