"""Which sentences of a story matter most: sentence selection for the extractive memo writer.

Concept coverage after Gillick & Favre (2009). A *concept* is a pair of adjacent stemmed words
(not both stop words). It is worth the number of distinct articles that contain it, counting an
article 1 + LEAD_BOOST·exp(-i / LEAD_DECAY) times for its earliest sentence i (0-based) holding
the concept, so a lede counts most and the weight fades over the next few sentences; the sum is
raised to DF_POWER. Concepts found in fewer than 2 articles (3 when there are 8 or more) are
worth only LOW_WEIGHT of that, which still separates sentences when articles share little. The
summary is the set of whole sentences that covers the greatest total concept value within a
word budget, found exactly by an integer program (HiGHS via `scipy.optimize.milp`). A concept
counts once however many chosen sentences carry it, so repeating a fact earns nothing. Words are
those of the claim text (`clean_claim_text`, shortened by `briefing.memo.compress`).

Budgets above FIRST_BUDGET are filled in two nested steps: the exact program picks the first
FIRST_BUDGET words, then greedy coverage (gain per square root of length) extends them to the
budget, so any prefix that ends with the first step reads as a summary on its own. That first
step, and the greedy one, leave out sentences that cannot stand alone in a summary: those
opening on a pronoun ("He said ...", "They ...") whose referent is in an earlier sentence, and
those in the first person outside quotation marks (a quote whose marks the source dropped); a
key point is read on its own as much as the bottom line. Chosen sentences come back most
important first (largest newly covered value first).

Bounded for large stories: each article offers at most its first MAX_SENTS_PER_DOC sentences
(fewer when there are many articles, so at most about MAX_SENTENCES sentences are read), and
only the MAX_CANDIDATES best by concept value per word reach the program. Deterministic.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache
from itertools import repeat

import numpy as np

from .compress import compress
from ..ingest.metadata import strip_dateline
from ..stopwords import FUNCTION_WORDS as STOPWORDS
from .framing import describes_reporting, strip_connective
from .page_noise import is_page_furniture, strip_prefix

MAX_SENTS_PER_DOC = 40   # sentences read per article (fewer when a story has many articles)
MAX_SENTENCES = 4000     # sentences read per story, in total, about
MAX_CANDIDATES = 60      # sentences the integer program chooses among
MIN_WORDS, MAX_WORDS = 6, 70
LEAD_BOOST, LEAD_DECAY = 2.0, 2.0  # an article's sentence i counts 1 + LEAD_BOOST·exp(-i / LEAD_DECAY)
DF_POWER = 2.0
LOW_WEIGHT = 0.1
FIRST_BUDGET = 100       # words chosen exactly; a larger budget is filled greedily after them
GREEDY_R = 0.5           # greedy fill: newly covered value / words ** GREEDY_R
NODE_LIMIT = 10_000      # branch-and-bound nodes for the solver (the DUC dev stories need at most 11); past
                         # it the best solution found is used: a limit of work, so the memo is the same
                         # however loaded the machine
TIME_LIMIT = 60.0        # seconds: only a guard against a pathological program, never reached in practice

_TOKEN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English suffix stripper: 'attacks', 'attacked' and 'attacking' share one key."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("edly", ""), ("ed", ""), ("ly", ""),
                         ("es", "e"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            return word[: len(word) - len(suffix)] + repl
    return word


def _concepts(text: str) -> frozenset:
    """Adjacent stemmed word pairs of a sentence, except pairs of two stop words."""
    return concepts_of(concept_words(text))


def concept_words(text: str) -> list[str]:
    """The stemmed words of a text, a stop word marked with a leading '!' (words are [a-z0-9]+):
    what `concepts_of` pairs up, and what `briefing.memo.analysis` stores."""
    return [("!" + stem(w)) if w in STOPWORDS else stem(w) for w in _TOKEN.findall(text.lower())]


def concepts_of(words: list[str]) -> frozenset:
    """Adjacent pairs of `concept_words`, except pairs of two stop words. Called for every stored
    sentence a rewritten story reads back (`briefing.analysis.loads`), hence the flat loop; the
    pairs go into the set in the same order as ever, so the set iterates the same."""
    stop = [w[0] == "!" for w in words]
    bare = [w[1:] if s else w for w, s in zip(words, stop)]
    return frozenset([(a, b) for a, b, sa, sb in zip(bare, bare[1:], stop, stop[1:]) if not (sa and sb)])


def clean_claim_text(sentence: str) -> str:
    """The sentence as shown in a memo: white space collapsed, leading datelines, kickers and page
    labels dropped (`briefing.memo.page_noise`), a connective opening it dropped ("However,":
    `briefing.memo.framing`), then shortened without changing what it says (`briefing.memo.compress`)."""
    return compress(strip_connective(strip_prefix(strip_dateline(" ".join(sentence.split())))))


_JUNK = re.compile(
    r"advertisement|click here|sign up|subscribe|newsletter|all rights reserved|copyright|©|getty images|"
    r"ap photo|photo:|photo by|photo credit|image:|image caption|follow (?:us|him|her|me) |"
    r"contributed to this report|reporting by|editing by|this story has been|https?://|www\.|@\w|"
    r"use of cookies|uses cookies|cookie policy|javascript|your browser|read more|related:|watch:|listen:|"
    r"location information|your tweets|third-party applications|no more 404|archive pages|"
    r"pages that they refer|terms of (?:use|service)|privacy policy|is licensed under|creative commons|"
    r"(?:has|have) contacted .{0,80}for comment",
    re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|posted by|written by)\s+[A-Z]", re.IGNORECASE)
# A piece of every _JUNK alternative, lower case: a text whose lower-case form holds none of them
# cannot match _JUNK, unless it has one of the only four non-ASCII characters that IGNORECASE
# matches to ASCII letters (İ ı ſ K); then _JUNK itself decides. One regex scan with ~40
# case-folded alternatives per position costs far more than these substring tests.
_JUNK_PIECES = ("advertisement", "click here", "sign up", "subscribe", "newsletter", "all rights reserved",
                "copyright", "©", "getty images", "photo", "image", "follow ", "contributed to this report",
                "reporting by", "editing by", "this story has been", "://", "www.", "@", "cookie", "javascript",
                "your browser", "read more", "related:", "watch:", "listen:", "location information",
                "your tweets", "third-party applications", "no more 404", "archive pages", "pages that they refer",
                "terms of ", "privacy policy", "is licensed under", "creative commons", "contacted ")
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def is_junk(s: str) -> bool:
    """Whether `s` matches _JUNK, skipping the regex when it cannot."""
    if not _FOLDS_TO_ASCII.search(s):
        low = s.lower()
        for piece in _JUNK_PIECES:
            if piece in low:
                break
        else:
            return False
    return _JUNK.search(s) is not None


def is_usable(sentence: str) -> bool:
    """False for bylines, boilerplate, fragments, over-long run-ons, questions, headings,
    sentences whose quotation marks do not balance and sentences that only say something was said
    ("X made the remarks in an interview for Y": `briefing.memo.framing`)."""
    s = " ".join(sentence.split())
    if not MIN_WORDS <= len(s.split()) <= MAX_WORDS:
        return False
    if s.endswith(("?", ":")) or is_junk(s) or _BYLINE.match(s) or is_page_furniture(s):
        return False
    if s.startswith(("(", "[")) and s.rstrip(".").endswith((")", "]")):  # an editor's note, not reporting
        return False
    if not any(c.islower() for c in s) or s[-1] not in ".!\"'”’)":
        return False
    if s.replace("``", '"').replace("''", '"').count('"') % 2 or s.count("“") != s.count("”"):
        return False
    return not describes_reporting(strip_prefix(s))


_DANGLING = re.compile(r"(?:He|She|It|They|His|Her|Its|Their|Him|Them)\b(?!-)")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|My|we|We|our|Our|us)\b")
_QUOTED = re.compile(r'"[^"]*"|“[^”]*”')


def can_open(text: str) -> bool:
    """False for a claim text that needs the sentence before it: one opening on a pronoun, or
    one in the first person outside quotation marks (a quote that lost its marks)."""
    return not (_DANGLING.match(text) or _FIRST_PERSON.search(_QUOTED.sub(" ", text)))


def _read(docs: list[list[str]], known=None):
    """Candidates: (article, index, clean text, words, concepts) of usable sentences, which also
    weigh the concepts. `known[d][i]`, where given, is sentence i of article d already read (a
    `briefing.analysis.SentenceAnalysis`: its `clean` and `concepts`, None for a non-candidate)."""
    per_doc = max(2, min(MAX_SENTS_PER_DOC, MAX_SENTENCES // max(1, len(docs))))
    cands = []
    for d, sents in enumerate(docs):
        facts = known[d] if known is not None else ()
        for i, s in enumerate(sents[:per_doc]):
            if i < len(facts):
                if facts[i].concepts is not None:
                    text = facts[i].clean
                    cands.append((d, i, text, len(text.split()), facts[i].concepts))
                continue
            if not is_usable(s):
                continue
            text = clean_claim_text(s)
            n = len(text.split())
            if n >= MIN_WORDS:
                cands.append((d, i, text, n, _concepts(text)))
    return cands


def _unique(cands):
    """The first of each group of candidates with the same words (copies across articles)."""
    seen, out = set(), []
    for cand in cands:
        key = cand[2].lower()
        if key not in seen:
            seen.add(key); out.append(cand)
    return out


def _doc_groups(docs: list[list[str]]) -> list[int]:
    """Article index -> the first earlier article sharing at least 80% of its sentences (itself
    if none), so copies and updated versions of one wire story count as one source."""
    per_doc = max(2, min(MAX_SENTS_PER_DOC, MAX_SENTENCES // max(1, len(docs))))
    rep, sizes, index = [], {}, defaultdict(list)  # index: sentence -> group leaders holding it
    for d, sents in enumerate(docs):
        key = {" ".join(s.split()) for s in sents[:per_doc]}
        shared = defaultdict(int)
        for s in key:
            for g in index.get(s, ()):
                shared[g] += 1
        leader = next((g for g in sorted(shared) if shared[g] >= 0.8 * min(len(key), sizes[g])), d)
        rep.append(leader)
        if leader == d and key:
            sizes[d] = len(key)
            for s in key:
                if len(index[s]) < 50:
                    index[s].append(d)
    return rep


def _concept_weights(cands, docs) -> dict:
    rep = _doc_groups(docs)
    n_docs = len(set(rep))
    seen = defaultdict(dict)  # concept -> {article group: value}
    for d, i, _, _, cs in cands:
        v = 1.0 + LEAD_BOOST * math.exp(-i / LEAD_DECAY)
        g = rep[d]
        for c in cs:
            groups = seen[c]
            if groups.get(g, 0.0) < v:
                groups[g] = v
    min_df = 2 if n_docs < 8 else 3
    weights = {}
    for c, groups in seen.items():
        if len(groups) >= min_df:
            weights[c] = sum(groups.values()) ** DF_POWER
        elif LOW_WEIGHT:
            weights[c] = LOW_WEIGHT * max(groups.values())
    return weights


def _value(cand, weights, covered=frozenset()) -> float:
    # fsum: the exact sum whatever the order; a set of concepts iterates in an order that follows
    # Python's hash seed, and a float sum in another order can differ in its last bit, enough to
    # pick another of two equally good sentences (memos that differed between runs)
    if not covered:
        return math.fsum(map(weights.get, cand[4], repeat(0.0, len(cand[4]))))
    return math.fsum(weights.get(c, 0.0) for c in cand[4] if c not in covered)


def _prune(cands, weights):
    """At most MAX_CANDIDATES sentences: the highest concept value per word, in reading order."""
    if len(cands) <= MAX_CANDIDATES:
        return cands
    score = [_value(c, weights) / c[3] ** 0.5 for c in cands]
    keep = sorted(sorted(range(len(cands)), key=lambda i: (-score[i], i))[:MAX_CANDIDATES])
    return [cands[i] for i in keep]


def _solve(cands, weights, budget: int) -> list[int] | None:
    """Indices into `cands` covering the most concept value within `budget` words (exact).

    A concept in one candidate only becomes part of that sentence's own value, and concepts in
    the same set of candidates share one variable, so the program stays small."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix, hstack, identity

    n = len(cands)
    where = defaultdict(list)
    for i, cand in enumerate(cands):
        for c in cand[4]:
            if weights.get(c):
                where[c].append(i)
    own = np.zeros(n)
    shared = defaultdict(float)
    for c, sents in sorted(where.items()):  # sums in one order, whatever the hash seed (see _value)
        if len(sents) == 1:
            own[sents[0]] += weights[c]
        else:
            shared[tuple(sents)] += weights[c]
    keys = sorted(shared)
    m = len(keys)
    rows = [j for j, k in enumerate(keys) for _ in k]
    cols = [i for k in keys for i in k]
    lengths = csr_matrix(np.concatenate([[c[3] for c in cands], np.zeros(m)])[None, :])
    constraints = [LinearConstraint(lengths, 0, budget)]
    if m:  # a shared concept counts only when a chosen sentence carries it
        cover = hstack([csr_matrix((-np.ones(len(rows)), (rows, cols)), shape=(m, n)), identity(m, format="csr")])
        constraints.append(LinearConstraint(cover.tocsr(), -np.inf, 0))
    own -= 1e-6 * np.array([c[3] for c in cands])  # a sentence that adds nothing is never worth its words
    res = milp(-np.concatenate([own, [shared[k] for k in keys]]),
               integrality=np.concatenate([np.ones(n), np.zeros(m)]), bounds=Bounds(0, 1),
               constraints=constraints, options={"node_limit": NODE_LIMIT, "time_limit": TIME_LIMIT})
    if res.x is None:
        return None
    return [i for i in range(n) if res.x[i] > 0.5]


