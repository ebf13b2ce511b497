"""The index and the story page (issue 17, item 8): the index shows each story's current bottom line
and when it was made; each story page links back to the index; the sentence each marker cites can
be read without hovering (touch screens, print)."""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import briefing
from briefing.writers.extractive import ExtractiveWriter

FIRST = [
    {"id": "lib-1", "source": "Daily Ledger", "published": "2026-03-02", "title": "Hartwell library reopens",
     "text": "The Hartwell public library reopened on Monday after a two-year renovation. "
             "The reading room has a new skylight. Librarian Mara Quinn said visitor numbers doubled in the first week."},
    {"id": "lib-2", "source": "Valley News", "published": "2026-03-03", "title": "Hartwell library back in business",
     "text": "The Hartwell public library reopened on Monday following two years of renovation work. "
             "The reading room now has a skylight. The county paid the 3 million dollars the renovation cost."},
]
LATER = {"id": "lib-3", "source": "Hartwell Herald", "published": "2026-03-09", "title": "Hartwell library closes again",
         "text": "The Hartwell public library closed again on Sunday after the new skylight leaked during a storm. "
                 "Water damaged hundreds of books in the reading room, Librarian Mara Quinn said. "
                 "The library will stay closed for repairs until April, the county said."}


def _write(folder: Path, articles: list[dict]) -> None:
    folder.mkdir(exist_ok=True)
    for a in articles:
        (folder / f"{a['id']}.json").write_text(json.dumps(a), encoding="utf-8")


def test_index_shows_current_bottom_line_and_when_made_and_pages_link_back(tmp_path, store):
    folder, out = tmp_path / "in", tmp_path / "out"
    _write(folder, FIRST)
    briefing.run(store, [folder], out, formats=("md", "html", "txt", "json"), using=ExtractiveWriter())
    _write(folder, [LATER])
    report = briefing.run(store, [folder], out, formats=("md", "html", "txt", "json"), using=ExtractiveWriter())
    assert report.updated, "the story gained an article: its memo is rewritten"
    story_id = report.updated[0]
    memo = json.loads((out / "stories" / f"{story_id}.json").read_text())
    current = " ".join(c["text"] for c in memo["memo"]["summary"] if c["kind"] == "bottom-line")
    index = json.loads((out / "index.json").read_text())
    entry = next(s for s in index["stories"] if s["story_id"] == story_id)
    assert entry["bottom_line"] == current and current
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", index["made"])
    for ext in ("md", "html", "txt"):
        page = (out / f"index.{ext}").read_text()
        assert f"Made {index['made']}" in page, ext
        shown = html.unescape(page) if ext == "html" else page.replace("\\", "")
        assert " ".join(current.split()) in " ".join(shown.split()), ext
        story_page = (out / "stories" / f"{story_id}.{ext}").read_text()
        assert f"../index.{ext}" in story_page, f"the {ext} page links back to the index"
    assert (out / "stories" / f"{story_id}.html").resolve().parent.parent / "index.html" == (out / "index.html").resolve()


class _Page(HTMLParser):
    """Markers (href, text) and the visible text of each element with an id, outside tooltips and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.markers: list[str] = []
        self.by_id: dict[str, str] = {}
        self._open: list[tuple[str, str | None, bool]] = []  # tag, id, hidden tooltip

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "cite" in (a.get("class") or "").split():
            self.markers.append(a["href"])
        hidden = "q" in (a.get("class") or "").split()
        self._open.append((tag, a.get("id"), hidden))
        if a.get("id"):
            self.by_id[a["id"]] = ""

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        if any(hidden for _, _, hidden in self._open):
            return
        for _, ident, _ in self._open:
            if ident:
                self.by_id[ident] += data


def test_every_marker_leads_to_its_quote_in_visible_text(tmp_path, store):
    folder = tmp_path / "in"
    _write(folder, FIRST + [LATER])
    ids = [a["id"] + ".json" for a in FIRST + [LATER]]
    memo = briefing.memo_for_articles(store, briefing.ingest_paths(store, [folder]).stored, using=ExtractiveWriter())
    page = _Page()
    page.feed(briefing.render_memo(memo, "html"))
    assert page.markers and ids
    quotes = {f"[{c.source}]": c.quote for claim in memo.claims() for c in claim.citations}
    for href in page.markers:
        assert href.startswith("#note-"), href
        note = " ".join(page.by_id[href[1:]].split())
        # the note names the marker's source and holds the quoted sentence as visible text
        source = re.match(r"\[(\d+)\]", note).group(0)
        assert " ".join(quotes[source].split()) in note or any(
            " ".join(c.quote.split()) in note for claim in memo.claims() for c in claim.citations
            if f"[{c.source}]" == source), (href, note)
    assert "@media print" in briefing.render_memo(memo, "html")
