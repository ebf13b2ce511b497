"""Ingest in worker processes and in stretches of a JSON Lines file gives the same database and
report as one process reading each file whole; the near-duplicate band filter loses no pair at
the threshold; the sentence splitter cuts where its reference (character by character) cuts."""
from __future__ import annotations

import json
import random
import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from briefing.ingest import dedup
import briefing.ingest as ingest_module
from briefing.ingest import ingest_paths, readers, units
from briefing.store.sqlite import Store
from briefing.ingest.text import ABBREVIATIONS, split_sentences

from test_ingest_store import DIFFERENT_SAME_EVENT, UNRELATED, WIRE_BODY, write


WORDS = ("harbour bridge council vote engineers repair lorries tram budget mayor residents noise river "
         "port crossing ferry tender cost delay spring summer strike union wages court ruling appeal").split()


def _article(rng: random.Random, n_words: int = 80) -> str:
    sentences = []
    while sum(len(s.split()) for s in sentences) < n_words:
        words = [rng.choice(WORDS) for _ in range(rng.randrange(6, 14))]
        sentences.append(" ".join(words).capitalize() + rng.choice([".", ".", "!", "?", " in the U.S.", " Mr."]))
    return " ".join(sentences)


def _mixed_jsonl(path: Path) -> Path:
    """JSON Lines with what a stretch boundary could get wrong: records without ids (numbered by
    line), blank lines, malformed and non-UTF-8 lines, exact and near copies of earlier lines."""
    rng = random.Random(7)
    lines: list[bytes] = []
    for i in range(160):
        kind = i % 16
        if kind == 3:
            lines.append(json.dumps({"text": _article(rng)}).encode())  # id from its line number
        elif kind == 5:
            lines.append(b"")
        elif kind == 7:
            lines.append(b'{"id": "broken", "text": ')
        elif kind == 9:
            lines.append(b'{"id": "latin", "text": "caf\xe9"}')
        elif kind == 11 and i > 20:
            lines.append(json.dumps({"id": f"copy-{i}", "text": json.loads(lines[i - 16])["text"]}).encode())
        elif kind == 13:
            lines.append(json.dumps({"id": f"wire-{i}", "title": f"Headline {i}",
                                     "text": f"Update {i} from the wire desk.\n{WIRE_BODY}"}).encode())
        else:
            lines.append(json.dumps({"id": f"a-{i}", "text": _article(rng)}).encode())
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _inputs(root: Path) -> list[Path]:
    folder = root / "folder"
    write(folder / "one.txt", WIRE_BODY)
    write(folder / "two.txt", DIFFERENT_SAME_EVENT)
    write(folder / "sub" / "three.md", "# Cup final\n\n" + UNRELATED)
    write(folder / "empty.txt", "")
    return [_mixed_jsonl(root / "mixed.jsonl"), folder, root / "missing.jsonl"]


def _contents(db_path: Path) -> dict:
    db = sqlite3.connect(str(db_path))
    try:
        return {
            "articles": db.execute("SELECT id, ext_id, text_hash, text, sentence_offsets, minhash, title, url,"
                                   " outlet, published, language, place, source_path, meta_origin"
                                   " FROM articles ORDER BY id").fetchall(),
            "bands": db.execute("SELECT key, article_id FROM minhash_bands ORDER BY 1, 2").fetchall(),
            "duplicates": db.execute("SELECT ext_id, article_id, kind, similarity, source_path FROM duplicates"
                                     " ORDER BY 1").fetchall(),
        }
    finally:
        db.close()


def _run(tmp_path: Path, name: str, inputs: list[Path], workers: int):
    with Store(tmp_path / f"{name}.db") as store:
        report = ingest_paths(store, inputs, workers=workers)
    return report, _contents(tmp_path / f"{name}.db")


def test_stretches_and_workers_store_what_one_whole_file_read_stores(tmp_path, monkeypatch):
    inputs = _inputs(tmp_path)
    whole_report, whole = _run(tmp_path, "whole", inputs, workers=1)
    assert whole_report.duplicates and whole_report.rejected and len(whole_report.stored) > 100
    assert {"mixed.jsonl#L4", "latin"} & set(whole_report.stored) == {"mixed.jsonl#L4"}
    assert [r.record for r in whole_report.rejected if r.reason == "undecodable"][0] == "line 10"

    monkeypatch.setattr(units, "UNIT_BYTES", 2000)  # the JSON Lines file becomes dozens of stretches
    assert len([u for u in units.plan([(inputs[0], "mixed.jsonl")])]) > 20
    for workers in (1, 2):
        report, contents = _run(tmp_path, f"parts{workers}", inputs, workers=workers)
        assert contents == whole, f"{workers} worker(s)"
        assert report == whole_report, f"{workers} worker(s)"


