"""Evidence: the story's sentences a writer may use, ranked and numbered, within a fixed budget.

Whatever the story's size, the evidence is bounded (`budget`): at most MAX_ARTICLES articles (the
most central ones, by their lede's similarity to the story's) and MAX_SENTENCES_PER_ARTICLE
sentences of each, so selection, writing and verification cost the same for 10 articles or 10,000.
Each evidence sentence keeps its article and sentence index (what a citation points at), its
stored text, the form a memo shows (`clean`), its salience, the date of its event and who
said it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Optional

from ..models import Article
from ..stopwords import OVERLAP_STOP
from .analysis import analyse_article, article_texts
from .budget import budget_articles
from .salience import summarise

if TYPE_CHECKING:
    from .attribution import Attribution
    from .dates import DateMention

SUMMARY_WORDS = 100   # bottom line and first key points: the memo's core, most important first
KEY_POINT_WORDS = 260  # the summary grows to this many words with further key points

_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class EvidenceSentence:
    number: int  # 1-based: the number a writer cites
    article: int  # index into Evidence.articles
    sentence: int  # index of the sentence in its article (Sentence.index)
    text: str  # exactly as stored: the citation's quote
    clean: str  # as a memo shows it (dateline dropped, white space collapsed)
    salience: float
    usable: bool
    date: Optional["DateMention"] = None
    said_by: Optional["Attribution"] = None


@dataclass
class Evidence:
    story_id: str
    title: str
    articles: list[Article]
    sentences: list[EvidenceSentence]
    summary: list[int] = field(default_factory=list)  # evidence numbers, most important first
    articles_total: int = 0  # articles in the story, before the budget

    def get(self, number: int) -> Optional[EvidenceSentence]:
        return self.sentences[number - 1] if 1 <= number <= len(self.sentences) else None

    def ranked(self) -> list[EvidenceSentence]:
        """Usable sentences, most salient first (ties: earlier article, earlier sentence)."""
        return sorted((e for e in self.sentences if e.usable),
                      key=lambda e: (-e.salience, e.article, e.sentence))


def select_evidence(story_id: str, title: str, articles: list[Article],
                    analyses: Optional[dict[int, list]] = None) -> Evidence:
    """Ranks and numbers the sentences of a story's articles (see the module docstring).

    `analyses` (article db id -> `analysis.analyse_article`, e.g. read back from the
    store by `analysis.story_analyses`) spares analysing those articles again; any article it
    lacks is analysed here. The evidence is the same either way."""
    reuse = getattr(analyses, "articles", None) is articles  # analysis.StoryAnalyses of this very list
    chosen = analyses.budget if reuse else budget_articles(articles)
    docs = [article_texts(a) for a in chosen]
    known = [(analyses or {}).get(a.db_id) or analyse_article(a) for a in chosen]
    picked, salience = summarise(docs, KEY_POINT_WORDS, [a.published for a in chosen], known) if docs else ([], [])
    sentences: list[EvidenceSentence] = []
    index: dict[tuple[int, int], int] = {}
    for ai, (article, texts, facts) in enumerate(zip(chosen, docs, known)):
        for si, (text, fact) in enumerate(zip(texts, facts)):
            number = len(sentences) + 1
            index[(ai, si)] = number
            sentences.append(EvidenceSentence(
                number=number, article=ai, sentence=article.sentences[si].index, text=text,
                clean=fact.clean, salience=float(salience[ai][si]), usable=fact.usable,
                date=fact.date, said_by=fact.said_by))
    summary = [index[p] for p in picked if p in index]
    return Evidence(story_id=story_id, title=title, articles=chosen, sentences=sentences, summary=summary,
                    articles_total=len(articles))


@lru_cache(maxsize=8192)
def content_words(text: str) -> frozenset[str]:
    """Lower-case words of 3+ letters that are not function words: for overlap tests. Cached: a
    writer compares the same evidence sentences in several parts of one memo."""
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in OVERLAP_STOP)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two content-word sets (0 when either is empty)."""
    return len(a & b) / len(a | b) if a and b else 0.0
