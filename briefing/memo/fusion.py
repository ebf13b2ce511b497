"""The memo's core, fused and corroborated; short by default; no sentence shown twice.

After the verifier (`briefing.verify`), for every writer, `finish_memo`:

1. **fuses** core claims (bottom line and key points) that state the same fact: the later one is
   dropped, and when each states the other's fact its citations join the earlier claim's; a
   later core claim that mostly repeats an earlier one's words (REPEAT_CONTAINMENT) is dropped
   too, even when a number differs (the disagreement belongs to "where sources differ");
2. **shortens** the core to the limits (`Limits`: bottom line sentences, key points);
3. **corroborates** each core claim: sentences of other articles of the story's evidence that
   state the same fact become further citations (the best sentence of each article), and the
   claim records how many articles and outlets state it (`Claim.corroboration`); the bottom
   line's sentences after its first are then those of the core's opening that more outlets carry,
   then those closest in meaning to its first sentence (the main event);
4. removes from the later parts (new since the last briefing, timeline, who said what, where
   sources differ) any claim whose text is already shown, or that cites a sentence a kept claim
   cites (or corroborates with) in nearly that sentence's words (a statement: nearly all its words
   are in it, since a statement is its sentence without "X said"); a short form stays. Kept first:
   the core, the new part (what the core does not show: a new core claim is marked in place), a
   named person's statement, then the rest in reading order; a new part left empty goes.

"The same fact" (`same_fact`): the sentences mean the same (cosine of the bundled sentence
embeddings, `briefing.semantic`, at least SAME_FACT_COSINE), the other sentence holds at least
SAME_FACT_SHARED of the claim's content words, and nothing conflicts as the verifier reads the two
(`conflicts`, from `verify.checks.features`: polarity, figures, months and weekdays, names on both
sides; and tense: one says a verb will or is to happen, the other that it did). The embeddings see
paraphrase ("has a new skylight" / "now has a skylight"); the checks see what they miss (four
hundred vs five hundred homes, Ellis vs Brandt, approved vs did not approve, "will reopen" vs
"reopened": a plan is not the event). Measured on hand-labelled DUC pairs: `benchmarks/same_fact.py`.

Cost is bounded: at most POOL evidence sentences (the most salient) are embedded, once per memo.
"""
from __future__ import annotations

import re
from typing import Optional

import numpy as np

from .citations import number_sources, whole_pairs
from ..models import Article, Citation, Claim, Memo
from .evidence import Evidence, EvidenceSentence, content_words, overlap
from ..verify.checks import _ROLE_WORDS, _has_word, _is_content, _is_year, check, content, features
from .dates import MONTHS, WEEKDAYS
from .headline import _TAKES_TO
from .salience import stem
from ..writers.base import Limits

SAME_FACT_COSINE = 0.78   # embedding cosine from which two sentences may state the same fact ...
SAME_FACT_SHARED = 0.5    # ... when the other holds this share of the claim's content words
REPEAT_CONTAINMENT = 0.6  # share of the shorter claim's content words in the other: a repeat
RESHOWN_OVERLAP = 0.8     # content-word Jaccard at which a claim citing a shown sentence is that sentence again
                          # (a short form, e.g. a timeline entry, shares fewer of its words and stays)
POOL = 300                # evidence sentences embedded to find corroboration (the most salient)
BOTTOM_LINE_WINDOW = 100  # the core's opening words, among whose claims the bottom line's later sentences are chosen
MAX_CITED_ARTICLES = 8    # citations a core claim lists (corroboration counts every article found)
CORE_KINDS = ("bottom-line", "key-point")
# the parts after the core, in reading order ("new" is briefing.memo.whatsnew's part, shown first): a
# sentence shown twice stays in the first; a part's own short form of it (a dated event) stays too
LATER_PARTS = ("new", "timeline", "statements", "differences")

