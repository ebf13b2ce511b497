"""Which sentences of a story matter most: the extractive (no-model) memo writer's selection.

Concept-coverage selection after Gillick & Favre (2009): a *concept* is a stemmed word bigram
(not made only of stop words); its weight is the number of articles that contain it, so facts
repeated across outlets weigh most. Sentences are chosen to cover the greatest total concept
weight within a word budget (an integer linear program solved by HiGHS through
`scipy.optimize.milp`); a concept counts once however many chosen sentences contain it, so
redundancy is avoided by construction. Earlier sentences of an article get a small bonus.

Everything is deterministic; large stories are bounded (first sentences of each article, then
the best candidates by a cheap score) before the program is solved.
"""
from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from .ingest.metadata import strip_dateline

# --- constants (one configuration for every kind of input) ---------------------------------
MAX_SENTS_PER_DOC = 40      # only the first sentences of an article are candidates
MAX_CANDIDATES = 250        # the program never sees more sentences than this
MIN_WORDS, MAX_WORDS = 6, 70
POSITION_BONUS = 0.0        # objective bonus for an article's first sentence, decaying with position
FIRST_BUDGET = 100          # select_summary with a larger budget keeps its first this-many words self-contained
DF_POWER = 1.0
LEAD_SENTS = 0              # concepts seen in an article's first LEAD_SENTS sentences count LEAD_BOOST more
LEAD_BOOST = 0.0
UNIGRAM_WEIGHT = 0.0
MIN_DF_SHARE = 0.0          # a concept must be in max(2, share * n_docs) articles
DEDUP_DOCS = 1
SOLVER = "ilp"
GREEDY_R = 1.0
LOW_WEIGHT = 0.0            # weight factor for concepts below the document-frequency threshold
LOW_MIN_TF = 1              # ... counted only when in at least this many sentences
PRUNE_R = 0.5
MIP_GAP = 1e-4
CONCEPT_MODE = 0   # 0: bigrams not all stop; 1: bigrams with no stop word; 2: 1 + unigrams
DF_SENTS = 0
CENT_W = 0.0
DF_ALL = 0
DF_MAX_SENTS = 40
TF_BETA = 0.0
SKIP_FIRST_PERSON = 0
SKIP_CONNECTIVE = 0
SKIP_PRONOUN = 0
SKIP_QUOTES = 0

_STOP = frozenset("""a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves said says say also s t one two
new mr mrs ms would could may might""".split())

_TOKEN = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    """A light English suffix stripper: enough to make 'attacks'/'attacked'/'attacking' one key."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""), ("ed", ""), ("ly", ""),
                         ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + repl
    return word


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(stemmed word, is a stop word) for each word."""
    return [(_stem(w), w in _STOP) for w in _TOKEN.findall(text.lower())]


def _concepts(text: str) -> set:
    toks = _tokens(text)
    if CONCEPT_MODE == 0:
        out = {(a, b) for (a, sa), (b, sb) in zip(toks, toks[1:]) if not (sa and sb)}
    else:
        out = {(a, b) for (a, sa), (b, sb) in zip(toks, toks[1:]) if not (sa or sb)}
    if UNIGRAM_WEIGHT:
        out |= {t for t, st in toks if not st and len(t) > 2}
    return out


def clean_claim_text(sentence: str) -> str:
    """The sentence as shown in a memo: leading dateline dropped, white space collapsed."""
    return " ".join(strip_dateline(" ".join(sentence.split())).split())


_JUNK = re.compile(
    r"advertisement|click here|sign up|subscribe|newsletter|all rights reserved|copyright|©|getty images|"
    r"\(ap photo|ap photo|photo:|photo by|image:|follow (?:us|him|her|me) |contributed to this report|"
    r"reporting by|editing by|this story has been|https?://|www\.|@\w|\bemail\b|cookies?\b|javascript|"
    r"read more|related:|watch:|listen:|\btweets?\b|location information|third-party|\bbrowser\b|"
    r"no more 404|archive pages|pages that they refer|\bpodcast\b|terms of (?:use|service)|privacy policy",
    re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|posted by|written by)\s+[A-Z]", re.IGNORECASE)


def is_usable(sentence: str) -> bool:
    """False for bylines, boilerplate, fragments, questions and unbalanced quotations."""
    s = " ".join(sentence.split())
    words = s.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return False
    if s.endswith("?") or s.endswith(":") or _JUNK.search(s) or _BYLINE.match(s):
        return False
    if not any(c.islower() for c in s) or not s[-1] in ".!\"'”’)":
        return False
    if s[0] in "\"“'‘" and not any(q in s[1:] for q in "\"”’"):
        return False
    if s.count("\"") % 2 or s.count("“") != s.count("”"):
        return False
    if SKIP_FIRST_PERSON and _FIRST_PERSON.search(s):
        return False
    if SKIP_CONNECTIVE and _CONNECTIVE.match(s):
        return False
    if SKIP_PRONOUN and _PRONOUN.match(s):
        return False
    if SKIP_QUOTES and ("''" in s or "``" in s or '"' in s or "“" in s or "”" in s):
        return False
    return True


