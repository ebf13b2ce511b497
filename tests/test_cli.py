"""The real `briefing` command in a subprocess: exit codes, stderr reports, clean --json on
stdout, help texts documented in docs/commands.md, unusable database paths."""
from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from briefing.store.sqlite import Store

COMMANDS_DOC = (Path(__file__).resolve().parents[1] / "docs" / "commands.md").read_text(encoding="utf-8")

GOOD_A = ("The regional parliament approved a plan to rebuild the old harbour bridge on Tuesday. "
          "Lawmakers voted 41 to 17 in favour after a long debate.")
GOOD_B = "The national football team won the regional cup on Sunday. Supporters celebrated late into the night."


def make_folder(root: Path, broken: bool) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(GOOD_A, encoding="utf-8")
    (root / "sub" / "b.json").write_text(json.dumps({"id": "b-1", "text": GOOD_B}), encoding="utf-8")
    if broken:
        (root / "broken.json").write_text('{"id": "x", "text": ', encoding="utf-8")
    return root


def article_count(db: Path) -> int:
    with Store(db) as store:
        return store.counts()["articles"]


def test_ingest_with_one_broken_file_exits_1_and_names_it(run_cli, tmp_path):
    make_folder(tmp_path / "in", broken=True)
    result = run_cli("ingest", "in")
    assert result.returncode == 1, result.stderr
    rejected = [line for line in result.stderr.splitlines() if "broken.json" in line]
    assert rejected, result.stderr
    assert "in/broken.json" in rejected[0] and "malformed-json" in rejected[0]
    rejections = [line for line in result.stderr.splitlines() if line.startswith("rejected")]
    assert len(rejections) == 1  # the good files are not named as rejected
    assert result.stdout == ""
    assert article_count(run_cli.default_db) == 2  # the good files were stored anyway


def test_ingest_all_good_exits_0(run_cli, tmp_path):
    make_folder(tmp_path / "in", broken=False)
    result = run_cli("ingest", "in")
    assert result.returncode == 0, result.stderr
    assert "rejected" not in result.stderr.split("files:")[0]
    assert "2 articles stored" in result.stderr
    assert article_count(run_cli.default_db) == 2
    again = run_cli("ingest", "in")  # re-ingesting changes nothing and is still a success
    assert again.returncode == 0
    assert "0 articles stored" in again.stderr and "2 already" in again.stderr
    assert article_count(run_cli.default_db) == 2


def test_ingest_json_prints_only_the_report_on_stdout(run_cli, tmp_path):
    make_folder(tmp_path / "in", broken=True)
    result = run_cli("ingest", "--json", "in")
    assert result.returncode == 1
    report = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert report["files_seen"] == 3
    assert report["stored"] == 2
    assert report["unchanged"] == 0
    assert report["duplicates"] == []
    assert [(r["path"], r["reason"]) for r in report["rejected"]] == [("in/broken.json", "malformed-json")]
    assert "progress" not in result.stdout.lower() and "\x1b" not in result.stdout

    again = run_cli("--db", str(run_cli.default_db), "ingest", "in", "--json")
    report = json.loads(again.stdout)
    assert (report["stored"], report["unchanged"], len(report["rejected"])) == (0, 2, 1)


def test_quiet_keeps_rejections_and_drops_the_summary(run_cli, tmp_path):
    make_folder(tmp_path / "in", broken=True)
    result = run_cli("-q", "ingest", "in")
    assert result.returncode == 1
    assert "in/broken.json" in result.stderr and "malformed-json" in result.stderr
    assert "articles stored" not in result.stderr


def test_rejected_paths_are_printed_whole_on_one_line(run_cli, tmp_path):
    """stderr is not a terminal here: a long path must not be folded across lines (grep must find it)."""
    deep = tmp_path / ("a_rather_long_folder_name_for_news_articles_" * 3) / "another_level_of_folders"
    deep.mkdir(parents=True)
    broken = deep / "broken_article_with_a_long_name.json"
    broken.write_text("{", encoding="utf-8")
    (deep / "good.txt").write_text(GOOD_A, encoding="utf-8")
    assert len(str(broken)) > 120
    result = run_cli("ingest", str(broken), str(deep / "good.txt"))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if str(broken) in line]
    assert lines, f"path not found whole on any stderr line:\n{result.stderr}"
    assert "malformed-json" in lines[0]


