"""Ingest: every input file becomes stored articles, linked duplicates, or named rejections.

`ingest_paths(store, paths)` walks files and folders (recursively, in sorted order, skipping
hidden entries), picks a reader by extension (or by sniffing the first bytes when the
extension says nothing), and stores each article with its sentences. One bad file or record
never stops the rest: it is reported with its path and reason. A page holding no article, only
boilerplate (a social-media widget, web-archive or cookie notice, login wall, error page: see
`boilerplate`), is rejected as `no-text`, so identical junk pages are never linked as duplicates.

A big run is read by worker processes (`units`: a unit per file, or per stretch of about 1 MiB
of a big JSON Lines file) while this process stores what they prepared in input order, so the
result is the same as reading everything here.

Article ids (`ext_id`): the `id` of a JSON/JSONL record or a feed entry's id/link when given;
otherwise the file's path relative to the folder argument, prefixed with that folder's name
(`seeds/000_x.txt`), or the file name for a file argument; records without ids inside a
multi-article file get `<file id>#<index>` (`#L<line>` for JSON Lines).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import numpy as np

from ..models import Article, Duplicate, IngestReport, Rejection
from ..store.sqlite import Store
from . import dedup, readers, units
from .files import InputPolicy

COMMIT_EVERY = 1000
MAX_WORKERS = 2  # processes that read and prepare articles in a big run (this machine has 2 cores)
PARALLEL_MIN_BYTES = 8 * 1024 * 1024  # less to read than this: one process (forking would cost more)
BAND_INDEX_MIN_BYTES = 8 * 1024 * 1024  # this much to read (about 2,000 articles): band keys held in memory

Progress = Callable[[int, str, int], None]  # (files done, current file, files in all)


def discover(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, str, Optional[Path]]]:
    """(file path, default article id, the folder argument it was found in, None for a file
    argument) for every file under the given files and folders. Symlinked folders are not entered."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            root_name = path.resolve().name
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        full = Path(dirpath) / name
                        yield full, f"{root_name}/{full.relative_to(path).as_posix()}", path
        else:
            yield path, path.name, None


def ingest_paths(store: Store, paths: Iterable[str | os.PathLike], progress: Optional[Progress] = None,
                 workers: Optional[int] = None, policy: Optional[InputPolicy] = None,
                 skip: Iterable[str | os.PathLike] = ()) -> IngestReport:
    """Reads every file under `paths` into the store; returns what happened to each input.

    Files are read and their articles prepared (sentences, hashes, MinHash) in `workers` processes
    (default: up to MAX_WORKERS when there are PARALLEL_MIN_BYTES or more to read, else this one);
    this process stores the results in input order, COMMIT_EVERY articles a transaction, so the
    outcome is the same with any number of workers and a killed run leaves whole transactions.
    `policy`: what may be read (`files.InputPolicy`); `skip`: folders never read (the run's own
    output folder, when it lies inside an input folder)."""
    report = IngestReport()
    policy = policy or InputPolicy(max_file_bytes=readers.MAX_FILE_BYTES)
    files = [f for f in discover(paths) if not _under_any(f[0], skip)]
    if workers is None:
        workers = units.workers_for(files, MAX_WORKERS, PARALLEL_MIN_BYTES)
    pending = 0
    failed = seen = False
    store.db.execute("BEGIN IMMEDIATE")
    held = _Held(store) if units.input_bytes(files, BAND_INDEX_MIN_BYTES) >= BAND_INDEX_MIN_BYTES else None
    try:
        for unit, items, unit_seen in units.processed(units.plan(files, policy), workers):
            path = unit.path
            if unit.part == 0:
                report.files_seen += 1
                if progress:
                    progress(report.files_seen, str(path), len(files))
                failed = seen = False
            if unit.missing:
                report.rejected.append(Rejection(str(path), "unreadable", "no such file or folder"))
                continue
            if failed:  # an earlier stretch of this file could not be read: so is the rest
                continue
            seen = seen or unit_seen
            for item in items:
                if isinstance(item, units.FileError):
                    report.rejected.append(Rejection(str(path), item.reason, item.detail))
                    failed = True
                    break
                if isinstance(item, Rejection):
                    report.rejected.append(item)
                    continue
                _store_prepared(store, item, report, held)
                pending += 1
                if pending >= COMMIT_EVERY:
                    if held:
                        held.save()
                    store.db.execute("COMMIT")
                    store.db.execute("BEGIN IMMEDIATE")
                    pending = 0
            if unit.stop is not None and unit.last and not (failed or seen):  # as read_jsonl does for a whole file
                report.rejected.append(Rejection(str(path), "empty", "the file has no JSON lines"))
        if held:
            held.save()
        store.db.execute("COMMIT")
    except BaseException:
        store.db.execute("ROLLBACK")
        raise
    return report


