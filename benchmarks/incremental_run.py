"""An incremental `briefing run` (100 new articles into a store of 10,000) against the full run.

Corpus: `make_corpus` of benchmarks/ingest_cluster.py (articles remixed from ../shared/bench:
giveme5w1h, DUC 2004 and Multi-News, every article distinct text, events recurring week by
week), N + ADD articles long; the first N go into one JSON Lines file, the last ADD into another
(they are the newest copies: some join existing stories, some open new ones).

1. full run: `briefing.run` on the N articles into an empty database and output folder
   (ingest, cluster, every story's memo with the extractive writer, index);
2. incremental run: `briefing.run` on the ADD new articles with the same database and folder
   (ingest only those, cluster them into the stored stories, rewrite only the stories that
   changed, and the index);
3. nothing new: the same again (what an hourly cron run with no news costs).

`--stories K` makes the new articles follow only K events (the next K in the corpus's order,
the next copies of each): news that breaks in bursts, where an hour's articles mostly add to a
few developing stories. Without it every new article comes from another event, so 100 new
articles touch about 100 stories: the worst case for an incremental run, since each touched
story's memo is rewritten.

Each stage is timed from the run's progress messages, and each run's CPU seconds are reported
(steadier than wall time on a shared machine). Runs in-process, in a temporary folder:

    .venv/bin/python benchmarks/incremental_run.py [--size 10000] [--add 100] [--stories K]

Prints the figures and writes benchmarks/out/incremental_run.json.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from ingest_cluster import load_events, make_corpus  # noqa: E402

import briefing  # noqa: E402


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished child processes (ingest and
    clustering may use worker processes): steadier than wall time on a shared machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Stages:
    """Times the stages of a run from its progress messages."""

    NAMES = (("reading file", "ingest"), ("counting terms", "cluster"), ("vectorising", "cluster"),
             ("finding neighbours", "cluster"), ("grouping", "cluster"), ("writing memo", "memos"),
             ("wrote memo", "memos"))

    def __init__(self):
        self.start = self.last = time.perf_counter()
        self.cpu_start = _cpu()
        self.current = "ingest"
        self.seconds: dict[str, float] = {}

    def __call__(self, message: str) -> None:
        stage = next((name for prefix, name in self.NAMES if message.startswith(prefix)), self.current)
        self._lap(stage)

    def _lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[self.current] = self.seconds.get(self.current, 0.0) + now - self.last
        self.current, self.last = stage, now

    def done(self) -> dict:
        self._lap("index")
        total = time.perf_counter() - self.start
        self.seconds = {k: round(v, 2) for k, v in self.seconds.items()}
        return {"total": round(total, 2), "cpu": round(_cpu() - self.cpu_start, 2),
                "stages": self.seconds}


def timed_run(store, paths, out: Path) -> dict:
    stages = Stages()
    writer = briefing.writer("extractive")
    report = briefing.run(store, paths, out, ["md", "html"], using=writer, progress=stages)
    figures = stages.done()
    # the index (written after the last memo) is in the "memos" lap; the rest is bookkeeping
    figures.update({"new_articles": report.new_articles(), "memos_written": len(report.memos),
                    "stories_new": len(report.new), "stories_updated": len(report.updated),
                    "stories_unchanged": report.unchanged, "failed": len(report.failed)})
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--add", type=int, default=100)
    parser.add_argument("--stories", type=int, default=None,
                        help="the new articles follow this many events (default: each its own event)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "all.jsonl"
        events = len(load_events())
        spread = args.stories or args.add
        extra = args.add if spread >= args.add else -(-args.add // spread) * events  # enough later copies
        make_corpus(args.size + extra, corpus, seed=args.size + args.add)  # the default run's base corpus
        lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
        following = {(args.size + j) % events for j in range(min(spread, events))}
        more = [line for k, line in enumerate(lines[args.size:], args.size) if k % events in following][:args.add]
        (tmp / "base").mkdir()
        (tmp / "more").mkdir()
        (tmp / "base" / "articles.jsonl").write_text("".join(lines[:args.size]), encoding="utf-8")
        (tmp / "more" / "articles.jsonl").write_text("".join(more), encoding="utf-8")
        out = tmp / "out"
        with briefing.open_store(tmp / "bench.db") as store:
            full = timed_run(store, [tmp / "base"], out)
            print(f"full run, {args.size:,} articles: {full['total']:.1f} s ({full['cpu']:.1f} CPU s) {full['stages']}; "
                  f"{full['memos_written']:,} memos", flush=True)
            incremental = timed_run(store, [tmp / "more"], out)
            print(f"incremental run, +{len(more):,} articles from {len(following):,} events: {incremental['total']:.1f} s "
                  f"({incremental['cpu']:.1f} CPU s) {incremental['stages']}; "
                  f"{incremental['memos_written']:,} memos ({incremental['stories_new']} new stories, "
                  f"{incremental['stories_updated']} updated, {incremental['stories_unchanged']:,} unchanged)",
                  flush=True)
            idle = timed_run(store, [tmp / "more"], out)
            print(f"nothing new: {idle['total']:.1f} s {idle['stages']}", flush=True)
    fraction = incremental["total"] / full["total"]
    print(f"incremental / full = {fraction:.3f} (CPU seconds: {incremental['cpu'] / full['cpu']:.3f})")
    per_memo = incremental["stages"].get("memos", 0.0) / max(1, incremental["memos_written"])
    fixed = incremental["total"] - incremental["stages"].get("memos", 0.0)
    print(f"of which fixed (ingest, clustering, bookkeeping) {fixed:.1f} s = {fixed / full['total']:.3f} of the full run; "
          f"{per_memo:.3f} s per rewritten story's memo (the full run: "
          f"{full['stages'].get('memos', 0.0) / max(1, full['memos_written']):.3f} s per memo)")
    result = {"size": args.size, "add": args.add, "events": len(following), "full": full, "incremental": incremental, "nothing_new": idle,
              "incremental_over_full": round(fraction, 4)}
    target = ROOT / "benchmarks" / "out" / "incremental_run.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
