"""Headline-only records at scale: ingest and cluster N records that carry nothing but a title.

The corpus is built from the 383 giveme5w1h titles in ../shared/bench (never copied here): record k
is title k mod 383, dated (k // 383) weeks after its article, with one varied token
("edition<k mod 97>") so exact-duplicate detection does not collapse the copies, as
`benchmarks/scale.py` varies whole articles. Prints wall and CPU seconds of each stage, the
stories made and the peak resident memory.

    .venv/bin/python benchmarks/headline_scale.py [--size 100000]
"""
from __future__ import annotations

import argparse
import datetime
import glob
import json
import os
import resource
import tempfile
import time
from pathlib import Path

import briefing

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "clustering" / "giveme5w1h"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    n = parser.parse_args().size
    titles = []
    for f in sorted(glob.glob(str(BENCH / "*.json"))):
        a = json.loads(Path(f).read_text(encoding="utf-8"))
        if a.get("title"):
            titles.append((a["title"], (a.get("date_publish") or "2017-12-27")[:10]))
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "headlines.jsonl")
        with open(path, "w", encoding="utf-8") as out:
            for k in range(n):
                title, day = titles[k % len(titles)]
                date = datetime.date.fromisoformat(day) + datetime.timedelta(weeks=k // len(titles))
                text = f"{title} edition{k % 97}"
                out.write(json.dumps({"id": f"h{k}", "title": text, "text": text, "published": date.isoformat()}) + "\n")
        with briefing.open_store(os.path.join(d, "b.db")) as store:
            t0, c0 = time.perf_counter(), time.process_time()
            briefing.ingest_paths(store, [path])
            t1, c1 = time.perf_counter(), time.process_time()
            briefing.update_stories(store)
            t2, c2 = time.perf_counter(), time.process_time()
            stories = len(briefing.stories(store))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n:,} headlines: ingest {t1 - t0:.1f} s (CPU {c1 - c0:.1f} s), cluster {t2 - t1:.1f} s "
          f"(CPU {c2 - c1:.1f} s, this process), {stories:,} stories, peak {peak:.0f} MiB")


if __name__ == "__main__":
    main()
