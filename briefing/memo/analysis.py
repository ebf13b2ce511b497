"""What a memo needs to know about each sentence of an article, computed once per article and kept.

Evidence selection (`evidence.py`) reads, for each of an article's first
MAX_SENTENCES_PER_ARTICLE sentences: whether a memo may use it (`salience.is_usable`), the claim
text a memo shows (`salience.clean_claim_text`), its salience concepts (`salience._concepts` of
that text, for sentences the summariser can choose), the date of its event (`dates.event_date`,
which also reads the article's publication date) and who said it (`attribution.attributions`, over
the article's sentences in order). None of it depends on the story, so it is computed once per
article, stored in the database (`Store.article_analyses`, JSON) and read back when a story is
rewritten: a story that gains one article analyses that article only. What depends on the story
(which articles fit the budget, concept weights across articles, the summary, the writer, the
verifier) is recomputed every time.

A stored analysis is used only when its `analysis_version()` matches: ANALYSIS_VERSION, the
sentence budget, and a fingerprint of the source of every module whose output it holds, so any
change to those rules recomputes the analyses instead of mixing old and new results. Rows of
deleted (pruned) articles go with them (ON DELETE CASCADE).
"""
from __future__ import annotations

import hashlib
import importlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

from .attribution import Attribution, attributions
from .dates import DateMention, event_date
from ..models import Article
from .salience import MIN_WORDS, clean_claim_text, concept_words, concepts_of, is_usable
from .budget import MAX_SENTENCES_PER_ARTICLE, budget_articles

if TYPE_CHECKING:
    from ..store.sqlite import Store

ANALYSIS_VERSION = 1  # bump when the stored layout changes
_SOURCES = ("briefing.memo.analysis", "briefing.memo.salience", "briefing.memo.compress", "briefing.memo.framing", "briefing.memo.page_noise", "briefing.memo.dates",
            "briefing.memo.attribution", "briefing.ingest.metadata", "briefing.stopwords")  # modules whose rules decide what an analysis holds


@dataclass(frozen=True)
class SentenceAnalysis:
    usable: bool                  # salience.is_usable
    clean: str                    # salience.clean_claim_text: what a memo shows
    concepts: Optional[frozenset]  # salience concepts of `clean`; None unless the summariser may choose it
    date: Optional[DateMention]   # dates.event_date with the article's publication date
    said_by: Optional[Attribution]  # attribution.attributions over the article's sentences


ArticleAnalysis = list  # list[SentenceAnalysis]: one per sentence, the article's first MAX_SENTENCES_PER_ARTICLE


@lru_cache(maxsize=1)
def analysis_version() -> str:
    """ANALYSIS_VERSION, the sentence budget and a digest of the rules' source code."""
    digest = hashlib.sha1()
    for name in _SOURCES:
        module = importlib.import_module(name)
        try:
            with open(module.__file__, "rb") as f:
                digest.update(f.read())
        except (OSError, TypeError):  # no source file (frozen install): the package version stands in
            from ..version import __version__
            digest.update(f"{name} {__version__}".encode())
    return f"{ANALYSIS_VERSION}.{MAX_SENTENCES_PER_ARTICLE}.{digest.hexdigest()[:16]}"


@lru_cache(maxsize=8192)
def _sentence(text: str) -> tuple[bool, str, Optional[frozenset]]:
    """(usable, claim text, concepts) of one sentence: the same sentence recurs across copies of a
    wire story, so a run computes it once."""
    usable = is_usable(text)
    clean = clean_claim_text(text)
    if not usable or len(clean.split()) < MIN_WORDS:
        return usable, clean, None
    return usable, clean, concepts_of(concept_words(clean))


@lru_cache(maxsize=8192)
def _stored_concepts(stems: str) -> frozenset:
    """The concepts of a stored sentence (its stems, space-separated): building the pairs is most
    of reading an analysis back, and copies of a wire story share their sentences."""
    return concepts_of(stems.split())


