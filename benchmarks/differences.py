"""Scores the "where sources differ" detector (briefing.memo.differences) on hand-labelled sentence pairs.

benchmarks/data/difference_pairs.jsonl holds candidate pairs read from memos of the dev sets
(../shared/bench/summaries/duc2004_dev.jsonl and multinews_dev.jsonl), one a line:
    {"set", "cluster", "a": {"article", "sentence"}, "b": {...}, "label": "real" | "not", "reason"}
ids only, never the text: this script ingests each cluster into a temporary database, reads the
two sentences by article id and sentence index, and asks the detector whether they are about the
same point and disagree. Pairs are labelled by reading the two sentences in their articles; the
"batch" field says which detector proposed them (BATCHES), so later batches measure a detector on
finds it was not tuned to. It prints precision and recall on the pairs labelled "real" (a reader
would see two reports that disagree about one quantity or one fact) and every miss.

    .venv/bin/python benchmarks/differences.py                  # score the labelled pairs
    .venv/bin/python benchmarks/differences.py --candidates 40  # print candidate pairs to label
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO.parent / "shared" / "bench" / "summaries"
PAIRS = REPO / "benchmarks" / "data" / "difference_pairs.jsonl"
sys.path.insert(0, str(REPO))

from briefing import api
from briefing.memo import differences  # noqa: E402
from briefing.memo.salience import clean_claim_text  # noqa: E402
from briefing.memo.evidence import content_words, select_evidence  # noqa: E402
from briefing.semantic import similarity  # noqa: E402


def load_clusters(name: str) -> dict[str, dict]:
    with open(BENCH / f"{name}.jsonl", encoding="utf-8") as f:
        return {row["cluster_id"]: row for row in map(json.loads, f)}


def ingest_cluster(store, tmp: Path, row: dict) -> list:
    path = tmp / f"{row['cluster_id']}.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in row["articles"]), encoding="utf-8")
    report = api.ingest_paths(store, [path])
    return report.stored + report.unchanged + [d.ext_id for d in report.duplicates]


def sentence(store, article_id: str, index: int) -> str:
    article = store.get_article(article_id)
    if article is None:
        raise SystemExit(f"{PAIRS}: article {article_id!r} is not in its cluster")
    for s in article.sentences:
        if s.index == index:
            return article.text[s.start:s.end]
    raise SystemExit(f"{PAIRS}: article {article_id!r} has no sentence {index}")


# how each batch of labels was made (the "batch" field; 1 when absent)
BATCHES = {1: "candidates of the first detector, labelled before tuning it",
           2: "the tuned detector's new finds in memos, labelled after",
           3: "the final detector's new finds among all candidates, labelled after",
           4: "the detector with numbers tied by their words: all its new finds in the dev sets, labelled after"}


def detector(a: str, b: str):
    """The memo's test for one pair: same point (meaning and shared words) and a disagreement."""
    a, b = clean_claim_text(a), clean_claim_text(b)
    cosine = similarity(differences.normalise(a), differences.normalise(b))
    if not differences.same_point(cosine, content_words(differences.normalise(a).lower()),
                                  content_words(differences.normalise(b).lower())):
        return None
    found = differences.disagreement(a, b)
    return found if found is not None and cosine >= found.meaning_needed else None