_CALENDAR = frozenset(m.lower() for m in MONTHS) | frozenset(d.lower() for d in WEEKDAYS) | frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec".split())
_TITLE_WORDS = _ROLE_WORDS  # "President Clinton" and "Clinton" name the same person
# a verb after these is a plan, a possibility or a wish, not what happened ("will reopen", "is to
# reopen", "would be reopened"); "to" counts after a word that takes a verb ("plans to", "due to")
_MODALS = frozenset("will would shall should may might could can must ll".split())
_BETWEEN = frozenset("not never soon also then again now only probably likely still be been have first finally".split())
# common irregular past forms and their base form ("met" is what "will meet" became)
_IRREGULAR_PAST = {"met": "meet", "took": "take", "made": "make", "won": "win", "lost": "lose", "held": "hold",
                   "began": "begin", "begun": "begin", "came": "come", "went": "go", "gone": "go", "gave": "give",
                   "given": "give", "saw": "see", "seen": "see", "left": "leave", "sold": "sell", "built": "build",
                   "paid": "pay", "sent": "send", "spent": "spend", "chose": "choose", "chosen": "choose",
                   "broke": "break", "broken": "break", "spoke": "speak", "spoken": "speak", "wrote": "write",
                   "written": "write", "rose": "rise", "risen": "rise", "fell": "fall", "fallen": "fall",
                   "flew": "fly", "flown": "fly", "ran": "run", "brought": "bring", "bought": "buy",
                   "struck": "strike", "became": "become", "grew": "grow", "grown": "grow",
                   "led": "lead", "told": "tell", "found": "find", "kept": "keep", "stood": "stand", "shut": "shut"}
_VERB_WORD = re.compile(r"[a-z]+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“(]?[A-Z0-9])")
_WORD = re.compile(r"[a-z0-9]+")


def conflicts(a: str, b: str) -> list[str]:
    """What keeps two sentences about the same thing from stating the same fact, as the verifier
    reads them (`verify.checks.features`): their polarity differs (one negates, the other does not);
    both give figures (years apart) and share none, or count the same thing differently ("40
    people" / "45 people"); both give months or weekdays and share none; or each names someone or
    something the other does not (Ellis / Brandt); or one says a verb is planned or possible that
    the other says happened ("will reopen" / "reopened"). One side only adding detail is no conflict."""
    fa, fb = features(a), features(b)
    found: list[str] = []
    if bool(fa.negated) != bool(fb.negated):
        found.append("negation")
    years_a, years_b = {v for v in fa.numbers if _is_year(v)}, {v for v in fb.numbers if _is_year(v)}
    figures_a, figures_b = fa.numbers - years_a, fb.numbers - years_b
    if (figures_a and figures_b and not figures_a & figures_b) or (years_a and years_b and not years_a & years_b) \
            or _counted_apart(fa, fb):
        found.append("number")
    if (fa.months and fb.months and not fa.months & fb.months) or \
            (fa.weekdays and fb.weekdays and not fa.weekdays & fb.weekdays):
        found.append("date")
    if _names_apart(fa, fb) and _names_apart(fb, fa):
        found.append("name")
    if _tense_apart(a, b):
        found.append("tense")
    return found


def _verb_key(word: str) -> str:
    """One key for a verb's forms: "reopen", "reopened" and "reopening" share it, "close" and
    "closed", "stop" and "stopped" too."""
    key = stem(_IRREGULAR_PAST.get(word, word)).rstrip("e")
    return key[:-1] if len(key) > 3 and key[-1] == key[-2] and key[-1] not in "ls" else key


def _tenses(text: str) -> tuple[set[str], set[str]]:
    """(verbs said to be planned or possible, verbs said to have happened) of a sentence, as
    `_verb_key`s: "will reopen", "is to be reopened", "plans to build" against "reopened", "met"."""
    words = _VERB_WORD.findall(text.lower().replace("’", "'"))
    planned: set[str] = set()
    planned_at: set[int] = set()
    for i, w in enumerate(words):
        if w in _MODALS or (w == "to" and i and words[i - 1] in _TAKES_TO):
            j = i + 1
            while j < len(words) and words[j] in _BETWEEN:
                j += 1
            if j < len(words):
                planned.add(_verb_key(words[j]))
                planned_at.add(j)
    done = {_verb_key(w) for i, w in enumerate(words) if i not in planned_at
            and (w in _IRREGULAR_PAST or (w.endswith("ed") and len(w) > 4))}
    return planned, done


