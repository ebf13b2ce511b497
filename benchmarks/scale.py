"""Scale: time and peak memory of every stage (ingest, cluster, select, write, render) at 10k, 50k
and 100k articles, and one memo for a story of 2,000 articles.

Corpus (built in a temporary folder, never in the repository) from the real articles in
../shared/bench: the giveme5w1h news-please files (grouped by their gold event) and the DUC 2004
and Multi-News clusters of `summaries/*.jsonl`. Article k is made from event k mod E (E, the
number of events, is about 400): 40-80% of the sentences of two of that event's articles,
shuffled with a seed, with one varied token woven in ("Edition marker copy<c>x<k mod 97>."), a
perturbed id (`bench-<k>`) and a date moved by whole weeks per copy c = k div E. So dedup does
not collapse the copies into one (they are distinct texts; only the few that draw the same
sentences twice become near duplicates), events recur as separate stories over time, and
article lengths and vocabulary are those of real news. `benchmarks/ingest_cluster.py`
(`make_corpus`) builds it; this script only times it.

Each size runs in a fresh subprocess against a fresh SQLite file, stage after stage through the
library API, as `briefing run` does:

    ingest    briefing.ingest_paths(store, [corpus.jsonl]): the file is read in stretches of about 1 MiB by
              two forked worker processes (sentences, metadata, MinHash) while this process stores
              their results in input order (briefing/ingest/units.py)
    cluster   briefing.update_stories(store)
    select    select_evidence() for the --memos largest stories (summed)
    write     the extractive writer's draft + citations (build_memo) for those stories (summed)
    render    render_memo() in md, html, txt and json for those stories (summed)
    big memo  one memo (select + write + render) for a story of --big articles: the articles of
              the largest stories taken together (`memo_for_articles` treats them as one story)

Peak memory per stage is the highest resident set size seen while the stage ran (/proc/self/
status polled every 20 ms, so short spikes may be missed; the process's overall ru_maxrss is
reported too, and the largest ingest worker's separately, as `workers`).

    .venv/bin/python benchmarks/scale.py [--sizes 10000,50000,100000] [--memos 20] [--big 2000]

Each stage's CPU seconds (this process and its ended worker processes) are recorded beside its
time, as `<stage>_cpu_s`. Prints one table row per size, the growth factor of ingest + cluster time from the smallest to
the largest size (1.00 = linear), and writes benchmarks/out/scale.json.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

GOAL_SECONDS = 180
GOAL_MIB = 2048


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _cpu_s() -> float:
    """CPU seconds of this process and of its children that have ended (ingest and counting
    workers): on a shared machine, the figure that does not depend on the load."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class PeakRss:
    """Polls the resident set size in a thread; `stage()` reports the peak seen during a block."""

    def __init__(self, every: float = 0.02):
        self.every, self.peak, self._stop = every, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, _rss_mib())

    @contextmanager
    def stage(self, results: dict, name: str):
        self.peak = _rss_mib()
        t0, c0 = time.perf_counter(), _cpu_s()
        yield
        results[f"{name}_s"] = round(time.perf_counter() - t0, 2)
        results[f"{name}_cpu_s"] = round(_cpu_s() - c0, 2)
        results[f"{name}_peak_mib"] = round(max(self.peak, _rss_mib()), 1)

    def close(self) -> None:
        self._stop.set()


