"""Per writer: seconds per memo, prompt and completion tokens per memo, and the pipeline's
overhead around the model calls (evidence selection, prompt, parsing, citations, rendering),
as a share of the time spent in the model. Goal: overhead under 10% of model time.

    .venv/bin/python benchmarks/writer_speed.py [--stories 4] [--writers extractive,llama,openai]

Stories are the first N clusters of ../shared/bench/summaries/duc2004_dev.jsonl (read in
place), each written once per writer with no response cache. The `openai` writer talks to
llama-cpp-python's own OpenAI-compatible server on 127.0.0.1, started here with the bundled
model, so both model writers run the same model and their difference is the HTTP path.
"""
from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import briefing
from briefing.writers.llama import bundled_model

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "summaries" / "duc2004_dev.jsonl"


def start_server() -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(bundled_model()), "--host",
                             "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--model_alias", "smollm2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "/models", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("llama_cpp.server did not start")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stories", type=int, default=4)
    ap.add_argument("--writers", default="extractive,llama,openai")
    args = ap.parse_args()
    clusters = [json.loads(line) for line in DATA.open()][:args.stories]
    server = None
    print(f"{len(clusters)} DUC stories, {sum(len(c['articles']) for c in clusters)} articles; one memo per story "
          "per writer, no cache")
    print(f"{'writer':<11}{'s/memo':>8}{'model s':>9}{'overhead':>10}{'prompt tok':>12}{'compl tok':>11}"
          f"{'fallbacks':>11}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            store = briefing.open_store(Path(tmp) / "bench.db")
            story_ids = []
            for k, c in enumerate(clusters):
                path = Path(tmp) / f"c{k}.jsonl"
                path.write_text("".join(json.dumps(a) + "\n" for a in c["articles"]), encoding="utf-8")
                report = briefing.ingest_paths(store, [path])
                story_ids.append(report.stored + report.unchanged + [d.ext_id for d in report.duplicates])
            for name in args.writers.split(","):
                options = {}
                if name == "openai":
                    server, url = start_server()
                    options = {"base_url": url, "model": "smollm2", "api_key": "local"}
                writer = briefing.writer(name, **options)  # no store: no cache, every memo calls the model
                rows = []
                for ids in story_ids:
                    started = time.perf_counter()
                    memo = briefing.memo_for_articles(store, ids, writer)
                    briefing.render_memo(memo, "html")
                    rows.append((time.perf_counter() - started, memo.writing))
                total = statistics.mean(t for t, _ in rows)
                model = statistics.mean(w.get("model_seconds", 0.0) for _, w in rows)
                overhead = f"{(total - model) / model:.1%}" if model else "-"
                print(f"{name:<11}{total:>8.2f}{model:>9.2f}{overhead:>10}"
                      f"{statistics.mean(w.get('prompt_tokens', 0) for _, w in rows):>12.0f}"
                      f"{statistics.mean(w.get('completion_tokens', 0) for _, w in rows):>11.0f}"
                      f"{sum(1 for _, w in rows if w.get('fallback')):>11}")
                if server is not None:
                    server.terminate()
                    server.wait(timeout=20)
                    server = None
            store.close()
    finally:
        if server is not None:
            server.kill()


if __name__ == "__main__":
    main()