def _under_any(path: Path, folders: Iterable[str | os.PathLike]) -> bool:
    for folder in folders:
        try:
            if Path(os.path.abspath(path)).is_relative_to(os.path.abspath(folder)):
                return True
        except ValueError:
            continue
    return False


def store_article(store: Store, article: Article, report: IngestReport) -> None:
    """Stores one article (or links it as a duplicate, or reports it); the caller holds the transaction."""
    _store_prepared(store, units.prepare(article), report)


class _Held:
    """What a big ingest holds in memory: the stored band keys (`bandindex`), where near-duplicate
    candidates come from (the keys of the articles stored go to the database at each commit), and
    the stored ids and text hashes, so that the database is asked about an id or a hash only when
    it may hold it."""

    def __init__(self, store: Store):
        from ..kernels.bandindex import BandIndex  # compiled (numba): imported for a big ingest only

        self.store, self.index, self.unsaved = store, BandIndex.of(store.band_rows()), []
        self.ext_ids, self.hashes = store.every_known_ext_id(), store.every_text_hash()

    def candidates(self, keys: list[int]) -> list[tuple[int, str, bytes]]:
        found = self.index.candidates(keys, dedup.MIN_SHARED_BANDS)
        return self.store.signatures(found) if found else []

    def add(self, keys: list[int], article_id: int) -> None:
        distinct = sorted(set(keys))
        self.index.add(np.array(distinct, dtype=np.int64), np.full(len(distinct), article_id, dtype=np.int64))
        self.unsaved += [(key, article_id) for key in distinct]

    def save(self) -> None:
        self.store.add_bands(self.unsaved)
        self.unsaved = []


def _store_prepared(store: Store, prepared: "units.Prepared", report: IngestReport,
                    held: Optional[_Held] = None) -> None:
    article, digest = prepared.article, prepared.digest
    known_id = held is None or article.ext_id in held.ext_ids
    stored_hash = store.article_hash_by_ext_id(article.ext_id) if known_id else None
    if stored_hash is not None:
        if stored_hash == digest:
            report.unchanged.append(article.ext_id)
        else:
            report.rejected.append(Rejection(
                article.source_path or "", "duplicate-id",
                f"id {article.ext_id!r} is already stored with a different text", record=f"article {article.ext_id}"))
        return
    if known_id and (store.duplicate_link(article.ext_id) or store.was_pruned(article.ext_id)):
        report.unchanged.append(article.ext_id)  # known: linked to a stored copy, or pruned on purpose
        return
    same = store.article_by_hash(digest) if held is None or digest in held.hashes else None
    if held:
        held.ext_ids.add(article.ext_id)  # stored or linked below
    if same:
        store.add_duplicate(article, same[0], "exact", 1.0)
        report.duplicates.append(Duplicate(article.source_path or "", article.ext_id, same[1], "exact", 1.0))
        return
    keys = prepared.keys
    best = None
    if keys:
        candidates = held.candidates(keys) if held else store.band_candidates(keys, dedup.MIN_SHARED_BANDS)
        best = dedup.best_near_duplicate(dedup.signature_from_blob(prepared.signature), candidates)
    if best:
        store.add_duplicate(article, best[1], "near", best[0])
        report.duplicates.append(Duplicate(article.source_path or "", article.ext_id, best[2], "near", round(best[0], 3)))
        return
    article_id = store.add_article(article, digest, prepared.signature, [] if held else keys,
                                   sentence_offsets=prepared.offsets, paragraphs=prepared.paragraphs)
    if held:
        held.hashes.add(digest)
        if keys:
            held.add(keys, article_id)
    report.stored.append(article.ext_id)