def run_one(n: int, memos: int, big: int) -> dict:
    import briefing
    from briefing.memo.citations import build_memo
    from briefing.render.pages import render_memo
    from briefing.memo.evidence import select_evidence
    from ingest_cluster import make_corpus

    rss = PeakRss()
    r: dict = {"articles": n}
    writer = briefing.writer("extractive")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        t0 = time.perf_counter()
        make_corpus(n, corpus)
        r["corpus_s"] = round(time.perf_counter() - t0, 2)
        r["corpus_mib"] = round(corpus.stat().st_size / 2**20, 1)
        store = briefing.open_store(Path(tmp) / "bench.db")
        with rss.stage(r, "ingest"):
            report = briefing.ingest_paths(store, [corpus])
        r["ingest_workers_peak_mib"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
        r.update(stored=len(report.stored), duplicates=len(report.duplicates), rejected=len(report.rejected))
        with rss.stage(r, "cluster"):
            briefing.update_stories(store)
        stories = briefing.stories(store)  # largest first
        stories.sort(key=lambda s: (-s.size, s.id))
        r["stories"] = len(stories)
        r["largest_story"] = stories[0].size if stories else 0
        chosen = [(s, *store.story_articles(s.id)) for s in stories[:memos]]
        evidence, built = [], []
        with rss.stage(r, "select"):
            for s, articles, dups in chosen:
                evidence.append(select_evidence(s.id, s.title or "", articles))
        with rss.stage(r, "write"):
            for (s, articles, dups), ev in zip(chosen, evidence):
                built.append(build_memo(ev, writer.write(ev), writer.name, all_articles=articles, duplicates=dups))
        with rss.stage(r, "render"):
            for memo in built:
                for fmt in ("md", "html", "txt", "json"):
                    render_memo(memo, fmt)
        r["memos"] = len(built)
        ids: list[str] = []
        for s in stories:
            ids += [a.ext_id for a in store.story_articles(s.id)[0]]
            if len(ids) >= big:
                break
        ids = ids[:big]
        with rss.stage(r, "big_memo"):
            memo = briefing.memo_for_articles(store, ids, writer)
            for fmt in ("md", "html", "txt", "json"):
                render_memo(memo, fmt)
        r["big_story_articles"] = len(ids)
        r["big_memo_claims"] = len(memo.claims())
        store.close()
    r["ingest_cluster_s"] = round(r["ingest_s"] + r["cluster_s"], 2)
    r["ru_maxrss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    r["load_average"] = [round(x, 1) for x in os.getloadavg()]  # the machine is shared: times depend on it
    rss.close()
    return r


STAGES = ("ingest", "cluster", "select", "write", "render", "big_memo")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,50000,100000")
    parser.add_argument("--memos", type=int, default=20, help="largest stories whose memos are timed")
    parser.add_argument("--big", type=int, default=2000, help="articles in the one big story")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.memos, args.big)))
        return
    results = []
    print("stage times in s, peak RSS of each stage in MiB (select/write/render: the "
          f"{args.memos} largest stories together; big memo: one story of {args.big:,} articles)")
    for n in [int(x) for x in args.sizes.split(",")]:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--memos", str(args.memos),
                              "--big", str(args.big)], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"size {n}: failed\n{out.stderr[-3000:]}")
        r = json.loads(out.stdout.strip().splitlines()[-1])
        results.append(r)
        stages = "  ".join(f"{s} {r[f'{s}_s']:.2f}s/{r[f'{s}_peak_mib']:.0f}MiB" for s in STAGES)
        print(f"{r['articles']:>7,} articles ({r['corpus_mib']:.0f} MiB JSONL): {stages}  "
              f"| ingest+cluster {r['ingest_cluster_s']:.1f}s (CPU: ingest {r['ingest_cpu_s']:.1f}s, cluster "
              f"{r['cluster_cpu_s']:.1f}s), peak {r['ru_maxrss_mib']:.0f} MiB "
              f"(ingest workers {r['ingest_workers_peak_mib']:.0f} MiB each) "
              f"| {r['stored']:,} stored, {r['duplicates']:,} duplicates, {r['stories']:,} stories, "
              f"largest {r['largest_story']:,} | load average {r['load_average'][0]:.1f}", flush=True)
    if len(results) > 1:
        a, b = results[0], results[-1]
        ratio = b["articles"] / a["articles"]
        for key in ("ingest_s", "cluster_s", "ingest_cluster_s"):
            print(f"{key[:-2]}: x{b[key] / a[key]:.1f} time for x{ratio:.0f} articles "
                  f"(growth factor per article {b[key] / a[key] / ratio:.2f}; 1.00 = linear)")
    last = results[-1]
    ok = last["ingest_cluster_s"] < GOAL_SECONDS and last["ru_maxrss_mib"] < GOAL_MIB
    print(f"goal at {last['articles']:,}: ingest+cluster < {GOAL_SECONDS}s and < {GOAL_MIB} MiB peak: "
          f"{'met' if ok else 'NOT met'} ({last['ingest_cluster_s']:.1f}s, {last['ru_maxrss_mib']:.0f} MiB)")
    out_dir = ROOT / "benchmarks" / "out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "scale.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
