"""From a writer's draft to a Memo: citations with exact quotes, numbered sources, coverage.

This is the one place where evidence numbers become citations, for every writer: a number that
is not in the evidence is dropped, and a claim left without any valid citation is not published.
Sources are numbered in the order the memo first cites them; articles of the story that the
memo does not cite follow, unnumbered in the text but listed.
"""
from __future__ import annotations

from typing import Optional

from ..models import Article, Citation, Claim, Memo, Section, Source
from .evidence import Evidence
from ..writers.base import Draft, DraftClaim


def coverage(articles: list[Article], duplicates: int = 0) -> dict:
    dates = sorted(a.published[:10] for a in articles if a.published)
    outlets = sorted({a.outlet for a in articles if a.outlet})
    return {
        "articles": len(articles),
        "duplicates": duplicates,
        "outlets": outlets,
        "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "undated": len(articles) - len(dates),
    }


class _Numbering:
    def __init__(self, evidence: Evidence):
        self.evidence = evidence
        self.articles = {a.ext_id: a for a in evidence.articles}

    def citations(self, refs: list[int]) -> list[Citation]:
        """Citations of the valid, distinct evidence numbers; sources are numbered later (`number_sources`)."""
        out: list[Citation] = []
        seen: set[int] = set()
        for ref in refs:
            e = self.evidence.get(ref) if isinstance(ref, int) else None
            if e is None or ref in seen:
                continue
            seen.add(ref)
            article = self.evidence.articles[e.article]
            out.append(Citation(article_id=article.ext_id, sentence=e.sentence, quote=e.text))
        return out

    def claim(self, draft: DraftClaim) -> Optional[Claim]:
        cites = self.citations(draft.refs)
        if not cites or not draft.text.strip():
            return None
        # a statement's outlet: the article that reports it (the first valid citation's)
        outlet = self.articles[cites[0].article_id].outlet if draft.kind == "statement" else None
        return Claim(text=" ".join(draft.text.split()), citations=cites, kind=draft.kind, date=draft.date,
                     date_key=draft.date_key, speaker=draft.speaker, role=draft.role, outlet=outlet,
                     group=draft.group, published=draft.published, later=draft.later, origin=draft.origin)


def build_memo(evidence: Evidence, draft: Draft, writer: str, all_articles: Optional[list[Article]] = None,
               duplicates: int = 0) -> Memo:
    """Resolves the draft's evidence numbers into citations and numbers the sources."""
    numbering = _Numbering(evidence)
    headline = numbering.claim(draft.headline) if draft.headline else None
    summary = [c for c in (numbering.claim(d) for d in draft.summary) if c]
    sections = []
    for s in draft.sections:
        claims = [c for c in (numbering.claim(d) for d in s.claims) if c]
        if s.key == "differences":
            claims = whole_pairs(claims)
        sections.append(Section(key=s.key, heading=s.heading, claims=claims))
    articles = all_articles if all_articles is not None else evidence.articles
    title = headline.text if headline else evidence.title
    memo = Memo(story_id=evidence.story_id, title=title, headline=headline, summary=summary, sections=sections,
                sources=[_source(a) for a in articles], coverage=coverage(articles, duplicates), writer=writer,
                writing=dict(draft.writing) or {"writer": writer})
    listed = {a.ext_id for a in articles}
    cited = {c.article_id for claim in memo.claims() for c in claim.citations}
    memo.sources += [_source(a) for a in evidence.articles if a.ext_id in cited and a.ext_id not in listed]
    number_sources(memo)
    return memo


def number_sources(memo: Memo) -> None:
    """Numbers `memo.sources` in the order the memo first cites them (headline, summary, sections),
    then the articles it does not cite, oldest first, and gives every citation its source's number."""
    by_id = {s.article_id: s for s in memo.sources}
    order: list[str] = []
    for claim in memo.claims():
        for c in claim.citations:
            if c.article_id not in order and c.article_id in by_id:
                order.append(c.article_id)
    number = {a: i for i, a in enumerate(order, 1)}
    rest = sorted((s for s in memo.sources if s.article_id not in number),
                  key=lambda s: (s.published or "9999", s.article_id))
    sources: list[Source] = []
    for a in order:
        s = by_id[a]
        s.number, s.cited = number[a], True
        sources.append(s)
    for s in rest:
        s.number, s.cited = len(sources) + 1, False
        sources.append(s)
    memo.sources = sources
    for claim in memo.claims():
        for c in claim.citations:
            c.source = number.get(c.article_id, c.source)


def whole_pairs(claims: list[Claim]) -> list[Claim]:
    """Keeps only disagreements whose both sides survived."""
    groups: dict[int, list[Claim]] = {}
    for c in claims:
        groups.setdefault(c.group or 0, []).append(c)
    return [c for g in groups.values() if len(g) >= 2 for c in g]


def _source(a: Article) -> Source:
    """An article's entry in the source list, numbered by `number_sources`."""
    return Source(number=0, article_id=a.ext_id, title=a.title, outlet=a.outlet, published=a.published,
                  url=a.url, path=a.source_path, cited=False)
