"""Verifying a whole memo against its story's evidence, and repairing what fails.

For every claim (headline first), whatever the writer, `verify_memo` checks the claim against
the sentences it cites (`checks.check`). A claim that fails is never published as it is:

1. **re-cited**: the story's evidence sentence that supports it (or two sentences of one
   article together, e.g. the cited one and the one that gives a person's role) becomes its
   citation;
2. **rewritten**: a claim a writer worded itself (its text is not the cleaned text of the
   sentences it cites: a model's headline or bottom line, a title used as headline) takes the
   cleaned text of the evidence sentence closest to it that verifies, citing that sentence (a
   headline: that sentence cut to its main clause, `headline.shorten`);
3. **dropped**, otherwise (a "where sources differ" pair loses both sides).

Each citation keeps its support score (`Citation.support`: that sentence alone against the
claim), each claim its verdict and what was done (`Claim.verdict`, `Claim.repair`), the memo a
summary (`Memo.verification`). Sources are renumbered afterwards, in order of first citation.
"""
from __future__ import annotations

from itertools import combinations
from typing import Optional

from ..headline import shorten
from ..memo import number_sources, whole_pairs
from ..models import Citation, Claim, Memo
from ..select import Evidence, EvidenceSentence
from .checks import Verdict, check, content, features

CANDIDATES = 8          # evidence sentences (most overlap with the claim) tried as new citations
METHOD = "lexical"      # how claims are judged: content overlap and hard checks (briefing.verify.checks)


class _Index:
    """The story's evidence sentences by (article id, sentence index), with their article ids."""

    def __init__(self, evidence: Evidence):
        self.evidence = evidence
        self.by_key: dict[tuple[str, int], EvidenceSentence] = {}
        for e in evidence.sentences:
            self.by_key[(self.article_id(e), e.sentence)] = e

    def article_id(self, e: EvidenceSentence) -> str:
        return self.evidence.articles[e.article].ext_id

    def cited(self, claim: Claim) -> list[EvidenceSentence]:
        return [e for c in claim.citations if (e := self.by_key.get((c.article_id, c.sentence))) is not None]

    def candidates(self, text: str, limit: int = CANDIDATES) -> list[EvidenceSentence]:
        """Evidence sentences sharing the most content words with `text`, best first."""
        words = content(text)
        if not words:
            return []
        scored = []
        for e in self.evidence.sentences:
            shared = len(words & content(e.text))
            if shared:
                scored.append((-shared, -e.salience, e.number, e))
        scored.sort(key=lambda x: x[:3])
        return [x[3] for x in scored[:limit]]


def written_by_writer(claim: Claim, cited: list[EvidenceSentence]) -> bool:
    """True when the claim's text is not just the cleaned text of the sentences it cites."""
    return " ".join(claim.text.split()) != " ".join(" ".join(e.clean for e in cited).split())


def _check(claim: Claim, sources: list[str]) -> Verdict:
    """`checks.check` of the claim's text, read as a headline when it is one (title case allowed)."""
    return check(claim.text, sources, headline=claim.kind == "headline")


def _citation(index: _Index, e: EvidenceSentence, claim: Claim) -> Citation:
    return Citation(article_id=index.article_id(e), sentence=e.sentence, quote=e.text,
                    support=_check(claim, [e.text]).score)


def _score_citations(claim: Claim, verdict: Verdict) -> None:
    for c in claim.citations:
        c.support = verdict.score if len(claim.citations) == 1 else _check(claim, [c.quote]).score


def _prune(claim: Claim) -> None:
    """Citations the claim does not need (a model citing four sentences for one fact) are left out,
    weakest first, as long as the rest still support the claim."""
    for c in sorted(claim.citations, key=lambda c: c.support or 0.0):
        rest = [x for x in claim.citations if x is not c]
        if rest and _check(claim, [x.quote for x in rest]).supported:
            claim.citations = rest


def _recite(claim: Claim, index: _Index, cited: list[EvidenceSentence]) -> Optional[list[EvidenceSentence]]:
    """The evidence that supports the claim as written: one sentence, else two of one article."""
    pool = index.candidates(claim.text)
    best: Optional[tuple[float, list[EvidenceSentence]]] = None
    for e in pool:
        v = _check(claim, [e.text])
        if v.supported and (best is None or v.score > best[0]):
            best = (v.score, [e])
    if best:
        return best[1]
    pairs = [(a, b) for a, b in combinations(_unique(cited + pool), 2) if a.article == b.article]
    for a, b in pairs:
        first, second = sorted((a, b), key=lambda e: e.sentence)
        v = _check(claim, [first.text, second.text])
        if v.supported and (best is None or v.score > best[0]):
            best = (v.score, [first, second])
    return best[1] if best else None


