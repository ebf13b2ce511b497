"""RSS and Atom files (feedparser): one article per entry, with the entry's full content where
it has one, else its summary. The feed's title becomes the outlet of entries that name none.

The text encoding (`feed_as_utf8`): the charset of the HTTP Content-Type when the feed came over
HTTP and declares one (it overrides the XML declaration, as RFC 7303 says; but a Latin-1 or ASCII
header on bytes that are valid UTF-8 is a server default, and UTF-8 wins), else the XML
declaration's or the byte-order mark's, else UTF-8 when the bytes are UTF-8, else the encoding
detected from the bytes (charset_normalizer): an undeclared cp1251 feed reads as Cyrillic, not
as the Latin-1 mojibake ("Íîâîñòè") that assuming a Western encoding gives."""
from __future__ import annotations

import codecs
import re
import time
from typing import Iterator

from ..models import Article, Rejection
from ..redact import mask_url
from .build import build_article
from .decode import InputError
from .html import html_fragment_text

_CHARSET = re.compile(r"""(?i)charset\s*=\s*["']?([A-Za-z0-9._:\-]+)""")
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["'][^>]*\?>""")
_WESTERN_DEFAULTS = ("iso8859-1", "cp1252", "ascii")  # what servers declare for any text they know nothing of
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def feed_as_utf8(data: bytes, content_type: str = "") -> bytes:
    """The feed's bytes as UTF-8 with an XML declaration that says so, when its encoding comes from
    the HTTP header or had to be detected; otherwise `data` unchanged (feedparser reads the XML
    declaration and the byte-order mark itself)."""
    declared = _CHARSET.search(content_type or "")
    codec = None
    if declared:
        try:
            codec = codecs.lookup(declared.group(1)).name
        except LookupError:
            codec = None  # an unknown charset in the header: read the bytes as if none was given
    if codec in _WESTERN_DEFAULTS and not data.isascii():
        try:  # a server's default charset on a UTF-8 feed: multi-byte UTF-8 does not occur by chance
            data.decode("utf-8")
            codec = "utf-8"
        except UnicodeDecodeError:
            pass
    if codec is None:
        if data.startswith(_BOMS) or _XML_DECLARATION.match(data[:512]):
            return data
        try:
            data.decode("utf-8")
            return data
        except UnicodeDecodeError:
            pass
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is None or best.encoding is None:
            return data  # feedparser's own fallback, and its complaint, apply
        codec = best.encoding
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return data
    text = text.lstrip("\ufeff")
    body = re.sub(r"""^\s*<\?xml[^>]*\?>""", "", text, count=1)
    return ('<?xml version="1.0" encoding="utf-8"?>' + body).encode("utf-8")


def read_feed(data: bytes, *, ext_id: str, source_path: str, content_type: str = "") -> Iterator[Article | Rejection]:
    import feedparser

    data = feed_as_utf8(data, content_type)
    parsed = feedparser.parse(data, resolve_relative_uris=False, sanitize_html=True)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise InputError("malformed-feed", f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")
        raise InputError("empty", "the feed has no entries")
    outlet = parsed.feed.get("title")
    for i, entry in enumerate(parsed.entries):
        entry_id = entry_key(entry, i, ext_id)
        try:
            yield build_article(entry_id, _entry_text(entry), source_path=source_path, title=entry.get("title"),
                                url=_entry_url(entry), outlet=entry.get("source", {}).get("title") or outlet,
                                published=_entry_date(entry), language=parsed.feed.get("language"),
                                meta_origin={"text": "feed content" if entry.get("content") else "feed summary"})
        except InputError as e:
            broken = f" (the feed is malformed: {parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
            yield Rejection(source_path, e.reason, e.detail + broken, record=f"entry {entry_id}")


def entry_key(entry, n: int, feed_id: str) -> str:
    """The id an entry is stored under: its id, else its link, else its place in the feed
    (credentials in a URL masked: ids are shown and stored)."""
    return mask_url(entry.get("id") or "") or _entry_url(entry) or f"{feed_id}#{n}"


def entry_link(entry) -> str | None:
    """The entry's page as the feed gives it (credentials included: this is the address fetched)."""
    for link in [entry.get("link")] + [x.get("href") for x in entry.get("links", [])]:
        if isinstance(link, str) and link.startswith(("http://", "https://")):
            return link
    return None


def _entry_url(entry) -> str | None:
    """The entry's link when it is a web address (feedparser also copies bare guids into `link`)."""
    link = entry_link(entry)
    return mask_url(link) if link else None


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
