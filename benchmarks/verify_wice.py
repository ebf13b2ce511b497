"""The citation verifier on WiCE (../shared/bench/citations/wice_dev.jsonl): human labels.

Each row is a Wikipedia claim, the sentences of the article it cites and a human label
(`supported`, `partially_supported`, `not_supported`). The verifier scores the claim against
the whole list of evidence sentences (a claim may need several; `briefing.verify.check` with
every sentence as a source; the page's title, author and date lines are kept, without the
scraper's markers, since the annotators' supporting sentences point at them) and its verdict
"supported" is compared with the label `supported` (partially supported counts as not
supported, as it must for a memo).

Printed: the trade-off curve (threshold on the score, precision, recall, F1), the threshold that
maximises F1 on this file (chosen on the same file: an optimistic figure) with its P/R/F1, the
verifier's own verdict (hard checks, MIN_COVERAGE and the meaning side, as in memos) with its
balanced accuracy (mean of the recall of each class), and the majority baseline (everything
"supported", balanced accuracy 0.5).

`--calibrate` shows how the meaning side's two thresholds (`meaning.MIN_SOFT_COVERAGE`,
`meaning.MIN_COSINE`) were chosen: the rows are split in two halves (even and odd rows); the pair
with the best balanced accuracy on one half is reported on the other half, both ways, beside
the shipped defaults on each half.

    .venv/bin/python benchmarks/verify_wice.py [--json] [--calibrate]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "bench" / "citations" / "wice_dev.jsonl"
sys.path.insert(0, str(REPO))

from briefing.verify import check  # noqa: E402
from briefing.verify import meaning  # noqa: E402

# The page's title, author, publisher and date are evidence the annotators read (their supporting
# sentence ids point at them), so they stay, without the scraper's markers; only the page chrome goes.
_MARKER = re.compile(r"^\(meta data\) [A-Z ]+:\s*|^#+\s+")
_CHROME = re.compile(r"^Skip to content$")


def evidence_of(row: dict) -> list[str]:
    return [_MARKER.sub("", s) for s in row["evidence"] if not _CHROME.search(s)]


def prf(pred: list[bool], gold: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(g and not p for p, g in zip(pred, gold))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def balanced_accuracy(pred: list[bool], gold: list[bool]) -> float:
    pos = [p for p, g in zip(pred, gold) if g]
    neg = [not p for p, g in zip(pred, gold) if not g]
    return (sum(pos) / max(1, len(pos)) + sum(neg) / max(1, len(neg))) / 2


def _verdict(v, soft: float, cos: float) -> bool:
    """The memo verdict with the meaning side's thresholds set to (soft, cos)."""
    if v.meaning is None:
        return v.supported
    return v.meaning.soft_coverage >= soft and v.meaning.cosine >= cos


def calibrate(verdicts, gold) -> list[str]:
    grid = [round(0.3 + 0.05 * i, 2) for i in range(13)]
    halves = {"even": range(0, len(gold), 2), "odd": range(1, len(gold), 2)}
    lines = []
    for fit, test in (("even", "odd"), ("odd", "even")):
        def ba(rows, soft, cos):
            return balanced_accuracy([_verdict(verdicts[i], soft, cos) for i in rows], [gold[i] for i in rows])
        best = max(((ba(halves[fit], a, b), -a, -b) for a in grid for b in grid))
        a, b = -best[1], -best[2]
        lines.append(f"fit on {fit} rows: soft coverage >= {a:.2f}, cosine >= {b:.2f}: balanced accuracy "
                     f"{best[0]:.3f} there, {ba(halves[test], a, b):.3f} on the {test} rows; shipped defaults "
                     f"({meaning.MIN_SOFT_COVERAGE}, {meaning.MIN_COSINE}): {ba(halves[test], meaning.MIN_SOFT_COVERAGE, meaning.MIN_COSINE):.3f} on the {test} rows")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--calibrate", action="store_true", help="split-half choice of the meaning thresholds")
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    scores, verdicts, gold, judged = [], [], [], []
    for row in rows:
        evidence = evidence_of(row)
        v = check(row["claim"], evidence)
        scores.append(v.score)
        verdicts.append(v.supported)
        judged.append(v)
        gold.append(row["label"] == "supported")
    seconds = time.perf_counter() - started
    curve = []
    for t in sorted(set(round(s, 2) for s in scores)):
        p, r, f = prf([s >= t for s in scores], gold)
        curve.append({"threshold": t, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)})
    best = max(curve, key=lambda c: (c["f1"], c["threshold"]))
    vp, vr, vf = prf(verdicts, gold)
    bp, br, bf = prf([True] * len(gold), gold)
    vba, bba = balanced_accuracy(verdicts, gold), balanced_accuracy([True] * len(gold), gold)
    labels = {k: sum(r["label"] == k for r in rows) for k in ("supported", "partially_supported", "not_supported")}
    figures = {"rows": len(rows), "labels": labels, "seconds": round(seconds, 2), "best_threshold": best,
               "method": "lexical+meaning" if meaning.available() else "lexical",
               "verdict": {"precision": round(vp, 3), "recall": round(vr, 3), "f1": round(vf, 3),
                           "balanced_accuracy": round(vba, 3)},
               "majority": {"precision": round(bp, 3), "recall": round(br, 3), "f1": round(bf, 3),
                            "balanced_accuracy": round(bba, 3)}, "curve": curve}
    if args.calibrate:
        figures["calibration"] = calibrate(judged, gold)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"WiCE dev: {len(rows)} claims {labels}, scored in {seconds:.1f}s")
    print("threshold  precision  recall  f1")
    step = max(1, len(curve) // 25)
    for c in curve[::step]:
        print(f"{c['threshold']:>9.2f}  {c['precision']:>9.3f}  {c['recall']:>6.3f}  {c['f1']:.3f}")
    print(f"best F1 threshold (chosen on this file) {best['threshold']:.2f}: P={best['precision']:.3f} "
          f"R={best['recall']:.3f} F1={best['f1']:.3f}")
    print(f"verifier verdict (as used in memos, {figures['method']}): P={vp:.3f} R={vr:.3f} F1={vf:.3f} "
          f"balanced accuracy={vba:.3f}")
    print(f"majority baseline (all supported):   P={bp:.3f} R={br:.3f} F1={bf:.3f} balanced accuracy={bba:.3f}")
    for line in figures.get("calibration", []):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
