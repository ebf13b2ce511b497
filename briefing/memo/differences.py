"""Where sources differ: pairs of sentences about the same point whose counts or polarity disagree.

Two sentences disagree when
- they are about the same point: close in meaning (`semantic.similarity_matrix`) and sharing
  content words, from different articles; and
- either a quantity of the same kind differs on both sides ("59 dead" vs "50 dead"; "$2 million"
  vs "$3 million"; "evacuated 150" vs "200 people were evacuated"): numbers are read after
  normalising ("four" = "4", "1,000" = "one thousand", "2.5 million" = "2,500,000") and each is
  tied to what it counts (the noun or verb beside it), so two unrelated numbers never make a pair;
  a rate ("$30 million per season"), an increase ("$5 million more") and parts that add up to a
  value on the other side ("8 percent wind, 2 percent solar" / "10 percent") are not the total.
  The words around a number in its clause say what it is about: when the disputed numbers share
  TIED_WORDS of them ("the truck could have reached 120 degrees" / "the interior of the truck
  reached 130-170 degrees") the sentences need be less alike overall (TIED_MEANING);
- or one side negates a verb the other states plainly ("did not attend" vs "attended"). Negations
  with the same meaning on both sides ("left out maintenance" / "did not include maintenance")
  are not a difference: the negated word itself must stand un-negated on the other side.
Curly and straight apostrophes and quotes are the same character here, so one quote carried by
several outlets is agreement. Two sentences are not compared when they name different years or
"in 1997", "from March 2016" or "by 2003" on one side only (a past or projected figure beside the
present one), different actors ("Clinton ordered" / "Taiwan will donate"; but two sources' estimates
of one figure, "Baker estimates" / "Conard concludes", do differ), different time frames ("last year ... then" / "currently"), a
condition ("if five others refuse"), or open on a back-reference ("That earthquake killed ...").
Each side is shown as the clauses stating the disputed figure (`focus`).

The pairs that matter most come first: deaths and injuries, then money, then other counted
people (evacuated, missing, arrested), then dates, then other quantities, then polarity. Each
side carries its article's publication date; the later one is marked, since early counts are
often revised.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional, Sequence

import numpy as np

from ..stopwords import NUMBER_PHRASE_ENDS
from .dates import parse_published
from .evidence import Evidence, EvidenceSentence, content_words, overlap

POOL = 150               # the most salient sentences are compared pairwise ...
QUANTITY_POOL = 150      # ... and so are this many further ones that count casualties, money or people
MAX_PAIRS = 4
SAME_POINT_MEANING = 0.55  # cosine of the sentences' embeddings at which they can be about one point
# ... when the disputed numbers themselves share this many words of what they are about ("reached 120
# degrees inside the truck" / "the truck could have reached 130-170 degrees"), a looser cosine will do
TIED_WORDS = 2
TIED_MEANING = 0.5
TIED_OTHER_MEANING = 0.65   # ... and for other counts (percentages, sizes), which are many in a story
# ... for counts of other things than casualties, money and people (durations, percentages, sizes):
# such numbers are many in a story, so two sentences must say nearly the same thing
OTHER_COUNT_MEANING = 0.8
SAME_POINT_WORDS = 2       # ... and content words they must share
SAME_POINT_OVERLAP = 0.1   # ... and their content-word Jaccard
POLARITY_MEANING = 0.88    # a polarity flip needs the sentences closer still: they say one thing twice
SAME_QUANTITY_RATIO = 10   # counts or sums further apart than this are of different things
LIST_VALUES = 3            # a side giving this many values of one kind lists them (goals, options): no count

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u00a0": " "})
_UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_WORD_VALUES = {**_UNITS, **_TENS}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}
_MONTHS = set("january february march april may june july august september october november december "
              "jan feb mar apr jun jul aug sep sept oct nov dec".split())
_TOKEN = re.compile(r"[$£€]|\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:\.\d+)?%?|[A-Za-z]+(?:'[a-z]+)?|[;:,.()]")

# what a number counts, by the words around it; the order is the order of importance
_KINDS = {
    "dead": "killed kill killing kills dead death deaths died die dies toll fatalities fatality lives bodies "
            "perished drowned murdered slain",
    "injured": "injured injuring injure injuries injury wounded wounding hurt hospitalized hospitalised",
    "money": "dollars dollar dlrs usd euros yen yuan rubles roubles rupees",  # "pounds" may weigh
    "evacuated": "evacuated evacuate evacuating evacuees evacuation",
    "missing": "missing unaccounted",
    "arrested": "arrested arrests arrest detained detainees",
    "displaced": "homeless displaced refugees",
}
_KIND_OF = {w: k for k, ws in _KINDS.items() for w in ws.split()}
_PRIORITY = {"dead": 0, "injured": 0, "money": 1, "evacuated": 2, "missing": 2, "arrested": 2, "displaced": 2,
             "people": 2, "date": 3, "percent": 4}
_YEAR = "calendar year"  # a year names an event rather than counts it: two sentences with different
# years are about different events (the 2009 quake, the 1997 one), never a disagreement
# words between a number and what it counts ("59 more people", "at least 400 of the residents")
_FILLER = set("more than at least about some nearly almost around over under other additional another of the "
              "were was had have been are is who and".split())
_BEFORE_FILLER = set("at least more than about some nearly almost around over another the".split())
_PREPOSITIONS = set("in on at for to by with from into as per near after before since than about over under during "
                    "between among across through against within of".split())
_NOT_NOUN = _PREPOSITIONS | set("a an that this it its his her their our was were is are had has have be been found said "
                                "says percent".split())
# people counted by what happened to them: the verb says which count it is ("50 sailors were winched")
_GENERIC = set("people persons person others residents civilians crew members sailors soldiers troops children students "
               "passengers workers miners officers policemen men women victims".split())
_STOPS = NUMBER_PHRASE_ENDS
# words beside a number that say nothing of what it is about: two counts sharing only "people killed"
# or "million dollars" may count different things
_CONTEXT_STOP = set(_KIND_OF) | _GENERIC | set(_SCALES) | set(_WORD_VALUES) | _FILLER | _BEFORE_FILLER | \
    set("percent cent total totals totalling least nearly almost estimated estimate estimates reported confirmed "
        "according officials official".split())
_SKIPPED = r"(?:(?:be|been|being|have|has|had|yet|ever|even|fully|officially|actually|immediately|going to|able to|" \
           r"about to|likely to|expected to|to|a|an|any|the|only|just|so|as|very|more|much|quite)\s+)*"
_NEGATOR = re.compile(r"\b(?:not|never|no|no longer|refused to|refuses to|refuse to|declined to|declines to|"
                      r"failed to|fails to|denied|denies)\s+" + _SKIPPED + r"([a-z]+)", re.I)
_NEG_GLUED = re.compile(r"\b\w+n't\s+" + _SKIPPED + r"([a-z]+)", re.I)
# any word that makes a sentence negative: a polarity difference needs one side free of them all
_ANY_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|denied|denies|deny|refused|"
                           r"refuses|refuse|rejected|rejects|failed|fails|declined|left out|omitted|excluded|lacks?|"
                           r"lacked)\b|n't\b", re.I)


def normalise(text: str) -> str:
    """Curly quotes and dashes as their plain forms, white space collapsed."""
    return " ".join(text.translate(_QUOTES).split())


@dataclass(frozen=True)
class Quantity:
    value: float
    kind: str  # "dead", "injured", "money", ..., "date", "calendar year", "age", "percent", or the counted noun
    # the words around the number in its clause, as 5-letter stems, without the words that only say
    # what it counts ("killed", "people", "dollars"): what the number is about ("in Honduras", "the truck")
    context: frozenset = field(default=frozenset(), compare=False)



def _word_value(w: str) -> Optional[int]:
    return _WORD_VALUES.get(w.lower())


def _stem(w: str) -> str:
    w = w.lower()
    return w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w


@lru_cache(maxsize=8192)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Every number in `text` with what it counts (see the module docstring). Cached: a story's
    sentences are compared pairwise."""
    return tuple(_quantities(text))


