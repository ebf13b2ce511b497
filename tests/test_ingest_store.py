"""What ingest does to the database: idempotence, exact and near duplicates, duplicate ids, the
file itself (WAL, schema version, mode) and the stored sentence offsets."""
from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from briefing.ingest import ingest_paths
from briefing.store.sqlite import MIGRATIONS, Store

# An invented wire story of about 300 words.
WIRE_BODY = """The regional parliament approved on Tuesday a plan to rebuild the old harbour bridge, ending a dispute that had divided the port city for more than ten years.
Lawmakers voted 41 to 17 in favour of the project after a debate that lasted most of the day. The bridge, built in 1931, was closed to heavy traffic in 2019 when engineers found deep cracks in two of its supporting piers.
Under the plan, a new four-lane crossing with a separate lane for bicycles will be built next to the old structure, which will remain open to pedestrians until the work is finished. The cost is put at 240 million euros, two thirds of which will come from the national government.
Supporters said the new bridge would cut travel times for thousands of commuters and bring lorries back to the container terminal, which has lost business to rival ports since the closure. Opponents argued that the money would be better spent on the city's ageing tram network and warned that the estimate was likely to rise.
The head of the regional transport authority told reporters that construction could begin in the spring of next year and would take about four years. She said the authority would publish the tender documents within weeks and expected strong interest from builders.
Residents of the old quarter, where the bridge meets the shore, have asked for guarantees that noise and dust will be kept under control. A spokesman for the residents' association said they welcomed the decision but would watch the work closely.
The vote follows a public consultation in which more than 12,000 people took part. A majority of those who replied supported a new crossing, although many asked for the old bridge to be preserved as a monument."""

HEADLINE_A = "Parliament backs new harbour bridge after decade-long dispute"
FOOTER_A = "Reporting by the Coastal Wire newsroom. All rights reserved."
HEADLINE_B = "Lawmakers approve 240 million euro harbour crossing"
FOOTER_B = "This story was first published by Harbour Daily. Follow us for more local news."

DIFFERENT_SAME_EVENT = """Port city lawmakers have said yes to a new bridge over the harbour.
After hours of argument on Tuesday, members of the regional assembly backed the rebuilding plan by a clear majority. The crossing that stands there today dates from the early 1930s and has been shut to lorries for several years because its piers are cracked.
The replacement will carry four lanes of traffic and a cycle path and is expected to cost about 240 million euros, most of it paid by the national government. Critics said the sum should have gone to trams instead, and predicted delays and overruns.
Work may start next spring, the transport authority said, and last around four years. People living near the shore asked for limits on noise."""

UNRELATED = """The national football team won the regional cup on Sunday after a tense penalty shoot-out in front of a sold-out stadium.
The match had ended one-all after extra time, with both goals scored in the first half. The goalkeeper saved two penalties and was named player of the match.
Thousands of supporters celebrated in the streets of the capital until late at night, and the team is due to be received by the president on Monday."""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def table_counts(db_path: Path) -> dict[str, int]:
    db = sqlite3.connect(str(db_path))
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        db.close()


def make_inputs(root: Path) -> Path:
    write(root / "a.txt", f"{HEADLINE_A}\n{WIRE_BODY}\n{FOOTER_A}\n")
    write(root / "b.txt", f"{HEADLINE_B}\n{WIRE_BODY}\n{FOOTER_B}\n")  # near duplicate of a.txt
    write(root / "c.txt", DIFFERENT_SAME_EVENT)
    write(root / "sub" / "d.md", "# Cup final\n\n" + UNRELATED)
    write(root / "batch.json", json.dumps([
        {"id": "j-1", "text": "A short JSON article. It has two sentences."},
        {"id": "j-2", "text": "A short JSON article.  It has two   sentences."},  # exact duplicate of j-1
    ]))
    write(root / "feed.rss", "<?xml version='1.0'?><rss version='2.0'><channel><title>Feed</title>"
                             "<item><guid isPermaLink='false'>f-1</guid><title>Entry</title>"
                             "<description>A feed entry of its own. Nothing else.</description></item>"
                             "</channel></rss>")
    write(root / "broken.json", "{not json")
    return root


