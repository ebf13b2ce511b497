"""Feeds over HTTP(S) into the store: what `briefing run` does with the feed URLs it is given.

For each feed URL, in order:

1. a conditional GET (`briefing/job/fetch.py`) with the ETag / Last-Modified the store kept from
   the last answer; 304 means nothing changed: one small request, nothing else;
2. the feed is read like a feed file (`briefing/ingest/feeds.py`, its charset taken from the
   HTTP Content-Type); entries already stored, linked as duplicates or pruned are skipped without
   any request, and so are entries whose id is new but whose link and title are those of a stored
   article (feeds that give their entries a new id on every fetch);
3. an entry that carries only a summary (no full content and fewer than SUMMARY_ONLY_WORDS
   words, or a summary that is no article at all) has its linked page fetched and the article
   extracted with trafilatura (`briefing/ingest/html.py`); the feed's title, date and outlet
   are kept where the page states none;
4. the feed's new articles and its new validators are stored in ONE transaction: a run killed
   in the middle stores all of a feed or none of it.

The feed URLs are the user's: they are fetched wherever they are (`trusted`); the pages linked
from feeds, and every redirect to another host or port, obey the fetch policy of
`briefing/job/fetch.py` (no private or loopback addresses unless `[fetch] allow_private = true`).
Pages get `Fetcher.page_budget` seconds per run in all: once spent, the remaining teaser entries
are left for the next run (the feed's validators are not stored, so it is read whole again),
counted in `FeedReport.deferred`, and are no failure. URLs are stored, reported and logged with
their credentials masked (`briefing/redact.py`).

A feed that fails (timeout, HTTP error, a body that is not a feed) is recorded in the store with
its reason and the count of consecutive failures, reported, and tried again next run; the other
feeds go on. A page that fails leaves its entry out and keeps the feed's old validators, so the
next run reads the feed whole again and retries the page; after PAGE_ATTEMPTS failed runs the
entry is stored with its summary instead, and that is reported.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Optional

from .fetch import FetchError, Fetcher
from ..ingest import store_article
from ..ingest.decode import InputError, decode_bytes
from ..ingest.feeds import entry_key, entry_link, feed_as_utf8, read_feed
from ..ingest.html import read_html
from ..models import Article, IngestReport, Rejection
from ..redact import mask_text, mask_url
from ..store.sqlite import Store

SUMMARY_ONLY_WORDS = 150   # an entry without full content and shorter than this is a teaser: read its page
PAGE_ATTEMPTS = 3          # runs in which a page may fail before its entry is stored with the summary
_TEASER_REJECTIONS = ("no-text", "boilerplate")  # a summary that is no article: its page may be one


@dataclass
class SourceFailure:
    url: str
    kind: str  # 'feed' or 'page'
    reason: str
    detail: str = ""
    feed: Optional[str] = None  # for a page: the feed that linked it

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class FeedReport:
    """What happened to each feed: articles go into `ingest` like those of files."""

    feeds: int = 0
    not_modified: list[str] = field(default_factory=list)  # feed URLs answered 304
    fetched: list[str] = field(default_factory=list)       # feed URLs read
    pages: int = 0                                         # article pages fetched
    deferred: int = 0                                      # teaser entries left for the next run (page budget spent)
    known: int = 0                                         # entries skipped: already stored or pruned
    summaries: list[str] = field(default_factory=list)     # entries stored with their summary after page failures
    failures: list[SourceFailure] = field(default_factory=list)
    ingest: IngestReport = field(default_factory=IngestReport)

    @property
    def ok(self) -> bool:
        return not self.failures and self.ingest.ok

    def to_dict(self) -> dict:
        return {"feeds": self.feeds, "not_modified": self.not_modified, "fetched": self.fetched,
                "pages": self.pages, "deferred_pages": self.deferred, "known_entries": self.known,
                "summaries": self.summaries,
                "failures": [f.to_dict() for f in self.failures], "ingest": self.ingest.to_dict()}


Progress = Callable[..., None]  # (message[, done, total])


def fetch_feeds(store: Store, urls: list[str], fetcher: Fetcher, progress: Optional[Progress] = None,
                not_before: Optional[str] = None) -> FeedReport:
    """Fetches every feed in `urls` and stores its new articles. `not_before` (ISO date): entries
    published earlier are skipped (they would be pruned at once)."""
    report = FeedReport()
    budget = _Budget(getattr(fetcher, "page_budget", None))
    for n, url in enumerate(dict.fromkeys(urls), 1):
        report.feeds += 1
        shown = mask_url(url)
        if progress:
            progress(f"fetching feed {n:,}/{len(urls):,}: {shown}", n - 1, len(urls))
        try:
            _one_feed(store, url, fetcher, report, progress, not_before, budget)
        except FetchError as e:
            store.record_fetch(shown, "feed", status=e.status, error=mask_text(str(e)))
            report.failures.append(SourceFailure(shown, "feed", e.reason, e.detail))
        except InputError as e:
            store.record_fetch(shown, "feed", status=200, error=mask_text(str(e)))
            report.failures.append(SourceFailure(shown, "feed", e.reason, mask_text(e.detail)))
    return report


class _Budget:
    """The seconds this run may spend fetching article pages (None: no limit), and those used."""

    def __init__(self, seconds: Optional[float]):
        self.seconds, self.used = seconds, 0.0

    def spent(self) -> bool:
        return self.seconds is not None and self.used >= self.seconds


def _one_feed(store: Store, url: str, fetcher: Fetcher, report: FeedReport, progress: Optional[Progress],
              not_before: Optional[str], budget: _Budget) -> None:
    shown = mask_url(url)  # what is stored and reported
    state = store.fetch_state(shown) or {}
    got = fetcher.get(url, etag=state.get("etag"), last_modified=state.get("last_modified"), trusted=True)
    if got.not_modified:
        store.record_fetch(shown, "feed", status=304, etag=got.etag, last_modified=got.last_modified)
        report.not_modified.append(shown)
        return
    body = feed_as_utf8(got.body, got.content_type)
    items, entries = _read(body, shown)
    report.fetched.append(shown)
    ids = [i.ext_id if isinstance(i, Article) else i.record.removeprefix("entry ") for i in items]
    known = store.known_ext_ids(ids)
    # entries under a new id whose link and title a stored article has: the feed renamed them
    seen = store.known_links(mask_url(e[0]) for i, e in entries.items() if e[0] and i not in known)
    complete = True  # every new entry was read: the feed's validators may be stored
    articles: list[Article] = []
    rejected: list[Rejection] = []
    for item, entry_id in zip(items, ids):
        link, title = entries.get(entry_id, (None, ""))
        if entry_id in known or (link and (mask_url(link), title) in seen):
            report.known += 1
            continue
        if isinstance(item, Article) and not_before and item.published and item.published[:10] < not_before:
            continue
        teaser = (isinstance(item, Rejection) and item.reason in _TEASER_REJECTIONS) or (
            isinstance(item, Article) and item.meta_origin.get("text") == "feed summary"
            and len(item.text.split()) < SUMMARY_ONLY_WORDS)
        if not (teaser and link):
            (articles if isinstance(item, Article) else rejected).append(item)
            continue
        if budget.spent():  # the rest of the pages wait for the next run
            report.deferred += 1
            complete = False
            continue
        started = time.monotonic()
        page = _page_article(store, entry_id, link, title, item, fetcher, report, shown, progress)
        budget.used += time.monotonic() - started
        if page is None:  # failed this run: retried next run
            complete = False
        elif isinstance(page, Article):
            articles.append(page)
        else:
            rejected.append(page)
    with store.transaction():
        for article in articles:
            store_article(store, article, report.ingest)
        store.record_fetch(shown, "feed", status=got.status, etag=got.etag, last_modified=got.last_modified,
                           keep_validators=not complete)
    report.ingest.rejected += rejected


def _read(body: bytes, url: str) -> tuple[list, dict[str, tuple[Optional[str], str]]]:
    """The feed's items (articles and per-entry rejections) and each entry id's page link (as the
    feed gives it) and title. `body` is UTF-8 (`feed_as_utf8`); `url` is the feed's masked URL."""
    import feedparser

    decode_bytes(body)  # empty or binary: InputError
    parsed = feedparser.parse(body, resolve_relative_uris=False, sanitize_html=False)
    if not parsed.entries and not parsed.get("version"):
        raise InputError("malformed-feed", "not an RSS/Atom feed"
                         + (f": {parsed.get('bozo_exception')}" if parsed.get("bozo") else " (a web page?)"))
    try:
        items = list(read_feed(body, ext_id=url, source_path=url))
    except InputError as e:
        if e.reason != "empty":  # a well-formed feed without entries is no failure
            raise
        items = []
    entries: dict[str, tuple[Optional[str], str]] = {}
    for i, entry in enumerate(parsed.entries):
        title = entry.get("title")
        entries[entry_key(entry, i, url)] = (entry_link(entry), " ".join(title.split()) if isinstance(title, str)
                                             else "")
    return items, entries