def _quantities(text: str) -> list[Quantity]:
    toks = [t for t in _TOKEN.findall(normalise(text).replace("-", " "))]
    out: list[Quantity] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        low = t.lower()
        value: Optional[float] = None
        j = i + 1
        percent = t.endswith("%")
        if t[0].isdigit():
            try:
                value = float(t.rstrip("%").replace(",", ""))
            except ValueError:
                value = None
        elif _word_value(t) is not None and not (low == "one" and i + 1 < len(toks) and (
                toks[i + 1].lower() in _NOT_NOUN or toks[i + 1].lower() in _FILLER)):   # "one of", "one with": a pronoun
            value = float(_word_value(t))
            while j < len(toks) and _word_value(toks[j]) is not None and _word_value(toks[j]) < 10 <= value:
                value += _word_value(toks[j])  # "twenty five"
                j += 1
        elif low in ("hundred", "thousand", "million", "billion") and i > 0 and toks[i - 1].lower() in ("a", "one"):
            value = 1.0
            j = i
        if value is None or j < len(toks) and toks[j] == "s":   # no number, or a decade ("the 80s")
            i += 1
            continue
        while j < len(toks) and toks[j].lower() in _SCALES:  # "four hundred", "2.5 million", "one thousand"
            value *= _SCALES[toks[j].lower()]
            j += 1
        if j < len(toks) and (toks[j].lower() == "percent" or toks[j].lower() == "per" and j + 1 < len(toks)
                              and toks[j + 1].lower() == "cent") or percent:
            out.append(_located(toks, i, j, value, "percent"))
        elif i > 0 and (toks[i - 1] in "$£€" or _KIND_OF.get(toks[i - 1].lower()) == "money") \
                or j < len(toks) and _KIND_OF.get(toks[j].lower()) == "money":
            out.append(_located(toks, i, j, value, "money"))
        elif i > 0 and toks[i - 1].lower() in _MONTHS or j < len(toks) and toks[j].lower() in _MONTHS:
            if value <= 31:
                out.append(_located(toks, i, j, value, "date"))   # "October 8", "8 October"
            elif 1800 <= value <= 2100:
                out.append(_located(toks, i, j, value, "calendar year"))
        elif t[0].isdigit() and 1900 <= value <= 2100 and "," not in t and "." not in t and j == i + 1:
            out.append(_located(toks, i, j, value, "calendar year"))
        elif j + 1 < len(toks) and toks[j].lower() == "year" and toks[j + 1].lower() == "old":
            out.append(_located(toks, i, j, value, "age"))   # "a 59-year-old man"
        elif j + 2 < len(toks) and toks[j].lower() == "of" and (toks[j + 1][0].isdigit() or
                                                                 toks[j + 1].lower() == "the" and toks[j + 2][0].isdigit()):
            k = j + 1 if toks[j + 1][0].isdigit() else j + 2   # "64 of the 122 seats": both count seats
            kind = _counted(toks, k, k + 1)
            if kind:
                out.append(_located(toks, i, j, value, kind))
        elif not (j < len(toks) and toks[j] == ":"):   # not a time of day "10:30"
            kind = _counted(toks, i, j)
            if kind:
                out.append(_located(toks, i, j, value, kind))
        i = max(j, i + 1)
    return out