def _greedy(cands, weights, budget: int, chosen: list[int], allowed=None) -> list[int]:
    """Extends `chosen` by the best newly covered value per word ** GREEDY_R until nothing fits,
    taking only the `allowed` candidates (all when None)."""
    chosen = list(chosen)
    covered = set().union(*(cands[i][4] for i in chosen))
    used = sum(cands[i][3] for i in chosen)
    left = [i for i in (range(len(cands)) if allowed is None else allowed) if i not in set(chosen)]
    while True:
        best, best_v = None, 0.0
        for i in left:
            if used + cands[i][3] <= budget:
                v = _value(cands[i], weights, covered) / cands[i][3] ** GREEDY_R
                if v > best_v:
                    best, best_v = i, v
        if best is None:
            return chosen
        chosen.append(best); left.remove(best)
        used += cands[best][3]; covered |= cands[best][4]


def _order(cands, chosen: list[int], weights, covered, dates) -> list[int]:
    """Most important first: the largest newly covered value, then earlier published, earlier in
    its article."""
    left, covered, out = list(chosen), set(covered), []
    while left:
        best = max(left, key=lambda i: (_value(cands[i], weights, covered), dates[cands[i][0]] != "",
                                        [-ord(ch) for ch in dates[cands[i][0]]], -cands[i][1], -cands[i][0]))
        out.append(best); left.remove(best); covered |= cands[best][4]
    return out


