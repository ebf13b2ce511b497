"""The writer's model as judge (`briefing/verify/judge.py`) on WiCE: its cost per question and its effect.

Each WiCE dev row (../shared/bench/citations/wice_dev.jsonl, as in `verify_wice.py`) is checked by
the local verifier against its page's sentences. The rows whose verdict the checks are unsure of
(`judge.unsure`: supported by meaning alone, or refused for word overlap alone) are put to a
model, as a memo's would be: the claim and, since a WiCE page is far longer than a memo's
citations, the page's sentences sharing most content words with it (at most
`judge.MAX_SENTENCES`, in page order). Printed: how many rows were unsure, the seconds per
question (no cache), how many verdicts the answers changed, and precision, recall, F1 and
balanced accuracy on all rows with and without the judge (rows past `--limit` questions keep the
local verdict).

    .venv/bin/python benchmarks/verify_judge.py [--limit N] [--model PATH.gguf] [--json]
    .venv/bin/python benchmarks/verify_judge.py --base-url http://127.0.0.1:8080/v1 --model NAME

Without `--base-url` the model is the llama writer's (the bundled SmolLM2-135M without `--model`).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from briefing.verify import check  # noqa: E402
from briefing.verify import judge as judging  # noqa: E402
from briefing.verify.checks import content  # noqa: E402
from verify_wice import DATA, balanced_accuracy, evidence_of, prf  # noqa: E402


def closest(claim: str, sentences: list[str], n: int) -> list[str]:
    """The n sentences sharing most content words with the claim, in page order."""
    words = content(claim)
    ranked = sorted(range(len(sentences)), key=lambda i: (-len(words & content(sentences[i])), i))[:n]
    return [sentences[i] for i in sorted(ranked)]


def figures(pred: list[bool], gold: list[bool]) -> dict:
    p, r, f = prf(pred, gold)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "balanced_accuracy": round(balanced_accuracy(pred, gold), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--limit", type=int, default=0, help="ask at most this many questions (0: every unsure row)")
    parser.add_argument("--model", default=None, help="llama: a .gguf file; openai: the model name")
    parser.add_argument("--base-url", default=None, help="an OpenAI-compatible server (the openai writer)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.base_url:
        from briefing.writers.openai_compat import OpenAIWriter

        writer = OpenAIWriter(model=args.model, base_url=args.base_url,
                              api_key=os.environ.get("OPENAI_API_KEY") or "local", judge=True)
    else:
        from briefing.writers.llama import LlamaWriter

        writer = LlamaWriter(model=args.model, judge=True)
    ask = writer.entailment()
    rows = [json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = [r["label"] == "supported" for r in rows]
    local, judged, seconds, errors = [], [], [], []
    changed = {"to_supported": 0, "to_refused": 0}
    unsure = 0
    for row in rows:
        evidence = evidence_of(row)
        v = check(row["claim"], evidence)
        local.append(v.supported)
        judged.append(v.supported)
        if not judging.unsure(v):
            continue
        unsure += 1
        if args.limit and len(seconds) + len(errors) >= args.limit:
            continue
        prompt = judging.build_prompt(row["claim"], closest(row["claim"], evidence, judging.MAX_SENTENCES))
        started = time.perf_counter()
        try:
            answer = judging.parse_answer(ask(prompt)[0])
        except Exception as e:  # noqa: BLE001 - a failed question keeps the local verdict, as in memos
            errors.append(f"{type(e).__name__}: {e}")
            continue
        seconds.append(time.perf_counter() - started)
        if answer != v.supported:
            changed["to_supported" if answer else "to_refused"] += 1
            judged[-1] = answer
    if hasattr(writer, "close"):
        writer.close()
    asked = len(seconds)
    result = {"rows": len(rows), "unsure": unsure, "asked": asked, "errors": len(errors), "first_error": errors[:1],
              "seconds_per_question": round(sum(seconds) / asked, 3) if asked else None,
              "model": writer.model_label(), "changed": changed,
              "local": figures(local, gold), "with_judge": figures(judged, gold)}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"WiCE dev: {len(rows)} claims, {unsure} unsure; {asked} put to {result['model']} "
          f"({result['seconds_per_question']} s a question), {len(errors)} failed")
    print(f"verdicts changed: {changed['to_supported']} to supported, {changed['to_refused']} to refused")
    for name in ("local", "with_judge"):
        f = result[name]
        print(f"{name:>10}: P={f['precision']:.3f} R={f['recall']:.3f} F1={f['f1']:.3f} "
              f"balanced accuracy={f['balanced_accuracy']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