def _tense_apart(a: str, b: str) -> bool:
    """Whether one sentence says a verb is planned (or possible) that the other says happened:
    "The library will reopen on Saturday" / "The library reopened on Saturday"."""
    planned_a, done_a = _tenses(a)
    planned_b, done_b = _tenses(b)
    return bool(planned_a & done_b - planned_b) or bool(planned_b & done_a - planned_a)


def _counted_apart(fa, fb) -> bool:
    """A thing both count ("people" after the figure) with no figure in common."""
    counted_b: dict[str, set] = {}
    for values, noun, _ in fb.counts:
        if noun:
            counted_b.setdefault(noun, set()).update(values)
    for values, noun, _ in fa.counts:
        if noun and noun in counted_b and not values & counted_b[noun]:
            return True
    return False


def _names_apart(fa, fb) -> bool:
    """Whether `fa` names something (a capitalised word inside the sentence, not a month, weekday or
    title) that `fb` does not name in any form (Iranian ~ Iran)."""
    for t in fa.tokens:
        # the first word is a name when it is not a function word ("Taiwan said", not "The aid")
        named = t.cap and len(t.text) > 1 and (not t.first or _is_content(t))
        if named and t.lower not in _CALENDAR and t.lower not in _TITLE_WORDS and not _has_word(t.lower, fb.lowers):
            return True
    return False


def same_fact(claim: str, sentence: str, cosine: float) -> bool:
    """Whether `sentence` states the fact of `claim`, given the cosine of their embeddings: close in
    meaning, holding at least SAME_FACT_SHARED of the claim's content words (the embeddings alone
    also match sentences on the same topic that report another event), and not in conflict."""
    return cosine >= SAME_FACT_COSINE and shared(claim, sentence) >= SAME_FACT_SHARED and not conflicts(claim, sentence)


def shared(claim: str, sentence: str) -> float:
    """Share of the claim's content-word stems that the sentence holds."""
    words = content(claim)
    return len(words & content(sentence)) / len(words) if words else 0.0


def containment(a: str, b: str) -> float:
    """Share of the smaller set of content-word stems (of two texts) that the other holds."""
    wa, wb = content(a), content(b)
    small, big = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(small & big) / len(small) if small else 0.0


def sentence_count(text: str) -> int:
    return len(_SENTENCE_END.findall(text.strip())) + 1 if text.strip() else 0


def finish_memo(memo: Memo, evidence: Evidence, limits: Optional[Limits] = None) -> Memo:
    """Fuses, shortens and corroborates the core, then drops what later parts show again (module docstring)."""
    limits = limits or Limits()
    verified = len(memo.claims())
    core = [c for c in memo.summary if c.kind in CORE_KINDS]
    if core:
        texts = [c.text for c in core]
        pool = _pool(evidence)
        vectors = _embed(texts + [e.clean for e in pool])
        claim_vectors, pool_vectors = vectors[:len(core)], vectors[len(core):]
        kept = _fuse(core, claim_vectors @ claim_vectors.T)
        kept = _shorten([(i, core[i]) for i in kept], limits)
        articles = {a.ext_id: a for a in evidence.articles}
        sims = claim_vectors @ pool_vectors.T if len(pool) else np.zeros((len(core), 0))
        for i, claim in kept:
            _corroborate(claim, pool, sims[i], evidence, articles)
        kept = _bottom_line_by_corroboration(kept, claim_vectors, limits)
        memo.summary = [claim for _, claim in kept] + [c for c in memo.summary if c.kind not in CORE_KINDS]
    memo = drop_reshown(memo)
    if memo.verification:
        # verified claims the memo does not show: fused into another, past the core's limits, or
        # already shown; so checked = shown + dropped + not_shown
        memo.verification["not_shown"] = verified - len(memo.claims())
    return memo


def _pool(evidence: Evidence) -> list[EvidenceSentence]:
    """The most salient evidence sentences (usable or not: a sentence need not be fit to show to
    corroborate), at most POOL of them."""
    ranked = sorted(evidence.sentences, key=lambda e: (-e.salience, e.article, e.sentence))
    return ranked[:POOL]


def _embed(texts: list[str]) -> np.ndarray:
    from ..semantic import embed

    return embed(texts)