def test_reingesting_the_same_inputs_changes_nothing(db_path, tmp_path):
    inputs = make_inputs(tmp_path / "in")
    with Store(db_path) as store:
        first = ingest_paths(store, [inputs])
        counts_after_first = store.counts()
    rows_after_first = table_counts(db_path)
    assert len(first.stored) == 5 and len(first.duplicates) == 2 and len(first.rejected) == 1

    with Store(db_path) as store:
        second = ingest_paths(store, [inputs])
        assert store.counts() == counts_after_first
    assert table_counts(db_path) == rows_after_first
    assert second.stored == [] and second.duplicates == []
    expected_unchanged = set(first.stored) | {d.ext_id for d in first.duplicates}
    assert set(second.unchanged) == expected_unchanged
    assert len(second.unchanged) == len(expected_unchanged)
    assert [(r.path, r.reason) for r in second.rejected] == [(r.path, r.reason) for r in first.rejected]
    assert second.files_seen == first.files_seen


def test_ingesting_the_same_file_twice_in_one_call_stores_it_once(store, tmp_path):
    p = write(tmp_path / "one.txt", WIRE_BODY)
    report = ingest_paths(store, [p, p])
    assert report.stored == ["one.txt"] and report.unchanged == ["one.txt"]
    assert store.counts()["articles"] == 1


def test_exact_duplicate_with_another_id_is_linked_not_stored(store, tmp_path):
    a = write(tmp_path / "x" / "original.txt", WIRE_BODY)
    b = write(tmp_path / "y" / "copy.txt", "  " + WIRE_BODY.replace(" ", "  ").replace("\n", "\n\n") + "\n\n")
    report = ingest_paths(store, [a, b])
    assert report.stored == ["original.txt"]
    assert len(report.duplicates) == 1
    dup = report.duplicates[0]
    assert (dup.ext_id, dup.canonical_ext_id, dup.kind, dup.similarity) == ("copy.txt", "original.txt", "exact", 1.0)
    assert dup.path == str(b)
    assert store.counts() == {"articles": 1, "duplicates": 1, "stories": 0}
    assert store.duplicate_link("copy.txt") == "original.txt"
    assert store.get_article("copy.txt") is None


def test_near_duplicate_with_another_headline_and_footer_is_linked(store, tmp_path):
    a = write(tmp_path / "a.txt", f"{HEADLINE_A}\n{WIRE_BODY}\n{FOOTER_A}\n")
    b = write(tmp_path / "b.txt", f"{HEADLINE_B}\n{WIRE_BODY}\n{FOOTER_B}\n")
    assert 250 <= len(WIRE_BODY.split()) <= 350
    report = ingest_paths(store, [a, b])
    assert report.stored == ["a.txt"]
    assert len(report.duplicates) == 1
    dup = report.duplicates[0]
    assert (dup.ext_id, dup.canonical_ext_id, dup.kind) == ("b.txt", "a.txt", "near")
    assert 0.8 <= dup.similarity < 1.0
    assert store.counts() == {"articles": 1, "duplicates": 1, "stories": 0}
    assert store.duplicate_link("b.txt") == "a.txt"


def test_different_articles_are_not_linked(store, tmp_path):
    """Another outlet's own write-up of the same event, and an unrelated story, stay separate articles."""
    paths = [write(tmp_path / "a.txt", WIRE_BODY), write(tmp_path / "c.txt", DIFFERENT_SAME_EVENT),
             write(tmp_path / "d.txt", UNRELATED)]
    report = ingest_paths(store, paths)
    assert report.duplicates == []
    assert report.stored == ["a.txt", "c.txt", "d.txt"]
    assert store.counts()["articles"] == 3


def test_short_texts_that_differ_are_not_near_duplicates(store, tmp_path):
    """Two short texts sharing most words are different articles: too little text to call them copies."""
    a = write(tmp_path / "a.txt", "The minister resigned on Monday. She gave no reason.")
    b = write(tmp_path / "b.txt", "The minister resigned on Friday. She gave no reason.")
    report = ingest_paths(store, [a, b])
    assert report.stored == ["a.txt", "b.txt"] and report.duplicates == []


