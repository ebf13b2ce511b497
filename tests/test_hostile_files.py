"""Files that are not what they seem, on a real file system, through the real `briefing` command
(issue 18, cases 2, 4 and 8): a FIFO or a symlink to /dev/zero in an input folder (a read would
block forever or fill memory), a symlink to a file outside the folder (`/etc/shadow`), a link
planted at the lock file, a user's own `.tmp` files in the output folder."""
from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

SECRET = "SECRET-SHADOW-4242 The harbour board keeps its passwords here. Nobody may read them."


def _report(done) -> dict:
    return json.loads(done.stdout)


def _rejections(report: dict) -> dict[str, tuple[str, str]]:
    return {Path(r["path"]).name: (r["reason"], r["detail"]) for r in report["rejected"]}


def _stored_texts(db: Path) -> str:
    with sqlite3.connect(db) as con:
        return "\n".join(r[0] for r in con.execute("SELECT text FROM articles"))


def test_a_fifo_in_an_input_folder_is_rejected_by_type_without_blocking(run_cli, folder):
    os.mkfifo(folder / "pipe.txt")
    done = run_cli("ingest", folder, "--json", timeout=60)  # before: blocked forever on open()
    assert done.returncode == 1, done.stderr
    report = _report(done)
    reason, detail = _rejections(report)["pipe.txt"]
    assert reason == "not-a-file" and "FIFO" in detail
    assert report["stored"] == 1


def test_a_symlink_to_dev_zero_is_never_read(run_cli, folder, tmp_path):
    (folder / "zero.txt").symlink_to("/dev/zero")
    done = run_cli("ingest", folder, "--json", timeout=60)  # before: read until memory ran out
    assert done.returncode == 1, done.stderr
    assert _rejections(_report(done))["zero.txt"][0] == "outside-folder"
    # followed on purpose, it is still a character device, rejected by type before any read
    config = tmp_path / "follow.toml"
    config.write_text("[input]\nfollow_symlinks = true\n", encoding="utf-8")
    done = run_cli("--config", config, "ingest", folder, "--json", timeout=60)
    reason, detail = _rejections(_report(done))["zero.txt"]
    assert (reason, detail.split(":")[0]) == ("not-a-file", "a character device")


def test_a_symlink_out_of_the_input_folder_is_not_ingested(run_cli, folder, tmp_path):
    secret = tmp_path / "shadow"
    secret.write_text(SECRET, encoding="utf-8")
    (folder / "shadow.txt").symlink_to(secret)
    (folder / "same.txt").symlink_to(folder / "good.txt")  # a link that stays inside is read
    done = run_cli("ingest", folder, "--json")
    assert done.returncode == 1, done.stderr
    report = _report(done)
    reason, detail = _rejections(report)["shadow.txt"]
    assert reason == "outside-folder" and "follow_symlinks" in detail
    assert [d["ext_id"] for d in report["duplicates"]] == ["in/same.txt"]
    assert "SECRET-SHADOW" not in _stored_texts(run_cli.default_db)


def test_the_file_size_cap_is_a_setting(run_cli, folder, tmp_path):
    config = tmp_path / "small.toml"
    config.write_text("[input]\nmax_file_bytes = 100\n", encoding="utf-8")
    done = run_cli("--config", config, "ingest", folder, "--json")
    assert done.returncode != 0
    reason, detail = _rejections(_report(done))["good.txt"]
    assert reason == "too-large" and "limit 100" in detail
    config.write_text("[input]\nmax_file_bytes = 'big'\n", encoding="utf-8")
    bad = run_cli("--config", config, "ingest", folder)
    assert bad.returncode == 2 and "input.max_file_bytes" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("what", ["fifo", "zero"])
def test_verify_reads_only_a_regular_file(run_cli, tmp_path, what):
    path = tmp_path / "memo.json"
    if what == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    done = run_cli("verify", path, timeout=60)
    assert done.returncode == 2, done.stderr
    assert str(path) in done.stderr and "only regular files" in done.stderr


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_a_link_planted_at_the_lock_file_is_refused_and_its_target_kept(run_cli, folder, tmp_path, link):
    target = tmp_path / "precious.txt"
    target.write_text("precious data\n" * 100, encoding="utf-8")
    lock = Path(str(run_cli.default_db) + ".lock")
    if link == "symlink":
        lock.symlink_to(target)
    else:
        os.link(target, lock)
    done = run_cli("run", folder, "--out", tmp_path / "out")
    assert done.returncode == 3, done.stderr
    assert str(lock) in done.stderr and "Traceback" not in done.stderr
    assert target.read_text(encoding="utf-8") == "precious data\n" * 100  # before: truncated to 0 bytes


def test_the_lock_file_is_never_truncated(run_cli, folder, tmp_path):
    done = run_cli("run", folder, "--out", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    lock = Path(str(run_cli.default_db) + ".lock")
    size = lock.stat().st_size
    assert size > 0  # the holder's note is written over a fixed width, never cut back to 0


def test_a_run_removes_only_its_own_temporary_files(run_cli, folder, tmp_path):
    out = tmp_path / "out"
    (out / "stories").mkdir(parents=True)
    mine = [out / ".notes.tmp", out / ".draft.md.tmp", out / "stories" / ".x.tmp"]
    for p in mine:
        p.write_text("the user's own file", encoding="utf-8")
    leftover = out / "stories" / ".s-1.md.briefing-abcd1234.tmp"  # a killed run's half-written memo
    leftover.write_text("half a memo", encoding="utf-8")
    done = run_cli("run", folder, "--out", out)
    assert done.returncode == 0, done.stderr
    assert all(p.read_text(encoding="utf-8") == "the user's own file" for p in mine)  # before: deleted
    assert not leftover.exists()


def test_the_output_folder_inside_an_input_folder_is_not_ingested(run_cli, folder):
    out = folder / "briefings"
    first = run_cli("run", folder, "--out", out, "--format", "md,txt,json")
    assert first.returncode == 0, first.stderr
    again = run_cli("run", folder, "--out", out, "--format", "md,txt,json", "--json")
    assert again.returncode == 4, again.stderr  # before: the memos were ingested as articles (exit 0)
    report = _report(again)
    assert report["ingest"]["files_seen"] == 1 and report["ingest"]["stored"] == 0


@pytest.mark.parametrize("which", ["config", "template", "log"])
def test_a_fifo_given_as_config_template_or_log_file_does_not_block(run_cli, folder, tmp_path, which):
    fifo = tmp_path / {"config": "c.toml", "template": "memo.md.j2", "log": "run.log"}[which]
    os.mkfifo(fifo)
    args = {"config": ("--config", fifo, "run", folder, "--out", tmp_path / "out"),
            "template": ("run", folder, "--out", tmp_path / "out", "--format", "md", "--template", fifo),
            "log": ("run", folder, "--out", tmp_path / "out", "--log-file", fifo)}[which]
    done = run_cli(*args, timeout=60)  # before: blocked forever opening the FIFO
    assert "Traceback" not in done.stderr
    if which == "log":  # the log is a convenience: the run goes on without it
        assert done.returncode == 0 and "cannot write log file" in done.stderr
    else:
        assert done.returncode == 2 and str(fifo) in done.stderr and "not a regular file" in done.stderr, done.stderr