def _fuse(core: list[Claim], sims: np.ndarray) -> list[int]:
    """Indexes of the core claims kept, in order; a later claim stating an earlier one's fact (or
    repeating its words) is dropped, its citations joining the earlier claim's when both state
    each other's fact."""
    kept: list[int] = []
    for j, later in enumerate(core):
        into = None
        for i in kept:
            earlier = core[i]
            if same_fact(earlier.text, later.text, float(sims[i, j])) or \
                    containment(earlier.text, later.text) >= REPEAT_CONTAINMENT:
                into = i
                break
        if into is None:
            kept.append(j)
            continue
        earlier = core[into]
        if same_fact(earlier.text, later.text, float(sims[into, j])):
            own = {c.article_id for c in earlier.citations}
            for c in later.citations:
                if c.article_id not in own:
                    earlier.citations.append(_copy(c, earlier.text))
                    own.add(c.article_id)
    return kept


def _shorten(claims: list[tuple[int, Claim]], limits: Limits) -> list[tuple[int, Claim]]:
    """The core within the limits: bottom-line claims while their sentences fit (the first always
    stays), the rest become key points; then at most `limits.key_points` key points."""
    bottom: list[tuple[int, Claim]] = []
    points: list[tuple[int, Claim]] = []
    sentences = 0
    for i, c in claims:
        n = sentence_count(c.text)
        if c.kind == "bottom-line" and not points and (not bottom or sentences + n <= limits.bottom_line):
            bottom.append((i, c))
            sentences += n
        else:
            c.kind = "key-point"
            points.append((i, c))
    return bottom + points[:limits.key_points]


def _bottom_line_by_corroboration(kept: list[tuple[int, Claim]], vectors: np.ndarray,
                                  limits: Limits) -> list[tuple[int, Claim]]:
    """The bottom line's sentences after its first, chosen again among the core's opening claims
    (those within its first BOTTOM_LINE_WINDOW words, at least one): those more outlets carry first, then those closest in
    meaning to the first sentence (the main event: not a visit two years earlier under a story about
    a treaty's signing), then the writer's order. As many as the writer put in the bottom line; the
    claims not chosen become key points, in their order."""
    bottom = [c for _, c in kept if c.kind == "bottom-line"]
    if len(bottom) < 2:
        return kept
    window, words = [], len(kept[0][1].text.split())
    for i, c in kept[1:]:
        words += len(c.text.split())
        if words > BOTTOM_LINE_WINDOW and window:
            break
        window.append((i, c))
    first = kept[0][0]
    ranked = sorted(window, key=lambda ic: (-(ic[1].corroboration or {}).get("outlets", 0),
                                            -round(float(vectors[first] @ vectors[ic[0]]), 6),
                                            window.index(ic)))
    chosen: list[tuple[int, Claim]] = []
    sentences = sentence_count(kept[0][1].text)
    for i, c in ranked:
        n = sentence_count(c.text)
        if len(chosen) < len(bottom) - 1 and sentences + n <= limits.bottom_line:
            chosen.append((i, c))
            sentences += n
    picked = {i for i, _ in chosen}
    for _, c in chosen:
        c.kind = "bottom-line"
    rest = [(i, c) for i, c in kept[1:] if i not in picked]
    for _, c in rest:
        c.kind = "key-point"
    return [kept[0]] + chosen + rest


def _corroborate(claim: Claim, pool: list[EvidenceSentence], sims: np.ndarray, evidence: Evidence,
                 articles: dict[str, Article]) -> None:
    """Adds the best sentence of each other article that states the claim's fact (up to
    MAX_CITED_ARTICLES citations) and sets `claim.corroboration` from every article found."""
    found = {c.article_id for c in claim.citations}
    order = sorted(range(len(pool)), key=lambda k: (-float(sims[k]), pool[k].number))
    for k in order:
        if float(sims[k]) < SAME_FACT_COSINE:
            break
        e = pool[k]
        article_id = evidence.articles[e.article].ext_id
        if article_id in found or not same_fact(claim.text, e.clean, float(sims[k])):
            continue
        found.add(article_id)
        if len({c.article_id for c in claim.citations}) < MAX_CITED_ARTICLES:
            claim.citations.append(Citation(article_id=article_id, sentence=e.sentence, quote=e.text,
                                            support=check(claim.text, [e.text]).score))
    claim.corroboration = corroboration(found, articles)


