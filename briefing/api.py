"""The library API the CLI calls: each function is one whole user action."""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional, Union

from .cluster.stories import ClusterResult
from .cluster.stories import update_stories as _update_stories
from .memo.compose import articles_memo, story_memo
from .config import load_config, resolve_db_path, writer_name, writer_settings
from .errors import (EXIT_FATAL, EXIT_OK, ArgumentError, BriefingError, FatalError, LockBusy, LockError, RenderError,
                     StoreError, UsageError)
from .ingest import ingest_paths as _ingest_paths
from .ingest.files import InputPolicy
from .models import IngestReport, Memo, Story
from .render.pages import Templates
from .render.pages import render_memo as _render_memo
from .job.plan import RunPlan
from .job.plan import input_policy as input_policy, plan_run as plan_run  # library calls of their own
from .job.runlog import RunLog, RunOutcome
from .job.runner import RunReport
from .job.runner import run as _run
from .store.sqlite import Store
from .writers import Writer, get_writer

if TYPE_CHECKING:
    from .verify.recheck import RecheckReport


def open_store(db: Optional[str | os.PathLike] = None) -> Store:
    """Opens (creating and migrating if needed) the database at `db` or the configured default."""
    return Store(resolve_db_path(str(db) if db else None))


@contextmanager
def session(db: Optional[str | os.PathLike] = None) -> Iterator[Store]:
    """`with session(db) as store:` the store of `open_store`, closed at the end; an SQLite error
    found while it is used (a corrupted page, a read-only file, a full disk) becomes a `StoreError`
    naming the database."""
    store = open_store(db)
    try:
        yield store
    except sqlite3.Error as e:
        raise StoreError(f"database {store.path} cannot be used: {e}") from None
    finally:
        try:
            store.close()
        except sqlite3.Error:
            pass  # the error that ended the work is the one reported


def ingest_paths(store: Store, paths: Iterable[str | os.PathLike],
           progress: Optional[Callable[[int, str, int], None]] = None,
           policy: Optional[InputPolicy] = None) -> IngestReport:
    """Reads files and folders into the store; see `briefing.ingest` for formats and ids, and
    `ingest.files.InputPolicy` for what may be read (only regular files, symlinks, a size cap).
    `progress(files_done, current_file, files_in_all)` is called as each file starts."""
    return _ingest_paths(store, [Path(p) for p in paths], progress, policy=policy)


def update_stories(store: Store, progress: Optional[Callable[..., None]] = None) -> ClusterResult:
    """Assigns every unassigned stored article to an existing or a new story."""
    return _update_stories(store, progress)


def stories(store: Store, only_for_ext_ids: Optional[Iterable[str]] = None) -> list[Story]:
    """Stored stories, largest first; only those holding the given article ids when given."""
    if only_for_ext_ids is None:
        return store.list_stories()
    return store.list_stories(store.story_ids_for_ext_ids(only_for_ext_ids))


def writer(name: str = "extractive", store: Optional[Store] = None, **options) -> Writer:
    """The writer registered as `name` (see `briefing.writers`) with its settings, made once and
    reused for many memos. With `store`, a model writer caches its answers in that database."""
    if store is not None:
        options["cache"] = store.response_cache()
    return get_writer(name, **options)


def configured_writer(name: Optional[str] = None, store: Optional[Store] = None, config: Optional[dict] = None,
                      **flags) -> Writer:
    """The writer chosen by flag, environment or config file (see `briefing.config`), with its settings
    from the config file, the environment and `flags` (None values are ignored), in that order."""
    config = load_config() if config is None else config
    chosen = writer_name(name, config)
    return writer(chosen, store, **writer_settings(chosen, config, flags))


def memo_stats(store: Store, recent: int = 10) -> dict:
    """How memos were written: per writer and model, and the most recent memos (`briefing stats`)."""
    return {"writers": store.memo_stats(), "recent": store.recent_memos(recent)}


def verify_memo(store: Store, path: str | os.PathLike) -> "RecheckReport":
    """Re-checks a memo JSON file (`briefing memo --json`, or another tool's in that shape) against
    the stored articles: every citation must resolve to its stored sentence and every claim must be
    supported by the sentences it cites. `verify.MemoFileError` when the file is unreadable or not
    a memo; the memo is not changed."""
    from .verify.recheck import load_memo_file, recheck

    data = load_memo_file(Path(path))
    return recheck(Path(path), data, store.get_article)


def memo_for_story(store: Store, story_id: str, using: Optional[Writer] = None) -> Memo:
    """The memo of a stored story; `compose.NotFound` when there is no such story."""
    return story_memo(store, using or writer(), story_id)


def memo_for_articles(store: Store, ext_ids: Iterable[str], using: Optional[Writer] = None) -> Memo:
    """One memo treating these stored articles (duplicates resolve to their originals) as one story."""
    return articles_memo(store, using or writer(), list(ext_ids))


