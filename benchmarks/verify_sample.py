"""Prints published claims of llama-written memos with their cited quotes and support scores,
for reading by hand: does each cited sentence say what the claim says?

Memos of the seed articles (../shared/seeds) and of the first DUC 2004 dev clusters
(../shared/bench/summaries/duc2004_dev.jsonl) are written with the `llama` writer (the bundled
SmolLM2 unless --model) through the library, on a temporary database, and verified as every memo
is. The claims the model may write (headline; bottom line and key points with --parts lead|all)
are pooled and N of them drawn at random (seeded), each printed with what the verifier did.

    .venv/bin/python benchmarks/verify_sample.py [-n 20] [--clusters 8] [--parts headline|lead|all]
        [--model PATH] [--seed 1]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from briefing import api  # noqa: E402

MODEL_PARTS = {"headline": ("headline",), "lead": ("headline", "bottom-line"),
               "all": ("headline", "bottom-line", "key-point")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=20, help="claims to print")
    parser.add_argument("--clusters", type=int, default=8, help="DUC clusters to write memos for")
    parser.add_argument("--parts", default="lead", choices=list(MODEL_PARTS))
    parser.add_argument("--model", default=None)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pool = []
    with tempfile.TemporaryDirectory() as tmp:
        with api.open_store(Path(tmp) / "sample.db") as store:
            writer = api.writer("llama", store, parts=args.parts, **({"model": args.model} if args.model else {}))
            inputs = []
            if (SHARED / "seeds").is_dir():
                inputs.append(("seeds", [SHARED / "seeds"]))
            rows = [json.loads(x) for x in (SHARED / "bench/summaries/duc2004_dev.jsonl").read_text().splitlines()
                    if x.strip()][:args.clusters]
            for row in rows:
                path = Path(tmp) / f"{row['cluster_id']}.jsonl"
                path.write_text("".join(json.dumps(a) + "\n" for a in row["articles"]), encoding="utf-8")
                inputs.append((row["cluster_id"], [path]))
            totals = {"checked": 0, "supported": 0, "re_cited": 0, "rewritten": 0, "dropped": 0}
            for name, paths in inputs:
                report = api.ingest_paths(store, paths)
                ids = report.stored + report.unchanged + [d.ext_id for d in report.duplicates]
                memo = api.memo_for_articles(store, ids, writer)
                for key in totals:
                    totals[key] += memo.verification.get(key, 0)
                for claim in memo.claims():
                    if claim.kind in MODEL_PARTS[args.parts]:
                        pool.append((name, claim))
                print(f"{name}: {memo.verification.get('checked')} checked, {memo.verification.get('re_cited')} "
                      f"re-cited, {memo.verification.get('rewritten')} rewritten, "
                      f"{memo.verification.get('dropped')} dropped", file=sys.stderr)
    rng = random.Random(args.seed)
    sample = rng.sample(pool, min(args.n, len(pool)))
    print(f"{len(sample)} of {len(pool)} published {'/'.join(MODEL_PARTS[args.parts])} claims of {len(inputs)} "
          f"llama memos (parts={args.parts}); all memos: {totals}\n")
    for i, (name, claim) in enumerate(sample, 1):
        action = claim.repair["action"] if claim.repair else "as written"
        print(f"{i}. [{name}] {claim.kind}, {action}: {claim.text}")
        if claim.repair and claim.repair.get("original"):
            print(f"   model wrote: {claim.repair['original']}")
        if claim.repair:
            print(f"   problems found: {'; '.join(claim.repair['problems'])}")
        for c in claim.citations:
            quote = textwrap.shorten(" ".join(c.quote.split()), 400)
            print(f"   [{c.source}] support {c.support:.2f} {c.article_id}#{c.sentence}: {quote}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
