"""The writer contract: evidence in, a draft of claims that cite evidence numbers out.

A writer implements one method, `write(evidence) -> Draft`. It cites evidence sentences by
their numbers (`EvidenceSentence.number`); turning those into citations with exact quotes and
numbered sources is done once, for every writer, by `briefing.memo.build_memo`, which drops
numbers that do not exist and claims left with no valid citation.

Writers are found through the `briefing.writers` entry-point group, so a third-party package
registers a writer exactly as the built-in ones are registered in pyproject.toml.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar, Optional

from ..memo.evidence import Evidence
from ..errors import WriterError as WriterError  # the writers' error (writers import it from here)


@dataclass(frozen=True)
class Limits:
    """How long a memo's core may be, for every writer (settings `bottom_line` and `key_points`):
    the bottom line in sentences, the key points in claims. `briefing.memo.fusion` enforces them."""

    bottom_line: int = 3
    key_points: int = 6

    def __post_init__(self) -> None:
        if not isinstance(self.bottom_line, int) or not isinstance(self.key_points, int) \
                or self.bottom_line < 1 or self.key_points < 0:
            raise ValueError("bottom_line must be a whole number of at least 1 and key_points of at least 0")

    @classmethod
    def of(cls, bottom_line, key_points) -> "Limits":
        """From settings as given (`-O key_points=10` arrives as text)."""
        try:
            return cls(int(bottom_line), int(key_points))
        except (TypeError, ValueError):
            raise ValueError(f"bottom_line and key_points must be whole numbers, not {bottom_line!r} and "
                             f"{key_points!r}") from None

    def to_dict(self) -> dict:
        return {"bottom_line": self.bottom_line, "key_points": self.key_points}


@dataclass
class DraftClaim:
    text: str
    refs: list[int]  # evidence numbers this claim rests on
    kind: str = "key-point"
    date: Optional[str] = None
    date_key: Optional[str] = None
    speaker: Optional[str] = None
    role: Optional[str] = None
    group: Optional[int] = None
    published: Optional[str] = None  # a difference's side: its article's publication date (YYYY-MM-DD)
    later: Optional[bool] = None     # ... True on the later of the two reports
    origin: str = "source"           # "model": worded by a model; "source": a source sentence (or title)


@dataclass
class DraftSection:
    key: str
    heading: str
    claims: list[DraftClaim] = field(default_factory=list)


@dataclass
class Draft:
    headline: Optional[DraftClaim]
    summary: list[DraftClaim]  # bottom-line claims first, then key points, most important first
    sections: list[DraftSection] = field(default_factory=list)
    # how it was written: writer, model, fallback reason, model calls, cache hits, tokens, seconds
    writing: dict = field(default_factory=dict)


class Writer(ABC):
    """Turns a story's evidence into a draft memo. Subclasses set `name` and implement `write`."""

    name: ClassVar[str] = ""
    concurrency: int = 1  # stories `briefing run` writes at once with this writer (threads)
    limits: Limits = Limits()  # the core's length; a writer taking the settings sets its own

    @abstractmethod
    def write(self, evidence: Evidence) -> Draft:
        ...

    def recipe(self) -> dict:
        """Everything about this writer that changes the memo it writes (name, model, settings):
        `briefing run` rewrites a story's memo when it differs from the one its memo was written with."""
        return {"writer": self.name, **self.limits.to_dict()}

    def entailment(self):
        """What the verifier may ask whether sentences support a claim (`briefing.verify.judge`): a
        callable taking a `briefing.prompts.Prompt` and returning (answer text, from cache), or None (the default)."""
        return None