CONTEXT_WINDOW = 8   # tokens either side of a number that say what it is about
_CLAUSE_EDGE = set(";:,.")   # not brackets: "four kilometers (two miles) away" is one measure


def _located(toks: list[str], first: int, after: int, value: float, kind: str) -> Quantity:
    """The quantity with the content words of its clause within CONTEXT_WINDOW tokens of it."""
    words = []
    for step, start in ((-1, first - 1), (1, after)):
        k = start
        while 0 <= k < len(toks) and abs(k - (first if step < 0 else after - 1)) <= CONTEXT_WINDOW \
                and toks[k] not in _CLAUSE_EDGE:
            words.append(toks[k])
            k += step
    kind_words = {_stem(w)[:5] for w in kind.split()} | ({"year", "old"} if kind == "age" else set())
    context = frozenset(w[:5] for w in content_words(" ".join(words))
                        if w.isalpha() and w not in _CONTEXT_STOP and _stem(w)[:5] not in kind_words)
    return Quantity(value, _rate(toks, after, _increment(toks, first, after, kind)), context)


_RATE_WORDS = {"per", "a", "an", "each", "every"}
_RATE_UNITS = set("year season month week day hour minute game match share person head capita".split())


def _rate(toks: list[str], after: int, kind: str) -> str:
    """`kind` with the time or unit it is counted per ("$30 million per season", "2 percent a year"):
    a rate and a total are different quantities."""
    if kind in ("date", "calendar year", "age"):
        return kind
    for k in range(after, min(after + 2, len(toks) - 1)):
        if toks[k].lower() in _RATE_WORDS and _stem(toks[k + 1]) in _RATE_UNITS:
            return f"{kind} per {_stem(toks[k + 1])}"
    return kind


