"""The same inputs give byte-identical memos whatever the hash seed and the machine's load (issue
18, case 10): the example articles through `briefing run` (md, html, json, and the index) and two
dev clusters from ../shared/bench/summaries through `briefing memo --one-story` (json and md),
each under PYTHONHASHSEED=0, 1 and random, two processes at a time."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT, SHARED

SEEDS = ("0", "1", "random")


def _env(home: Path, seed: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "XDG_", "OPENAI_", "PYTHONHASHSEED"))}
    env.update({"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
                "XDG_CACHE_HOME": str(home / "cache"), "BRIEFING_DB": str(home / "b.db"),
                "BRIEFING_WRITER": "extractive", "PYTHONIOENCODING": "utf-8", "PYTHONHASHSEED": seed})
    return env


def _in_pairs(jobs: list[tuple[list[str], dict, Path | None]]) -> list[subprocess.CompletedProcess]:
    """Runs the commands two at a time (a loaded machine), stdout to the given file when one is named."""
    done = []
    for i in range(0, len(jobs), 2):
        running = []
        for args, env, stdout in jobs[i:i + 2]:
            out = open(stdout, "w", encoding="utf-8") if stdout else subprocess.PIPE
            running.append((subprocess.Popen([sys.executable, "-m", "briefing", *args], env=env, stdout=out,
                                             stderr=subprocess.PIPE, text=True), out))
        for proc, out in running:
            _, stderr = proc.communicate(timeout=900)
            if out is not subprocess.PIPE:
                out.close()
            done.append(subprocess.CompletedProcess(proc.args, proc.returncode, "", stderr))
    return done


_MADE = re.compile(rb"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC")  # when the index was made: the one line that may differ


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): (_MADE.sub(b"MADE", p.read_bytes()) if p.name.startswith("index.")
                                               else p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_run_on_the_example_articles_writes_the_same_bytes_under_any_hash_seed(tmp_path):
    jobs = []
    for seed in SEEDS:
        home = tmp_path / f"seed-{seed}"
        jobs.append((["run", str(REPO_ROOT / "examples" / "articles"), "--out", str(home / "out"),
                      "--format", "md,html,txt,json"], _env(home, seed), None))
    for done in _in_pairs(jobs):
        assert done.returncode == 0, done.stderr[-2000:]
    outputs = [_files(tmp_path / f"seed-{seed}" / "out") for seed in SEEDS]
    assert len([name for name in outputs[0] if name.startswith("stories/")]) >= 8
    for seed, files in zip(SEEDS[1:], outputs[1:]):
        assert files.keys() == outputs[0].keys()
        differ = [name for name in files if files[name] != outputs[0][name]]
        assert not differ, f"PYTHONHASHSEED={seed} wrote other bytes in {differ}"


def _clusters() -> list[dict]:
    found = []
    for name in ("duc2004_dev", "multinews_dev"):
        path = SHARED / "bench" / "summaries" / f"{name}.jsonl"
        if not path.exists():
            pytest.skip(f"benchmark data not found at {path}")
        with open(path, encoding="utf-8") as f:
            found.append(json.loads(f.readline()))
    return found


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_memos_of_dev_clusters_are_the_same_bytes_under_any_hash_seed(tmp_path, fmt):
    jobs, outputs = [], []
    for cluster in _clusters():
        articles = tmp_path / f"{cluster['cluster_id']}.jsonl"  # the benchmark's articles, read in place per test
        articles.write_text("".join(json.dumps(a) + "\n" for a in cluster["articles"]), encoding="utf-8")
        for seed in SEEDS:
            home = tmp_path / f"{cluster['cluster_id']}-{seed}"
            home.mkdir()
            out = home / f"memo.{fmt}"
            outputs.append((cluster["cluster_id"], seed, out))
            jobs.append((["memo", str(articles), "--one-story", "--format", fmt], _env(home, seed), out))
    for done in _in_pairs(jobs):
        assert done.returncode == 0, done.stderr[-2000:]
    first: dict[str, bytes] = {}
    for cluster_id, seed, out in outputs:
        data = out.read_bytes()
        assert len(data) > 500
        first.setdefault(cluster_id, data)
        assert data == first[cluster_id], f"{cluster_id}: PYTHONHASHSEED={seed} wrote another memo"