def test_nothing_readable_at_all_exits_3(run_cli, tmp_path):
    result = run_cli("ingest", "missing-folder", "missing.txt")
    assert result.returncode == 3
    assert "missing-folder" in result.stderr and "missing.txt" in result.stderr
    assert "unreadable" in result.stderr


def test_only_bad_content_exits_1_not_3(run_cli, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = run_cli("ingest", "empty.txt")
    assert result.returncode == 1
    assert "empty.txt" in result.stderr and "empty" in result.stderr


@pytest.mark.parametrize("how", ["flag", "env"])
def test_database_path_that_cannot_be_created_exits_3(run_cli, tmp_path, how):
    (tmp_path / "afile").write_text("a plain file, not a folder")
    (tmp_path / "a.txt").write_text(GOOD_A)
    bad = "afile/sub/b.db"
    result = run_cli("--db", bad, "ingest", "a.txt") if how == "flag" else run_cli("ingest", "a.txt", db=bad)
    assert result.returncode == 3, result.stderr
    assert bad in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "afile").read_text() == "a plain file, not a folder"


def test_a_file_that_is_not_a_database_exits_3_and_is_left_alone(run_cli, tmp_path):
    notdb = tmp_path / "notes.db"
    notdb.write_text("these are my notes, not a database\n" * 10)
    before = notdb.read_bytes()
    result = run_cli("--db", "notes.db", "stories")
    assert result.returncode == 3
    assert "notes.db" in result.stderr and "Traceback" not in result.stderr
    assert notdb.read_bytes() == before


def test_default_database_lives_under_xdg_data_home_with_mode_0600(run_cli, tmp_path):
    (tmp_path / "a.txt").write_text(GOOD_A)
    result = run_cli("ingest", "a.txt", db=None)
    assert result.returncode == 0, result.stderr
    default = run_cli.home / ".local" / "share" / "briefing" / "briefing.db"
    assert default.is_file()
    assert stat.S_IMODE(default.stat().st_mode) == 0o600
    assert article_count(default) == 1


def test_stories_on_an_empty_database(run_cli):
    result = run_cli("stories", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"stories": []}


@pytest.mark.parametrize("args", [["ingest"], ["no-such-command"], ["ingest", "--no-such-option", "x"],
                                  ["stories", "--limit", "many"]])
def test_usage_errors_exit_2(run_cli, args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Usage" in result.stderr or "Error" in result.stderr


def test_version(run_cli):
    import briefing

    result = run_cli("--version")
    assert result.returncode == 0
    assert briefing.__version__ in result.stdout


# -- help and documentation (in the spirit of sqlite-utils' test_docs) ---------------------------

def _commands(run_cli) -> list[str]:
    result = run_cli("--help")
    assert result.returncode == 0
    section = result.stdout.split("Commands:", 1)[1]
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ") and line.strip()]


def test_main_help(run_cli):
    result = run_cli("--help")
    assert result.returncode == 0
    assert "Usage:" in result.stdout and "--db" in result.stdout
    assert set(_commands(run_cli)) >= {"ingest", "cluster", "stories"}


def test_every_command_has_help_and_is_documented(run_cli):
    commands = _commands(run_cli)
    assert commands
    for command in commands:
        result = run_cli(command, "--help")
        assert result.returncode == 0, (command, result.stderr)
        assert "Usage:" in result.stdout and command in result.stdout
        assert re.search(rf"\bbriefing {re.escape(command)}\b", COMMANDS_DOC), f"`briefing {command}` is not in docs/commands.md"
        options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", result.stdout)) - {"--help"}
        for option in options:
            assert option in COMMANDS_DOC, f"option {option} of `briefing {command}` is not in docs/commands.md"


def test_global_options_are_documented(run_cli):
    result = run_cli("--help")
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", result.stdout)) - {"--help", "--version"}
    assert options
    for option in options:
        assert option in COMMANDS_DOC, option
    assert "BRIEFING_DB" in COMMANDS_DOC


def test_exit_codes_in_help_match_the_docs(run_cli):
    result = run_cli("--help")
    help_codes = re.findall(r"\b([0-9]) (?:success|some inputs rejected|usage error|fatal)",
                            " ".join(result.stdout.split()))
    readme_codes = re.findall(r"^\| ([0-9]) \|", COMMANDS_DOC, re.MULTILINE)
    assert help_codes == readme_codes == ["0", "1", "2", "3"]