def test_stretches_number_their_lines_as_the_whole_file_does(tmp_path, monkeypatch):
    path = _mixed_jsonl(tmp_path / "mixed.jsonl")
    whole = [line for line in readers._lines(path)]
    monkeypatch.setattr(units, "UNIT_BYTES", 1500)
    parts = list(units.plan([(path, "mixed.jsonl")]))
    assert parts[0].first_line == 1 and parts[-1].last and not any(u.last for u in parts[:-1])
    joined = []
    for unit in parts:
        lines = list(readers._lines(path, unit.start, unit.stop, unit.first_line))
        assert unit.first_line == len(joined) + 1
        joined += lines
    assert [str(x) for x in joined] == [str(x) for x in whole]


def test_a_big_json_lines_file_of_blank_lines_is_empty_once(tmp_path, monkeypatch):
    monkeypatch.setattr(units, "UNIT_BYTES", 100)
    path = write(tmp_path / "blank.jsonl", "   \n\n \t \n" * 200)
    for workers in (1, 2):
        with Store(tmp_path / f"b{workers}.db") as store:
            report = ingest_paths(store, [path], workers=workers)
        assert [(r.reason, r.record) for r in report.rejected] == [("empty", None)]


def test_an_interrupted_parallel_ingest_leaves_whole_transactions_and_can_be_repeated(tmp_path, monkeypatch):
    monkeypatch.setattr(units, "UNIT_BYTES", 2000)
    monkeypatch.setattr(ingest_module, "COMMIT_EVERY", 10)
    path = _mixed_jsonl(tmp_path / "mixed.jsonl")
    db_path = tmp_path / "b.db"

    def interrupt(done, name):
        raise KeyboardInterrupt

    with Store(db_path) as store:
        with pytest.raises(KeyboardInterrupt):
            ingest_paths(store, [tmp_path / "first.txt", path], progress=lambda n, p, total: n == 2 and interrupt(n, p),
                         workers=2)
        assert store.counts()["articles"] == 0  # the one transaction open was rolled back
    write(tmp_path / "first.txt", WIRE_BODY)
    with Store(db_path) as store:
        first = ingest_paths(store, [tmp_path / "first.txt", path], workers=2)
        again = ingest_paths(store, [tmp_path / "first.txt", path], workers=2)
    assert first.stored and not again.stored and not again.duplicates
    assert sorted(again.unchanged) == sorted(first.stored + [d.ext_id for d in first.duplicates])


def test_workers_are_used_only_for_enough_to_read(tmp_path):
    small = [(write(tmp_path / "a.txt", WIRE_BODY), "a.txt")]
    assert units.workers_for(small, 2, 1024 * 1024) == 1
    assert units.workers_for(small, 1, 10) == 1
    assert units.workers_for(small, 2, 10) == min(2, __import__("os").cpu_count() or 1)


# -- near duplicates: the band filter ---------------------------------------------------------

