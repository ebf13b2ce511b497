"""How well `briefing.fusion.same_fact` tells two sentences stating the same fact from two that do not.

Labelled pairs: benchmarks/data/same_fact_duc_dev.jsonl, one pair a line, by ids only:
`{"cluster_id", "a": {"article_id", "sentence"}, "b": {"article_id", "sentence"}, "same": bool}`.
`a` is the sentence a core claim of the extractive memo of a DUC 2004 dev cluster cited, `b` a
sentence of another article of that cluster among the three closest to it in meaning (embedding
cosine >= 0.72): the hard cases, where the embeddings alone cannot decide. `same` is true when `b`
states the main fact of `a` (it may add or leave out a detail), false when it reports something
else about the same story, read by hand by the author of briefing/memo/fusion.py.

The texts come from ../shared/bench (never copied here): each cluster is ingested into a fresh
store and the sentences are read back by index, cleaned as a memo shows them.

    .venv/bin/python benchmarks/same_fact.py [--sweep]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("BENCH_DATA", ROOT.parent / "shared" / "bench"))
sys.path.insert(0, str(ROOT))

import briefing  # noqa: E402
from briefing.memo import fusion  # noqa: E402
from briefing.memo.salience import clean_claim_text  # noqa: E402
from briefing.semantic import similarity  # noqa: E402

LABELS = ROOT / "benchmarks" / "data" / "same_fact_duc_dev.jsonl"


def pair_texts(labels: list[dict]) -> list[tuple[str, str]]:
    clusters = {json.loads(line)["cluster_id"]: json.loads(line)
                for line in open(BENCH / "summaries" / "duc2004_dev.jsonl", encoding="utf-8")}
    texts: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = briefing.open_store(Path(tmp) / "s.db")
        done: set[str] = set()
        for row in labels:
            cid = row["cluster_id"]
            if cid not in done:
                path = Path(tmp) / f"{cid}.jsonl"
                path.write_text("".join(json.dumps(a) + "\n" for a in clusters[cid]["articles"]), encoding="utf-8")
                briefing.ingest_paths(store, [path])
                done.add(cid)
            pair = []
            for side in ("a", "b"):
                article = store.get_article(row[side]["article_id"])
                pair.append(clean_claim_text(article.sentences[row[side]["sentence"]].text_of(article.text)))
            texts.append((pair[0], pair[1]))
        store.close()
    return texts


def score(labels: list[dict], texts: list[tuple[str, str]], cosines: list[float]) -> dict:
    tp = fp = fn = 0
    for row, (a, b), cos in zip(labels, texts, cosines):
        predicted = fusion.same_fact(a, b, cos)
        tp += predicted and row["same"]
        fp += predicted and not row["same"]
        fn += (not predicted) and row["same"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"pairs": len(labels), "same": sum(r["same"] for r in labels), "tp": tp, "fp": fp, "fn": fn,
            "precision": round(precision, 3), "recall": round(recall, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sweep", action="store_true", help="also score other cosine thresholds")
    args = ap.parse_args()
    labels = [json.loads(line) for line in open(LABELS, encoding="utf-8")]
    texts = pair_texts(labels)
    cosines = [similarity(a, b) for a, b in texts]
    print(f"same_fact at cosine {fusion.SAME_FACT_COSINE}, shared {fusion.SAME_FACT_SHARED}: "
          f"{json.dumps(score(labels, texts, cosines))}")
    if args.sweep:
        default = fusion.SAME_FACT_COSINE
        for t in (0.72, 0.75, 0.78, 0.80, 0.85):
            fusion.SAME_FACT_COSINE = t
            print(f"  cosine {t}: {json.dumps(score(labels, texts, cosines))}")
        fusion.SAME_FACT_COSINE = default


if __name__ == "__main__":
    main()
