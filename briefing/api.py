"""The library API the CLI calls: each function is one whole user action."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from .cluster.stories import ClusterResult
from .cluster.stories import update_stories as _update_stories
from .memo.compose import articles_memo, story_memo
from .config import load_config, resolve_db_path, writer_name, writer_settings
from .ingest import ingest_paths as _ingest_paths
from .ingest.files import InputPolicy
from .models import IngestReport, Memo, Story
from .render.pages import Templates
from .render.pages import render_memo as _render_memo
from .job.runner import RunReport
from .job.runner import run as _run
from .store.sqlite import Store
from .writers import Writer, get_writer

if TYPE_CHECKING:
    from .verify.recheck import RecheckReport


def open_store(db: Optional[str | os.PathLike] = None) -> Store:
    """Opens (creating and migrating if needed) the database at `db` or the configured default."""
    return Store(resolve_db_path(str(db) if db else None))


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