_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|we|We|we're|We're|we've|our|Our|my|My|me|us|you|You|your|Your)\b")
_CONNECTIVE = re.compile(r"(?:But|And|Or|So|Yet|Still|However|Also|Then|Instead|Meanwhile|Nevertheless|Moreover|Besides)\b")
_PRONOUN = re.compile(r"(?:He|She|It|They|This|That|These|Those|His|Her|Its|Their|Him|Them)\b")


def _candidates(docs: list[list[str]]):
    """(candidates, stats): candidates are (doc, index, clean text, words, concepts) of usable
    sentences among each article's first MAX_SENTS_PER_DOC; stats are (doc, index, concepts) of
    every non-boilerplate sentence among the first DF_MAX_SENTS, which the concept weights count."""
    cands, stats = [], []
    for d, sents in enumerate(docs):
        for i, s in enumerate(sents[:max(MAX_SENTS_PER_DOC, DF_MAX_SENTS)]):
            usable = i < MAX_SENTS_PER_DOC and is_usable(s)
            if not usable and (not DF_ALL or i >= DF_MAX_SENTS or _JUNK.search(s)):
                continue
            text = clean_claim_text(s)
            cs = _concepts(text)
            if i < DF_MAX_SENTS:
                stats.append((d, i, cs))
            n = len(text.split())
            if usable and n >= MIN_WORDS:
                cands.append((d, i, text, n, cs))
    return cands, stats


def _doc_groups(docs):
    """Article index -> representative index; near-identical articles count as one."""
    rep, seen = {}, []
    for d, sents in enumerate(docs):
        key = set(" ".join(x.split()) for x in sents[:MAX_SENTS_PER_DOC])
        r = d
        if DEDUP_DOCS:
            for e, k in seen:
                if key and len(key & k) >= 0.8 * min(len(key), len(k)):
                    r = e; break
        if r == d:
            seen.append((d, key))
        rep[d] = r
    return rep


def _concept_weights(stats, docs) -> dict:
    rep = _doc_groups(docs)
    n_docs = len(set(rep.values()))
    df = defaultdict(dict)
    tf = defaultdict(int)
    for d, i, cs in stats:
        v = 1.0 + (LEAD_BOOST if i < LEAD_SENTS else 0.0)
        if DF_SENTS and i >= DF_SENTS:
            continue
        for c in cs:
            tf[c] += 1
            r = rep[d]
            if df[c].get(r, 0) < v:
                df[c][r] = v
    min_df = max(2, MIN_DF_SHARE * n_docs) if MIN_DF_SHARE else (2 if n_docs < 8 else 3)
    out = {}
    for c, ds in df.items():
        w = sum(ds.values()) ** DF_POWER + TF_BETA * tf[c]
        if len(ds) < min_df:
            if not LOW_WEIGHT or tf[c] < LOW_MIN_TF:
                continue
            w = LOW_WEIGHT * max(ds.values())
        out[c] = w * (UNIGRAM_WEIGHT if isinstance(c, str) else 1.0)
    return out


def _centrality(cands):
    """Cosine of each candidate's word vector with the candidates' mean (unigram, log tf, idf)."""
    vocab, rows = {}, []
    for cand in cands:
        words = [w for w, st in _tokens(cand[2]) if not st]
        counts = defaultdict(int)
        for w in words:
            counts[vocab.setdefault(w, len(vocab))] += 1
        rows.append(counts)
    X = np.zeros((len(cands), len(vocab)))
    for i, counts in enumerate(rows):
        for j, v in counts.items():
            X[i, j] = 1 + np.log(v)
    idf = np.log((1 + len(cands)) / (1 + (X > 0).sum(axis=0))) + 1
    X *= idf
    X /= np.linalg.norm(X, axis=1, keepdims=True) + 1e-9
    cen = X.mean(axis=0)
    return X @ cen / (np.linalg.norm(cen) + 1e-9)


