"""The CLI's rough edges a new user meets: messages that lose their words, options refused after
the command, misspelt config keys ignored, a mistyped path noticed only at the end."""
from __future__ import annotations

import pytest

from conftest import REPO_ROOT

EXAMPLES = REPO_ROOT / "examples" / "articles"


def test_init_names_the_tables_to_edit(run_cli, tmp_path):
    result = run_cli("init", str(tmp_path / "b.toml"))
    assert result.returncode == 0
    assert "edit [sources] and [output]" in result.stderr


def test_a_missing_api_key_message_keeps_its_table_name(run_cli, tmp_path):
    result = run_cli("memo", str(EXAMPLES / "millbrook-library.json"), "--one-story", "--writer", "openai",
                     env={"OPENAI_API_KEY": ""})
    assert result.returncode == 2
    assert "[openai]" in result.stderr


def test_global_options_work_after_the_command(run_cli, tmp_path):
    db = tmp_path / "after.db"
    out = tmp_path / "out"
    result = run_cli("run", str(EXAMPLES), "--out", str(out), "-q", "--db", str(db), "--format", "md", db=None)
    assert result.returncode == 0, result.stderr
    assert db.is_file()
    assert result.stderr == "" and result.stdout == ""  # -q: nothing but problems
    listed = run_cli("stories", "--db", str(db), "--json", db=None)
    assert listed.returncode == 0 and '"stories"' in listed.stdout


@pytest.mark.parametrize("body, named", [
    ('[sources]\nfeed = ["https://example.org/rss"]\n[output]\ndir = "out"\n', "'feed'"),
    ('[outputs]\ndir = "out"\n', "'outputs'"),
])
def test_unknown_config_keys_and_tables_are_usage_errors(run_cli, tmp_path, body, named):
    config = tmp_path / "job.toml"
    config.write_text(body)
    result = run_cli("run", "--config", str(config))
    assert result.returncode == 2
    assert named in result.stderr and str(config) in result.stderr
    assert not (tmp_path / "out").exists()


def test_plain_run_says_what_it_needs(run_cli):
    result = run_cli("run")
    assert result.returncode == 2
    assert "--out DIR" in result.stderr and "briefing init" in result.stderr


def test_a_mistyped_path_writes_nothing(run_cli, tmp_path):
    out = tmp_path / "out"
    first = run_cli("run", str(EXAMPLES), "--out", str(out), "--format", "md")
    assert first.returncode == 0, first.stderr
    memos = sorted(p.name for p in (out / "stories").iterdir())
    typo = run_cli("run", str(tmp_path / "exmaples"), "--out", str(tmp_path / "out2"), "--format", "md")
    assert typo.returncode == 2
    assert "exmaples" in typo.stderr
    assert not (tmp_path / "out2").exists()
    assert sorted(p.name for p in (out / "stories").iterdir()) == memos


def _run_on_a_terminal(args: list[str], env: dict, timeout: float = 120) -> tuple[int, str]:
    """Runs the CLI with stderr on a pseudo-terminal; returns the exit code and what the terminal got."""
    import os
    import pty
    import select
    import subprocess
    import sys

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "briefing", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    return proc.wait(timeout), b"".join(chunks).decode("utf-8", "replace")


def test_progress_shows_counts_on_a_terminal_and_nothing_on_a_pipe(run_cli, tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "XDG_"))}
    env.update(HOME=str(tmp_path), BRIEFING_DB=str(tmp_path / "tty.db"), BRIEFING_WRITER="extractive",
               COLUMNS="200", TERM="xterm")
    code, screen = _run_on_a_terminal(["run", str(EXAMPLES), "--out", str(tmp_path / "out"), "--format", "md"], env)
    assert code == 0, screen
    assert "5/5" in screen  # the files read, counted against all of them
    assert "memo" in screen and "3/3" in screen
    piped = run_cli("run", str(EXAMPLES), "--out", str(tmp_path / "out2"), "--format", "md", "--db",
                    str(tmp_path / "pipe.db"), db=None)
    assert piped.returncode == 0
    assert "reading file" not in piped.stderr and "\x1b[" not in piped.stderr
