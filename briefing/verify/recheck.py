"""Re-checking a memo file against the stored articles (`briefing verify MEMO.json`).

Reads the JSON that `briefing memo --json` prints (`{"memo": {...}, "sources": [...]}`, also
written by other tools in the same shape), resolves every citation to the stored sentence it
names (`article_id`, `sentence`; the `quote` must be there and be that sentence as a person reads
it, white space and invisible characters aside; the `source` number must name an entry of the
memo's `sources` for that article) and checks each claim against the sentences it cites, as the
memo's own verification does. Nothing is repaired: the report says which claims are unsupported
and which citations do not resolve.

The file is read as untrusted input: only a regular file of at most MAX_MEMO_BYTES, and JSON
nested too deeply to parse is "not a memo", not a crash.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from ..ingest.decode import InputError
from ..ingest.files import read_regular
from ..models import Article
from .checks import check, ordinary_words, story_words
from .reading import as_read
from ..errors import MemoFileError

MAX_MEMO_BYTES = 50 * 1024 * 1024  # a memo of a 1,000-article story is a few MB


@dataclass
class ClaimReport:
    part: str               # headline, summary, or the section's key/heading
    kind: str
    text: str
    supported: bool
    score: float
    problems: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # citations that do not resolve, and why

    @property
    def ok(self) -> bool:
        return self.supported and not self.unresolved

    def to_dict(self) -> dict:
        return {"part": self.part, "kind": self.kind, "text": self.text, "supported": self.supported,
                "score": round(self.score, 3), "problems": self.problems, "unresolved": self.unresolved}


@dataclass
class RecheckReport:
    path: str
    claims: list[ClaimReport]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.claims)

    def counts(self) -> dict:
        return {"claims": len(self.claims), "supported": sum(c.supported for c in self.claims),
                "unsupported": sum(not c.supported for c in self.claims),
                "unresolved_citations": sum(len(c.unresolved) for c in self.claims)}

    def to_dict(self) -> dict:
        return {"memo": self.path, "ok": self.ok, **self.counts(), "results": [c.to_dict() for c in self.claims]}


def load_memo_file(path: Path) -> dict:
    """The memo file's JSON (`{"memo": {...}, "sources": [...]}`), its shape checked; MemoFileError
    naming the file and the reason."""
    try:
        raw = read_regular(path, MAX_MEMO_BYTES)
    except InputError as e:
        raise MemoFileError(f"{path}: cannot read: {e.reason}" + (f" ({e.detail})" if e.detail else "")) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise MemoFileError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise MemoFileError(f"{path}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except RecursionError:
        raise MemoFileError(f"{path}: not a memo: JSON nested too deeply to read") from None
    memo = data.get("memo") if isinstance(data, dict) else None
    if not isinstance(memo, dict):
        raise MemoFileError(f"{path}: no \"memo\" object (expected the JSON of `briefing memo --json`)")
    claims = _claims(memo, path)
    if not claims:
        raise MemoFileError(f"{path}: the memo has no claims")
    sources = data.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        raise MemoFileError(f"{path}: \"sources\" is not a list of objects")
    return data


def _claims(memo: dict, path: Path) -> list[tuple[str, dict]]:
    """(part, claim dict) for every claim, headline first; MemoFileError when the shape is wrong."""
    out: list[tuple[str, dict]] = []
    headline = memo.get("headline")
    if headline is not None:
        out.append(("headline", headline))
    summary = memo.get("summary", [])
    if not isinstance(summary, list):
        raise MemoFileError(f"{path}: \"summary\" is not a list of claims")
    out.extend(("summary", c) for c in summary)
    sections = memo.get("sections", [])
    if not isinstance(sections, list):
        raise MemoFileError(f"{path}: \"sections\" is not a list")
    for i, s in enumerate(sections):
        if not isinstance(s, dict) or not isinstance(s.get("claims", []), list):
            raise MemoFileError(f"{path}: section {i + 1} is not an object with a list of claims")
        out.extend((str(s.get("key") or s.get("heading") or f"section {i + 1}"), c) for c in s.get("claims", []))
    for part, c in out:
        if not isinstance(c, dict) or not isinstance(c.get("text"), str) \
                or not isinstance(c.get("citations", []), list):
            raise MemoFileError(f"{path}: a {part} claim is not an object with \"text\" and a list of \"citations\"")
        for ct in c.get("citations", []):
            if not isinstance(ct, dict) or not isinstance(ct.get("article_id"), (str, int)):
                raise MemoFileError(f"{path}: a citation of {c['text'][:60]!r} has no \"article_id\"")
    return out


def _same_as_read(a: str, b: str) -> bool:
    return " ".join(as_read(a).split()) == " ".join(as_read(b).split())


def _source_numbers(data: dict) -> dict[int, str]:
    """source number -> the article id it names, from the memo file's `sources` list."""
    numbers: dict[int, str] = {}
    for s in data.get("sources", []):
        number = s.get("number")
        if isinstance(number, int) and not isinstance(number, bool):
            numbers[number] = str(s.get("article_id"))
    return numbers