def article_texts(article: Article) -> list[str]:
    """The sentences evidence selection reads: the first MAX_SENTENCES_PER_ARTICLE."""
    return [article.text[s.start:s.end] for s in article.sentences[:MAX_SENTENCES_PER_ARTICLE]]


def analyse_article(article: Article) -> ArticleAnalysis:
    texts = article_texts(article)
    speakers = attributions(texts)
    out = []
    for text, said_by in zip(texts, speakers):
        usable, clean, concepts = _sentence(text)
        out.append(SentenceAnalysis(usable, clean, concepts, event_date(text, article.published), said_by))
    return out


# -- JSON: one list per sentence: [usable, clean or null (= white space collapsed), stems or null, date, said_by] --
def dumps(article: Article, analysis: ArticleAnalysis) -> str:
    rows = []
    for text, a in zip(article_texts(article), analysis):
        d, s = a.date, a.said_by
        rows.append([
            int(a.usable),
            None if a.clean == " ".join(text.split()) else a.clean,
            None if a.concepts is None else " ".join(concept_words(a.clean)),
            None if d is None else [d.start, d.end, d.year, d.month, d.day, d.precision, int(d.relative),
                                    int(d.attributive), int(d.future)],
            None if s is None else [s.speaker, s.role, int(s.quote), s.verb]])
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def loads(article: Article, blob: str) -> Optional[ArticleAnalysis]:
    """The analysis stored as `blob`; None when it is not one or does not fit the article's sentences."""
    texts = article_texts(article)
    try:
        rows = json.loads(blob)
        if not isinstance(rows, list) or len(rows) != len(texts):
            return None
        out = []
        for text, (usable, clean, stems, d, s) in zip(texts, rows):
            out.append(SentenceAnalysis(
                bool(usable), " ".join(text.split()) if clean is None else clean,
                None if stems is None else _stored_concepts(stems),
                None if d is None else DateMention(d[0], d[1], text[d[0]:d[1]], d[2], d[3], d[4], d[5], bool(d[6]),
                                                   bool(d[7]), bool(d[8])),
                None if s is None else Attribution(s[0], s[1], bool(s[2]), s[3])))
    except (ValueError, TypeError, IndexError, AttributeError):
        return None
    return out


class StoryAnalyses(dict):
    """Article db id -> analysis, for the articles the evidence budget chose (`budget`, in
    `budget.budget_articles` order) out of exactly the list `articles`: `select_evidence` given
    the same list reuses the budget instead of ranking a big story's articles again."""

    def __init__(self, articles: list[Article], budget: list[Article]):
        super().__init__()
        self.articles, self.budget = articles, budget


def story_analyses(store: "Store", articles: list[Article]) -> dict[int, ArticleAnalysis]:
    """Analyses (by article db id) of the articles evidence selection will read: stored ones as
    they are, the others computed now and stored. Runs on the store's thread; `compose` takes the
    result and never touches the store. An article whose analysis fails is left to `compose`,
    which fails that story alone, as it would without stored analyses."""
    try:
        budget = budget_articles(articles)
    except Exception:  # noqa: BLE001 - the same call in compose reports it for this story
        return {}
    chosen = [a for a in budget if a.db_id is not None]
    version = analysis_version()
    stored = store.article_analyses([a.db_id for a in chosen], version)
    found = StoryAnalyses(articles, budget)
    fresh: list[tuple[int, str]] = []
    for article in chosen:
        blob = stored.get(article.db_id)
        analysis = loads(article, blob) if blob is not None else None
        if analysis is None:
            try:
                analysis = analyse_article(article)
                fresh.append((article.db_id, dumps(article, analysis)))
            except Exception:  # noqa: BLE001 - compose analyses it again and reports the story as failed
                continue
        found[article.db_id] = analysis
    if fresh:
        store.save_article_analyses(version, fresh)
    return found
