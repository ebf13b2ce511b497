"""The citation verifier on WiCE (../shared/bench/citations/wice_dev.jsonl): human labels.

Each row is a Wikipedia claim, the sentences of the article it cites and a human label
(`supported`, `partially_supported`, `not_supported`). The verifier scores the claim against
the whole list of evidence sentences (a claim may need several; `briefing.verify.check` with
every sentence as a source) and its verdict "supported" is compared with the label
`supported` (partially supported counts as not supported, as it must for a memo).

Printed: the trade-off curve (threshold on the score, precision, recall, F1), the threshold that
maximises F1 on this file (chosen on the same file: an optimistic figure) with its P/R/F1, the
verifier's own verdict (hard checks and MIN_COVERAGE, no tuning) and the majority baseline
(everything "supported").

    .venv/bin/python benchmarks/verify_wice.py [--json]
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

_META = re.compile(r"^\(meta data\)|^#+\s|^Skip to content$")


def prf(pred: list[bool], gold: list[bool]) -> tuple[float, float, float]:
    tp = sum(p and g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(g and not p for p, g in zip(pred, gold))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--data", default=str(DATA))
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    scores, verdicts, gold = [], [], []
    for row in rows:
        evidence = [s for s in row["evidence"] if not _META.search(s)]
        v = check(row["claim"], evidence)
        scores.append(v.score)
        verdicts.append(v.supported)
        gold.append(row["label"] == "supported")
    seconds = time.perf_counter() - started
    curve = []
    for t in sorted(set(round(s, 2) for s in scores)):
        p, r, f = prf([s >= t for s in scores], gold)
        curve.append({"threshold": t, "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)})
    best = max(curve, key=lambda c: (c["f1"], c["threshold"]))
    vp, vr, vf = prf(verdicts, gold)
    bp, br, bf = prf([True] * len(gold), gold)
    labels = {k: sum(r["label"] == k for r in rows) for k in ("supported", "partially_supported", "not_supported")}
    figures = {"rows": len(rows), "labels": labels, "seconds": round(seconds, 2), "best_threshold": best,
               "verdict": {"precision": round(vp, 3), "recall": round(vr, 3), "f1": round(vf, 3)},
               "majority": {"precision": round(bp, 3), "recall": round(br, 3), "f1": round(bf, 3)}, "curve": curve}
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
    print(f"verifier verdict (as used in memos): P={vp:.3f} R={vr:.3f} F1={vf:.3f}")
    print(f"majority baseline (all supported):   P={bp:.3f} R={br:.3f} F1={bf:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