def select_summary(docs: list[list[str]], budget_words: int,
                   published: list[str | None] | None = None, known=None) -> list[tuple[int, int]]:
    """The sentences that best summarise a story within `budget_words` (words of
    `clean_claim_text`), as (article index, sentence index), most important first.

    docs[i] holds article i's sentences exactly as `briefing.text.split_sentences` cut them.
    `published` (ISO dates, optional) only breaks ties in the order: earlier first. With a budget
    above FIRST_BUDGET the first sentences returned are exactly select_summary(docs, FIRST_BUDGET).
    `known`: the sentences already read, per article (see `_read`); the result is the same without it.
    """
    return summarise(docs, budget_words, published, known)[0]


def sentence_salience(docs: list[list[str]]) -> list[list[float]]:
    """Importance of every sentence in [0, 1]: its concept value per square root of its length,
    relative to the story's best sentence. Unusable or unread sentences score 0."""
    cands = _read(docs)
    return _salience(docs, cands, _concept_weights(cands, docs))


def summarise(docs: list[list[str]], budget_words: int, published: list[str | None] | None = None,
              known=None) -> tuple[list[tuple[int, int]], list[list[float]]]:
    """`select_summary` and `sentence_salience` together, reading the story once. `known`: the
    sentences already read, per article (see `_read`); the result is the same without it."""
    cands = _read(docs, known)
    weights = _concept_weights(cands, docs)
    return _selection(docs, cands, weights, budget_words, published), _salience(docs, cands, weights)