_MORE_AFTER = {"more", "fewer", "less", "additional", "extra"}
_MORE_BEFORE = {"another", "additional", "extra"}


def _increment(toks: list[str], first: int, after: int, kind: str) -> str:
    """`kind` marked as a change when the number counts one ("$5 million more", "another 12 people"):
    an increase is not the total."""
    if kind in ("date", "calendar year", "age"):
        return kind
    if first > 0 and toks[first - 1].lower() in _MORE_BEFORE or \
            after < len(toks) and toks[after].lower() in _MORE_AFTER:
        return f"{kind} more"
    return kind


def _priority(kind: str, default: int = 5) -> int:
    return _PRIORITY.get(kind.split(" per ")[0].removesuffix(" more"), default)


def _counted(toks: list[str], first: int, after: int) -> Optional[str]:
    """What the number at toks[first:after] counts: a casualty-like kind from the words after it
    (up to the end of its phrase) or the verb before it, else the noun after it."""
    back = toks[max(0, first - 7):first]
    if "toll" in (t.lower() for t in back) and not any(t in _STOPS for t in back[[t.lower() for t in back].index("toll"):]):
        return "dead"   # "the death toll in the region rose to 357"
    for t in reversed(toks[max(0, first - 4):first]):   # "killing at least 59", "injured 527"
        low = t.lower()
        if low in _KIND_OF and _KIND_OF[low] != "money":
            return _KIND_OF[low]
        if low not in _BEFORE_FILLER:
            break
    noun = None
    for t in toks[after:after + 5]:   # "59 people were killed", "two crew found dead", "3 yachts missing"
        low = t.lower()
        if low in _STOPS or t[0].isdigit():
            break
        if low in _KIND_OF:
            kind = _KIND_OF[low]
            if noun is None or noun in _GENERIC or kind == "money":
                return kind
            # "three yachts missing" and "15 people missing" count different things; "a 6.0-magnitude
            # earthquake killed" does not count the dead
            return None if kind in ("dead", "injured") else f"{kind} {noun}"
        if noun is None and low in _PREPOSITIONS:
            break
        if noun is None and low not in _FILLER and low not in _NOT_NOUN and t.isalpha() and not t[0].isupper():
            noun = low if low in _GENERIC else _stem(low)
    return "people" if noun in _GENERIC else noun


def negated_words(text: str) -> set[str]:
    """Stems of the words a negation governs ("did not include" -> "inclu")."""
    t = normalise(text)
    return {m.group(1).lower()[:5] for rx in (_NEGATOR, _NEG_GLUED) for m in rx.finditer(t) if len(m.group(1)) > 3}


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in re.findall(r"[A-Za-z]+", normalise(text))}


@dataclass(frozen=True)
class Disagreement:
    kind: str        # the quantity kind that differs, or "polarity"
    priority: int
    tied: bool = False   # the differing numbers share TIED_WORDS words of what they are about

    @property
    def meaning_needed(self) -> float:
        """How close in meaning the two sentences must be for this disagreement to count."""
        if self.kind == "polarity":
            return POLARITY_MEANING
        if self.priority <= _PRIORITY["evacuated"]:
            return TIED_MEANING if self.tied else SAME_POINT_MEANING
        return TIED_OTHER_MEANING if self.tied else OTHER_COUNT_MEANING


