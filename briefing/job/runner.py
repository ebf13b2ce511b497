"""`briefing run`: ingest files and feeds, cluster, and (re)write the memo of every story that
changed, plus an index page, into a folder.

Layout of the output folder:
    index.<fmt>                 stories ranked by size and recency, each with its bottom line and
                                its status in this run ("new" or "updated")
    stories/<story_id>.<fmt>    one memo per story, a stable path per story
    archive/<YYYY-MM-DD>/<name>-<HHMMSS>.<fmt>
                                earlier versions of memos and index, dated by when they were written

Incremental: the store remembers, per story, the articles its last written memo covered
(`briefed_*` tables). A run rewrites only stories that gained or lost articles, whose memo
file is missing in the output folder, or whose memo was made with another recipe (another
writer, writer settings, memo layout or version of briefing: `memo_recipe`); the others are not
recomposed at all (no model call).
A rewritten memo of a story that was briefed before gets a "New since the last briefing" part
citing only the new articles (`briefing/memo/whatsnew.py`). The briefed state of a story is stored
only after all of its files were written, so a killed run redoes exactly the unfinished stories.

Files are written atomically (a temporary file in the same folder, then renamed), so a reader
or a killed run never sees half a file; an earlier version that differs is kept in the archive
(a hard link, else a copy) before it is replaced. One story that fails is reported and the rest
are still written. A writer with `concurrency` > 1 (the openai writer) writes that many stories
at once; articles are read and files written by the calling thread. Stories whose model writer
fell back to the extractive writer are listed in `RunReport.fallbacks`; when the model call
failed (not when its cached answer was unusable), the memo's recipe records the fallback, so the
next run writes it again (a model that failed for a reason the user fixed, such as a bad key,
heals the memos it could not write).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Optional

from ..errors import EXIT_FATAL, EXIT_NOTHING_NEW, EXIT_OK, EXIT_PARTIAL
from ..memo.analysis import story_analyses
from ..cluster.stories import ClusterResult, update_stories
from ..memo.compose import compose, logged
from ..memo.fusion import drop_reshown
from ..ingest import ingest_paths
from ..models import Article, IngestReport, Story
from ..render.pages import EXTENSIONS, RenderError, Templates, render_index, render_memo
from .sources import FeedReport, fetch_feeds
from ..store.sqlite import Store
from ..memo.whatsnew import add_new_since, new_articles_of
from ..writers import Writer

INDEX_TITLE = "Briefing"
ARCHIVE_DIR = "archive"


@dataclass
class RunReport:
    run_id: str = ""
    ingest: Optional[IngestReport] = None
    feeds: Optional[FeedReport] = None
    cluster: Optional[ClusterResult] = None
    pruned_articles: int = 0
    pruned_stories: list[str] = field(default_factory=list)
    memos: list[str] = field(default_factory=list)  # story ids whose memo was written in this run
    new: list[str] = field(default_factory=list)      # ... of which first memos
    updated: list[str] = field(default_factory=list)  # ... of which stories that gained or lost articles
    unchanged: int = 0                                # stories left alone: memo current, not recomposed
    failed: list[tuple[str, str]] = field(default_factory=list)  # (story id, reason)
    fallbacks: list[tuple[str, str]] = field(default_factory=list)  # (story id, why the extractive writer wrote it)
    files: list[str] = field(default_factory=list)     # files written (memos and index)
    archived: list[str] = field(default_factory=list)  # earlier versions kept in the archive

    @property
    def ok(self) -> bool:
        return (not self.failed and (self.ingest is None or self.ingest.ok)
                and (self.feeds is None or self.feeds.ok))

    @property
    def changed(self) -> bool:
        """Whether this run wrote anything: a memo, the index, or removed a pruned story's memo."""
        return bool(self.files or self.pruned_stories)

    def new_articles(self) -> int:
        return ((len(self.ingest.stored) if self.ingest else 0)
                + (len(self.feeds.ingest.stored) if self.feeds else 0))

    def summary_line(self) -> str:
        """One line saying what the run did, for logs and monitoring."""
        parts = []
        if self.feeds is not None:
            f = self.feeds
            failed = len({x.url for x in f.failures if x.kind == "feed"})
            pages = len({x.url for x in f.failures if x.kind == "page"})
            parts.append(f"{f.feeds} feeds ({len(f.not_modified)} not modified, {failed} failed"
                         + (f", {pages} pages failed" if pages else "")
                         + (f", {f.deferred} pages left for the next run" if f.deferred else "") + ")")
        if self.ingest is not None:
            parts.append(f"{self.ingest.files_seen:,} files ({len(self.ingest.rejected):,} rejected)")
        parts.append(f"{self.new_articles():,} new articles")
        if self.pruned_articles:
            parts.append(f"{self.pruned_articles:,} pruned")
        parts.append(f"stories: {len(self.new)} new, {len(self.updated)} updated, "
                     f"{len(self.memos) - len(self.new) - len(self.updated)} rewritten, {self.unchanged:,} unchanged"
                     + (f", {len(self.failed)} failed" if self.failed else "")
                     + (f", {len(self.fallbacks)} by the extractive writer after the model failed" if self.fallbacks
                        else ""))
        return "; ".join(parts)

    def common_fallback(self) -> Optional[str]:
        """The reason, when every memo of this run fell back to the extractive writer for the same one
        (the model is unusable as configured: a run to report as failed, not as written)."""
        reasons = {reason for _, reason in self.fallbacks}
        if self.memos and len(reasons) == 1 and len(self.fallbacks) == len(self.memos):
            return reasons.pop()
        return None

    def exit_code(self) -> int:
        """4 when nothing changed, else 0; 3 when no input could be read at all and no feed was
        fetched; 1 when some input, feed, page or memo failed, or every memo fell back for one reason."""
        ingest_code = self.ingest.exit_code() if self.ingest is not None else EXIT_OK
        if ingest_code == EXIT_FATAL and not self.feeds:
            return EXIT_FATAL
        if ingest_code != EXIT_OK or self.failed or self.common_fallback() or (self.feeds is not None
                                                                           and self.feeds.failures):
            return EXIT_PARTIAL
        return EXIT_OK if self.changed else EXIT_NOTHING_NEW

    def to_dict(self) -> dict:
        return {
            "run_id": self.run_id,
            "ingest": self.ingest.to_dict() if self.ingest else None,
            "feeds": self.feeds.to_dict() if self.feeds else None,
            "pruned": {"articles": self.pruned_articles, "stories": self.pruned_stories},
            "new_stories": self.cluster.new_stories if self.cluster else [],
            "grown_stories": self.cluster.grown_stories if self.cluster else [],
            "memos": self.memos,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": [{"story_id": s, "reason": r} for s, r in self.failed],
            "fallbacks": [{"story_id": s, "reason": r} for s, r in self.fallbacks],
            "files": self.files,
            "archived": self.archived,
        }


