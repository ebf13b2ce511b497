"""JSON inputs: a news-please article, an array of article objects, an object holding
`articles`, and JSON Lines (one article, or one `{"articles": [...]}` cluster, per line).

Field names accepted (first present wins):
  id:        id, dId
  text:      text, maintext, body, content   (falls back to description when all are empty)
  title:     title, title_page, title_rss, headline
  outlet:    source, outlet, source_domain, publisher, site_name
  published: published, date_publish, date, pubDate, published_at
  url:       url, link
"""
from __future__ import annotations

import json
from typing import Iterator, Optional

from ..models import Article, Rejection
from .build import build_article
from .decode import InputError

_FIELDS = {
    "id": ("id", "dId"),
    "text": ("text", "maintext", "body", "content"),
    "title": ("title", "title_page", "title_rss", "headline"),
    "outlet": ("source", "outlet", "source_domain", "publisher", "site_name"),
    "published": ("published", "date_publish", "date", "pubDate", "published_at"),
    "url": ("url", "link"),
    "language": ("language", "lang"),
}


def _first(obj: dict, key: str):
    for name in _FIELDS[key]:
        value = obj.get(name)
        if value not in (None, "", []):
            return value
    return None


def _article_from_object(obj, *, default_id: str, source_path: str) -> Article:
    if not isinstance(obj, dict):
        raise InputError("malformed-json", f"expected an article object, found {type(obj).__name__}")
    given_id = _first(obj, "id")
    if given_id is not None and not isinstance(given_id, (str, int)):
        raise InputError("malformed-json", f"'id' must be a string or number, found {type(given_id).__name__}")
    text = _first(obj, "text")
    origin = {}
    if text is None and isinstance(obj.get("description"), str) and obj["description"].strip():
        text, origin = obj["description"], {"text": "description"}
    if text is not None and not isinstance(text, str):
        raise InputError("malformed-json", f"'text' must be a string, found {type(text).__name__}")
    published = _first(obj, "published")
    return build_article(str(given_id) if given_id is not None else default_id, text, source_path=source_path,
                         title=_first(obj, "title"), url=_first(obj, "url"), outlet=_first(obj, "outlet"),
                         published=published if isinstance(published, str) else None,
                         language=_first(obj, "language"), meta_origin=origin)


def _records(value, file_id: str, prefix: str = "") -> Iterator[tuple[str, object]]:
    """(default id, object) for each article in a parsed JSON value."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from _records(item, file_id, f"{prefix}{i}") if _is_container(item) else [(f"{file_id}#{prefix}{i}", item)]
    elif _is_container(value):
        for i, item in enumerate(value["articles"]):
            yield f"{file_id}#{prefix}{i}", item
    else:
        yield file_id, value


def _is_container(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("articles"), list) and _first(value, "text") is None


def _parse(text: str, where: str):
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError("malformed-json", f"{where}nested too deeply")
    except json.JSONDecodeError as e:
        raise InputError("malformed-json", f"{where}{e.msg} at line {e.lineno} column {e.colno}")


def read_json(text: str, *, ext_id: str, source_path: str) -> Iterator[Article | Rejection]:
    value = _parse(text, "")
    if isinstance(value, list) and not value:
        raise InputError("empty", "the JSON array holds no articles")
    yield from _read_records(_records(value, ext_id), source_path)


def read_jsonl(lines: Iterator[str | InputError], *, ext_id: str, source_path: str, first_line: int = 1,
               seen: Optional[list[bool]] = None) -> Iterator[Article | Rejection]:
    """Records of JSON Lines (numbered from `first_line`). A file without a line that is not blank is
    `empty`; with `seen` (a stretch of a file) it is not raised but appended to `seen`."""
    seen_any = False
    for number, line in enumerate(lines, first_line):
        if isinstance(line, InputError):
            seen_any = True
            yield Rejection(source_path, line.reason, line.detail, record=f"line {number}")
            continue
        if not line.strip():
            continue
        seen_any = True
        try:
            value = _parse(line, f"line {number}: ")
        except InputError as e:
            yield Rejection(source_path, e.reason, e.detail, record=f"line {number}")
            continue
        yield from _read_records(_records(value, f"{ext_id}#L{number}"), source_path, f"line {number}")
    if seen is not None:
        seen.append(seen_any)
    elif not seen_any:
        raise InputError("empty", "the file has no JSON lines")


def _read_records(records, source_path: str, where: str = "") -> Iterator[Article | Rejection]:
    for default_id, obj in records:
        try:
            yield _article_from_object(obj, default_id=default_id, source_path=source_path)
        except InputError as e:
            label = obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), (str, int)) else default_id
            yield Rejection(source_path, e.reason, e.detail, record=" ".join(filter(None, [where, f"article {label}"])))
