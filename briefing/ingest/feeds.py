"""RSS and Atom files (feedparser): one article per entry, with the entry's full content where
it has one, else its summary. The feed's title becomes the outlet of entries that name none."""
from __future__ import annotations

import time
from typing import Iterator

from ..models import Article, Rejection
from .build import build_article
from .decode import InputError
from .html import html_fragment_text


def read_feed(data: bytes, *, ext_id: str, source_path: str) -> Iterator[Article | Rejection]:
    import feedparser

    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise InputError("malformed-feed", f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")
        raise InputError("empty", "the feed has no entries")
    outlet = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries):
        entry_id = entry.get("id") or _entry_url(entry) or f"{ext_id}#{i}"
        try:
            yield build_article(entry_id, _entry_text(entry), source_path=source_path, title=entry.get("title"),
                                url=_entry_url(entry), outlet=entry.get("source", {}).get("title") or outlet,
                                published=_entry_date(entry), language=parsed.feed.get("language"),
                                meta_origin={"text": "feed content" if entry.get("content") else "feed summary"})
        except InputError as e:
            broken = f" (the feed is malformed: {parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
            yield Rejection(source_path, e.reason, e.detail + broken, record=f"entry {entry_id}")


def _entry_url(entry) -> str | None:
    """The entry's link when it is a web address (feedparser also copies bare guids into `link`)."""
    for link in [entry.get("link")] + [l.get("href") for l in entry.get("links", [])]:
        if isinstance(link, str) and link.startswith(("http://", "https://")):
            return link
    return None


def _entry_text(entry) -> str | None:
    for content in entry.get("content") or []:
        value = content.get("value")
        if value and value.strip():
            return _as_text(value, content.get("type", ""))
    summary = entry.get("summary")
    if summary:
        return _as_text(summary, entry.get("summary_detail", {}).get("type", "text/html"))
    return None


def _as_text(value: str, mime: str) -> str:
    return html_fragment_text(value) if "html" in mime or "<" in value else value


def _entry_date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%S", parsed)
    return None