def corroboration(article_ids: set[str], articles: dict[str, Article]) -> dict:
    """{"outlets", "articles"} for the articles stating a fact; an article whose outlet is not
    known counts as an outlet of its own (nothing says it is one already counted)."""
    outlets: set[str] = set()
    for a in sorted(article_ids):
        article = articles.get(a)
        outlet = (article.outlet or "").strip().lower() if article is not None else ""
        outlets.add(outlet or f"\0{a}")
    return {"outlets": len(outlets), "articles": len(article_ids)}


def _copy(c: Citation, claim_text: str) -> Citation:
    return Citation(article_id=c.article_id, sentence=c.sentence, quote=c.quote,
                    support=check(claim_text, [c.quote]).score)


def _named_person(speaker: Optional[str]) -> bool:
    """"Sergey Lavrov", not "officials" or "the Russian state TV"."""
    words = (speaker or "").split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.replace("’", "'").lower()))


def _held(words: set[str], other: set[str]) -> float:
    """Share of `words` that `other` holds."""
    return len(words & other) / len(words) if words else 0.0


def drop_reshown(memo: Memo) -> Memo:
    """Removes from the later parts every claim whose text is already shown, or that cites a
    sentence a shown claim cites and says it in nearly the same words. Shown first: the core, the
    new part, named people's statements, then the rest in reading order (LATER_PARTS); a "where
    sources differ" pair that loses a side is dropped whole; "who said what" stays whole when the
    core already shows every statement it has (left empty, it would say none was found)."""
    shown: set[str] = set()
    by_sentence: dict[tuple[str, int], list[tuple[str, str]]] = {}

    def show(c: Claim) -> None:
        shown.add(_norm(c.text))
        for ct in c.citations:  # the claim's words, and the sentence itself (a corroborating one's)
            by_sentence.setdefault((ct.article_id, ct.sentence), []).append((c.text, ct.quote))

    def seen(c: Claim) -> bool:
        if _norm(c.text) in shown:
            return True
        words = content_words(c.text)
        # a statement is the sentence without its "X said": shown again when a shown claim citing
        # that sentence holds nearly all its words ("The barrier will run ..." after "The barrier
        # will run ..., council treasurer Ana Ruiz said"); what the claim itself says, not the whole
        # sentence it cites: a quotation's speaker cites the sentence naming them, not its words
        for ct in c.citations:
            for text, quote in by_sentence.get((ct.article_id, ct.sentence), ()):
                if c.kind == "statement" and _held(words, content_words(text)) >= RESHOWN_OVERLAP:
                    return True
                if any(overlap(words, content_words(t)) >= RESHOWN_OVERLAP for t in (text, quote)):
                    return True
        return False

    for c in memo.summary:
        show(c)
    parts = sorted((s for s in memo.sections if s.key in LATER_PARTS), key=lambda s: LATER_PARTS.index(s.key))
    # a named person's statement is kept in who said what (speaker, role, outlet) before the
    # timeline shows the same sentence; what an outlet or a group reports stays a timeline event
    first = [c for s in parts if s.key == "statements" for c in s.claims if _named_person(c.speaker)]
    early = {id(c) for c in first}
    order = [c for s in parts if s.key == "new" for c in s.claims] + first
    order += [c for s in parts if s.key != "new" for c in s.claims if id(c) not in early]
    kept = set()
    for c in order:
        # the new part says what changed since the last memo, but not again what the core shows
        # (a new core claim is marked in place); the parts after it do not show its sentences again
        # a timeline entry is the event in its own short form beside its date: only the same text
        # again is a repeat (the chronology keeps an event the core also states)
        repeat = _norm(c.text) in shown if c.kind == "event" else seen(c)
        if not repeat:
            kept.add(id(c))
            show(c)
    for section in parts:
        claims = [c for c in section.claims if id(c) in kept]
        if section.key == "statements" and section.claims and not claims:
            # every statement is in the core: an empty part would read "none found", which is wrong
            continue
        section.claims = whole_pairs(claims) if section.key == "differences" else claims
    # a new part the core already says all of is no part (an empty one would read "nothing new")
    memo.sections = [s for s in memo.sections if s.key != "new" or s.claims]
    number_sources(memo)  # a source only a removed claim cited is no longer cited
    return memo
