"""How far the clustering is from what each dev set's gold labels allow: B-cubed F1 of our
stories, and of "oracles" that keep our stories' blind spots but are otherwise perfect.

    .venv/bin/python benchmarks/cluster_ceiling.py

For each dev set of ../shared/bench/score.py (read from ../shared, never copied), it runs
`briefing cluster FILE --json` as the scorer does and prints:

    ours            our stories (an article missing from them, rejected at ingest as a boilerplate
                    page or similar, counts as a story of its own, as in score.py)
    oracle          every stored article in its gold story; the missing ones alone
    oracle <W words every stored article of W words or more in its gold story; shorter ones
                    (tweets, captions, error and login pages, one-line snippets) alone as well

On Multi-News the gold stories hold many pages unrelated in text to their story (the source
pages the dataset's crawl got: "Tweet with a location…", JavaScript and cookie walls, a weather
widget): the oracle lines say what B-cubed F1 is left when those are not placed by their text.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
sys.path.insert(0, str(BENCH))


def main() -> int:
    if not (BENCH / "score.py").is_file():
        print(f"no scorer at {BENCH / 'score.py'}: ../shared must be beside the project", file=sys.stderr)
        return 2
    from score import bcubed, clustering_sets  # the scorer's own data loading and metric

    cli = os.environ.get("BRIEFING", str(ROOT / ".venv" / "bin" / "briefing"))
    for name, arts in clustering_sets().items():
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / f"{name}.jsonl"
            path.write_text("".join(json.dumps({k: v for k, v in a.items() if k != "gold"}) + "\n" for a in arts),
                            encoding="utf-8")
            out = subprocess.run([cli, "--quiet", "--db", str(Path(d) / "c.db"), "cluster", str(path), "--json"],
                                 capture_output=True, text=True, check=True).stdout
        label = {str(aid): s["id"] for s in json.loads(out)["stories"] for aid in s["article_ids"]}
        ids = [str(a["id"]) for a in arts]
        gold = [a["gold"] for a in arts]
        words = [len((a.get("text") or "").split()) for a in arts]
        alone = [f"alone-{k}" for k in range(len(arts))]

        def f1(pred: list) -> str:
            p, r, f = bcubed(gold, pred)
            return f"P={p:.3f} R={r:.3f} F={f:.3f}"

        missing = sum(i not in label for i in ids)
        print(f"{name}: n={len(arts)} missing={missing}")
        print(f"  ours             {f1([label.get(i, alone[k]) for k, i in enumerate(ids)])}")
        print(f"  oracle           {f1([g if i in label else alone[k] for k, (i, g) in enumerate(zip(ids, gold))])}")
        for w in (20, 40, 60, 100):
            pred = [g if i in label and n >= w else alone[k] for k, (i, g, n) in enumerate(zip(ids, gold, words))]
            print(f"  oracle <{w:<3} words {f1(pred)}  ({sum(n < w for n in words)} articles under {w} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