def test_min_shared_bands_follows_from_the_threshold():
    equal_needed = next(e for e in range(dedup.NUM_PERM + 1) if e / dedup.NUM_PERM >= dedup.NEAR_DUPLICATE_JACCARD)
    assert dedup.MIN_SHARED_BANDS == dedup.BANDS - (dedup.NUM_PERM - equal_needed) == 4


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 64 - 52))
def test_every_pair_at_the_threshold_shares_enough_band_keys(seed, differing):
    """The worst case for the filter: the differing values spread over as many bands as possible."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2**32 - 1, dedup.NUM_PERM, dtype=np.uint64).astype(np.uint32)
    b = a.copy()
    positions = rng.permutation(dedup.NUM_PERM)[:differing] if seed % 2 else \
        (np.arange(differing) * dedup.ROWS) % dedup.NUM_PERM + (np.arange(differing) // dedup.BANDS)
    b[positions] ^= np.uint32(1)
    assert dedup.similarity(a, b) >= dedup.NEAR_DUPLICATE_JACCARD
    shared = len(set(dedup.band_keys(a)) & set(dedup.band_keys(b)))
    assert shared >= dedup.MIN_SHARED_BANDS


def test_filtered_candidates_keep_the_near_duplicate_and_drop_one_band_overlaps(store, tmp_path):
    rng = random.Random(3)
    base = _article(rng, 300)
    overlap = base.split(". ")
    paths = [write(tmp_path / "a.txt", base),
             write(tmp_path / "b.txt", "Breaking. " + base + " Copyright Harbour Daily."),  # near duplicate
             write(tmp_path / "c.txt", ". ".join(overlap[: len(overlap) // 3]) + ". " + _article(rng, 250))]
    report = ingest_paths(store, paths, workers=1)
    assert [(d.ext_id, d.canonical_ext_id, d.kind) for d in report.duplicates] == [("b.txt", "a.txt", "near")]
    assert report.stored == ["a.txt", "c.txt"]


# -- the sentence splitter against its reference ---------------------------------------------

_REF_BOUNDARY = re.compile(r"""(?<=[.!?])[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]*[A-Z0-9À-ÖØ-Þ\u0391-\u03A9\u0400-\u042F"""
                           r"""\u0590-\u05FF\u0600-\u06FF\u4e00-\u9fff])""")
_REF_WORD_BEFORE = re.compile(r"([\w.]+)[.!?][\"'”’»)\]]*$")


def _reference_split(text: str) -> list[tuple[int, int]]:
    """The splitter as first written: blocks copied out, each boundary's last 40 characters searched."""
    def abbreviation(chunk: str) -> bool:
        m = _REF_WORD_BEFORE.search(chunk[-40:])
        if not m or not chunk.rstrip("\"'”’»)] ").endswith("."):
            return False
        word = m.group(1)
        return (word.lower().rstrip(".") in ABBREVIATIONS or (len(word.rstrip(".")) == 1 and word[0].isupper())
                or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]?", word) is not None)

    spans, pos = [], 0
    for block in re.split(r"\n\s*", text) if text else []:
        offset = text.index(block, pos) if block else pos
        pos = offset + len(block)
        begin = 0
        for m in _REF_BOUNDARY.finditer(block):
            if not abbreviation(block[max(begin, m.end() - 40):m.end()]):
                spans.append((offset, block, begin, m.end()))
                begin = m.end()
        spans.append((offset, block, begin, len(block)))
    out = []
    for offset, block, b, e in spans:
        piece = block[b:e]
        if piece.strip() and any(ch.isalnum() for ch in piece):
            s = offset + b + len(piece) - len(piece.lstrip())
            out.append((s, s + len(piece.strip())))
    return out


_PIECES = st.sampled_from(["Mr", "U.S", "etc", "e.g", "co", "A", "b", "Word", "x" * 41, "7", "Ωμέγα", "Москва",
                           ".", "!", "?", "...", "\"", "”", ")", "(", "«", " ", "  ", "\t", "\n", "\n\n", "\r",
                           "_", "é", "\u3000", "\x0b"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_sentences_are_cut_where_the_reference_cuts(text):
    assert [(s.start, s.end) for s in split_sentences(text)] == _reference_split(text)


@pytest.mark.parametrize("workers", [1, 2])
def test_band_keys_held_in_memory_store_what_the_database_s_index_stores(tmp_path, monkeypatch, workers):
    """A big ingest finds near-duplicate candidates in memory (`bandindex`), loaded from the stored
    band keys and grown as it stores; a small one asks the database: the same articles, links and
    band rows either way, also when a second ingest adds to what a first one stored."""
    first = _mixed_jsonl(tmp_path / "mixed.jsonl")
    rng = random.Random(11)
    later = tmp_path / "later.jsonl"  # near copies of the first file's articles, and new ones
    old = [json.loads(line) for line in first.read_bytes().splitlines() if line.startswith(b'{"id": "a-')]
    later.write_text("\n".join(json.dumps({"id": f"later-{k}", "text": (a["text"] + " " + _article(rng, 6))
                                           if k % 2 else _article(rng)}) for k, a in enumerate(old)) + "\n")
    results = {}
    for name, min_bytes in (("database", 1 << 40), ("memory", 0)):
        monkeypatch.setattr(ingest_module, "BAND_INDEX_MIN_BYTES", min_bytes)
        with Store(tmp_path / f"{name}.db") as store:
            reports = [ingest_paths(store, [first], workers=workers), ingest_paths(store, [later, first], workers=workers)]
        results[name] = reports, _contents(tmp_path / f"{name}.db")
    (reports, contents), (memory_reports, memory_contents) = results["database"], results["memory"]
    assert any(d.kind == "near" for d in reports[1].duplicates)  # the second run links to the first's articles
    assert len(reports[1].unchanged) > 100 and any(d.kind == "exact" for d in reports[0].duplicates)
    assert any(d.kind == "near" and d.canonical_ext_id.startswith("a-") for d in reports[1].duplicates)
    assert memory_reports == reports
    assert memory_contents == contents