def make_dir(folder: Path) -> None:
    """Creates `folder` and its missing parents as rwxr-xr-x whatever the umask: the output is for
    readers, and only the owner may change it."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o755)
        except FileExistsError:
            continue
        os.chmod(d, 0o755)


TEMPORARY_MARK = "briefing-"  # `.<name>.briefing-<random>.tmp`: the only names a run removes as its own
_TEMPORARY = re.compile(r"\..+\." + TEMPORARY_MARK + r"[a-z0-9_]{8}\.tmp")  # mkstemp's 8 random characters


def write_atomic(path: Path, text: str) -> None:
    make_dir(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{TEMPORARY_MARK}", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def archive_path(out_dir: Path, path: Path) -> Path:
    """Where the current version of `path` goes in the archive: dated by when it was written (UTC)."""
    written = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    folder = out_dir / ARCHIVE_DIR / written.strftime("%Y-%m-%d")
    stem, suffix = path.name.rsplit(".", 1) if "." in path.name else (path.name, "")
    base = f"{stem}-{written.strftime('%H%M%S')}"
    candidate = folder / f"{base}.{suffix}"
    n = 1
    while candidate.exists():
        n += 1
        candidate = folder / f"{base}-{n}.{suffix}"
    return candidate


def replace_file(out_dir: Path, path: Path, text: str, report: RunReport) -> bool:
    """Writes `text` to `path` atomically, keeping a differing earlier version in the archive.
    Returns False (and touches nothing) when the file already holds exactly this text."""
    if path.exists():
        try:
            if path.read_text(encoding="utf-8") == text:
                return False
        except (OSError, UnicodeDecodeError):
            pass
        kept = archive_path(out_dir, path)
        make_dir(kept.parent)
        try:
            os.link(path, kept)  # the old inode stays there when the new file replaces it
        except OSError:
            shutil.copy2(path, kept)
        report.archived.append(str(kept))
    write_atomic(path, text)
    report.files.append(str(path))
    return True


def retire_file(out_dir: Path, path: Path, report: RunReport) -> None:
    """Moves a memo whose story no longer exists (pruned) into the archive."""
    if path.exists():
        kept = archive_path(out_dir, path)
        make_dir(kept.parent)
        os.replace(path, kept)
        report.archived.append(str(kept))


def remove_temporaries(out_dir: Path) -> None:
    """Deletes the temporary files of a run that was killed while writing (`write_atomic`'s
    `.<name>.briefing-<random>.tmp`, nothing else: a user's own `.x.tmp` stays); safe because only
    one run at a time writes (the run lock)."""
    for folder in (out_dir, out_dir / "stories"):
        if folder.is_dir():
            for tmp in sorted(folder.glob(".*.tmp")):
                if not _TEMPORARY.fullmatch(tmp.name):
                    continue
                try:
                    tmp.unlink()
                except OSError:
                    pass


def memo_path(out_dir: Path, story_id: str, fmt: str) -> Path:
    return out_dir / "stories" / f"{story_id}.{EXTENSIONS[fmt]}"


def _stored_entry(story: Story, briefed: dict, run_ids: set[str], fmt: str) -> dict:
    """A story's index entry from the briefed state: its status shows only in the index written
    after the memo (`run_ids`: this run and runs killed before writing their index)."""
    return {
        "story_id": story.id,
        "title": briefed["entry"].get("title") or story.title,
        "bottom_line": briefed["entry"].get("bottom_line", ""),
        "size": story.size,
        "outlets": story.outlets,
        "dates": story.date_range(),
        "status": briefed["change"] if briefed["run_id"] in run_ids else "",
        "path": f"stories/{story.id}.{EXTENSIONS[fmt]}",
    }


def memo_recipe(writer: Writer, templates: Templates, formats: list[str]) -> str:
    """What a memo is made with besides its articles: the program's version, the writer and its
    settings, and the memo layouts. A story whose memo was made with another recipe is rewritten."""
    from ..version import __version__

    made_with = {"version": __version__, "writer": writer.recipe(),
                 "layouts": templates.fingerprint("memo", sorted(formats))}
    return hashlib.sha1(json.dumps(made_with, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _cutoff(today: date, keep_days: int) -> str:
    """The first publication date kept; more days than the calendar has before today keep everything."""
    return (today - timedelta(days=min(keep_days, (today - date.min).days))).isoformat()


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")


def run(store: Store, paths: list[Path], out_dir: Path, formats: list[str], writer: Writer,
        templates: Optional[Templates] = None, progress: Optional[Callable[[str], None]] = None, *,
        feeds: tuple[str, ...] | list[str] = (), fetcher=None, keep_days: Optional[int] = None,
        today: Optional[date] = None, policy=None, report: Optional[RunReport] = None) -> RunReport:
    """Ingests `paths` and `feeds`, prunes articles older than `keep_days` (if given), clusters, and
    writes the memo of every story that changed, then the index. `fetcher`: a `fetch.Fetcher`
    (one is made, with default settings, when feeds are given without one). `report`: one to fill
    (the caller still has what was done when an error ends the run half-way)."""
    report = report or RunReport()
    report.run_id = new_run_id()
    remove_temporaries(out_dir)
    cutoff = _cutoff(today or datetime.now(timezone.utc).date(), keep_days) if keep_days is not None else None
    if paths:
        report.ingest = ingest_paths(store, paths, (lambda n, p, total: progress(f"reading file {n:,}/{total:,}: {p}",
                                                                                 n, total))
                                     if progress else None, policy=policy, skip=[out_dir])  # never our own memos
    if feeds:
        from .fetch import Fetcher

        own = fetcher is None
        fetcher = fetcher or Fetcher()
        try:
            report.feeds = fetch_feeds(store, list(feeds), fetcher, progress, not_before=cutoff)
        finally:
            if own:
                fetcher.close()
    if cutoff is not None:
        report.pruned_articles, report.pruned_stories = store.prune(cutoff)
        for story_id in report.pruned_stories:
            for fmt in formats:
                retire_file(out_dir, memo_path(out_dir, story_id, fmt), report)
    report.cluster = update_stories(store, progress)
    templates = templates or Templates()
    stories = store.list_stories()
    briefed = store.briefed_stories()
    unbriefed = store.unbriefed_counts()
    recipe = memo_recipe(writer, templates, formats)
    todo = [s for s in stories if s.id not in briefed or unbriefed.get(s.id) or briefed[s.id]["size"] != s.size
            or briefed[s.id]["entry"].get("recipe") != recipe
            or not all(memo_path(out_dir, s.id, fmt).exists() for fmt in formats)]
    report.unchanged = len(stories) - len(todo)

    def finish(n: int, story: Story, articles: list[Article], analyses: dict, job: Future) -> None:
        before = briefed.get(story.id)
        try:
            memo = logged(store, job.result())
            fresh = new_articles_of(articles, store.briefed_article_ids(story.id))
            if fresh:
                add_new_since(memo, fresh, analyses)
                drop_reshown(memo)  # the new part comes first: what it shows is not shown again below
            rendered = {fmt: render_memo(memo, fmt, templates, index_path=f"../index.{EXTENSIONS[fmt]}")
                        for fmt in formats}
        except RenderError:
            raise  # a broken template breaks every memo: the caller reports it once
        except Exception as e:  # noqa: BLE001 - one story never stops the others
            report.failed.append((story.id, f"{type(e).__name__}: {e}"))
            return
        if memo.fallback:
            report.fallbacks.append((story.id, memo.fallback))
        for fmt, text in rendered.items():
            replace_file(out_dir, memo_path(out_dir, story.id, fmt), text, report)
        change = "new" if before is None else ("updated" if fresh or before["size"] != story.size else "")
        # a memo whose model call failed is not what the recipe makes: the next run tries the writer again
        entry = {"title": memo.title or story.title, "bottom_line": " ".join(c.text for c in memo.bottom_line),
                 "recipe": f"{recipe}+fallback" if memo.fallback and memo.writing.get("retry") else recipe}
        # only now, with every file in place: a run killed before this line redoes the story
        store.mark_briefed(story.id, [a.db_id for a in articles], story.size, entry, change, report.run_id)
        report.memos.append(story.id)
        if change == "new":
            report.new.append(story.id)
        elif change == "updated":
            report.updated.append(story.id)
        if progress:
            progress(f"wrote memo {n:,}/{len(todo):,}: {story.id}"
                     + (f" (fell back to extractive: {memo.fallback})" if memo.fallback else ""), n, len(todo))

    workers = max(1, int(writer.concurrency))
    pending: deque[tuple[int, Story, list[Article], dict, Future]] = deque()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="memo") as pool:
        for n, story in enumerate(todo, 1):
            if progress:
                progress(f"writing memo {n:,}/{len(todo):,}: {story.id}", n - 1, len(todo))
            articles, duplicates = store.story_articles(story.id)
            analyses = story_analyses(store, articles)  # stored ones read, new articles analysed and stored
            pending.append((n, story, articles, analyses,
                            pool.submit(compose, writer, story.id, story.title, articles, duplicates, analyses)))
            while len(pending) >= 2 * workers or (pending and pending[0][4].done()):
                finish(*pending.popleft())  # in story order; at most 2 x workers stories held in memory
        while pending:
            finish(*pending.popleft())
    index_missing = not all((out_dir / f"index.{EXTENSIONS[f]}").exists() for f in formats)
    if report.memos or report.pruned_stories or store.unindexed_runs() or index_missing:
        briefed = store.briefed_stories()
        shown = store.unindexed_runs() | {report.run_id}
        made = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        for fmt in formats:
            entries = [_stored_entry(s, briefed[s.id], shown, fmt) for s in stories if s.id in briefed]
            replace_file(out_dir, out_dir / f"index.{EXTENSIONS[fmt]}",
                         render_index(entries, fmt, INDEX_TITLE, templates, made), report)
        store.mark_indexed(report.run_id, shown)
    return report
