"""A story whose memo was written by a run killed with -9 before it wrote the index shows "new"
in the next index (issue 18, case 14): the index shows the memos written since the last index."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO_ROOT


def _env(db: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "OPENAI_"))}
    env.update({"BRIEFING_DB": str(db), "BRIEFING_WRITER": "extractive", "PYTHONIOENCODING": "utf-8"})
    return env


def _run(db: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", "run", str(REPO_ROOT / "examples" / "articles"),
                           "--out", str(out), "--format", "json", *extra], env=_env(db), capture_output=True,
                          text=True, timeout=600)


def test_a_story_written_by_a_killed_run_shows_new_in_the_next_index(tmp_path):
    db, out, log = tmp_path / "b.db", tmp_path / "out", tmp_path / "run.log"
    victim = subprocess.Popen([sys.executable, "-m", "briefing", "run", str(REPO_ROOT / "examples" / "articles"),
                               "--out", str(out), "--format", "json", "--log-file", str(log)], env=_env(db),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while victim.poll() is None and "wrote memo 1/" not in (log.read_text() if log.exists() else ""):
            time.sleep(0.01)
        assert victim.poll() is None, "the run ended before its first memo was written"
        victim.send_signal(signal.SIGKILL)
        victim.wait()
    finally:
        if victim.poll() is None:
            victim.kill()
    killed_story = re.search(r"wrote memo 1/\d+: (\S+)", log.read_text()).group(1)
    assert not (out / "index.json").exists()

    again = _run(db, out, "--json")
    assert again.returncode == 0, again.stderr
    assert killed_story not in json.loads(again.stdout)["memos"]  # current: not written again
    status = {e["story_id"]: e["status"] for e in json.loads((out / "index.json").read_text())["stories"]}
    assert status[killed_story] == "new"  # before: "" in this and every later index
    assert all(s == "new" for s in status.values())

    third = _run(db, out)
    assert third.returncode == 4, third.stderr  # nothing new: the index is not rewritten