def _words_of(article: Article, cache: dict[str, frozenset]) -> frozenset:
    """The article's ordinary words (`checks.ordinary_words`): its capitalised words that are words."""
    if article.ext_id not in cache:
        cache[article.ext_id] = ordinary_words([s.text_of(article.text) for s in article.sentences])
    return cache[article.ext_id]


def recheck(path: Path, data: dict, get_article: Callable[[str], Optional[Article]]) -> RecheckReport:
    """Checks every claim of the memo file's JSON `data` against the stored sentences its citations
    name; each citation must carry its quote and name a source of the memo's list."""
    memo = data["memo"]
    sources = _source_numbers(data)
    cache: dict[str, Optional[Article]] = {}
    words: dict[str, frozenset] = {}
    reports = []
    for part, c in _claims(memo, path):
        sentences: list[str] = []
        dated: list[str] = []   # the cited articles' publication dates (a claim's year may be theirs)
        unresolved: list[str] = []
        for ct in c.get("citations", []):
            aid = str(ct["article_id"])
            if aid not in cache:
                cache[aid] = get_article(aid)
            article = cache[aid]
            index = ct.get("sentence")
            if article is None:
                unresolved.append(f"{aid}: no such article in the database")
                continue
            if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(article.sentences):
                unresolved.append(f"{aid}: no sentence {index!r} (the article has {len(article.sentences)})")
                continue
            stored = article.sentences[index].text_of(article.text)
            quote = ct.get("quote")
            if not isinstance(quote, str) or not quote.strip():
                unresolved.append(f"{aid} sentence {index}: the citation carries no quote")
            elif not _same_as_read(quote, stored):
                unresolved.append(f"{aid} sentence {index}: the quote is not the stored sentence")
            number = ct.get("source")
            if not isinstance(number, int) or isinstance(number, bool) or number not in sources:
                unresolved.append(f"{aid} sentence {index}: source {number!r} names no source of the memo")
            elif sources[number] != aid:
                unresolved.append(f"{aid} sentence {index}: source {number} is another article ({sources[number]})")
            sentences.append(stored)
            if article.published and article.published not in dated:
                dated.append(article.published)
        if not c.get("citations"):
            unresolved.append("the claim cites nothing")
        cited = {str(ct["article_id"]) for ct in c.get("citations", [])}
        with story_words(frozenset().union(*(_words_of(cache[a], words) for a in cited if cache.get(a)))):
            verdict = check(c["text"], sentences, headline=part == "headline", dated=dated)
        reports.append(ClaimReport(part=part, kind=str(c.get("kind") or part), text=c["text"],
                                   supported=verdict.supported, score=verdict.score, problems=verdict.problems,
                                   unresolved=unresolved))
    return RecheckReport(path=str(path), claims=reports)