def _selection(docs, cands, weights, budget_words: int, published) -> list[tuple[int, int]]:
    if not cands or budget_words <= 0:
        return []
    cands = _prune(_unique(cands), weights)
    dates = [str(p)[:10] if p else "" for p in (published or [None] * len(docs))]
    dates += [""] * (len(docs) - len(dates))
    core = [i for i, c in enumerate(cands) if can_open(c[2])] or list(range(len(cands)))
    sub = [cands[i] for i in core]
    first = _solve(sub, weights, min(budget_words, FIRST_BUDGET))
    if first is None:  # no solution in time: greedy coverage instead
        first = _greedy(sub, weights, min(budget_words, FIRST_BUDGET), [])
    first = [core[i] for i in first]
    ordered = _order(cands, first, weights, set(), dates)
    if budget_words > FIRST_BUDGET:
        more = _greedy(cands, weights, budget_words, first, core)[len(first):]
        covered = set().union(*(cands[i][4] for i in first))
        ordered += _order(cands, more, weights, covered, dates)
    return [(cands[i][0], cands[i][1]) for i in ordered]


def _salience(docs, cands, weights) -> list[list[float]]:
    out = [[0.0] * len(s) for s in docs]
    for cand in cands:
        out[cand[0]][cand[1]] = _value(cand, weights) / cand[3] ** 0.5
    top = max((v for row in out for v in row), default=0.0) or 1.0
    return [[v / top for v in row] for row in out]
