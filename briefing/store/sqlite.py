"""The SQLite store: the only module that speaks SQL.

One file (WAL journal, foreign keys on), schema versioned with `PRAGMA user_version` and
migrated by the functions in MIGRATIONS, in order, each in its own transaction. Callers use
the methods below; none of them sees a cursor.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from array import array
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..models import Article, Sentence, Story
from ..errors import StoreError


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Runs `;`-separated statements inside the caller's transaction (executescript would commit)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _m001_initial(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            ext_id TEXT NOT NULL UNIQUE,
            text_hash TEXT NOT NULL,
            text TEXT NOT NULL,
            sentence_offsets BLOB NOT NULL,   -- uint32 pairs (start, end) per sentence
            minhash BLOB,                     -- near-duplicate signature, NULL for short texts
            title TEXT, url TEXT, outlet TEXT, published TEXT, language TEXT, place TEXT,
            source_path TEXT,
            meta_origin TEXT NOT NULL DEFAULT '{}',
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX articles_text_hash ON articles(text_hash);
        CREATE TABLE minhash_bands (
            key INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (key, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE duplicates (
            ext_id TEXT PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,               -- 'exact' or 'near'
            similarity REAL NOT NULL,
            title TEXT, url TEXT, outlet TEXT, published TEXT, source_path TEXT,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX duplicates_article ON duplicates(article_id);
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE story_articles (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            score REAL,
            assigned_at TEXT NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);
        """
    )


def _m002_model_writers(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE model_responses (         -- the model writers' response cache
            key TEXT PRIMARY KEY,              -- sha256 of prompt, schema, model and settings
            writer TEXT NOT NULL,
            model TEXT NOT NULL,
            response TEXT NOT NULL,            -- JSON: text, prompt_tokens, completion_tokens
            created_at TEXT NOT NULL
        );
        CREATE TABLE memo_log (                -- one row per memo written: what `briefing stats` shows
            id INTEGER PRIMARY KEY,
            story_id TEXT NOT NULL,
            writer TEXT NOT NULL,
            model TEXT,
            fallback TEXT,                     -- why the extractive writer stood in, or NULL
            calls INTEGER NOT NULL DEFAULT 0,  -- model calls made (cache hits excluded)
            cached INTEGER NOT NULL DEFAULT 0, -- answers taken from model_responses
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            model_seconds REAL NOT NULL DEFAULT 0,
            seconds REAL NOT NULL,             -- the whole memo: evidence, writing, citations
            created_at TEXT NOT NULL
        );
        CREATE INDEX memo_log_writer ON memo_log(writer, created_at);
        """
    )


def _m003_scheduled_runs(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE fetch_state (             -- one row per feed or page URL `briefing run` fetched
            url TEXT PRIMARY KEY,
            kind TEXT NOT NULL,                -- 'feed' or 'page'
            etag TEXT, last_modified TEXT,     -- validators for the next conditional request
            status INTEGER,                    -- last HTTP status, NULL when no answer came
            error TEXT,                        -- why the last attempt failed, NULL after a success
            failures INTEGER NOT NULL DEFAULT 0,  -- consecutive failed attempts
            checked_at TEXT NOT NULL,
            ok_at TEXT                         -- last success
        );
        CREATE TABLE briefed_stories (         -- the memo last written for each story
            story_id TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
            size INTEGER NOT NULL,             -- members (articles and linked duplicates) it covered
            entry TEXT NOT NULL,               -- JSON: its index entry (title, bottom_line)
            change TEXT NOT NULL,              -- 'new' or 'updated'
            run_id TEXT NOT NULL,              -- the run that wrote it
            briefed_at TEXT NOT NULL
        );
        CREATE TABLE briefed_articles (        -- articles covered by their story's last written memo
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id TEXT NOT NULL,
            run_id TEXT NOT NULL
        );
        CREATE INDEX briefed_articles_story ON briefed_articles(story_id);
        CREATE TABLE pruned (                  -- ids of articles removed by --keep-days: never ingested again
            ext_id TEXT PRIMARY KEY,
            pruned_at TEXT NOT NULL
        )
        """
    )