def disagreement(a: str, b: str) -> Optional[Disagreement]:
    """How two sentences about the same point disagree, or None when they do not."""
    na, nb = normalise(a), normalise(b)
    if na.lower() == nb.lower():
        return None
    if _REFERS_BACK.match(na) or _REFERS_BACK.match(nb):
        return None
    if _frames(na) != _frames(nb):
        return None   # "last year ... then $242,000" beside "currently $272,500": two times, two figures
    sa, sb = _subject(na), _subject(nb)
    if sa and sb and sa not in nb and sb not in na and not (_is_source(na, sa) and _is_source(nb, sb)):
        return None   # different actors ("Clinton ordered $30 million", "Taiwan will donate $2.6 million");
        # two sources estimating one figure differ though ("Baker estimates ... $5", "Conard concludes ... $20")
    if _CONDITIONAL.search(na) or _CONDITIONAL.search(nb):
        return None   # "if at least five others refuse": a condition, not a report
    qa, qb = _by_kind(quantities(na)), _by_kind(quantities(nb))
    located_a, located_b = quantities(na), quantities(nb)
    ya, yb = qa.get(_YEAR, set()), qb.get(_YEAR, set())
    if ya and yb and not ya & yb or bool(_IN_YEAR.search(na)) != bool(_IN_YEAR.search(nb)) and ya != yb:
        return None   # different years, or "in 1997" on one side only: a past event beside the present one
    all_a = set().union(*qa.values()) if qa else set()
    all_b = set().union(*qb.values()) if qb else set()
    found: list[Disagreement] = []
    for kind in sorted(set(qa) & set(qb) - {_YEAR}):
        va, vb = qa[kind], qb[kind]
        if len(va) >= LIST_VALUES or len(vb) >= LIST_VALUES:
            continue
        # each side states a value the other does not state at all: not one adding detail, not the
        # same numbers read as different quantities ("64 of the 122 seats" / "122-member chamber")
        only_a, only_b = va - all_b, vb - all_a
        if not (only_a and only_b) or _parts_of_whole(va, vb) or _parts_of_whole(vb, va):
            continue
        # "$4 billion" beside "$12", "3,500 troops" beside "40 troops": different things (death tolls
        # do grow that much as reports come in)
        close = [(x, y) for x in only_a for y in only_b
                 if kind in ("dead", "injured") or max(x, y) <= SAME_QUANTITY_RATIO * min(x, y)]
        if not close:
            continue
        tied = any(len(x.context & y.context) >= TIED_WORDS for x in located_a for y in located_b
                   if x.kind == y.kind == kind and (x.value, y.value) in close)
        found.append(Disagreement(kind, _priority(kind), tied))
    if found:
        return min(found, key=lambda d: (d.priority, d.kind))
    if bool(_ANY_NEGATION.search(na)) == bool(_ANY_NEGATION.search(nb)):
        return None   # both negative or both plain: a difference of wording, not of polarity
    flipped = _flip(na, nb) or _flip(nb, na)
    return Disagreement("polarity", 6) if flipped else None


_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_NOT_NAME = set("The A An In On At But And As After Before When While For From With By If It Its He She They We "
                "This That These Those There According Officials Police President Mr Mrs Ms Dr His Her Their Our Your My "
                "I Some Many Most More About At Nearly Almost Only All Both Each Several".split()) | \
    {w.capitalize() for w in (*_UNITS, *_TENS)} | \
    {m.capitalize() for m in _MONTHS} | set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


_VERB_AFTER = re.compile(r"\s+(?:said|says|has|have|had|is|was|will|would|reported|announced|told|also)\b|"
                         r"\s+[a-z]{3,}(?:s|ed)\s+(?:the|a|an|to|that|its|his|her|their)\b")   # "Russia wants the"
# a sentence opening on a reference ("That earthquake killed ...", "It said ...") names its subject
# elsewhere: its counts cannot be compared
_REFERS_BACK = re.compile(r"^(?:That|Those|This|These|It|Its)\b")


