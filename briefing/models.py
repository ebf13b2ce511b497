"""The data that flows through the pipeline: plain dataclasses, no behaviour beyond helpers."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from .errors import EXIT_FATAL, EXIT_OK, EXIT_PARTIAL


class Sentence(NamedTuple):
    """One sentence of an article: character offsets into the article text (end exclusive).
    A named tuple, not a frozen dataclass: an ingest makes tens of them an article, and a frozen
    dataclass takes two to three times as long to make."""

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
    "too-large", "no-text", "unsupported", "unreadable", "duplicate-id", "boilerplate",
    "not-a-file", "outside-folder",
)
# Pages that are not articles (a share widget, a cookie or web-archive notice, an error page):
# reported by name and reason like any rejection, but they do not make a run fail.
NOT_ARTICLE_REASONS = ("boilerplate",)


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
    unchanged: list[str] = field(default_factory=list)  # ext_ids already stored with the same text, or pruned
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
        """Nothing was rejected, except pages that are not articles (NOT_ARTICLE_REASONS)."""
        return all(r.reason in NOT_ARTICLE_REASONS for r in self.rejected)

    def exit_code(self) -> int:
        """0 when nothing was rejected (but pages that are not articles); 3 when files were given and
        nothing could be read at all, every one unreadable; else 1."""
        if self.files_seen and not (self.stored or self.unchanged or self.duplicates) and self.rejected:
            return EXIT_FATAL if all(r.reason == "unreadable" for r in self.rejected) else EXIT_PARTIAL
        return EXIT_OK if self.ok else EXIT_PARTIAL

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

    def date_range(self, joiner: str = " to ") -> str:
        """"2024-01-02", "2024-01-02 to 2024-01-09", or "" when no member is dated."""
        if not self.first_published:
            return ""
        if self.first_published == self.last_published:
            return self.first_published
        return f"{self.first_published}{joiner}{self.last_published}"

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


# -- memos -----------------------------------------------------------------------------------
@dataclass
class Citation:
    """A pointer to one stored source sentence: `quote` is that sentence exactly as stored."""

    article_id: str  # the article's ext_id
    sentence: int  # index into the article's sentences
    quote: str
    source: int = 0  # number of the article in the memo's source list (the [n] marker)
    support: Optional[float] = None  # verifier's support score, when verified

    def to_dict(self) -> dict:
        d = {"article_id": self.article_id, "sentence": self.sentence, "quote": self.quote, "source": self.source}
        if self.support is not None:
            d["support"] = round(self.support, 3)
        return d


@dataclass
class Claim:
    """One statement of a memo with the sentences that support it.

    `kind` says which part of the memo it belongs to (headline, bottom-line, key-point, event,
    statement, difference); `date` (a label) and `date_key` (sortable ISO prefix, e.g. "2025-01")
    are set on timeline events; `speaker`/`role`/`outlet` on statements; `group` pairs claims that
    disagree in "where sources differ".
    """

    text: str
    citations: list[Citation] = field(default_factory=list)
    kind: str = "key-point"
    date: Optional[str] = None
    date_key: Optional[str] = None
    speaker: Optional[str] = None
    role: Optional[str] = None
    outlet: Optional[str] = None
    group: Optional[int] = None
    # on a difference's side: its article's publication date, and True on the later report (early
    # counts are often revised)
    published: Optional[str] = None
    later: Optional[bool] = None
    # set by the verifier (briefing.verify): "supported" once checked, and what it did to publish
    # the claim: {"action": "re-cited" | "rewritten", "problems": [...], "original": text}
    verdict: Optional[str] = None
    repair: Optional[dict] = None
    # core claims only (briefing.memo.fusion): {"outlets": n, "articles": m} that state this fact in the
    # story's evidence; one outlet means the claim is single-source
    corroboration: Optional[dict] = None
    # who worded it: "model" (the writer's model) or "source" (a source sentence, lightly cleaned, or
    # a title); set for a memo's claims (briefing.memo), "source" again when the verifier rewrites one
    origin: Optional[str] = None
    # core claims of a rewritten memo (briefing.memo.whatsnew): True when only articles no earlier memo
    # of the story covered state it
    new: Optional[bool] = None

    @property
    def markers(self) -> list[int]:
        """Distinct source numbers of the citations, in order: the [n] markers of this claim."""
        seen: list[int] = []
        for c in self.citations:
            if c.source not in seen:
                seen.append(c.source)
        return seen

    def to_dict(self) -> dict:
        d: dict = {"text": self.text, "citations": [c.to_dict() for c in self.citations], "kind": self.kind}
        for key in ("date", "date_key", "speaker", "role", "outlet", "group", "published", "later", "verdict",
                    "repair", "corroboration", "origin", "new"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        return d


@dataclass
class Section:
    key: str  # stable machine name: key-points, timeline, statements, differences
    heading: str
    claims: list[Claim] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"key": self.key, "heading": self.heading, "claims": [c.to_dict() for c in self.claims]}


@dataclass
class Source:
    """One numbered entry of a memo's source list."""

    number: int
    article_id: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    path: Optional[str] = None
    cited: bool = True

    def to_dict(self) -> dict:
        return dict(self.__dict__)


# how long writing took: recorded for `briefing stats`, kept out of the memo itself, whose bytes
# depend only on its inputs (not on the machine's load)
TIMINGS = ("seconds", "model_seconds")


@dataclass
class Memo:
    """A story's briefing memo as data: every claim cites stored sentences; rendering comes later.

    `summary` holds the bottom line (kind "bottom-line") then the key points (kind "key-point"),
    most important first; `sections` hold the timeline, who said what and where sources differ.
    """

    story_id: str
    title: str
    headline: Optional[Claim]
    summary: list[Claim]
    sections: list[Section]
    sources: list[Source]
    coverage: dict
    writer: str
    # how it was written: writer, model, parts, fallback (reason or None), calls, cached,
    # prompt_tokens, completion_tokens, model_seconds; the extractive writer leaves only `writer`
    writing: dict = field(default_factory=dict)
    # what the verifier did (briefing.verify): claims checked, supported as written, re-cited,
    # rewritten, dropped (with the dropped claims and why); empty when not verified
    verification: dict = field(default_factory=dict)

    @property
    def fallback(self) -> Optional[str]:
        """Why the named writer could not write this memo and the extractive writer did, if so."""
        return self.writing.get("fallback")

    def claims(self) -> list[Claim]:
        """Every claim of the memo, headline first, in reading order."""
        return ([self.headline] if self.headline else []) + self.summary + [c for s in self.sections
                                                                              for c in s.claims]

    @property
    def bottom_line(self) -> list[Claim]:
        return [c for c in self.summary if c.kind == "bottom-line"]

    @property
    def key_points(self) -> list[Claim]:
        return [c for c in self.summary if c.kind != "bottom-line"]

    def section(self, key: str) -> Optional[Section]:
        return next((s for s in self.sections if s.key == key), None)

    def to_dict(self) -> dict:
        """The JSON shape: {"memo": {...}, "sources": [...]} as `briefing memo --json` prints it."""
        return {
            "memo": {
                "story_id": self.story_id,
                "title": self.title,
                "headline": self.headline.to_dict() if self.headline else None,
                "summary": [c.to_dict() for c in self.summary],
                "sections": [s.to_dict() for s in self.sections],
                "coverage": self.coverage,
                "writer": self.writer,
                "writing": {k: v for k, v in (self.writing or {"writer": self.writer}).items()
                            if k not in TIMINGS},
                **({"verification": self.verification} if self.verification else {}),
            },
            "sources": [s.to_dict() for s in self.sources],
        }
