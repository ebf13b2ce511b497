"""From a writer's draft to a Memo: citations with exact quotes, numbered sources, coverage.

This is the one place where evidence numbers become citations, for every writer: a number that
is not in the evidence is dropped, and a claim left without any valid citation is not published.
Sources are numbered in the order the memo first cites them; articles of the story that the
memo does not cite follow, unnumbered in the text but listed.
"""
from __future__ import annotations

from typing import Optional

from .models import Article, Citation, Claim, Memo, Section, Source
from .select import Evidence
from .writers.base import Draft, DraftClaim


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
        self.numbers: dict[str, int] = {}

    def citations(self, refs: list[int]) -> list[Citation]:
        out: list[Citation] = []
        seen: set[int] = set()
        for ref in refs:
            e = self.evidence.get(ref) if isinstance(ref, int) else None
            if e is None or ref in seen:
                continue
            seen.add(ref)
            article = self.evidence.articles[e.article]
            number = self.numbers.setdefault(article.ext_id, len(self.numbers) + 1)
            out.append(Citation(article_id=article.ext_id, sentence=e.sentence, quote=e.text, source=number))
        return out

    def claim(self, draft: DraftClaim) -> Optional[Claim]:
        cites = self.citations(draft.refs)
        if not cites or not draft.text.strip():
            return None
        # a statement's outlet: the article that reports it (the first valid citation's)
        outlet = self.articles[cites[0].article_id].outlet if draft.kind == "statement" else None
        return Claim(text=" ".join(draft.text.split()), citations=cites, kind=draft.kind, date=draft.date,
                     date_key=draft.date_key, speaker=draft.speaker, role=draft.role, outlet=outlet,
                     group=draft.group)


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
            claims = _whole_pairs(claims)
        sections.append(Section(key=s.key, heading=s.heading, claims=claims))
    articles = all_articles if all_articles is not None else evidence.articles
    by_id = {a.ext_id: a for a in articles}
    by_id.update({a.ext_id: a for a in evidence.articles})
    sources = []
    for ext_id, number in sorted(numbering.numbers.items(), key=lambda kv: kv[1]):
        sources.append(_source(by_id[ext_id], number, True))
    for a in sorted(articles, key=lambda a: (a.published or "9999", a.ext_id)):
        if a.ext_id not in numbering.numbers:
            sources.append(_source(a, len(sources) + 1, False))
    title = headline.text if headline else evidence.title
    return Memo(story_id=evidence.story_id, title=title, headline=headline, summary=summary, sections=sections,
                sources=sources, coverage=coverage(articles, duplicates), writer=writer,
                writing=dict(draft.writing) or {"writer": writer})


def _whole_pairs(claims: list[Claim]) -> list[Claim]:
    """Keeps only disagreements whose both sides survived."""
    groups: dict[int, list[Claim]] = {}
    for c in claims:
        groups.setdefault(c.group or 0, []).append(c)
    return [c for g in groups.values() if len(g) >= 2 for c in g]


def _source(a: Article, number: int, cited: bool) -> Source:
    return Source(number=number, article_id=a.ext_id, title=a.title, outlet=a.outlet, published=a.published,
                  url=a.url, path=a.source_path, cited=cited)