def empty_memo(using: Optional[Writer] = None) -> Memo:
    """The memo of a story with no article text (every input was a boilerplate page): no claims."""
    from .memo.compose import adhoc_story_id, compose

    return compose(using or writer(), adhoc_story_id([]), "", [])


def render_memo(memo: Memo, fmt: str = "md", template: Optional[str | os.PathLike] = None) -> str:
    """The memo as md, html, txt (Jinja2 templates) or json (the memo data)."""
    return _render_memo(memo, fmt, Templates(Path(template) if template else None))


def run(store: Store, paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike,
        formats: Iterable[str] = ("md", "html"), using: Optional[Writer] = None,
        template: Optional[str | os.PathLike] = None, progress: Optional[Callable[[str], None]] = None, *,
        feeds: Iterable[str] = (), fetch: Optional[dict] = None, keep_days: Optional[int] = None,
        policy: Optional[InputPolicy] = None, report: Optional[RunReport] = None) -> RunReport:
    """Ingests `paths` and the RSS/Atom `feeds` (URLs; `fetch`: Fetcher settings such as timeout,
    max_bytes, max_redirects, user_agent), prunes articles older than `keep_days`, clusters, and
    writes the memo of every story that changed since the last run, and the index, into `out_dir`."""
    feeds = list(feeds)
    fetcher = None
    if feeds:
        from .job.fetch import Fetcher

        fetcher = Fetcher(**(fetch or {}))
    try:
        return _run(store, [Path(p) for p in paths], Path(out_dir), list(formats), using or writer(),
                    Templates(Path(template) if template else None), progress, feeds=feeds, fetcher=fetcher,
                    keep_days=keep_days, policy=policy, report=report)
    finally:
        if fetcher is not None:
            fetcher.close()


def run_lock(db: Optional[str | os.PathLike | Store] = None, wait: float = 0.0):
    """The lock one `briefing run` holds on a database (`with api.run_lock(db):`, taken before the
    database is opened); raises `lock.LockBusy` when another run holds it for longer than `wait` s."""
    from .job.lock import RunLock, lock_path_for

    path = db.path if isinstance(db, Store) else resolve_db_path(str(db) if db else None)
    return RunLock(lock_path_for(path), wait)


def _article_ids(report: IngestReport) -> list[str]:
    """The stored ids of every article the inputs hold: new, already stored, or duplicates."""
    return report.stored + report.unchanged + [d.ext_id for d in report.duplicates]


def _reading_files(progress: Optional[Callable[..., None]]) -> Optional[Callable[[int, str, int], None]]:
    if progress is None:
        return None
    return lambda n, path, total: progress(f"reading file {n:,}/{total:,}: {path}", n, total)


def _after_reading(error: BriefingError, report: IngestReport) -> BriefingError:
    error.ingest_report = report
    return error


@dataclass
class ClusterOutcome:
    """What `cluster_stories` did: the clustering, the stories to show, what reading the paths did."""

    result: ClusterResult
    stories: list[Story]
    ingest: Optional[IngestReport] = None
    exit_code: int = EXIT_OK      # 1 or 3 when some or all of the paths could not be read


def cluster_stories(store: Store, paths: Iterable[str | os.PathLike] = (),
                    progress: Optional[Callable[..., None]] = None,
                    policy: Optional[InputPolicy] = None) -> ClusterOutcome:
    """Ingests `paths` (if any), then groups every stored article into stories (`briefing cluster`).
    The stories returned are all of them, or with `paths` only those holding their articles.
    `progress(message[, done, total])` is called at each step."""
    paths = list(paths)
    report = ingest_paths(store, paths, _reading_files(progress), policy) if paths else None
    result = update_stories(store, progress)
    found = stories(store, _article_ids(report) if report is not None else None)
    return ClusterOutcome(result, found, report, report.exit_code() if report is not None else EXIT_OK)


@dataclass
class MemoTarget:
    """What `briefing memo` was given: a stored story's id, or paths of articles to ingest (with
    `one_story`, all their articles make one memo; without it they must form one story)."""

    story_id: Optional[str] = None
    paths: list[str] = field(default_factory=list)
    one_story: bool = False


def memo_target(targets: Iterable[str | os.PathLike], one_story: bool = False) -> MemoTarget:
    """Reads `briefing memo`'s arguments: paths when they exist, else one story id.
    `ArgumentError` (exit 2) naming the missing ones when some exist and others do not, and when
    they are not one story id (or are one with `one_story`, which takes paths)."""
    targets = [str(t) for t in targets]
    exists = [Path(t).exists() for t in targets]
    if any(exists) and not all(exists):
        raise ArgumentError(f"no such file or folder: {', '.join(t for t, e in zip(targets, exists) if not e)}")
    if all(exists) and targets:
        return MemoTarget(paths=targets, one_story=one_story)
    if len(targets) != 1 or one_story:
        raise ArgumentError("give one STORY_ID, or PATHS of articles (files or folders)")
    return MemoTarget(story_id=targets[0])


@dataclass
class MemoOutcome:
    """The memo `memo_for_target` wrote, what reading its paths did, and the exit code it earns
    (1 or 3 when some or all of the paths could not be read)."""

    memo: Memo
    ingest: Optional[IngestReport] = None
    exit_code: int = EXIT_OK


