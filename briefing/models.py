"""The data that flows through the pipeline: plain dataclasses, no behaviour beyond helpers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article: character offsets into the article text (end exclusive)."""

    index: int
    start: int
    end: int

    def text_of(self, article_text: str) -> str:
        return article_text[self.start:self.end]


@dataclass
class Article:
    """A news article as read from one input, with the metadata it had or that was found in its text.

    `ext_id` is the id the input gave (or the stable id documented in the README); `meta_origin`
    says where each inferred field came from (e.g. {"outlet": "dateline"}), so nothing inferred
    passes as given.
    """

    ext_id: str
    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None  # ISO 8601 date or datetime; None when unknown
    language: Optional[str] = None
    place: Optional[str] = None  # dateline place, e.g. "MOSCOW"
    source_path: Optional[str] = None
    meta_origin: dict = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)
    db_id: Optional[int] = None

    def sentence_texts(self) -> list[str]:
        return [s.text_of(self.text) for s in self.sentences]


@dataclass(frozen=True)
class Rejection:
    """An input (file, or one record inside a file) that was not stored, and why."""

    path: str
    reason: str  # one of REJECTION_REASONS
    detail: str = ""
    record: Optional[str] = None  # which record inside the file, when the file holds many


REJECTION_REASONS = (
    "empty", "binary", "undecodable", "malformed-json", "malformed-feed", "malformed-html",
    "too-large", "no-text", "unsupported", "unreadable", "duplicate-id",
)


@dataclass(frozen=True)
class Duplicate:
    """An input whose text is already stored: linked to the stored article, not stored twice."""

    path: str
    ext_id: str
    canonical_ext_id: str
    kind: str  # "exact" or "near"
    similarity: float


@dataclass
class IngestReport:
    """What one ingest call did with each input."""

    stored: list[str] = field(default_factory=list)  # ext_ids newly stored
    unchanged: list[str] = field(default_factory=list)  # ext_ids already stored with the same text
    duplicates: list[Duplicate] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    files_seen: int = 0

    def merge(self, other: "IngestReport") -> None:
        self.stored += other.stored
        self.unchanged += other.unchanged
        self.duplicates += other.duplicates
        self.rejected += other.rejected
        self.files_seen += other.files_seen

    @property
    def ok(self) -> bool:
        return not self.rejected

    def to_dict(self) -> dict:
        return {
            "files_seen": self.files_seen,
            "stored": len(self.stored),
            "unchanged": len(self.unchanged),
            "duplicates": [d.__dict__ for d in self.duplicates],
            "rejected": [r.__dict__ for r in self.rejected],
        }


@dataclass
class Story:
    """A group of articles about the same event or developing story; `id` is stable across runs."""

    id: str
    title: str
    article_ids: list[str]  # ext_ids, canonical articles and their linked duplicates
    outlets: list[str] = field(default_factory=list)
    first_published: Optional[str] = None
    last_published: Optional[str] = None

    @property
    def size(self) -> int:
        return len(self.article_ids)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "article_ids": self.article_ids,
            "size": self.size,
            "outlets": self.outlets,
            "first_published": self.first_published,
            "last_published": self.last_published,
        }