def _m004_cluster_features(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE cluster_terms (           -- vocabulary of the clustering features
            id INTEGER PRIMARY KEY,
            term TEXT NOT NULL UNIQUE
        );
        CREATE TABLE cluster_features (        -- per article, what clustering reads instead of its text
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            paragraphs BLOB NOT NULL,          -- uint64 hashes of its distinct lower-cased paragraphs
            repeated_key INTEGER NOT NULL,     -- sum of the hashes that were boilerplate when its terms were counted
            own_words INTEGER NOT NULL,
            page INTEGER NOT NULL,             -- 1: a boilerplate page
            terms BLOB NOT NULL                -- term ids and counts of title, lede, body and names (cluster.py)
        )
        """
    )


def _m005_article_analyses(db: sqlite3.Connection) -> None:
    _run_script(
        db,
        """
        CREATE TABLE article_analyses (        -- per article, what evidence selection reads of its sentences
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            version TEXT NOT NULL,             -- analysis.analysis_version(): another version is recomputed
            analysis TEXT NOT NULL             -- JSON (briefing/memo/analysis.py)
        )
        """
    )


def _m006_article_paragraphs(db: sqlite3.Connection) -> None:
    # uint64 hashes of the article's distinct lower-cased paragraphs (cluster.paragraph_blob), set at
    # ingest so that clustering finds boilerplate without reading every new text; NULL for articles
    # stored before (clustering computes theirs from the text)
    db.execute("ALTER TABLE articles ADD COLUMN paragraphs BLOB")


def _m007_indexed_runs(db: sqlite3.Connection) -> None:
    # runs whose index page was written; a memo written by a run that never got that far (killed)
    # shows its "new" or "updated" in the next index that is written. Runs before this table: indexed.
    _run_script(
        db,
        """
        CREATE TABLE indexed_runs (
            run_id TEXT PRIMARY KEY,
            indexed_at TEXT NOT NULL
        );
        INSERT INTO indexed_runs (run_id, indexed_at) SELECT DISTINCT run_id, briefed_at FROM briefed_stories
        """
    )


MIGRATIONS = [_m001_initial, _m002_model_writers, _m003_scheduled_runs, _m004_cluster_features,
              _m005_article_analyses, _m006_article_paragraphs, _m007_indexed_runs]


CACHE_KIB = 64 * 1024  # the page cache of a connection, at most


_NOW = [-1, ""]  # the last second asked for, and its timestamp


def _now() -> str:
    """The time, to the second, as `datetime.now(timezone.utc).replace(microsecond=0).isoformat()`
    gives it (made once a second: an ingest asks for it for every article)."""
    second = int(time.time())
    if second != _NOW[0]:
        _NOW[:] = [second, datetime.fromtimestamp(second, timezone.utc).isoformat()]
    return _NOW[1]


def pack_offsets(sentences: Iterable[Sentence]) -> bytes:
    flat = array("I")
    for s in sentences:
        flat.append(s.start)
        flat.append(s.end)
    return flat.tobytes()


def unpack_offsets(blob: bytes) -> list[Sentence]:
    flat = array("I")
    flat.frombytes(blob)
    return [Sentence(i, flat[2 * i], flat[2 * i + 1]) for i in range(len(flat) // 2)]


class Store:
    """A briefing database. Open with `Store(path)`; use as a context manager to close it."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists()
            if new:  # created 0600 before SQLite opens it (whatever the umask); its -wal/-shm files follow
                try:
                    os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                except FileExistsError:
                    new = False
            self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
            if new:
                os.chmod(self.path, 0o600)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            # up to 64 MiB of pages in memory (SQLite's default is 2 MiB): a big ingest looks up and
            # adds 16 MinHash band keys an article, at random places of an index of millions of
            # rows; with the small cache most of them are a read from the OS (100k articles:
            # storing 58 s -> 47 s of CPU)
            self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            self._migrate()
        except (sqlite3.Error, OSError) as e:
            raise StoreError(f"cannot use database {self.path}: {e}") from e

    # -- lifecycle ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"database {self.path} has schema {version}, newer than this briefing "
                             f"({len(MIGRATIONS)}): upgrade briefing")
        for number in range(version, len(MIGRATIONS)):
            with self.transaction():
                MIGRATIONS[number](self.db)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # -- articles ----------------------------------------------------------------------------
    def article_hash_by_ext_id(self, ext_id: str) -> Optional[str]:
        row = self.db.execute("SELECT text_hash FROM articles WHERE ext_id = ?", (ext_id,)).fetchone()
        return row[0] if row else None

    def was_pruned(self, ext_id: str) -> bool:
        """Whether an article with this id was deleted by pruning (it is never stored again)."""
        return self.db.execute("SELECT 1 FROM pruned WHERE ext_id = ?", (ext_id,)).fetchone() is not None

    def duplicate_link(self, ext_id: str) -> Optional[str]:
        """The ext_id of the stored article that `ext_id` was linked to as a duplicate, if any."""
        row = self.db.execute(
            "SELECT a.ext_id FROM duplicates d JOIN articles a ON a.id = d.article_id WHERE d.ext_id = ?",
            (ext_id,)).fetchone()
        return row[0] if row else None

    def article_by_hash(self, text_hash: str) -> Optional[tuple[int, str]]:
        row = self.db.execute("SELECT id, ext_id FROM articles WHERE text_hash = ? ORDER BY id LIMIT 1",
                              (text_hash,)).fetchone()
        return (row[0], row[1]) if row else None

    def band_candidates(self, keys: list[int], min_shared: int = 1) -> list[tuple[int, str, bytes]]:
        """Stored articles sharing at least `min_shared` of these MinHash band keys: (id, ext_id,
        signature), in id order."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        return self.db.execute(
            f"SELECT a.id, a.ext_id, a.minhash FROM articles a WHERE a.id IN "
            f"(SELECT article_id FROM minhash_bands WHERE key IN ({marks})"
            f" GROUP BY article_id HAVING count(*) >= ?) ORDER BY a.id",
            [*keys, min_shared]).fetchall()

    def band_rows(self) -> Iterator[tuple[int, int]]:
        """Every stored (band key, article id) (`bandindex.BandIndex.of`)."""
        return iter(self.db.execute("SELECT key, article_id FROM minhash_bands"))

    def signatures(self, article_ids: list[int]) -> list[tuple[int, str, bytes]]:
        """(id, ext_id, MinHash signature) of these articles, in id order (as `band_candidates` gives them)."""
        marks = ",".join("?" * len(article_ids))
        return self.db.execute(f"SELECT id, ext_id, minhash FROM articles WHERE id IN ({marks}) ORDER BY id",
                               article_ids).fetchall()

    def add_bands(self, rows: list[tuple[int, int]]) -> None:
        """Stores (band key, article id) rows: `add_article`'s band keys, given later (in key order)."""
        self.db.executemany("INSERT OR IGNORE INTO minhash_bands (key, article_id) VALUES (?, ?)", sorted(rows))

    def add_article(self, article: Article, text_hash: str, minhash: Optional[bytes], band_keys: list[int],
                    sentence_offsets: Optional[bytes] = None, paragraphs: Optional[bytes] = None) -> int:
        """Stores the article; its sentences are `sentence_offsets` (pack_offsets) when given, and
        `paragraphs` its paragraph hashes for clustering (cluster.paragraph_blob)."""
        cur = self.db.execute(
            "INSERT INTO articles (ext_id, text_hash, text, sentence_offsets, minhash, title, url, outlet,"
            " published, language, place, source_path, meta_origin, ingested_at, paragraphs)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (article.ext_id, text_hash, article.text,
             pack_offsets(article.sentences) if sentence_offsets is None else sentence_offsets, minhash,
             article.title, article.url, article.outlet, article.published, article.language,
             article.place, article.source_path, json.dumps(article.meta_origin, sort_keys=True), _now(),
             paragraphs))
        article_id = cur.lastrowid
        if band_keys:
            self.db.executemany("INSERT OR IGNORE INTO minhash_bands (key, article_id) VALUES (?, ?)",
                                [(k, article_id) for k in band_keys])
        article.db_id = article_id
        return article_id

    def add_duplicate(self, article: Article, canonical_id: int, kind: str, similarity: float) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO duplicates (ext_id, article_id, kind, similarity, title, url, outlet,"
            " published, source_path, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (article.ext_id, canonical_id, kind, similarity, article.title, article.url, article.outlet,
             article.published, article.source_path, _now()))

    def counts(self) -> dict:
        one = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        return {"articles": one("SELECT count(*) FROM articles"),
                "duplicates": one("SELECT count(*) FROM duplicates"),
                "stories": one("SELECT count(*) FROM stories")}

    _ARTICLE_COLUMNS = ("a.id, a.ext_id, a.text, a.sentence_offsets, a.title, a.url, a.outlet, a.published,"
                        " a.language, a.place, a.source_path, a.meta_origin")

    @staticmethod
    def _article(row) -> Article:
        return Article(db_id=row[0], ext_id=row[1], text=row[2], sentences=unpack_offsets(row[3]), title=row[4],
                       url=row[5], outlet=row[6], published=row[7], language=row[8], place=row[9],
                       source_path=row[10], meta_origin=json.loads(row[11]))

    def get_article(self, ext_id: str) -> Optional[Article]:
        row = self.db.execute(f"SELECT {self._ARTICLE_COLUMNS} FROM articles a WHERE a.ext_id = ?",
                              (ext_id,)).fetchone()
        return self._article(row) if row else None

    def canonical_articles(self, ext_ids: Iterable[str]) -> tuple[list[Article], int]:
        """The stored articles for these ids (a duplicate's id gives its canonical article), and how
        many of the ids were linked duplicates; unknown ids are skipped."""
        found: dict[int, Article] = {}
        duplicates = 0
        for ext_id in dict.fromkeys(ext_ids):
            row = self.db.execute(f"SELECT {self._ARTICLE_COLUMNS} FROM articles a WHERE a.ext_id = ?",
                                  (ext_id,)).fetchone()
            if row is None:
                row = self.db.execute(f"SELECT {self._ARTICLE_COLUMNS} FROM duplicates d JOIN articles a"
                                      " ON a.id = d.article_id WHERE d.ext_id = ?", (ext_id,)).fetchone()
                duplicates += row is not None
            if row is not None and row[0] not in found:
                found[row[0]] = self._article(row)
        return list(found.values()), duplicates

    def story_articles(self, story_id: str) -> tuple[list[Article], int]:
        """A story's stored articles in id order, and the number of duplicates linked to them."""
        rows = self.db.execute(f"SELECT {self._ARTICLE_COLUMNS} FROM story_articles sa JOIN articles a"
                               " ON a.id = sa.article_id WHERE sa.story_id = ? ORDER BY a.id", (story_id,))
        articles = [self._article(r) for r in rows]
        duplicates = self.db.execute("SELECT count(*) FROM duplicates d JOIN story_articles sa"
                                     " ON sa.article_id = d.article_id WHERE sa.story_id = ?",
                                     (story_id,)).fetchone()[0]
        return articles, duplicates

    def story_title(self, story_id: str) -> Optional[str]:
        row = self.db.execute("SELECT title FROM stories WHERE id = ?", (story_id,)).fetchone()
        return row[0] if row else None

    def input_titled(self) -> set[int]:
        """Ids of the articles whose title the input gave (not one inferred from the text's first line)."""
        return {r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE title IS NOT NULL AND json_extract(meta_origin, '$.title') = 'input'")}

    def cluster_inputs(self) -> list[tuple[int, str, Optional[str], Optional[str]]]:
        """(id, ext_id, title, published) of every stored article, in id order (no text)."""
        return self.db.execute("SELECT id, ext_id, title, published FROM articles ORDER BY id").fetchall()

    def iter_texts(self, ids: list[int], batch: int = 500) -> Iterator[tuple[int, Optional[str], str]]:
        """(id, title, text) of the given articles, read `batch` at a time (ids in the order given)."""
        for start in range(0, len(ids), batch):
            part = ids[start:start + batch]
            rows = dict((r[0], r[1:]) for r in self.db.execute(
                f"SELECT id, title, text FROM articles WHERE id IN ({','.join('?' * len(part))})", part))
            yield from ((i, *rows[i]) for i in part if i in rows)

    # -- clustering features (cluster.py) -------------------------------------------------------
    def iter_paragraph_blobs(self, ids: list[int], batch: int = 500) -> Iterator[tuple[int, Optional[bytes]]]:
        """(id, paragraph hashes stored at ingest, or None) of the given articles, in the order given."""
        for start in range(0, len(ids), batch):
            part = ids[start:start + batch]
            rows = dict(self.db.execute(
                f"SELECT id, paragraphs FROM articles WHERE id IN ({','.join('?' * len(part))})", part))
            yield from ((i, rows[i]) for i in part if i in rows)

    def cluster_paragraph_keys(self) -> list[tuple[int, bytes, int]]:
        """(article_id, paragraph hashes, repeated_key) of every article with stored features."""
        return self.db.execute("SELECT article_id, paragraphs, repeated_key FROM cluster_features").fetchall()

    def iter_cluster_features(self) -> Iterator[tuple[int, int, int, bytes]]:
        """(article_id, own_words, page, terms) of every article with stored features, in id order."""
        yield from self.db.execute("SELECT article_id, own_words, page, terms FROM cluster_features"
                                   " ORDER BY article_id")

    def cluster_terms(self) -> list[tuple[int, str]]:
        return self.db.execute("SELECT id, term FROM cluster_terms").fetchall()

    def save_cluster_features(self, terms: list[tuple[int, str]],
                              rows: list[tuple[int, bytes, int, int, int, bytes]]) -> None:
        """New vocabulary entries (id, term) and feature rows (article_id, paragraphs, repeated_key,
        own_words, page, terms), replacing an article's earlier row."""
        with self.transaction():
            self.db.executemany("INSERT INTO cluster_terms (id, term) VALUES (?, ?)", terms)
            self.db.executemany("INSERT OR REPLACE INTO cluster_features (article_id, paragraphs, repeated_key,"
                                " own_words, page, terms) VALUES (?,?,?,?,?,?)", rows)

    # -- per-article sentence analyses (briefing/memo/analysis.py) -------------------------------
    def article_analyses(self, article_ids: list[int], version: str) -> dict[int, str]:
        """article id -> stored analysis (JSON) of those of `article_ids` analysed with `version`."""
        found: dict[int, str] = {}
        for i in range(0, len(article_ids), 500):
            chunk = article_ids[i:i + 500]
            found.update(self.db.execute(
                f"SELECT article_id, analysis FROM article_analyses WHERE version = ?"
                f" AND article_id IN ({','.join('?' * len(chunk))})", [version, *chunk]))
        return found

    def save_article_analyses(self, version: str, rows: list[tuple[int, str]]) -> None:
        """Stores (article id, analysis JSON) rows made with `version`, replacing earlier ones."""
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO article_analyses (article_id, version, analysis)"
                                " VALUES (?,?,?)", [(a, version, blob) for a, blob in rows])

    # -- stories -----------------------------------------------------------------------------
    def story_assignments(self) -> dict[int, str]:
        return dict(self.db.execute("SELECT article_id, story_id FROM story_articles"))

    def story_ids(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT id FROM stories")}

    def add_story(self, story_id: str, title: str) -> None:
        now = _now()
        self.db.execute("INSERT INTO stories (id, title, created_at, updated_at) VALUES (?,?,?,?)",
                        (story_id, title, now, now))

    def set_story_title(self, story_id: str, title: str) -> None:
        self.db.execute("UPDATE stories SET title = ?, updated_at = ? WHERE id = ? AND title != ?",
                        (title, _now(), story_id, title))

    def touch_story(self, story_id: str) -> None:
        self.db.execute("UPDATE stories SET updated_at = ? WHERE id = ?", (_now(), story_id))

    def assign(self, pairs: list[tuple[int, str, float]]) -> None:
        """Assigns articles to stories: (article_id, story_id, score); never moves an assigned one."""
        now = _now()
        self.db.executemany(
            "INSERT OR IGNORE INTO story_articles (article_id, story_id, score, assigned_at) VALUES (?,?,?,?)",
            [(a, s, sc, now) for a, s, sc in pairs])

    def list_stories(self, story_ids: Optional[Iterable[str]] = None) -> list[Story]:
        """Stories with their members (canonical articles, then linked duplicates), largest first."""
        members: dict[str, list] = {}
        meta: dict[str, dict] = {}
        rows = self.db.execute(
            """SELECT sa.story_id, a.ext_id, a.outlet, a.published, a.id, 0 FROM story_articles sa
                   JOIN articles a ON a.id = sa.article_id
               UNION ALL
               SELECT sa.story_id, d.ext_id, d.outlet, d.published, d.article_id, 1 FROM story_articles sa
                   JOIN duplicates d ON d.article_id = sa.article_id
               ORDER BY 1, 5, 6, 2""")
        for story_id, ext_id, outlet, published, _, _ in rows:
            members.setdefault(story_id, []).append(ext_id)
            m = meta.setdefault(story_id, {"outlets": [], "dates": []})
            if outlet and outlet not in m["outlets"]:
                m["outlets"].append(outlet)
            if published:
                m["dates"].append(published[:10])
        titles = dict(self.db.execute("SELECT id, title FROM stories"))
        wanted = set(story_ids) if story_ids is not None else None
        stories = []
        for story_id, ext_ids in members.items():
            if wanted is not None and story_id not in wanted:
                continue
            dates = meta[story_id]["dates"]
            stories.append(Story(id=story_id, title=titles.get(story_id, ""), article_ids=ext_ids,
                                 outlets=sorted(meta[story_id]["outlets"]),
                                 first_published=min(dates) if dates else None,
                                 last_published=max(dates) if dates else None))
        stories.sort(key=lambda s: (-s.size, -(int((s.last_published or "0").replace("-", "")[:8] or 0)), s.id))
        return stories

    def story_ids_for_ext_ids(self, ext_ids: Iterable[str]) -> set[str]:
        ids = list(ext_ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(
                f"""SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id
                    WHERE a.ext_id IN ({marks})
                    UNION SELECT sa.story_id FROM story_articles sa JOIN duplicates d ON d.article_id = sa.article_id
                    WHERE d.ext_id IN ({marks})""", chunk + chunk))
        return found

    # -- model writers: response cache and memo log ---------------------------------------------
    def response_cache(self) -> "ResponseCacheOnStore":
        """The model writers' response cache in this database, usable from any thread."""
        return ResponseCacheOnStore(self.path)

    def log_memo(self, story_id: str, writing: dict, seconds: float) -> None:
        self.db.execute(
            "INSERT INTO memo_log (story_id, writer, model, fallback, calls, cached, prompt_tokens,"
            " completion_tokens, model_seconds, seconds, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (story_id, writing.get("writer") or "", writing.get("model") or None, writing.get("fallback"),
             int(writing.get("calls", 0)), int(writing.get("cached", 0)), int(writing.get("prompt_tokens", 0)),
             int(writing.get("completion_tokens", 0)), float(writing.get("model_seconds", 0.0)), seconds, _now()))

    def memo_stats(self, since: Optional[str] = None) -> list[dict]:
        """Per writer and model: memos, fallbacks, calls, cache hits, tokens and seconds (sums)."""
        rows = self.db.execute(
            """SELECT writer, COALESCE(model, ''), count(*), count(fallback), sum(calls), sum(cached),
                      sum(prompt_tokens), sum(completion_tokens), sum(model_seconds), sum(seconds),
                      min(created_at), max(created_at)
               FROM memo_log WHERE created_at >= ? GROUP BY 1, 2 ORDER BY 1, 2""", (since or "",))
        keys = ("writer", "model", "memos", "fallbacks", "calls", "cached", "prompt_tokens", "completion_tokens",
                "model_seconds", "seconds", "first", "last")
        return [dict(zip(keys, r)) for r in rows]

    def recent_memos(self, limit: int = 10) -> list[dict]:
        rows = self.db.execute(
            "SELECT story_id, writer, COALESCE(model, ''), fallback, calls, cached, prompt_tokens, completion_tokens,"
            " model_seconds, seconds, created_at FROM memo_log ORDER BY id DESC LIMIT ?", (limit,))
        keys = ("story_id", "writer", "model", "fallback", "calls", "cached", "prompt_tokens", "completion_tokens",
                "model_seconds", "seconds", "created_at")
        return [dict(zip(keys, r)) for r in rows]


    # -- scheduled runs: fetch state, briefed state, pruning -----------------------------------
    def fetch_state(self, url: str) -> Optional[dict]:
        row = self.db.execute("SELECT kind, etag, last_modified, status, error, failures, checked_at, ok_at"
                              " FROM fetch_state WHERE url = ?", (url,)).fetchone()
        keys = ("kind", "etag", "last_modified", "status", "error", "failures", "checked_at", "ok_at")
        return dict(zip(keys, row)) if row else None

    def record_fetch(self, url: str, kind: str, *, status: Optional[int] = None, error: Optional[str] = None,
                     etag: Optional[str] = None, last_modified: Optional[str] = None,
                     keep_validators: bool = False) -> None:
        """One attempt at `url`: a success (error None) stores the validators and clears the failure
        count; a failure keeps the old validators and counts one more failure. With
        `keep_validators`, a success leaves the stored validators as they were (the feed's entries
        were not all read, so the next run must fetch it whole again)."""
        now = _now()
        if error is None:
            self.db.execute(
                "INSERT INTO fetch_state (url, kind, etag, last_modified, status, error, failures, checked_at, ok_at)"
                " VALUES (?,?,?,?,?,NULL,0,?,?) ON CONFLICT(url) DO UPDATE SET kind = excluded.kind,"
                " etag = CASE WHEN ? THEN fetch_state.etag ELSE excluded.etag END,"
                " last_modified = CASE WHEN ? THEN fetch_state.last_modified ELSE excluded.last_modified END,"
                " status = excluded.status, error = NULL, failures = 0, checked_at = excluded.checked_at,"
                " ok_at = excluded.ok_at",
                (url, kind, None if keep_validators else etag, None if keep_validators else last_modified,
                 status, now, now, int(keep_validators), int(keep_validators)))
        else:
            self.db.execute(
                "INSERT INTO fetch_state (url, kind, status, error, failures, checked_at) VALUES (?,?,?,?,1,?)"
                " ON CONFLICT(url) DO UPDATE SET status = excluded.status, error = excluded.error,"
                " failures = fetch_state.failures + 1, checked_at = excluded.checked_at",
                (url, kind, status, error, now))

    def every_known_ext_id(self) -> set[str]:
        """Every id stored, linked as a duplicate, or pruned."""
        return {r[0] for r in self.db.execute(
            "SELECT ext_id FROM articles UNION ALL SELECT ext_id FROM duplicates UNION ALL SELECT ext_id FROM pruned")}

    def every_text_hash(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT text_hash FROM articles")}

    def known_ext_ids(self, ext_ids: Iterable[str]) -> set[str]:
        """Those of `ext_ids` already stored, linked as duplicates, or pruned."""
        ids = list(dict.fromkeys(ext_ids))
        found: set[str] = set()
        for i in range(0, len(ids), 300):
            chunk = ids[i:i + 300]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(
                f"SELECT ext_id FROM articles WHERE ext_id IN ({marks}) UNION SELECT ext_id FROM duplicates"
                f" WHERE ext_id IN ({marks}) UNION SELECT ext_id FROM pruned WHERE ext_id IN ({marks})",
                chunk * 3))
        return found

    def known_links(self, urls: Iterable[str]) -> set[tuple[str, str]]:
        """(url, title) of the stored articles and linked duplicates whose link is one of `urls`: a
        feed entry is recognised by them when the feed gives it a new id on every fetch."""
        wanted = sorted(set(urls))
        found: set[tuple[str, str]] = set()
        for i in range(0, len(wanted), 300):
            chunk = wanted[i:i + 300]
            marks = ",".join("?" * len(chunk))
            found.update((r[0], r[1] or "") for r in self.db.execute(
                f"SELECT url, title FROM articles WHERE url IN ({marks})"
                f" UNION SELECT url, title FROM duplicates WHERE url IN ({marks})", chunk * 2))
        return found

    def briefed_stories(self) -> dict[str, dict]:
        """story id -> {size, entry, change, run_id, briefed_at} of the memo last written for it."""
        rows = self.db.execute("SELECT story_id, size, entry, change, run_id, briefed_at FROM briefed_stories")
        return {r[0]: {"size": r[1], "entry": json.loads(r[2]), "change": r[3], "run_id": r[4], "briefed_at": r[5]}
                for r in rows}

    def unbriefed_counts(self) -> dict[str, int]:
        """story id -> how many of its articles no written memo has covered yet (stories with any)."""
        return dict(self.db.execute(
            "SELECT sa.story_id, count(*) FROM story_articles sa LEFT JOIN briefed_articles b"
            " ON b.article_id = sa.article_id WHERE b.article_id IS NULL GROUP BY sa.story_id"))

    def briefed_article_ids(self, story_id: str) -> set[int]:
        return {r[0] for r in self.db.execute("SELECT article_id FROM briefed_articles WHERE story_id = ?",
                                              (story_id,))}

    def mark_briefed(self, story_id: str, article_ids: Iterable[int], size: int, entry: dict, change: str,
                     run_id: str) -> None:
        """Records, in one transaction, that the memo covering these articles was written."""
        with self.transaction():
            self.db.executemany("INSERT OR REPLACE INTO briefed_articles (article_id, story_id, run_id) VALUES (?,?,?)",
                                [(a, story_id, run_id) for a in article_ids])
            self.db.execute("INSERT OR REPLACE INTO briefed_stories (story_id, size, entry, change, run_id, briefed_at)"
                            " VALUES (?,?,?,?,?,?)",
                            (story_id, size, json.dumps(entry, ensure_ascii=False), change, run_id, _now()))

    def unindexed_runs(self) -> set[str]:
        """Runs that wrote memos but not the index after them (killed half-way)."""
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT run_id FROM briefed_stories WHERE run_id NOT IN (SELECT run_id FROM indexed_runs)")}

    def mark_indexed(self, run_id: str, covered: Iterable[str]) -> None:
        """Records that the index written by `run_id` showed the memos of the runs `covered`; runs
        no written memo refers to any more are forgotten."""
        with self.transaction():
            self.db.executemany("INSERT OR IGNORE INTO indexed_runs (run_id, indexed_at) VALUES (?, ?)",
                                [(r, _now()) for r in sorted({run_id, *covered})])
            self.db.execute("DELETE FROM indexed_runs WHERE run_id != ? AND run_id NOT IN "
                            "(SELECT run_id FROM briefed_stories)", (run_id,))

    def prune(self, cutoff: str) -> tuple[int, list[str]]:
        """Deletes articles published (else ingested) before `cutoff` (ISO date) and any whose id was
        pruned before (an old file ingested again), remembering their ids so they are not stored again;
        deletes stories left without articles. Returns (articles deleted, story ids deleted)."""
        with self.transaction():
            doomed = self.db.execute(
                "SELECT id, ext_id FROM articles WHERE COALESCE(published, ingested_at) < ?"
                " OR ext_id IN (SELECT ext_id FROM pruned)", (cutoff,)).fetchall()
            if not doomed:
                return 0, []
            now = _now()
            self.db.executemany("INSERT OR IGNORE INTO pruned (ext_id, pruned_at) VALUES (?, ?)",
                                [(ext_id, now) for _, ext_id in doomed])
            self.db.executemany(
                "INSERT OR IGNORE INTO pruned (ext_id, pruned_at) SELECT ext_id, ? FROM duplicates WHERE article_id = ?",
                [(now, i) for i, _ in doomed])
            self.db.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i, _ in doomed])
            emptied = [r[0] for r in self.db.execute(
                "SELECT id FROM stories WHERE id NOT IN (SELECT DISTINCT story_id FROM story_articles)")]
            self.db.executemany("DELETE FROM stories WHERE id = ?", [(s,) for s in emptied])
        return len(doomed), emptied


class ResponseCacheOnStore:
    """The model writers' response cache (`writers.model.ResponseCache`) in the database file.

    Writers call it from worker threads (`briefing run` with a concurrent writer), so each
    thread gets its own connection to the same file; WAL lets them read while one writes.
    """

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
        return db

    def get(self, key: str) -> Optional[dict]:
        row = self._db().execute("SELECT response FROM model_responses WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, key: str, value: dict) -> None:
        self._db().execute("INSERT OR REPLACE INTO model_responses (key, writer, model, response, created_at)"
                           " VALUES (?,?,?,?,?)", (key, value.get("writer", ""), value.get("model", ""),
                                                   json.dumps(value), _now()))