def _solve(cands, weights, budget: int, fixed=()) -> list[int]:
    """Indices into `cands` maximising covered concept weight within `budget` words (exact ILP).

    Concepts found in one candidate only become part of that sentence's own value, and concepts
    found in the same set of sentences are merged, so the program stays small."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix, hstack, identity

    n = len(cands)
    where = defaultdict(list)
    for i, cand in enumerate(cands):
        for c in cand[4]:
            if c in weights:
                where[c].append(i)
    own = np.array([POSITION_BONUS / (1 + cand[1]) for cand in cands])
    if CENT_W:
        own += CENT_W * _centrality(cands) * np.array([c[3] for c in cands])
    groups = defaultdict(float)
    for c, sents in where.items():
        if len(sents) == 1:
            own[sents[0]] += weights[c]
        else:
            groups[tuple(sents)] += weights[c]
    keys = sorted(groups)
    m = len(keys)
    rows = [j for j, k in enumerate(keys) for _ in k]
    cols = [i for k in keys for i in k]
    w = np.array([groups[k] for k in keys])
    obj = -np.concatenate([own, w])
    A = csr_matrix((-np.ones(len(rows)), (rows, cols)), shape=(m, n))
    cover = hstack([A, identity(m, format="csr")]).tocsr()  # c_j <= sum of s_i that contain j
    length_row = csr_matrix(np.concatenate([[cand[3] for cand in cands], np.zeros(m)])[None, :])
    lb = np.zeros(n + m)
    lb[list(fixed)] = 1
    res = milp(obj, integrality=np.concatenate([np.ones(n), np.zeros(m)]), bounds=Bounds(lb, np.ones(n + m)),
               constraints=[LinearConstraint(cover, -np.inf, 0), LinearConstraint(length_row, 0, budget)],
               options={"time_limit": 2.0, "mip_rel_gap": MIP_GAP})
    if res.x is None:
        return list(fixed)
    return [i for i in range(n) if res.x[i] > 0.5]


def _greedy(cands, weights, budget, fixed=()):
    chosen = list(fixed)
    covered = set().union(*(cands[i][4] for i in chosen)) if chosen else set()
    used = sum(cands[i][3] for i in chosen)
    left = set(range(len(cands))) - set(chosen)
    while left:
        best, bv = None, 0.0
        for i in left:
            if used + cands[i][3] > budget:
                continue
            g = sum(weights.get(c, 0) for c in cands[i][4] - covered) + POSITION_BONUS / (1 + cands[i][1])
            v = g / cands[i][3] ** GREEDY_R
            if v > bv or (v == bv and best is not None and i < best):
                best, bv = i, v
        if best is None:
            break
        chosen.append(best); left.discard(best); used += cands[best][3]; covered |= cands[best][4]
    return chosen


def _order(cands, chosen: list[int], weights, covered: set | None = None) -> list[int]:
    """Most important first: greedy by newly covered concept weight, ties by position."""
    left, covered, out = list(chosen), set(covered or ()), []
    while left:
        def gain(i):
            return sum(weights.get(c, 0) for c in cands[i][4] - covered)
        best = max(left, key=lambda i: (gain(i), -cands[i][1], -cands[i][0]))
        out.append(best); left.remove(best); covered |= cands[best][4]
    return out


def _prune(cands, weights):
    """At most MAX_CANDIDATES sentences: the highest concept weight per word, then article order."""
    if len(cands) <= MAX_CANDIDATES:
        return cands
    value = [sum(weights.get(c, 0) for c in cand[4]) / cand[3] ** PRUNE_R for cand in cands]
    keep = sorted(sorted(range(len(cands)), key=lambda i: -value[i])[:MAX_CANDIDATES])
    return [cands[i] for i in keep]


def _select(cands, weights, budget, fixed=()):
    if SOLVER == "ilp":
        return _solve(cands, weights, budget, fixed)
    return _greedy(cands, weights, budget, fixed)


def select_summary(docs: list[list[str]], budget_words: int,
                   published: list[str | None] | None = None) -> list[tuple[int, int]]:
    """Chosen sentences as (article index, sentence index), most important first."""
    cands, stats = _candidates(docs)
    if not cands:
        return []
    weights = _concept_weights(stats, docs)
    cands = _prune(cands, weights)
    first = _select(cands, weights, min(budget_words, FIRST_BUDGET))
    ordered = _order(cands, first, weights)
    if budget_words > FIRST_BUDGET:
        more = [i for i in _select(cands, weights, budget_words, first) if i not in first]
        covered = set().union(*(cands[i][4] for i in first)) if first else set()
        ordered += _order(cands, more, weights, covered)
    return [(cands[i][0], cands[i][1]) for i in ordered]


def sentence_salience(docs: list[list[str]]) -> list[list[float]]:
    """Per-sentence importance in [0, 1]: share of the story's concept weight the sentence carries."""
    cands, stats = _candidates(docs)
    weights = _concept_weights(stats, docs)
    out = [[0.0] * len(s) for s in docs]
    for d, i, _, _, cs in cands:
        out[d][i] = sum(weights.get(c, 0) for c in cs)
    top = max((v for row in out for v in row), default=0) or 1.0
    return [[v / top for v in row] for row in out]