def memo_for_target(store: Store, target: MemoTarget, using: Optional[Writer] = None,
                    progress: Optional[Callable[..., None]] = None,
                    policy: Optional[InputPolicy] = None) -> MemoOutcome:
    """The memo `briefing memo` writes: of the stored story, or of the articles in the target's
    paths (ingested first). Paths that hold only pages without article text make, with
    `one_story`, an empty memo. `FatalError` when no article could be read; `UsageError` when the
    articles form more or fewer than one story (without `one_story`); both carry the
    `ingest_report`. `compose.NotFound` for a story id the store does not hold."""
    if target.story_id is not None:
        if progress:
            progress(f"writing the memo of {target.story_id}")
        return MemoOutcome(memo_for_story(store, target.story_id, using))
    report = ingest_paths(store, target.paths, _reading_files(progress), policy)
    ids = _article_ids(report)
    # --one-story inputs that are all pages without article text: an empty memo, exit 0
    nothing_to_brief = target.one_story and not ids and bool(report.rejected) and report.ok
    if not ids and not nothing_to_brief:
        raise _after_reading(FatalError("no article could be read from the given paths"), report)
    if target.one_story:
        if progress:
            progress("writing the memo")
        memo = empty_memo(using) if nothing_to_brief else memo_for_articles(store, ids, using)
        return MemoOutcome(memo, report, EXIT_OK if nothing_to_brief else report.exit_code())
    update_stories(store, progress)
    found = stories(store, ids)
    if len(found) != 1:
        raise _after_reading(UsageError(
            f"these articles form {len(found)} stories ({', '.join(s.id for s in found[:10])}"
            f"{', …' if len(found) > 10 else ''}): name one STORY_ID, pass --one-story, or use `briefing run` for "
            "all of them"), report)
    if progress:
        progress(f"writing the memo of {found[0].id}")
    return MemoOutcome(memo_for_story(store, found[0].id, using), report, report.exit_code())


def run_job(plan: RunPlan, db: Optional[str | os.PathLike] = None,
            using: Union[Writer, Callable[[Store], Writer], None] = None,
            progress: Optional[Callable[..., None]] = None,
            warn: Optional[Callable[[Path, str], None]] = None) -> RunOutcome:
    """One `briefing run` as `plan` (see `plan_run`) says: takes the database's run lock, ingests,
    fetches, clusters and writes the memos of changed stories and the index, logging each step to
    `plan.log_file`. `using` is the writer, or makes it from the open store (default: the writer
    the config file and environment choose). An error that ends the run half-way (a broken
    template, an output folder or database that cannot be written) is returned as the outcome's
    `error` with what was done before it. `LockBusy` when another run holds the lock;
    `warn(path, reason)` when the log file cannot be written."""
    log = RunLog(plan.log_file, warn)
    try:
        lock = run_lock(db, plan.wait)
        lock.acquire()
    except LockBusy as e:
        log.line(f"skipped: {e}")
        raise
    except LockError as e:
        log.line(f"error: {e}")
        raise
    report = RunReport()  # filled as the run goes: an error half-way still has its summary line
    error, code = None, EXIT_OK
    try:
        with session(db) as store:
            chosen = using if isinstance(using, Writer) else using(store) if using else configured_writer(store=store)
            log.line(f"run started: {len(plan.paths)} paths, {len(plan.feeds)} feeds, out {plan.out_dir}, "
                     f"writer {chosen.name}")
            try:
                run(store, plan.paths, plan.out_dir, plan.formats, chosen, plan.template, log.with_progress(progress),
                    feeds=plan.feeds, fetch=plan.fetch, keep_days=plan.keep_days, policy=plan.policy, report=report)
            except RenderError as e:
                error, code = str(e), e.exit_code
            except OSError as e:  # the output folder: read-only, full, gone
                where = f" {e.filename}" if e.filename else f" in {plan.out_dir}"
                error, code = f"cannot write{where}: {e.strerror or e}", EXIT_FATAL
            except sqlite3.Error as e:
                error, code = f"database {store.path} cannot be used: {e}", EXIT_FATAL
    finally:
        lock.release()
    outcome = RunOutcome(report, chosen.name, code if error else report.exit_code(), error)
    outcome.log_end(log)
    return outcome


def write_example_config(path: str | os.PathLike = "briefing.toml", force: bool = False) -> Path:
    """Writes the commented example config file of the scheduled job (`briefing init`) to `path`;
    `UsageError` when it exists (unless `force`), `FatalError` when it cannot be written."""
    from .config import EXAMPLE_CONFIG
    from .job.runner import write_atomic

    target = Path(path)
    if target.exists() and not force:
        raise UsageError(f"{target} exists: pass --force to overwrite it")
    try:
        write_atomic(target, EXAMPLE_CONFIG)
    except OSError as e:
        raise FatalError(f"cannot write {target}: {e.strerror or e}") from None
    return target