def test_same_id_with_a_different_text_is_rejected_as_duplicate_id(store, tmp_path):
    first = write(tmp_path / "first.json", json.dumps({"id": "story-1", "text": WIRE_BODY}))
    second = write(tmp_path / "second.json", json.dumps({"id": "story-1", "text": UNRELATED}))
    report = ingest_paths(store, [first, second])
    assert report.stored == ["story-1"]
    assert len(report.rejected) == 1
    rejection = report.rejected[0]
    assert rejection.reason == "duplicate-id"
    assert rejection.path == str(second)
    assert "story-1" in rejection.detail and "story-1" in (rejection.record or "")
    assert store.get_article("story-1").text == WIRE_BODY  # the stored text is not replaced
    assert store.counts()["articles"] == 1


def test_database_file_wal_schema_version_and_mode(tmp_path):
    db_path = tmp_path / "new" / "dir" / "b.db"
    with Store(db_path) as store:
        assert store.schema_version == len(MIGRATIONS) >= 1
    assert db_path.exists()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    db = sqlite3.connect(str(db_path))
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"articles", "duplicates", "minhash_bands", "stories", "story_articles"} <= tables
    finally:
        db.close()
    with Store(db_path) as store:  # reopening does not migrate again
        assert store.schema_version == len(MIGRATIONS)


def test_database_with_a_newer_schema_is_refused(tmp_path):
    from briefing.store.sqlite import StoreError

    db_path = tmp_path / "future.db"
    db = sqlite3.connect(str(db_path))
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db_path)


def test_a_failed_ingest_rolls_back(store, tmp_path, monkeypatch):
    """An exception that escapes (here: Ctrl-C while reading) leaves nothing half-written."""
    paths = [write(tmp_path / "a.txt", WIRE_BODY), write(tmp_path / "b.txt", UNRELATED)]

    def interrupt(done, path, total):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_paths(store, paths, progress=interrupt)
    assert store.counts()["articles"] == 0
    assert ingest_paths(store, paths).stored == ["a.txt", "b.txt"]


SENTENCE_TEXTS = {
    "abbrev.txt": ("Mr. Smith met Dr. Jones in the U.S. Capitol on Jan. 5. They talked for an hour.\n"
                   "B.J. Habibie was mentioned. \"Is it over?\" she asked. Nobody answered!"),
    "unicode.txt": ("Zürich — «Les négociations sont terminées», a dit le président. Москва ответила быстро.\n\n"
                    "東京では雨が降った。 Ελλάδα: νέα μέτρα. Café owners\u00a0agreed.\r\nWindows line end."),
    "wire.txt": f"{HEADLINE_A}\n{WIRE_BODY}\n{FOOTER_A}",
}


def check_offsets(article) -> None:
    text = article.text
    assert article.sentences, article.ext_id
    previous_end = 0
    for i, s in enumerate(article.sentences):
        assert s.index == i
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= previous_end  # increasing, non-overlapping
        previous_end = s.end
        sentence = text[s.start:s.end]
        assert sentence == s.text_of(text) == sentence.strip()
        assert any(ch.isalnum() for ch in sentence)
        assert "\n" not in sentence  # a line break always ends a sentence
    covered = {i for s in article.sentences for i in range(s.start, s.end)}
    lost = [ch for i, ch in enumerate(text) if ch.isalnum() and i not in covered]
    assert not lost, f"characters outside every sentence: {lost[:20]}"


def test_stored_sentence_offsets_index_the_stored_text(store, tmp_path):
    paths = [write(tmp_path / name, text) for name, text in SENTENCE_TEXTS.items()]
    report = ingest_paths(store, paths)
    assert sorted(report.stored) == sorted(SENTENCE_TEXTS)
    for ext_id in report.stored:
        check_offsets(store.get_article(ext_id))
    abbrev = store.get_article("abbrev.txt")
    assert abbrev.sentence_texts() == [
        "Mr. Smith met Dr. Jones in the U.S. Capitol on Jan. 5.", "They talked for an hour.",
        "B.J. Habibie was mentioned.", "\"Is it over?\" she asked.", "Nobody answered!"]
    assert len(store.get_article("wire.txt").sentences) >= 15


def test_seed_sentence_offsets_index_the_stored_text(store, seeds_dir):
    report = ingest_paths(store, [seeds_dir])
    assert len(report.stored) == len(list(seeds_dir.glob("*.txt"))) >= 5
    for ext_id in report.stored:
        article = store.get_article(ext_id)
        check_offsets(article)
        assert len(article.sentences) >= 5