def _page_article(store: Store, entry_id: str, link: str, title: str, item, fetcher: Fetcher, report: FeedReport,
                  feed: str, progress: Optional[Progress]):
    """The article read from the entry's page; the summary's article (or rejection) when the page
    holds no article or failed PAGE_ATTEMPTS times; None when it failed and will be retried."""
    shown = mask_url(link)
    if progress:
        progress(f"fetching page: {shown}")
    report.pages += 1
    try:
        got = fetcher.get(link)
        text = decode_bytes(got.body)
    except (FetchError, InputError) as e:
        status = getattr(e, "status", None)
        store.record_fetch(shown, "page", status=status, error=mask_text(str(e)))
        failures = (store.fetch_state(shown) or {}).get("failures", 1)
        report.failures.append(SourceFailure(shown, "page", e.reason, mask_text(e.detail), feed=feed))
        if failures >= PAGE_ATTEMPTS:
            report.summaries.append(entry_id)
            return item
        return None
    store.record_fetch(shown, "page", status=got.status)
    try:
        page = next(read_html(text, ext_id=entry_id, source_path=shown, url=mask_url(got.final_url)))
    except InputError:
        return item  # the page holds no article text: the feed's summary is all there is
    if title and not isinstance(item, Article):
        page.title = title  # the feed's title, by which a renamed entry is recognised next run
    if isinstance(item, Article):
        page.title = item.title or page.title
        page.published = item.published or page.published
        page.outlet = item.outlet or page.outlet
        page.url = item.url or page.url
    page.meta_origin["text"] = "linked page"
    return page