_CONDITIONAL = re.compile(r"\b(?:if|unless)\b[^,;.]*\d|\b(?:if|unless)\b[^,;.]*\b(?:one|two|three|four|five|six|seven|"
                          r"eight|nine|ten|dozen|hundred|thousand)\b", re.I)
_FRAME = re.compile(r"\b(?:last (?:year|season)|a year ago|currently|previously|formerly|since|, then)\b", re.I)


def _frames(text: str) -> frozenset[str]:
    """The time frames a sentence puts its figures in ("last year", "currently", "since ...")."""
    return frozenset(m.group().lower().lstrip(", ") for m in _FRAME.finditer(text))


# verbs by which a name gives a figure as its own reading of the facts rather than acting on them
_SOURCE_VERB = re.compile(r"\s+(?:(?:has|have|had)\s+)?(?:estimate|conclude|calculate|believe|argue|claim|predict|"
                          r"project|figure|reckon|put)[sd]?\b")


def _is_source(text: str, name: str) -> bool:
    """`name` opens the sentence as a source: "Baker estimates the ratio is 5 to 1"."""
    at = text.find(name)
    return at >= 0 and bool(_SOURCE_VERB.match(text, at + len(name)))


def _subject(text: str) -> Optional[str]:
    """The first name in a sentence (its actor, most often): "Taiwan", "Bill Clinton". A capital
    opening the sentence is a name only before a verb or another name ("Taiwan said", not "Aid workers")."""
    for m in _NAME.finditer(text):
        words = [w for w in m.group().split() if w not in _NOT_NAME]
        if m.start() == 0 and len(m.group().split()) == 1 and not _VERB_AFTER.match(text, m.end()):
            continue
        if words:
            return words[-1]
    return None


_IN_YEAR = re.compile(r"\b(?:[Ii]n|[Ss]ince|[Ff]rom|[Bb]y)\s+(?:(?:early|late|mid)\s+)?(?:[A-Z][a-z]+\s+(?:\d{1,2},?\s+)?)?"
                      r"(?:1[89]|20)\d\d\b")   # "in 1997", "up from March 2016", "by 2003"


def _by_kind(qs: list[Quantity]) -> dict[str, set[float]]:
    out: dict[str, set[float]] = {}
    for q in qs:
        out.setdefault(q.kind, set()).add(q.value)
    return out


def _parts_of_whole(whole: set[float], parts: set[float]) -> bool:
    """`parts` add up to a value of `whole` ("10 percent" / "8 percent wind, 2 percent solar")."""
    return len(parts) > 1 and any(abs(sum(parts) - w) <= 0.01 * w for w in whole)


def _flip(neg: str, plain: str) -> bool:
    """`neg` negates a word that `plain` states without negation."""
    words = negated_words(neg) - negated_words(plain)
    if not words:
        return False
    return bool(words & _stems(plain))


@dataclass
class Side:
    """One side of a difference: the evidence sentence, its article's publication date, and whether
    it is the later of the two reports."""
    evidence: EvidenceSentence
    published: Optional[str]
    later: bool


def find_differences(evidence: Evidence, max_pairs: int = MAX_PAIRS) -> list[tuple[Side, Side, Disagreement]]:
    """The story's disagreements, most important first (see the module docstring); each sentence
    in at most one pair, each disagreement (kind and values) once."""
    from ..semantic import similarity_matrix

    pool = _pool(evidence)
    if len(pool) < 2:
        return []
    texts = [normalise(e.clean) for e in pool]
    quants = [_by_kind(quantities(t)) for t in texts]
    negs = [negated_words(t) for t in texts]
    words = [content_words(t.lower()) for t in texts]
    meaning = similarity_matrix(texts)
    close = np.argwhere(np.triu(meaning >= TIED_MEANING, k=1))   # (i, j) row-major: a fixed order
    candidates = []
    for i, j in close.tolist():
        a, b = pool[i], pool[j]
        if a.article == b.article or texts[i].lower() == texts[j].lower():
            continue
        # cheap tests first: a shared quantity kind or a negation on one side
        if not (set(quants[i]) & set(quants[j]) or negs[i] ^ negs[j]):
            continue
        if not same_point(float(meaning[i, j]), words[i], words[j]):
            continue
        d = disagreement(texts[i], texts[j])
        if d is None or meaning[i, j] < d.meaning_needed:
            continue
        candidates.append((d.priority, -(a.salience + b.salience), a.number, b.number, i, j, d))
    candidates.sort(key=lambda c: c[:4])
    out: list[tuple[Side, Side, Disagreement]] = []
    used: set[int] = set()
    shown: set[tuple] = set()
    for *_, i, j, d in candidates:
        if i in used or j in used:
            continue
        values = (d.kind, frozenset({frozenset(quants[i].get(d.kind, ())), frozenset(quants[j].get(d.kind, ()))}))
        if d.kind != "polarity" and values in shown:
            continue
        shown.add(values)
        used.update((i, j))
        out.append(_sides(evidence, pool[i], pool[j]) + (d,))
        if len(out) == max_pairs:
            break
    return out


