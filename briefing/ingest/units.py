"""Units of work of an ingest run, processed in order, in this process or in worker processes.

A run is cut into units: one per file, and for a big JSON Lines file one per stretch of about
UNIT_BYTES of whole lines (with the number of its first line, so ids such as `<file>#L<n>` and
rejections name the same lines as a whole-file read). Processing a unit reads its records and
prepares every article for storing (`prepare`: text hash, MinHash signature, band keys, packed
sentence offsets, paragraph hashes for clustering): all the work but the database's.
`processed(units, workers)` yields each unit's result in input order, from `workers` forked
processes when more than one, so what is stored, its ids and every duplicate decision are the
same however many processes ran; storing stays in the calling process, in its transactions.
"""
from __future__ import annotations

import multiprocessing
import os
import stat
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Optional

from ..forked import ordered_map
from . import dedup
from ..models import Article, Rejection
from ..store.sqlite import pack_offsets
from .text import guess_language, sentence_spans
from . import readers
from .decode import InputError
from .files import InputPolicy
from .paragraphs import paragraph_blob

UNIT_BYTES = 1024 * 1024  # a JSON Lines file bigger than this is read in stretches of about this size
_SCAN_BLOCK = 1024 * 1024  # finding where a stretch ends: read this much at a time, never a whole line


class Unit(NamedTuple):
    path: Path
    file_id: str
    part: int = 0  # 0: the file's first unit (or its only one)
    start: int = 0  # byte range of a stretch of a JSON Lines file; stop None: the whole file
    stop: Optional[int] = None
    first_line: int = 1
    last: bool = True  # the file's last unit
    missing: bool = False  # the path does not exist
    root: Optional[Path] = None  # the input folder it was found in (None: a file argument)
    policy: InputPolicy = InputPolicy()


class Prepared(NamedTuple):
    """An article ready to store: its sentences packed as offsets, its duplicate keys computed."""
    article: Article  # `sentences` left empty: `offsets` holds them
    offsets: bytes
    digest: str
    signature: Optional[bytes]
    keys: list[int]
    paragraphs: Optional[bytes] = None  # the paragraph hashes clustering counts boilerplate by


class FileError(NamedTuple):
    """The whole file (from this point) cannot be read: reported once, the rest of it skipped."""
    reason: str
    detail: str


def prepare(article: Article) -> Prepared:
    signature = dedup.minhash(article.text)
    return Prepared(article, pack_offsets(article.sentences), dedup.text_hash(article.text),
                    signature.tobytes() if signature is not None else None,
                    dedup.band_keys(signature) if signature is not None else [],
                    paragraph_blob(article.text))


def plan(files: Iterable[tuple], policy: InputPolicy = InputPolicy()) -> Iterator[Unit]:
    """The units of these (path, default id[, input folder it was found in]) files, in order."""
    for path, file_id, *found_in in files:
        root = found_in[0] if found_in else None
        if not path.exists() and not path.is_symlink():
            yield Unit(path, file_id, missing=True)
            continue
        whole = Unit(path, file_id, root=root, policy=policy)
        try:
            info = path.stat()
        except OSError:
            yield whole  # the read says why
            continue
        if (readers.FORMATS_BY_EXTENSION.get(path.suffix.lower()) != "jsonl" or info.st_size <= 2 * UNIT_BYTES
                or not stat.S_ISREG(info.st_mode) or path.is_symlink()):
            yield whole  # (a symlink's target is checked by the whole-file read)
            continue
        try:
            parts = list(_line_stretches(path, info.st_size))
        except OSError:  # unreadable: the whole-file read reports why
            yield whole
            continue
        for i, (start, stop, first_line) in enumerate(parts):
            yield Unit(path, file_id, i, start, stop, first_line, last=i == len(parts) - 1, root=root, policy=policy)


def _line_stretches(path: Path, size: int) -> Iterator[tuple[int, int, int]]:
    """(start, stop, number of the first line) of stretches of whole lines of about UNIT_BYTES,
    found reading a block at a time (a line far over the line limit is never held whole)."""
    start, line = 0, 1
    with open(path, "rb") as f:
        while start < size:
            f.seek(start)
            pos, newlines, stop = start, 0, None
            while stop is None:
                block = f.read(_SCAN_BLOCK)
                if not block:
                    stop = pos
                    break
                if pos + len(block) >= start + UNIT_BYTES:  # cut after the first line end from here on
                    cut = block.find(b"\n", max(0, start + UNIT_BYTES - 1 - pos))
                    if cut >= 0:
                        newlines += block.count(b"\n", 0, cut + 1)
                        stop = pos + cut + 1
                        break
                newlines += block.count(b"\n")
                pos += len(block)
            if stop <= start:
                break
            yield start, stop, line
            line += newlines
            start = stop


def process(unit: Unit) -> tuple[list, bool]:
    """The unit's items in order (Prepared articles, record Rejections, at most one FileError, last)
    and, for a stretch of a JSON Lines file, whether it held any line that is not blank."""
    if unit.missing:
        return [], False
    items: list = []
    seen: list[bool] = []
    records = readers.read_file(unit.path, unit.file_id, unit.root, unit.policy) if unit.stop is None \
        else readers.read_jsonl_stretch(unit, seen)
    while True:
        try:
            item = next(records)
        except StopIteration:
            break
        except InputError as e:
            items.append(FileError(e.reason, e.detail))
            break
        except Exception as e:  # noqa: BLE001 - a reader bug must not end the run
            items.append(FileError("unreadable", f"{type(e).__name__}: {e}"))
            break
        if isinstance(item, Rejection):
            items.append(item)
        else:
            prepared = prepare(item)
            item.sentences = []  # packed in `offsets`: not copied between processes as objects
            items.append(prepared)
    return items, any(seen)


def processed(units: Iterable[Unit], workers: int) -> Iterator[tuple[Unit, list, bool]]:
    """(unit, items, seen) for every unit, in order; computed by `workers` forked processes when
    above 1 (`forked.ordered_map`). Closing the iterator early (an error while storing) stops the workers."""
    if workers > 1:
        _load_compiled()
    yield from ordered_map(_processed_unit, units, workers)


def _processed_unit(unit: Unit) -> tuple[Unit, list, bool]:
    return (unit, *process(unit))


def _load_compiled() -> None:
    """Loads the compiled scans (MinHash signature, sentence ends, word counts) here, once, for
    the forked workers to inherit: each would load them again (about a second) otherwise."""
    dedup.minhash("")
    sentence_spans("Loaded. Now")
    guess_language("")


def input_bytes(files: list[tuple], enough: int) -> int:
    """How many bytes of these files will be read, counted until `enough` (a file over the size
    limit is not read, unless it is JSON Lines, which is read in stretches)."""
    total = 0
    for path, *_ in files:
        try:
            info = path.stat()
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        size = info.st_size
        if size <= readers.MAX_FILE_BYTES or readers.FORMATS_BY_EXTENSION.get(path.suffix.lower()) == "jsonl":
            total += size
            if total >= enough:
                break
    return total


def workers_for(files: list[tuple], most: int, min_bytes: int) -> int:
    """How many processes should read these files: `most` (at most the CPUs) when they hold at
    least `min_bytes` to read and the system can fork; else 1."""
    cpus = os.cpu_count() or 1
    if most < 2 or cpus < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(most, cpus) if input_bytes(files, min_bytes) >= min_bytes else 1
