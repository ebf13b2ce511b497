"""Every error a clear message, the documented exit code and (for `briefing run`) the summary line,
never a traceback (issue 18, case 9): a read-only output folder, a full disk, `memo -o` into a
read-only folder, a corrupted database page, a read-only database, `--keep-days 3000000`, and
a file name holding rich markup (`[/bold]`).

Read-only and full file systems are real: a read-only folder by chmod when not root (root writes
through chmod), else a read-only tmpfs mount; a full disk is a small tmpfs filled up. Where the
machine allows neither (root without mount rights), those cases are skipped with the reason."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import GOOD


def _mount_tmpfs(where: Path, options: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or done.returncode})")


def _unmount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


@pytest.fixture
def readonly_dir(tmp_path):
    """A folder nobody can write in, holding `existing.txt`."""
    where = tmp_path / "ro"
    if os.geteuid() != 0:
        where.mkdir()
        (where / "existing.txt").write_text("x", encoding="utf-8")
        where.chmod(0o555)
        yield where
        where.chmod(0o755)
        return
    _mount_tmpfs(where, "size=1m")
    (where / "existing.txt").write_text("x", encoding="utf-8")
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
    try:
        yield where
    finally:
        _unmount(where)


@pytest.fixture
def full_dir(tmp_path):
    """A folder on a small file system with no space left."""
    where = tmp_path / "full"
    _mount_tmpfs(where, "size=256k")
    try:
        fd = os.open(where / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:  # no space left
            pass
        finally:
            os.close(fd)
        yield where
    finally:
        _unmount(where)


def _assert_clean_failure(done, code: int, *named: str) -> None:
    assert done.returncode == code, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    for text in named:
        assert text in done.stderr, (text, done.stderr[-2000:])


def test_run_into_a_read_only_output_folder_exits_3_with_the_summary(run_cli, folder, readonly_dir):
    done = run_cli("run", folder, "--out", readonly_dir / "out", "--json")
    _assert_clean_failure(done, 3, "cannot write", str(readonly_dir), "briefing run:", "-> fatal (exit 3)")
    report = json.loads(done.stdout)
    assert report["exit_code"] == 3 and report["status"] == "fatal" and "cannot write" in report["error"]


def test_run_on_a_full_disk_exits_3_with_the_summary(run_cli, folder, full_dir):
    done = run_cli("run", folder, "--out", full_dir / "out")
    _assert_clean_failure(done, 3, "No space left on device", "-> fatal (exit 3)")


def test_a_failed_write_is_redone_by_the_next_run(run_cli, folder, full_dir, tmp_path):
    assert run_cli("run", folder, "--out", full_dir / "out").returncode == 3
    done = run_cli("run", folder, "--out", tmp_path / "out2")
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "out2" / "stories").glob("*.md"))


def test_memo_output_into_a_read_only_folder_exits_3(run_cli, folder, readonly_dir):
    done = run_cli("memo", folder, "--one-story", "-o", readonly_dir / "memo.md")
    _assert_clean_failure(done, 3, "cannot write the memo to", str(readonly_dir / "memo.md"))


def _corrupt(db: Path) -> None:
    """Overwrites most of the articles table's first page with garbage: the schema still reads."""
    import sqlite3

    with sqlite3.connect(db) as con:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()[0]
    with open(db, "r+b") as f:
        f.seek((root - 1) * page_size + 8)
        f.write(os.urandom(page_size - 100))


def test_a_corrupted_database_page_exits_3_with_the_summary(run_cli, folder, tmp_path):
    assert run_cli("ingest", folder).returncode == 0
    _corrupt(run_cli.default_db)
    (folder / "more.txt").write_text(GOOD.replace("Millbrook", "Elmwood"), encoding="utf-8")
    done = run_cli("run", folder, "--out", tmp_path / "out")  # before: DatabaseError traceback, exit 1
    _assert_clean_failure(done, 3, str(run_cli.default_db), "malformed", "-> fatal (exit 3)")
    again = run_cli("ingest", folder)
    _assert_clean_failure(again, 3, str(run_cli.default_db), "malformed")


@pytest.fixture
def readonly_db(run_cli, folder, tmp_path):
    """A database file that cannot be written, in a folder that can (lock, WAL files)."""
    assert run_cli("ingest", folder).returncode == 0
    db = run_cli.default_db
    if os.geteuid() != 0:
        db.chmod(0o444)
        yield db
        db.chmod(0o644)
        return
    bound = subprocess.run(["mount", "--bind", str(db), str(db)], capture_output=True, text=True)
    if bound.returncode != 0:
        pytest.skip(f"cannot make a read-only bind mount here ({bound.stderr.strip()})")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(db)], check=True)
        yield db
    finally:
        _unmount(db)


@pytest.mark.parametrize("command", ["ingest", "run"])
def test_a_read_only_database_file_exits_3(run_cli, folder, readonly_db, tmp_path, command):
    (folder / "more.txt").write_text(GOOD.replace("Millbrook", "Elmwood"), encoding="utf-8")
    args = ("run", folder, "--out", tmp_path / "out") if command == "run" else ("ingest", folder)
    done = run_cli(*args)  # before: "attempt to write a readonly database" traceback, exit 1
    _assert_clean_failure(done, 3, str(readonly_db), "readonly")
    if command == "run":
        assert "-> fatal (exit 3)" in done.stderr


def test_keep_days_beyond_the_calendar_keeps_everything(run_cli, folder, tmp_path):
    done = run_cli("run", folder, "--out", tmp_path / "out", "--keep-days", "3000000")
    assert done.returncode == 0, done.stderr[-2000:]  # before: OverflowError traceback
    assert "0 pruned" not in done.stderr and "1 new" in done.stderr


def test_markup_in_a_file_name_is_printed_as_text_and_the_summary_survives(run_cli, folder, tmp_path):
    odd = folder / "x["
    odd.mkdir()
    (odd / "bold].txt").write_text("", encoding="utf-8")  # an empty file: rejected, named on stderr
    for _ in range(2):  # before: every run ended in a rich MarkupError
        done = run_cli("run", folder, "--out", tmp_path / "out", "--json")
        _assert_clean_failure(done, 1, "x[/bold].txt", "briefing run:")
        assert json.loads(done.stdout)["exit_code"] == 1
    done = run_cli("ingest", folder)
    _assert_clean_failure(done, 1, "x[/bold].txt: empty")