_CLAUSE = re.compile(r";\s+|,\s+(?=(?:which|who|whom|but|while|although|as|after|before|when|where|and|according)\b)|"
                     r"\s+-\s+|,\s+(?=[a-z]+(?:ed|ing)\b)|\s+(?=when\b)")


def focus(text: str, kind: str) -> str:
    """The part of `text` that states the disputed quantity: the clauses from the first to the last
    that count `kind` (the whole text when they are all of it, or for a polarity difference)."""
    bounds = [0] + [m.end() for m in _CLAUSE.finditer(text)] + [len(text)]
    clauses = [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]
    hits = [k for k, (a, b) in enumerate(clauses) if any(q.kind == kind for q in quantities(text[a:b]))]
    if kind == "polarity" or not hits:
        return text
    part = text[clauses[hits[0]][0]:clauses[hits[-1]][1]].strip(" ,;-")
    if len(part.split()) < 4:
        return text
    part = part[0].upper() + part[1:]
    return part if part.endswith((".", "!", "?")) else part + "."


_DIGIT = re.compile(r"\d")


def _pool(evidence: Evidence) -> list[EvidenceSentence]:
    ranked = evidence.ranked()
    pool = ranked[:POOL]
    extra: list[EvidenceSentence] = []
    for e in ranked[POOL:]:
        if len(extra) == QUANTITY_POOL:
            break
        if _DIGIT.search(e.clean) and any(_priority(q.kind, 9) <= 2 for q in quantities(e.clean)):
            extra.append(e)
    return pool + extra


def _published_day(published: Optional[str]) -> Optional[str]:
    day = parse_published(published)   # a real date or nothing: the field is shown as it is
    return day.isoformat() if day else None


def _sides(evidence: Evidence, a: EvidenceSentence, b: EvidenceSentence) -> tuple[Side, Side]:
    pa, pb = (_published_day(evidence.articles[e.article].published) for e in (a, b))
    later_b = bool(pa and pb and pb > pa)
    later_a = bool(pa and pb and pa > pb)
    first, second = (Side(a, pa, later_a), Side(b, pb, later_b))
    if later_a:   # the earlier report first, the later (often revised) one after it
        first, second = second, first
    return first, second


def pairs_for(texts: Sequence[str]) -> list[tuple[int, int, Disagreement]]:
    """Every pair of `texts` the detector calls a disagreement about the same point (for benchmarks)."""
    from ..semantic import similarity_matrix

    norm = [normalise(t) for t in texts]
    meaning = similarity_matrix(norm)
    words = [content_words(t.lower()) for t in norm]
    out = []
    for i in range(len(norm)):
        for j in range(i + 1, len(norm)):
            if not same_point(float(meaning[i, j]), words[i], words[j]):
                continue
            d = disagreement(norm[i], norm[j])
            if d is not None and meaning[i, j] >= d.meaning_needed:
                out.append((i, j, d))
    return out


def same_point(cosine: float, wa: frozenset, wb: frozenset) -> bool:
    """Two sentences are about one point: close in meaning and sharing enough content words."""
    return cosine >= TIED_MEANING and len(wa & wb) >= SAME_POINT_WORDS and overlap(wa, wb) >= SAME_POINT_OVERLAP