def score() -> int:
    labelled = [json.loads(x) for x in PAIRS.read_text(encoding="utf-8").splitlines() if x.strip()]
    tp = fp = fn = tn = 0
    by_set: dict[str, dict[str, list]] = {}
    for item in labelled:
        by_set.setdefault(item["set"], {}).setdefault(item["cluster"], []).append(item)
    misses = []
    batches: dict[int, list[int]] = {}   # batch -> [true pos, false pos, false neg, true neg]
    for name, clusters in sorted(by_set.items()):
        rows = load_clusters(name)
        for cluster_id, items in sorted(clusters.items()):
            with tempfile.TemporaryDirectory() as tmp, api.open_store(Path(tmp) / "pairs.db") as store:
                ingest_cluster(store, Path(tmp), rows[cluster_id])
                for item in items:
                    a = sentence(store, item["a"]["article"], item["a"]["sentence"])
                    b = sentence(store, item["b"]["article"], item["b"]["sentence"])
                    found = detector(a, b)
                    real = item["label"] == "real"
                    tp += bool(found) and real
                    fp += bool(found) and not real
                    fn += (not found) and real
                    tn += (not found) and not real
                    counts = batches.setdefault(item.get("batch", 1), [0, 0, 0, 0])
                    counts[0 if found and real else 1 if found else 2 if real else 3] += 1
                    if bool(found) != real:
                        misses.append((item, found, a, b))
    for item, found, a, b in misses:
        print(f"{'FALSE' if found else 'MISSED'} {item['cluster']} {item['a']['article']}#{item['a']['sentence']} "
              f"{item['b']['article']}#{item['b']['sentence']} ({item['reason']}) -> {found}")
        print(f"   a: {a[:160]}\n   b: {b[:160]}")
    for batch in sorted(batches):
        b = batches[batch]
        print(f"batch {batch} ({BATCHES.get(batch, '')}): pairs {b[0] + b[1] + b[2] + b[3]}, found {b[0] + b[1]}, "
              f"correct {b[0]}, real missed {b[2]}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"pairs {len(labelled)} (real {tp + fn}, not {fp + tn}): found {tp + fp}, correct {tp}")
    print(f"precision {precision:.2f}  recall {recall:.2f}")
    return 0


def candidates(limit: int) -> int:
    """Pairs worth labelling: same-story sentences from different articles that share a counted
    quantity with other values, or where one side is negative, and that are close in meaning; with
    what the detector says. Printed as JSON lines to read and label by hand."""
    from briefing.semantic import similarity_matrix

    out = 0
    for name in ("duc2004_dev", "multinews_dev"):
        for cluster_id, row in load_clusters(name).items():
            with tempfile.TemporaryDirectory() as tmp, api.open_store(Path(tmp) / "cand.db") as store:
                ids = ingest_cluster(store, Path(tmp), row)
                articles, _ = store.canonical_articles(ids)
                evidence = select_evidence(cluster_id, "", articles)
            pool = differences._pool(evidence)
            texts = [differences.normalise(e.clean) for e in pool]
            quants = [differences._by_kind(differences.quantities(t)) for t in texts]
            negs = [bool(differences._ANY_NEGATION.search(t)) for t in texts]
            meaning = similarity_matrix(texts)
            for i in range(len(pool)):
                for j in range(i + 1, len(pool)):
                    if pool[i].article == pool[j].article or meaning[i, j] < 0.45:
                        continue
                    shared = [k for k in set(quants[i]) & set(quants[j]) if quants[i][k] != quants[j][k]]
                    if not shared and negs[i] == negs[j]:
                        continue
                    words = content_words(texts[i].lower()) & content_words(texts[j].lower())
                    if len(words) < 2:
                        continue
                    a, b = pool[i], pool[j]
                    found = detector(a.text, b.text)
                    print(json.dumps({"set": name, "cluster": cluster_id,
                                      "a": {"article": evidence.articles[a.article].ext_id, "sentence": a.sentence},
                                      "b": {"article": evidence.articles[b.article].ext_id, "sentence": b.sentence},
                                      "cos": round(float(meaning[i, j]), 2), "detector": found.kind if found else None,
                                      "ta": a.clean, "tb": b.clean}, ensure_ascii=False))
                    out += 1
                    if out >= limit:
                        return 0
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--candidates", type=int, default=0, help="print this many candidate pairs to label")
    args = parser.parse_args()
    return candidates(args.candidates) if args.candidates else score()


if __name__ == "__main__":
    raise SystemExit(main())
