"""Verifying a whole memo against its story's evidence, and repairing what fails.

For every claim (headline first), whatever the writer, `verify_memo` checks the claim against
the sentences it cites (`checks.check`). A claim that fails is never published as it is:

1. **re-cited**: the story's evidence sentence that supports it (or two sentences of one
   article together, e.g. the cited one and the one that gives a person's role, or up to
   MAX_TOGETHER sentences of any articles for a claim that sums them up) becomes its citation;
2. **trimmed**: a claim of the writer's (headline, bottom line, key point, event) of which one
   clause is unsupported ("..., according to Russian state TV", a wrong figure in a side clause)
   loses that clause (`trim`), when what is left verifies against its citations or re-cited;
3. **rewritten**: a claim a writer worded itself (its text is not the cleaned text of the
   sentences it cites: a model's headline or bottom line, a title used as headline) takes the
   cleaned text of the evidence sentence closest to it that verifies, citing that sentence (a
   headline: that sentence cut to its main clause, `headline.shorten`);
4. **dropped**, otherwise (a "where sources differ" pair loses both sides).

Each citation keeps its support score (`Citation.support`: that sentence alone against the
claim), each claim its verdict and what was done (`Claim.verdict`, `Claim.repair`), the memo a
summary (`Memo.verification`). Sources are renumbered afterwards, in order of first citation.
"""
from __future__ import annotations

from itertools import combinations
from typing import Optional

from ..memo.headline import shorten
from ..memo.citations import number_sources, whole_pairs
from ..models import Citation, Claim, Memo
from ..memo.evidence import Evidence, EvidenceSentence
from .checks import Verdict, _has_word, _ordinary, content, contradicted, features, ordinary_words, story_words, unanchored
from .judge import METHOD as JUDGE
from .judge import Judge, check, judging  # checks.check, or the writer's model where the checks are unsure
from .meaning import METHOD as MEANING
from .meaning import in_use as meaning_in_use
from .trim import trims

CANDIDATES = 8          # evidence sentences (most overlap with the claim) tried as new citations
COVER_CANDIDATES = 16   # evidence sentences tried for a claim that sums several up
MAX_TOGETHER = 3        # sentences of any articles that may support one claim together (a claim summing them up)
METHOD = "lexical"      # content overlap and hard checks (checks.py); "+meaning" when the embeddings load (method())
TRIMMED_KINDS = ("headline", "bottom-line", "key-point", "event")   # a quote's words are the speaker's: never trimmed


class _Index:
    """The story's evidence sentences by (article id, sentence index), with their article ids."""

    def __init__(self, evidence: Evidence):
        self.evidence = evidence
        self.by_key: dict[tuple[str, int], EvidenceSentence] = {}
        self._words: Optional[frozenset] = None
        for e in evidence.sentences:
            self.by_key[(self.article_id(e), e.sentence)] = e

    def words(self) -> frozenset:
        """The story's ordinary words (`checks.ordinary_words`), read once."""
        if self._words is None:
            self._words = ordinary_words([e.text for e in self.evidence.sentences])
        return self._words

    def article_id(self, e: EvidenceSentence) -> str:
        return self.evidence.articles[e.article].ext_id

    def dated(self, sentences: list[EvidenceSentence]) -> tuple[str, ...]:
        """The publication dates of the articles of `sentences` (a claim's year may be their date's)."""
        return tuple(dict.fromkeys(p for e in sentences if (p := self.evidence.articles[e.article].published)))

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


def _check(claim: Claim | str, sources: list[str], dated: tuple[str, ...] = ()) -> Verdict:
    """`checks.check` of the claim's text (a claim, or a text such as a claim's trimmed form), read
    as a headline when it is one (title case allowed); `dated`: the sources' publication dates."""
    if isinstance(claim, str):
        return check(claim, sources, dated=dated)
    return check(claim.text, sources, headline=claim.kind == "headline", dated=dated)


def _citation(index: _Index, e: EvidenceSentence, claim: Claim | str) -> Citation:
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
        v = _check(claim, [e.text], index.dated([e]))
        if v.supported and (best is None or v.score > best[0]):
            best = (v.score, [e])
    if best:
        return best[1]
    pairs = [(a, b) for a, b in combinations(_unique(cited + pool), 2) if a.article == b.article]
    for a, b in pairs:
        first, second = sorted((a, b), key=lambda e: e.sentence)
        v = _check(claim, [first.text, second.text], index.dated([first, second]))
        if v.supported and (best is None or v.score > best[0]) and not unanchored(claim.text, [first.text, second.text]) \
                and not contradicted(claim.text, [first.text, second.text]):
            best = (v.score, [first, second])
    return best[1] if best else _cover(claim.text, _unique(cited + index.candidates(claim.text, COVER_CANDIDATES)), index)


