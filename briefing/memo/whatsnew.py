"""The "New since the last briefing" part of a rewritten memo: claims citing only new articles.

When `briefing run` rewrites the memo of a story that gained articles, the new articles (those
no earlier memo of the story covered) are summarised on their own: the salience selector
(`briefing/memo/salience.py`, the extractive writer's) picks their most informative sentences within
NEW_WORDS words, each shown like an extractive claim and citing exactly that sentence. The part
becomes the memo's first section (`Section(key="new")`), and the sources it cites are numbered
into the memo's source list: an article the memo already cites keeps its number; one listed as
"not cited" becomes a cited source numbered after the others.

No sentence is shown twice: a core claim (bottom line, key point) that only new articles state is
marked new in place (`Claim.new`, "New:" in the layouts), and the part keeps only the new facts the
core does not show (`fusion.drop_reshown`); with none left, the memo has no such part.
"""
from __future__ import annotations

from typing import Optional

from ..models import Article, Citation, Claim, Memo, Section, Source
from .fusion import CORE_KINDS
from .salience import clean_claim_text, is_usable, select_summary

KEY = "new"
HEADING = "New since the last briefing"
NEW_WORDS = 90          # the part's length, in words of claim text
MAX_ARTICLES = 60       # most recent new articles read (the evidence budget's size)


def new_since_claims(new_articles: list[Article], analyses: Optional[dict[int, list]] = None) -> list[Claim]:
    """Claims summarising `new_articles`, each citing one of their sentences, most important first.
    `analyses` (article db id -> `briefing.memo.analysis` analysis, e.g. the story's, just read or made
    for its memo) spares reading those articles' sentences again; the claims are the same."""
    articles = sorted(new_articles, key=lambda a: (a.published or "", a.db_id or 0), reverse=True)[:MAX_ARTICLES]
    articles = [a for a in articles if a.sentences]
    if not articles:
        return []
    docs = [a.sentence_texts() for a in articles]
    known = [(analyses or {}).get(a.db_id) or () for a in articles]
    chosen = select_summary(docs, NEW_WORDS, [a.published for a in articles], known)
    if not chosen:  # nothing the selector could use: each article's first usable sentence
        chosen = [(i, next(j for j, s in enumerate(doc) if is_usable(s) or j == len(doc) - 1))
                  for i, doc in enumerate(docs)][:3]
    claims = []
    for i, j in chosen:
        article, quote = articles[i], docs[i][j]
        text = clean_claim_text(quote)
        if not text.strip():
            continue
        claims.append(Claim(text=text, kind="new", citations=[Citation(
            article_id=article.ext_id, sentence=article.sentences[j].index, quote=quote)]))
    return claims


def add_new_since(memo: Memo, new_articles: list[Article], analyses: Optional[dict[int, list]] = None) -> Memo:
    """Marks the core claims only new articles state (`Claim.new`) and adds the part to `memo`
    (first among its sections) when there are new articles and claims; `fusion.drop_reshown`
    then takes out of it what the core already shows, and the part itself when nothing is left."""
    fresh = {a.ext_id for a in new_articles}
    for claim in memo.summary:
        if claim.kind in CORE_KINDS and claim.citations and all(c.article_id in fresh for c in claim.citations):
            claim.new = True
    claims = new_since_claims(new_articles, analyses)
    if not claims:
        return memo
    by_id = {a.ext_id: a for a in new_articles}
    numbers = _SourceNumbers(memo.sources)
    for claim in claims:
        for c in claim.citations:
            c.source = numbers.cite(by_id[c.article_id])
    memo.sources = numbers.sources()
    memo.sections.insert(0, Section(key=KEY, heading=HEADING, claims=claims))
    return memo


class _SourceNumbers:
    """The memo's source list, where citing an uncited article makes it the next cited source."""

    def __init__(self, sources: list[Source]):
        self.cited = [s for s in sources if s.cited]
        self.uncited = [s for s in sources if not s.cited]

    def cite(self, article: Article) -> int:
        for s in self.cited:
            if s.article_id == article.ext_id:
                return s.number
        found = next((s for s in self.uncited if s.article_id == article.ext_id), None)
        if found is not None:
            self.uncited.remove(found)
        else:
            found = Source(number=0, article_id=article.ext_id, title=article.title, outlet=article.outlet,
                           published=article.published, url=article.url, path=article.source_path)
        found.cited = True
        found.number = len(self.cited) + 1
        self.cited.append(found)
        return found.number

    def sources(self) -> list[Source]:
        for n, s in enumerate(self.uncited, len(self.cited) + 1):
            s.number = n
        return self.cited + self.uncited


def new_articles_of(articles: list[Article], briefed_ids: set[int]) -> Optional[list[Article]]:
    """The articles no earlier memo covered; None when no memo of the story was written before."""
    if not briefed_ids:
        return None
    return [a for a in articles if a.db_id not in briefed_ids]
