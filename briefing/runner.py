"""`briefing run`: ingest, cluster, and write every story's memo plus an index page to a folder.

Layout of the output folder:
    index.<fmt>                 stories ranked by size and recency, each with its bottom line
    stories/<story_id>.<fmt>    one memo per story, a stable path per story

Files are written atomically (a temporary file in the same folder, then renamed), so a reader
or a killed run never sees half a file. One story that fails is reported and the rest are
still written. A writer with `concurrency` > 1 (the openai writer) writes that many stories at
once; articles are read and files written by the calling thread. Stories whose model writer
fell back to the extractive writer are listed in `RunReport.fallbacks`.
"""
from __future__ import annotations

import os
import tempfile
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .cluster import ClusterResult, update_stories
from .compose import compose, logged
from .ingest import ingest_paths
from .models import IngestReport, Memo, Story
from .render import EXTENSIONS, RenderError, Templates, render_index, render_memo
from .store import Store
from .writers import Writer

INDEX_TITLE = "Briefing"


@dataclass
class RunReport:
    ingest: Optional[IngestReport] = None
    cluster: Optional[ClusterResult] = None
    memos: list[str] = field(default_factory=list)  # story ids written
    failed: list[tuple[str, str]] = field(default_factory=list)  # (story id, reason)
    fallbacks: list[tuple[str, str]] = field(default_factory=list)  # (story id, why the extractive writer wrote it)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and (self.ingest is None or self.ingest.ok)

    def to_dict(self) -> dict:
        return {
            "ingest": self.ingest.to_dict() if self.ingest else None,
            "new_stories": self.cluster.new_stories if self.cluster else [],
            "grown_stories": self.cluster.grown_stories if self.cluster else [],
            "memos": self.memos,
            "failed": [{"story_id": s, "reason": r} for s, r in self.failed],
            "fallbacks": [{"story_id": s, "reason": r} for s, r in self.fallbacks],
            "files": self.files,
        }


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def index_entry(story: Story, memo: Memo, fmt: str) -> dict:
    return {
        "story_id": story.id,
        "title": memo.title or story.title,
        "bottom_line": " ".join(c.text for c in memo.bottom_line),
        "size": story.size,
        "outlets": story.outlets,
        "dates": story.date_range(),
        "status": "",
        "path": f"stories/{story.id}.{EXTENSIONS[fmt]}",
    }


def run(store: Store, paths: list[Path], out_dir: Path, formats: list[str], writer: Writer,
        templates: Optional[Templates] = None, progress: Optional[Callable[[str], None]] = None) -> RunReport:
    report = RunReport()
    if paths:
        report.ingest = ingest_paths(store, paths, (lambda n, p: progress(f"reading file {n:,}: {p}"))
                                     if progress else None)
    report.cluster = update_stories(store, progress)
    templates = templates or Templates()
    stories = store.list_stories()
    entries: dict[str, list[dict]] = {fmt: [] for fmt in formats}

    def finish(n: int, story: Story, job: Future) -> None:
        try:
            memo = logged(store, job.result())
            rendered = {fmt: render_memo(memo, fmt, templates) for fmt in formats}
        except RenderError:
            raise  # a broken template breaks every memo: the caller reports it once
        except Exception as e:  # noqa: BLE001 - one story never stops the others
            report.failed.append((story.id, f"{type(e).__name__}: {e}"))
            return
        if memo.fallback:
            report.fallbacks.append((story.id, memo.fallback))
        for fmt, text in rendered.items():
            path = out_dir / "stories" / f"{story.id}.{EXTENSIONS[fmt]}"
            write_atomic(path, text)
            report.files.append(str(path))
            entries[fmt].append(index_entry(story, memo, fmt))
        report.memos.append(story.id)
        if progress:
            progress(f"wrote memo {n:,}/{len(stories):,}: {story.id}"
                     + (f" (fell back to extractive: {memo.fallback})" if memo.fallback else ""))

    workers = max(1, int(writer.concurrency))
    pending: deque[tuple[int, Story, Future]] = deque()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="memo") as pool:
        for n, story in enumerate(stories, 1):
            if progress:
                progress(f"writing memo {n:,}/{len(stories):,}: {story.id}")
            articles, duplicates = store.story_articles(story.id)
            pending.append((n, story, pool.submit(compose, writer, story.id, story.title, articles, duplicates)))
            while len(pending) >= 2 * workers or (pending and pending[0][2].done()):
                finish(*pending.popleft())  # in story order; at most 2 x workers stories held in memory
        while pending:
            finish(*pending.popleft())
    for fmt in formats:
        path = out_dir / f"index.{EXTENSIONS[fmt]}"
        write_atomic(path, render_index(entries[fmt], fmt, INDEX_TITLE, templates))
        report.files.append(str(path))
    return report