def _unique(sentences: list[EvidenceSentence]) -> list[EvidenceSentence]:
    seen: set[int] = set()
    return [e for e in sentences if not (e.number in seen or seen.add(e.number))]


def _rewrite(claim: Claim, index: _Index, cited: list[EvidenceSentence],
             taken: set[int]) -> Optional[tuple[EvidenceSentence, str]]:
    """The evidence sentence closest to the claim whose own cleaned text verifies against it, and
    that text; for a headline, else the story's most salient sentences, and the text is the
    sentence cut to its main clause (`headline.shorten`), as the extractive writer would write it."""
    pool = sorted(cited, key=lambda e: -len(features(claim.text).content & features(e.text).content))
    pool += index.candidates(claim.text)
    headline = claim.kind == "headline"
    if headline:
        pool += index.evidence.ranked()
    for e in _unique(pool):
        if not e.usable or (e.number in taken and not headline):
            continue
        text = shorten(e.clean) if headline else e.clean
        if text and check(text, [e.text], headline=headline).supported:
            return e, text
    return None


def verify_memo(memo: Memo, evidence: Evidence) -> Memo:
    """Checks every claim of `memo` and repairs or drops the unsupported ones (module docstring)."""
    index = _Index(evidence)
    summary = {"method": METHOD, "checked": 0, "supported": 0, "re_cited": 0, "rewritten": 0, "dropped": 0,
               "dropped_claims": []}
    taken = {e.number for c in memo.summary for e in index.cited(c)}

    def judge(claim: Claim) -> bool:
        """True to keep the claim (possibly repaired), False to drop it."""
        summary["checked"] += 1
        verdict = _check(claim, [c.quote for c in claim.citations])
        if verdict.supported:
            _score_citations(claim, verdict)
            _prune(claim)
            claim.verdict = "supported"
            summary["supported"] += 1
            return True
        cited = index.cited(claim)
        found = _recite(claim, index, cited)
        if found:
            claim.citations = [_citation(index, e, claim) for e in found]
            if claim.kind == "statement":   # a statement's outlet is its first citation's
                claim.outlet = evidence.articles[found[0].article].outlet
            claim.verdict, claim.repair = "supported", {"action": "re-cited", "problems": verdict.problems}
            summary["re_cited"] += 1
            return True
        if claim.kind in ("headline", "bottom-line", "key-point") and written_by_writer(claim, cited):
            rewritten = _rewrite(claim, index, cited, taken)
            if rewritten is not None:
                e, text = rewritten
                claim.repair = {"action": "rewritten", "problems": verdict.problems, "original": claim.text}
                claim.text = text
                claim.citations = [_citation(index, e, claim)]
                claim.verdict = "supported"
                taken.add(e.number)
                summary["rewritten"] += 1
                return True
        summary["dropped"] += 1
        summary["dropped_claims"].append({"kind": claim.kind, "text": claim.text, "problems": verdict.problems})
        return False

    if memo.headline is not None and not judge(memo.headline):
        memo.headline = None
    memo.summary = [c for c in memo.summary if judge(c)]
    for section in memo.sections:
        kept = [c for c in section.claims if judge(c)]
        if section.key == "differences":
            kept = _whole_pairs(kept, summary)
        section.claims = kept
    memo.title = memo.headline.text if memo.headline else (evidence.title or memo.title)
    number_sources(memo)
    memo.verification = summary
    return memo


def _whole_pairs(claims: list[Claim], summary: dict) -> list[Claim]:
    """A disagreement is shown only with both sides (`memo.whole_pairs`); a side left alone is dropped too."""
    kept = whole_pairs(claims)
    kept_ids = {id(c) for c in kept}
    for c in claims:
        if id(c) not in kept_ids:
            summary["dropped"] += 1
            summary["dropped_claims"].append({"kind": c.kind, "text": c.text,
                                              "problems": ["the other side of this difference was dropped"]})
    return kept
