"""Readers of one input file: the format by extension (or by sniffing the first bytes), the limits
of a whole-file read, and JSON Lines read line by line (a whole file, or a stretch of whole lines)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

from ..models import Article, Rejection
from . import build
from .decode import InputError, decode_bytes
from .feeds import read_feed
from .files import InputPolicy, check_inside, check_regular, open_regular, read_regular
from .html import read_html
from .jsonarticles import read_json, read_jsonl
from .plaintext import read_markdown, read_text

if TYPE_CHECKING:
    from .units import Unit

MAX_FILE_BYTES = InputPolicy().max_file_bytes  # whole-file formats, unless [input] max_file_bytes; JSON Lines are streamed
MAX_LINE_BYTES = 10 * 1024 * 1024
MAX_TEXT_FILE_BYTES = 4 * build.MAX_ARTICLE_CHARS + 4  # a text file: one article of at most 4 bytes a character

FORMATS_BY_EXTENSION = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".rdf": "feed",
}

def sniff_format(path: Path, head: bytes) -> Optional[str]:
    fmt = FORMATS_BY_EXTENSION.get(path.suffix.lower())
    if fmt:
        return fmt
    start = head.lstrip()[:200].lower()
    if start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "feed" if (b"<rss" in head[:2000].lower() or b"<feed" in head[:2000].lower() or b"<rdf" in head[:2000].lower()) else "html"
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    if start.startswith((b"{", b"[")):
        return "json"
    return "text"


def read_file(path: Path, file_id: str, root: Optional[Path] = None,
              policy: InputPolicy = InputPolicy()) -> Iterator[Article | Rejection]:
    """Articles and per-record rejections of one file (found in the folder `root`, None for a file
    argument); raises InputError when the whole file fails. Only a regular file is read, never more
    than `policy.max_file_bytes` of it at once (`files`)."""
    check_inside(path, root, policy)
    size = check_regular(path).st_size
    fmt = FORMATS_BY_EXTENSION.get(path.suffix.lower())
    if fmt == "jsonl":
        yield from read_jsonl(_lines(path), ext_id=file_id, source_path=str(path))
        return
    if size > policy.max_file_bytes:
        raise InputError("too-large", f"{size:,} bytes (limit {policy.max_file_bytes:,})")
    if fmt in ("text", "markdown") and size > MAX_TEXT_FILE_BYTES:  # never read: it cannot fit
        raise InputError("too-large", f"{size:,} bytes: more than the {build.MAX_ARTICLE_CHARS:,} characters an "
                                      f"article may have in any encoding (limit {MAX_TEXT_FILE_BYTES:,} bytes)")
    data = read_regular(path, policy.max_file_bytes)
    fmt = sniff_format(path, data[:4096])
    if fmt == "feed":
        decode_bytes(data)  # empty / binary checks; feedparser does its own decoding
        yield from read_feed(data, ext_id=file_id, source_path=str(path))
        return
    text = decode_bytes(data)
    reader = {"text": read_text, "markdown": read_markdown, "html": read_html, "json": read_json}[fmt]
    yield from reader(text, ext_id=file_id, source_path=str(path))


def _lines(path: Path, start: int = 0, stop: Optional[int] = None, first_line: int = 1) -> Iterator[str | InputError]:
    """Decoded lines of a JSON Lines file (those from byte `start`, line `first_line`, to byte `stop`
    when given: a stretch of whole lines); a line that cannot be read becomes an InputError item
    (the reader reports it for that line and goes on)."""
    with open_regular(path) as f:
        if start == 0 and not f.read(1):
            raise InputError("empty", "the file has no content")
        f.seek(start)
        number = first_line - 1
        while stop is None or f.tell() < stop:
            raw = f.readline(MAX_LINE_BYTES + 1)  # never more than the limit in memory, however long the line
            if not raw:
                break
            number += 1
            if len(raw) > MAX_LINE_BYTES:
                length, tail = len(raw), raw
                while tail and not tail.endswith(b"\n"):  # skip the rest of the line, a chunk at a time
                    tail = f.readline(MAX_LINE_BYTES)
                    length += len(tail)
                yield InputError("too-large", f"{length:,} bytes (limit {MAX_LINE_BYTES:,})")
                continue
            try:
                yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as e:
                yield InputError("undecodable", f"not UTF-8 ({e.reason} at byte {e.start})")


def read_jsonl_stretch(unit: "Unit", seen: list[bool]) -> Iterator[Article | Rejection]:
    """The records of a stretch of whole lines of a JSON Lines file; appends to `seen` whether
    any line was not blank (the file is `empty` only when no stretch had one)."""
    return read_jsonl(_lines(unit.path, unit.start, unit.stop, unit.first_line), ext_id=unit.file_id,
                      source_path=str(unit.path), first_line=unit.first_line, seen=seen)
