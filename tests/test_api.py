"""The library calls behind each command, used from Python: what `briefing memo` makes of its
arguments, the settings `briefing run` settles before reading anything, the run's bookkeeping
(its log, problems, status and summary), and the errors each call raises with their exit codes."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from briefing import api
from briefing.errors import (EXIT_NOTHING_NEW, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, ArgumentError, ConfigError,
                             FatalError, LockBusy, StoreError, UsageError)
from briefing.job.lock import RunLock, lock_path_for
from briefing.job.runlog import RunLog, RunOutcome
from briefing.job.runner import RunReport
from briefing.job.sources import FeedReport, SourceFailure
from conftest import REPO_ROOT

EXAMPLES = REPO_ROOT / "examples" / "articles"


@pytest.fixture(autouse=True)
def no_user_config(tmp_path, monkeypatch):
    """No test reads the real user's config file or writer choice."""
    for name in ("BRIEFING_CONFIG", "BRIEFING_WRITER", "BRIEFING_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("BRIEFING_WRITER", "extractive")


# memo's arguments


def test_existing_paths_are_paths_and_one_word_is_a_story_id(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "folder"
    a.write_text("x")
    b.mkdir()
    assert api.memo_target([a, b], one_story=True) == api.MemoTarget(paths=[str(a), str(b)], one_story=True)
    assert api.memo_target(["s-0123456789"]) == api.MemoTarget(story_id="s-0123456789")


def test_a_missing_path_among_existing_ones_is_named(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("{}")
    with pytest.raises(UsageError) as caught:
        api.memo_target([real, tmp_path / "typo.json", tmp_path / "gone"])
    assert caught.value.exit_code == EXIT_USAGE
    assert isinstance(caught.value, ArgumentError)
    message = str(caught.value)
    assert str(tmp_path / "typo.json") in message and str(tmp_path / "gone") in message
    assert str(real) not in message


@pytest.mark.parametrize("targets, one_story", [(["s-1", "s-2"], False), (["s-1"], True), ([], False)])
def test_anything_but_one_story_id_or_paths_is_a_usage_error(targets, one_story):
    with pytest.raises(ArgumentError, match="give one STORY_ID") as caught:
        api.memo_target(targets, one_story)
    assert caught.value.exit_code == EXIT_USAGE


def test_memo_of_paths_as_one_story_reports_what_was_read(store):
    outcome = api.memo_for_target(store, api.memo_target([EXAMPLES / "millbrook-library.json"], one_story=True),
                                  api.writer("extractive"))
    assert outcome.exit_code == EXIT_OK
    assert outcome.ingest is not None and outcome.ingest.stored
    assert outcome.memo.claims()


def test_articles_of_several_stories_are_refused_with_what_was_read(store):
    steps = []
    with pytest.raises(UsageError, match="form 3 stories") as caught:
        api.memo_for_target(store, api.memo_target([EXAMPLES]), api.writer("extractive"),
                            lambda message, *counts: steps.append((message, *counts)))
    assert caught.value.ingest_report is not None and caught.value.ingest_report.files_seen == 5
    assert ("reading file 5/5: " + str(EXAMPLES / "tehran-times-2022-putin-raisi-visit.txt"), 5, 5) in steps


def test_paths_with_no_readable_article_are_fatal_with_what_was_read(store, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "blank.txt").write_text("   \n")
    with pytest.raises(FatalError, match="no article could be read") as caught:
        api.memo_for_target(store, api.memo_target([inputs]), api.writer("extractive"))
    assert [r.path for r in caught.value.ingest_report.rejected] == [str(inputs / "blank.txt")]


def test_cluster_stories_shows_only_the_stories_of_the_paths(store):
    everything = api.cluster_stories(store, [EXAMPLES])
    assert len(everything.stories) == 3 and everything.exit_code == EXIT_OK
    one = api.cluster_stories(store, [EXAMPLES / "millbrook-library.json"])
    assert len(one.stories) == 1 and one.stories[0].id in {s.id for s in everything.stories}
    assert len(api.cluster_stories(store).stories) == 3 and api.cluster_stories(store).ingest is None


# run's settings


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "job.toml"
    path.write_text(body)
    return path


def test_a_run_with_nowhere_to_write_says_how_to_say_it():
    with pytest.raises(ArgumentError, match="--out DIR"):
        api.plan_run(paths=[EXAMPLES])


def test_flags_win_over_the_config_file_and_sources_come_from_one_place(tmp_path):
    (tmp_path / "news").mkdir()
    config = _config(tmp_path, '[sources]\nfolders = ["news"]\nfeeds = ["https://example.org/rss"]\n'
                               '[output]\ndir = "site"\nformats = ["txt", "txt", "md"]\n[run]\nkeep_days = 9\n')
    from_config = api.plan_run(config)
    assert (from_config.out_dir, from_config.formats) == (str(tmp_path / "site"), ["txt", "md"])
    assert from_config.paths == [str(tmp_path / "news")] and from_config.feeds == ["https://example.org/rss"]
    assert from_config.keep_days == 9
    flags = api.plan_run(config, paths=[EXAMPLES], out_dir="elsewhere", formats=["json"], keep_days=2, wait=3)
    assert (flags.out_dir, flags.formats, flags.keep_days, flags.wait) == ("elsewhere", ["json"], 2, 3)
    assert flags.paths == [str(EXAMPLES)] and flags.feeds == []  # given paths: [sources] is not read


def test_missing_paths_stop_the_plan_naming_where_they_came_from(tmp_path):
    with pytest.raises(UsageError) as given:
        api.plan_run(paths=[EXAMPLES, tmp_path / "exmaples"], out_dir=tmp_path / "out")
    assert str(given.value) == f"no such file or folder: {tmp_path / 'exmaples'}"
    config = _config(tmp_path, '[sources]\nfolders = ["nothere"]\n[output]\ndir = "out"\n')
    with pytest.raises(UsageError, match="sources.folders") as configured:
        api.plan_run(config)
    assert str(config) in str(configured.value) and str(tmp_path / "nothere") in str(configured.value)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("body, key", [('[outputs]\ndir = "x"\n', "'outputs'"),
                                       ('[output]\ndir = "x"\n[input]\nmax_file_bytes = 0\n', "input.max_file_bytes"),
                                       # a writer's table is checked whichever writer this run uses
                                       ('[output]\ndir = "x"\n[llama]\nn_ctxx = 4096\n', "[llama]"),
                                       ('openai = "gpt"\n[output]\ndir = "x"\n', "openai: must be a table")])
def test_a_wrong_config_file_is_a_usage_error_naming_key_and_file(tmp_path, body, key):
    config = _config(tmp_path, body)
    with pytest.raises(UsageError) as caught:
        api.plan_run(config, paths=[EXAMPLES])
    assert caught.value.exit_code == EXIT_USAGE
    assert key in str(caught.value) and str(config) in str(caught.value)
    if "outputs" in body:
        assert isinstance(caught.value, ConfigError)


# the run's bookkeeping


def test_the_run_log_appends_lines_and_gives_up_once_when_it_cannot(tmp_path):
    log = RunLog(tmp_path / "logs" / "run.log")
    log.line("one")
    log.with_progress(None)("two", 1, 2)
    lines = (tmp_path / "logs" / "run.log").read_text().splitlines()
    assert [line.split(" ", 1)[1] for line in lines] == ["one", "two"]
    warnings = []
    (tmp_path / "a-folder").mkdir()
    broken = RunLog(tmp_path / "a-folder", lambda path, reason: warnings.append((path, reason)))
    broken.line("lost")
    broken.line("lost too")
    assert len(warnings) == 1 and warnings[0][0] == tmp_path / "a-folder"
    assert broken.path is None


def test_a_fallback_common_to_every_memo_is_one_failure_naming_the_writer():
    report = RunReport(memos=["s-1", "s-2"], fallbacks=[("s-1", "401 bad key"), ("s-2", "401 bad key")])
    outcome = RunOutcome(report, "openai", report.exit_code())
    assert outcome.exit_code == EXIT_PARTIAL and outcome.status == "partial failure"
    assert outcome.problems() == [("failed", "writer openai: every memo fell back to the extractive writer: "
                                             "401 bad key")]
    report.fallbacks[1] = ("s-2", "timeout")
    assert outcome.problems() == [("fell back", "to the extractive writer for s-1: 401 bad key"),
                                  ("fell back", "to the extractive writer for s-2: timeout")]


def test_failed_feeds_pages_and_memos_are_each_named():
    feeds = FeedReport(feeds=1, failures=[SourceFailure("https://a.example/rss", "feed", "HTTP 500")],
                       summaries=[])
    report = RunReport(feeds=feeds, failed=[("s-9", "template error")])
    problems = RunOutcome(report, "extractive", report.exit_code()).problems()
    assert problems == [("failed", "feed https://a.example/rss: HTTP 500 (retried next run)"),
                        ("failed", "memo of s-9: template error")]


def test_an_error_that_ends_a_run_is_in_its_json_and_log(tmp_path):
    outcome = RunOutcome(RunReport(failed=[("s-1", "bad\x1b[31m")]), "extractive", 3, "cannot write out: full")
    data = outcome.to_dict()
    assert (data["status"], data["exit_code"], data["error"]) == ("fatal", 3, "cannot write out: full")
    assert "error" not in RunOutcome(RunReport(), "extractive", EXIT_NOTHING_NEW).to_dict()
    log = RunLog(tmp_path / "run.log")
    outcome.log_end(log)
    logged = [line.split(" ", 1)[1] for line in (tmp_path / "run.log").read_text().splitlines()]
    assert logged == ["error: cannot write out: full", "failed memo of s-1: bad\\x1b[31m", outcome.summary]
    assert outcome.summary.endswith("-> fatal (exit 3)")


def test_run_job_writes_memos_and_logs_each_step(tmp_path):
    db = tmp_path / "news.db"
    plan = api.plan_run(paths=[EXAMPLES], out_dir=tmp_path / "out", formats=["md"], log_file=tmp_path / "run.log")
    first = api.run_job(plan, db)
    assert first.exit_code == EXIT_OK and first.writer == "extractive" and first.error is None
    assert len(list((tmp_path / "out" / "stories").glob("*.md"))) == 3
    again = api.run_job(plan, db, api.writer("extractive"))
    assert again.exit_code == EXIT_NOTHING_NEW
    logged = (tmp_path / "run.log").read_text()
    assert logged.count("run started: 1 paths, 0 feeds") == 2 and "-> nothing new (exit 4)" in logged
    assert json.loads(json.dumps(again.to_dict()))["status"] == "nothing new"


def test_run_job_with_a_broken_template_returns_the_error_and_what_was_done(tmp_path):
    template = tmp_path / "bad.j2"
    template.write_text("{{ memo.nosuch.attr }}\n")
    plan = api.plan_run(paths=[EXAMPLES / "millbrook-library.json"], out_dir=tmp_path / "out", formats=["md"],
                        template=template)
    outcome = api.run_job(plan, tmp_path / "news.db")
    assert outcome.exit_code == EXIT_USAGE and str(template) in outcome.error
    assert outcome.report.ingest is not None and outcome.report.ingest.stored


def test_run_job_skips_when_another_run_holds_the_lock_and_logs_it(tmp_path):
    db = tmp_path / "news.db"
    plan = api.plan_run(paths=[EXAMPLES], out_dir=tmp_path / "out", log_file=tmp_path / "run.log")
    with RunLock(lock_path_for(db)):
        with pytest.raises(LockBusy):
            api.run_job(plan, db)
    assert " skipped: " in (tmp_path / "run.log").read_text()
    assert not (tmp_path / "out").exists()


# the other calls


def test_the_example_config_is_not_overwritten_without_force(tmp_path):
    path = api.write_example_config(tmp_path / "b.toml")
    path.write_text("mine")
    with pytest.raises(UsageError, match="--force"):
        api.write_example_config(path)
    assert path.read_text() == "mine"
    api.write_example_config(path, force=True)
    assert "[sources]" in path.read_text()


def test_a_session_names_the_database_an_sqlite_error_came_from(tmp_path):
    db = tmp_path / "news.db"
    with pytest.raises(StoreError) as caught:
        with api.session(db) as store:
            store.db.execute("SELECT * FROM no_such_table")
    assert str(db) in str(caught.value)
    with api.session(db):
        pass
    with pytest.raises(sqlite3.ProgrammingError):  # closed at the end
        store.db.execute("SELECT 1")