def _cover(text: str, pool: list[EvidenceSentence], index: Optional[_Index] = None) -> Optional[list[EvidenceSentence]]:
    """The best-scoring set of two, else three (MAX_TOGETHER) sentences of `pool`, of any articles,
    that support a claim summing them up, each of them needed (none holds only what the others
    hold) and each name and figure of the claim standing in one of them next to what the claim
    says of it (`checks.unanchored`). A set is checked only when it holds every name and figure
    of the claim, so the search stays a matter of set operations for most sets (with 16
    candidates, 680 sets; about 50 ms a failing claim on average, `benchmarks/verify_references.py`)."""
    claim = features(text)
    names = [t for t in claim.tokens if t.cap and not t.first and not _ordinary(t)]
    figures = [f for f in claim.figures if not (len(f) == 1 and min(f) in (0.0, 1.0))]

    def facts(e: EvidenceSentence) -> frozenset:
        """The claim's names and figures (by position) that `e` holds."""
        f = features(e.text)
        held = {i for i, t in enumerate(names) if _has_word(t.lower, f.lowers)}
        held |= {len(names) + i for i, v in enumerate(figures) if v & f.numbers}
        return frozenset(held)

    wanted = frozenset(range(len(names) + len(figures)))
    held = {e.number: facts(e) for e in pool}
    words = {e.number: content(e.text) & claim.content for e in pool}
    for size in range(2, MAX_TOGETHER + 1):
        best: Optional[tuple[float, list[EvidenceSentence]]] = None
        for group in combinations(pool, size):
            if frozenset().union(*(held[e.number] for e in group)) != wanted:
                continue
            if any(words[e.number] <= set().union(*(words[o.number] for o in group if o is not e)) and
                   held[e.number] <= set().union(*(held[o.number] for o in group if o is not e))
                   for e in group):
                continue   # a sentence that adds nothing would only lend the claim its other words
            chosen = sorted(group, key=lambda e: e.number)
            quotes = [e.text for e in chosen]
            v = check(text, quotes, dated=index.dated(chosen) if index else ())
            if v.supported and (best is None or v.score > best[0]) and not unanchored(text, quotes) \
                    and not contradicted(text, quotes):
                best = (v.score, chosen)
        if best:
            return best[1]
    return None


def _trim(claim: Claim, index: _Index, cited: list[EvidenceSentence]):
    """(shorter text, the part left out, its evidence) for the longest version of the claim without
    one of its clauses that verifies, against its own citations or re-cited; None if none does."""
    quotes = [e.text for e in cited]
    for text, left_out in trims(claim.text):
        if quotes and check(text, quotes, dated=index.dated(cited)).supported:
            return text, left_out, cited
        found = _recite(Claim(text=text, kind=claim.kind), index, cited)
        if found:
            return text, left_out, found
    return None


def method() -> str:
    """How claims are judged, as `memo.verification.method` reports it."""
    return f"{METHOD}+{MEANING}" if meaning_in_use() else METHOD


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


def verify_memo(memo: Memo, evidence: Evidence, judge: Optional[Judge] = None) -> Memo:
    """Checks every claim of `memo` and repairs or drops the unsupported ones (module docstring);
    with a `judge`, the writer's model decides the claims the checks are unsure of (`judge.py`)."""
    with judging(judge):
        index = _Index(evidence)
        with story_words(index.words()):
            memo = _verify_memo(memo, index)
    if judge is not None:
        if judge.judged():
            memo.verification["method"] += f"+{JUDGE}"
        memo.verification["judge"] = judge.report()
    return memo


def _verify_memo(memo: Memo, index: _Index) -> Memo:
    evidence = index.evidence
    summary = {"method": method(), "checked": 0, "supported": 0, "re_cited": 0, "trimmed": 0, "rewritten": 0,
               "dropped": 0, "dropped_claims": []}
    taken = {e.number for c in memo.summary for e in index.cited(c)}

    def judge(claim: Claim) -> bool:
        """True to keep the claim (possibly repaired), False to drop it."""
        summary["checked"] += 1
        verdict = _check(claim, [c.quote for c in claim.citations], index.dated(index.cited(claim)))
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
        if claim.kind in TRIMMED_KINDS:
            trimmed = _trim(claim, index, cited)
            if trimmed is not None:
                text, left_out, found = trimmed
                claim.repair = {"action": "trimmed", "problems": verdict.problems, "original": claim.text,
                                "left_out": left_out}
                claim.text = text
                claim.citations = [_citation(index, e, text) for e in found]
                claim.verdict = "supported"
                summary["trimmed"] += 1
                return True
        if claim.kind in ("headline", "bottom-line", "key-point") and written_by_writer(claim, cited):
            rewritten = _rewrite(claim, index, cited, taken)
            if rewritten is not None:
                e, text = rewritten
                claim.repair = {"action": "rewritten", "problems": verdict.problems, "original": claim.text}
                claim.text = text
                claim.origin = "source"
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
    summary["method"] = method()   # again: a failure to load the model on the way makes it lexical
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
