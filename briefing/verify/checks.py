"""Does a set of source sentences say what a claim says? Lexical evidence and hard checks.

`check(claim, sources)` reads the claim and the sentences it cites and returns a `Verdict`:

- **coverage**: the share of the claim's content words (stemmed, function words left out) that
  the sources contain; a claim moved to an unrelated citation shares few of them;
- **hard checks**, each a named problem when it fails:
  - `name`: every capitalised word of the claim (people, places, organisations, nationalities;
    `Iranian` matches `Iran`) stands in the sources, and a multi-word name stands together
    (`Sergey Markedonov` is not `Sergey Lavrov` ... `Markedonov`);
  - `role`: a title or description the claim gives a named person (`Russian President X`,
    `X, the foreign minister,`, `his Iranian counterpart X`) is one the sources give that
    person (before the name, in its capitalised run or in the appositive after it);
  - `number`: every number of the claim (`1,000`, `1000`, `one thousand`, `5%`, `5 percent`,
    `2.5 billion`, `20-year`) is a number of the sources;
  - `date`: every month and weekday of the claim is in the sources (years and days are numbers);
  - `negation`: each negation of the claim (`not`, `n't`, `never`, `no`, `without` ...) negates
    the same word in the sources, and no negation of the sources applies to a word the claim
    states without one;
  - `statement`: the claim says something: at least MIN_CONTENT content words, one of them a
    plain (not capitalised, not a title) word, and it does not end on a function word
    ("The headliner is", "Russia's President");
  - `text`: the claim displays as the characters it holds: no bidi override shows it in another
    order, no word mixes look-alike letters of different scripts (`reading.display_problems`).
- with `headline=True`, the claim is a headline: title case is undone first (`headline_case`:
  "Sign" is checked as "sign" where the sources write it so, a name they lack stays a name),
  and a noun phrase is a statement.

Claims and sources are compared as a person reads them (`reading.as_read`): invisible and format
characters (zero-width space, soft hyphen, bidi marks) removed and compatibility forms unified
(NFKC), so "will n\u200bot reopen" is read, and checked, as "will not reopen".
- **score** = coverage halved for each kind of failed hard check (for ranking and thresholds);
  **supported** = no failed hard check and coverage >= MIN_COVERAGE.

Pure functions of the texts, cached per sentence: cheap enough to run on every claim of every
memo. What it cannot see: paraphrase with other words (a false alarm, which the memo then
repairs), and wrong relations between words that are all present (who did what to whom).
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional, Sequence

from ..memo.attribution import NAME_RUN, ROLE_NOUNS, TITLES, role_ok, split_run
from ..memo.dates import MONTHS, WEEKDAYS
from ..memo.salience import stem
from ..stopwords import FUNCTION_WORDS as STOPWORDS
from . import meaning
from .reading import as_read, display_problems

MIN_COVERAGE = 0.75   # share of the claim's content words the cited sentences must hold
MIN_CONTENT = 3       # content words a claim needs to be a statement
SHORT_CLAIM = 10      # a claim this short that ends on a function word is cut off ("The headliner is")
REPEATED_WORDS = 5    # a claim in which some run of this many words occurs twice is a model looping
HARD_PENALTY = 0.5    # the score is multiplied by this for each kind of failed hard check
ROLE_BEFORE = 4       # words before a name that may describe it ("his Russian counterpart X")
ANCHOR_WINDOW = 4     # claim words either side of a name or figure, that a sentence holding it must also hold (unanchored)
ANCHOR_NEED = 2       # how many of them it must hold (all, when there are fewer)
COUNTED_WORDS = 3     # words after a number read as what it counts ("55 participating national teams")
ROLE_AFTER = 20       # words of the appositive after a name that may describe it (sources)

CHECKS = ("text", "name", "role", "number", "date", "negation", "statement", "overlap")

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’]s\b)?")
_CONTRACTION = [(re.compile(r"\b(can)['’]t\b", re.I), r"\1 not"), (re.compile(r"\b(won)['’]t\b", re.I), "will not"),
                (re.compile(r"n['’]t\b", re.I), " not"), (re.compile(r"\bcannot\b", re.I), "can not")]
_NEGATIONS = frozenset("not no never neither nor none nobody nothing without".split())
# a "not" that negates none of the words after it: a counterfactual ("had it not been for the
# rules", which says the rules were there) and "not only ... but"
_NOT_NEGATING = re.compile(r"\b(?:had|were)\s+it\s+not\s+(?:been\s+)?for\b|\bif\s+it\s+(?:had|were)\s+not\s+(?:been\s+)?for\b"
                           r"|\bif\s+not\s+for\b|\bnot\s+only\b"
                           # a condition states no fact ("in case Zarya and Unity could not be connected")
                           r"|\b(?:if|unless|in\s+case|whether)\b[^,;:.]*?\bnot\b"
                           # the reverse, said so: "dependent on the loan, not the other way around"
                           r"|\bnot\s+(?:the\s+other\s+way\s+a?round|vice\s+versa)\b", re.I)
# verbs that negate the verb they govern: "refused to shake" is "would not shake" (stems)
_NEGATING_VERBS = frozenset(stem(w) for w in "refuse refused refuses refusing decline declined declines declining "
                            "fail failed fails failing".split())
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "mn": 1e6,
           "bn": 1e9, "k": 1e3, "tn": 1e12}
_WORD_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                             "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split())}
_WORD_NUMBERS.update(twenty=20, thirty=30, forty=40, fifty=50, sixty=60, seventy=70, eighty=80, ninety=90, dozen=12,
                     hundred=100, thousand=1000)
_CLAIM_SKIP_NUMBERS = {"one", "zero"}  # "one of the", "one day": a pronoun more often than a figure
_MONTH_KEYS = {m.lower(): i for m, i in MONTHS.items()}
_MONTH_KEYS.update(sept=9)
_WEEKDAY_KEYS = {d.lower(): i for d, i in WEEKDAYS.items()}
_ROLE_WORDS = frozenset(w.lower() for w in TITLES) | ROLE_NOUNS | {"counterpart", "former", "acting", "deputy",
                                                                      "vice", "prime", "foreign", "defense"}
# titles that stand for their holder ("the king", "the spokesman"); not words that also describe
# things or groups (a "general" strike, a "senior" official, the "state", "leaders", "government")
_PERSON_TITLES = frozenset({"king", "queen", "prince", "princess", "president", "minister", "premier", "chairman",
                            "chairwoman", "spokesman", "spokeswoman", "ambassador", "envoy", "governor", "mayor",
                            "senator", "chancellor", "secretary", "pope", "emir", "sultan", "bishop", "archbishop"})
_DEMONYM_ENDINGS = ("ian", "an", "n", "i", "ese", "ish", "s")
_FUNCTION_END = frozenset("""a an the and or but of to in on at by for from with as is are was were be been has have
had will would can could should may might must that which who whose whom its his her their our this these those
if than then so not""".split())
_PERCENT = frozenset("percent per pct cent percentage".split())   # "5 percent" is "5%": no word to bind
_OPENERS = frozenset("""since while although though despite instead unlike following because whereas unless once
meanwhile however moreover""".split())
_ORDINAL_ENDINGS = frozenset("st nd rd th".split())
# the last word of a capitalised run that names a thing, not a person: titles and roles are checked for people
_THING_HEADS = frozenset("""team school council day conference factory stadium department base flag exchange committee
university college collection office cup project lake river sea mountain island award prize war series festival
bank group records news club league association party ministry agency company corporation institute museum hospital
airport station army navy forces union federation foundation society academy album film show programme program
network channel magazine newspaper journal catalogues games olympics championship tournament election republic
kingdom empire county city province prefecture region district""".split())
# a weekday written short with its full stop ("Fri.", "Tues."; "Sun" alone is a newspaper) is read as the weekday
_WEEKDAY_SHORT = re.compile(r"\b(Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.")
_WEEKDAY_FULL = {"Mon": "Monday", "Tue": "Tuesday", "Tues": "Tuesday", "Wed": "Wednesday", "Thu": "Thursday",
                 "Thur": "Thursday", "Thurs": "Thursday", "Fri": "Friday", "Sat": "Saturday", "Sun": "Sunday"}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11,
               "dec": 12}


@dataclass(frozen=True)
class Token:
    text: str   # as written, possessive 's removed
    lower: str
    stem: str
    cap: bool   # starts with a capital letter
    first: bool  # the first word of the text
    start: int
    end: int


@dataclass(frozen=True)
class Features:
    """What the checks read from one text (a claim, or one source sentence)."""

    text: str
    tokens: tuple[Token, ...]
    content: frozenset          # stems of content words
    lowers: frozenset           # lower-case words
    numbers: frozenset          # normalised numeric values (floats), scaled ones too
    figures: tuple              # per number written: the values it may mean ({2.5, 2.5e9} for "2.5 billion")
    counts: tuple               # per number written: (values, the words it counts, content stems around it)
    months: frozenset
    weekdays: frozenset
    negated: frozenset          # stems of the content words that a negation applies to
    declined: frozenset         # stems of the words a negating verb governs ("refused to shake")
    names: tuple                # (name tokens (lower), role tokens (lower)) per capitalised run


@dataclass
class Verdict:
    supported: bool
    score: float
    coverage: float
    problems: list[str] = field(default_factory=list)  # "kind: detail", in CHECKS order
    missing: frozenset = frozenset()                   # claim content stems the sources lack
    meaning: Optional[meaning.Meaning] = None          # the paraphrase evidence, when it was asked (meaning.py)

    @property
    def failed(self) -> list[str]:
        """The kinds of check that failed."""
        return sorted({p.split(":", 1)[0] for p in self.problems}, key=CHECKS.index)


# -- the story's ordinary words ----------------------------------------------------------------------
# A capitalised word is a name unless it is known as an ordinary word. What the claim's own sources
# write in lower case is one (`check`); so is what the story's articles write in lower case and
# never capitalise but at the start of a sentence: "Latest reports", "Heavy fighting", "Others
# believed", "the Countries top two parties" use words the story writes as words, while a name
# ("Hodler", "Kindu", "King Norodom") is written capitalised in the middle of its sentences.
_STORY_WORDS: ContextVar[frozenset] = ContextVar("story_words", default=frozenset())
_WORD = re.compile(r"[^\W\d_]+")


def ordinary_words(sentences: Sequence[str]) -> frozenset:
    """The words (lower case, spelt the American way) that `sentences` write in lower case and never
    capitalised except as their first word."""
    lower: set[str] = set()
    capital: set[str] = set()
    for text in sentences:
        for i, m in enumerate(_WORD.finditer(as_read(text))):
            w = m.group(0)
            if w.islower():
                lower.add(w)
            elif i:
                capital.add(w.lower())
    return frozenset(american(w) for w in lower - capital)


@contextmanager
def story_words(words: frozenset):
    """Within the block, `check` reads a capitalised word of `words` (`ordinary_words` of the
    story's sentences) that is not all capitals as that word, not as a name."""
    token = _STORY_WORDS.set(words)
    try:
        yield
    finally:
        _STORY_WORDS.reset(token)


def _ordinary(t: "Token") -> bool:
    """A capitalised word the story writes only as an ordinary word (`story_words`)."""
    return t.cap and not t.text.isupper() and t.lower in _STORY_WORDS.get()


# -- reading a text ------------------------------------------------------------------------------
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")   # "U.S.", "U.N.": the same name as "US", "UN"


def _normalise(text: str) -> str:
    text = " ".join(as_read(text).split())
    text = text.replace("``", '"').replace("''", '"')
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    text = _WEEKDAY_SHORT.sub(lambda m: _WEEKDAY_FULL[m.group(1)], text)
    for rx, repl in _CONTRACTION:
        text = rx.sub(repl, text)
    return text


def _number(raw: str) -> float | None:
    s = raw.replace(",", "")
    if s.count(".") > 1:
        return None
    try:
        return float(s)
    except ValueError:
        return None


_POSSESSIVE = re.compile(r"['’]s$")


# British spellings read as the American ones, in both claim and sources ("Endeavour" is "Endeavor",
# "labour" is "labor", "cancelled" is "canceled"): the same word to every check. Long words only,
# so "hour", "four", "tour" stay as they are; the rest is rewritten the same way on both sides.
_BRITISH = [(re.compile(r"(?<=[a-z]{3})our(?=s?$|ed$|ing$|ite$|ites$|able$)"), "or"),
            (re.compile(r"(?<=[a-z]{3})is(?=e$|es$|ed$|ing$|ation$|ations$)"), "iz"),
            (re.compile(r"(?<=[a-z]{2})ys(?=e$|es$|ed$|ing$)"), "yz"),
            (re.compile(r"(?<=[a-z]{3})tre(?=s?$)"), "ter"),
            (re.compile(r"(?<=[a-z]{2})ell(?=ed$|ing$|er$|ers$)"), "el"),
            (re.compile(r"(?<=[a-z]{3})ence(?=s?$)"), "ense"),
            (re.compile(r"(?<=[a-z]{4})mme(?=s?$)"), "m")]
_BRITISH_MIN = 6


def american(lower: str) -> str:
    """The American spelling of a lower-case word, for matching (`_BRITISH`)."""
    if len(lower) < _BRITISH_MIN or not lower.isalpha() or lower in STOPWORDS:
        return lower
    for rx, repl in _BRITISH:
        lower = rx.sub(repl, lower)
    return lower


def _words(norm: str):
    """(word as written, possessive 's removed; its lower case, spelt the American way; the match)
    of each token of `norm`."""
    for m in _TOKEN.finditer(norm):
        word = _POSSESSIVE.sub("", m.group(0))
        yield word, american(word.lower()), m


@lru_cache(maxsize=65536)
def features(text: str) -> Features:
    """The features of a text; cached, since the same source sentence is read for many claims."""
    norm = _normalise(" ".join(text.split()))
    tokens: list[Token] = []
    for word, lower, m in _words(norm):
        tokens.append(Token(word, lower, stem(lower), word[:1].isupper(), not tokens, m.start(), m.end()))
    figures: list[frozenset] = []
    counts: list[tuple] = []
    for i, t in enumerate(tokens):
        value = _number(t.text) if t.text[:1].isdigit() else None
        if value is None and t.lower in _WORD_NUMBERS:
            if i and tokens[i - 1].lower in _WORD_NUMBERS and t.lower in _SCALES:
                continue   # "one thousand": read with the word before it
            value = float(_WORD_NUMBERS[t.lower])
        if value is None:
            continue
        nxt = tokens[i + 1].lower if i + 1 < len(tokens) else ""
        scaled = nxt in _SCALES and (nxt not in ("m", "k") or tokens[i + 1].start == t.end)
        if scaled:
            figures.append(frozenset({value, value * _SCALES[nxt]}))   # "2.5 billion", "one thousand"
        elif _year_range_end(norm, tokens, i, value):
            figures.append(frozenset({value, value + 100 * (float(tokens[i - 1].text) // 100)}))   # "2018–19"
        else:
            figures.append(frozenset({value}))
        after = tokens[i + 2] if scaled and i + 2 < len(tokens) else tokens[i + 1] if not scaled and i + 1 < len(tokens) \
            else None
        counted: list[str] = []   # "55 participating national teams": the noun may follow adjectives
        if after is not None and not _is_year(value) and t.lower not in _CLAIM_SKIP_NUMBERS:   # "the one featured"
            prev, j = t, tokens.index(after, i)
            while j < len(tokens) and len(counted) < COUNTED_WORDS and _counted(norm, prev, tokens[j]):
                counted.append(tokens[j].stem)
                prev, j = tokens[j], j + 1
        around = frozenset(u.stem for u in tokens[max(0, i - 3):i + 4] if _is_content(u))
        counts.append((figures[-1], tuple(counted), around))
    numbers = set().union(*figures) if figures else set()
    months = {_MONTH_KEYS[t.lower] for t in tokens if t.cap and t.lower in _MONTH_KEYS and t.lower != "may"}
    months |= {_MONTH_ABBR[t.lower] for t in tokens if t.cap and t.lower in _MONTH_ABBR and t.text[1:].islower()}
    months |= {5 for t in tokens if t.text == "May" and not t.first}   # mid-sentence "May": the month (or a name)
    weekdays = {_WEEKDAY_KEYS[t.lower] for t in tokens if t.cap and t.lower in _WEEKDAY_KEYS}
    negated: set[str] = set()
    declined: set[str] = set()
    idle = [m.span() for m in _NOT_NEGATING.finditer(norm)]   # the "not" of "had it not been for", "not only"
    for i, t in enumerate(tokens):
        if t.lower in _NEGATIONS and not any(a <= t.start < b for a, b in idle):
            # the word it negates: the next content word, else the next word ("is not there")
            nxt = next((u for u in tokens[i + 1:i + 5] if _is_content(u)), None) or \
                next((u for u in tokens[i + 1:i + 2] if u.lower not in _NEGATIONS), None)
            if nxt is not None:
                negated.add(nxt.stem)
        elif t.stem in _NEGATING_VERBS and i + 2 < len(tokens) and tokens[i + 1].lower == "to":
            # "refused to shake" says "would not shake": the word it governs is declined
            nxt = next((u for u in tokens[i + 2:i + 5] if _is_content(u)), None)
            if nxt is not None:
                declined.add(nxt.stem)
    content = frozenset(t.stem for t in tokens if _is_content(t))
    return Features(text=norm, tokens=tuple(tokens), content=content, lowers=frozenset(t.lower for t in tokens) | _acronyms(norm, tokens),
                    numbers=frozenset(numbers), figures=tuple(figures), counts=tuple(counts), months=frozenset(months), weekdays=frozenset(weekdays),
                    negated=frozenset(negated), declined=frozenset(declined), names=tuple(_names(norm)))


_ACRONYM_INNER = frozenset("of for".split())   # left out of initials: Federal Bureau of Investigation


def _acronyms(norm: str, tokens: Sequence[Token]) -> frozenset:
    """The initials of each name of two or more capitalised words, lower case: a claim's "IMF",
    "EU" or "US" is the sources' "International Monetary Fund", "European Union" or "United
    States" (only a capitalised claim word is looked up among them)."""
    out: set[str] = set()
    run: list[Token] = []

    def name_word(t: Token) -> bool:
        return t.cap and t.text[:1].isalpha() and t.lower not in STOPWORDS

    for t in list(tokens) + [None]:
        joined = t is not None and bool(run) and norm[run[-1].end:t.start] in (" ", "-")
        if t is not None and joined and (name_word(t) or t.lower in _ACRONYM_INNER):
            run.append(t)
            continue
        words = [u for u in run if name_word(u)]
        if len(words) >= 2:
            out.add("".join(u.lower[0] for u in words))
        run = [t] if t is not None and name_word(t) else []
    return frozenset(out) | _role_initials(norm, tokens)


def _role_initials(norm: str, tokens: Sequence[Token]) -> frozenset:
    """A title of two role words, in any case, by its initials: "prime minister" is "pm" (PM),
    "vice president" "vp"."""
    return frozenset(a.lower[0] + b.lower[0] for a, b in zip(tokens, tokens[1:])
                     if a.lower in _ROLE_WORDS and b.lower in _ROLE_WORDS and norm[a.end:b.start] == " ")


@lru_cache(maxsize=65536)
def content(text: str) -> frozenset:
    """`features(text).content` alone, without building the rest: ranking a story's thousands of
    evidence sentences against a claim (`repair._Index.candidates`) needs only these stems, and
    the full features of every evidence sentence cost far more than the checks that use them."""
    return frozenset(stem(lower) for word, lower, _ in _words(_normalise(" ".join(text.split())))
                     if _is_content_word(word, lower))


def _year_range_end(norm: str, tokens: Sequence[Token], i: int, value: float) -> bool:
    """Whether token i is the short end of a range of years: the "19" of "2018–19"."""
    t = tokens[i]
    if not (i and len(t.text) == 2 and t.text.isdigit()):
        return False
    prev = tokens[i - 1]
    return prev.text.isdigit() and _is_year(float(prev.text)) and norm[prev.end:t.start] in ("-", "–", "—", "/")


def _ordinary_opener(t: Token) -> bool:
    """A claim's first word that is capitalised only because it opens the sentence, a conjunction
    or an adverb ("Since its acquisition", "Instead of"): read as a word, not as a name. (A
    participle is not told from a name by its ending: "Staring at" / "Sterling said", "Beijing".)"""
    return t.lower in _OPENERS


def _counted(norm: str, number: Token, word: Token) -> bool:
    """Whether `word` is what `number` counts ("120 people", "a 20-year deal"): a plain content word
    right after it; not an ordinal's ending ("9th"), a name or date ("August 10, Smith"), a word
    past a comma ("at 31, became") or a percentage."""
    between = norm[number.end:word.start]
    return (_is_content(word) and not word.cap and word.lower not in _PERCENT and between.strip(" -") == ""
            and not (between == "" and word.lower in _ORDINAL_ENDINGS))


def _is_content(t: Token) -> bool:
    """A word that carries meaning; figures are left to the number check."""
    return _is_content_word(t.text, t.lower)


def _is_content_word(text: str, lower: str) -> bool:
    return (lower not in STOPWORDS and lower not in _NEGATIONS and lower not in _WORD_NUMBERS
            and lower not in _SCALES and len(lower) > 1 and not text[:1].isdigit())


_CLAUSE_BREAK = re.compile(r"[,;:()\"“”—–]")
_PARENTHESIS = re.compile(r"\([^()]*\)")
_ROLE_SKIP = frozenset("to of the for at".split())   # "ambassador to Russia X", "director of the Authority X"
_AGE_OR_ROLE = re.compile(r"\s*,\s*(?:\d{1,3}\s*,\s*)?(?:the\s+|a\s+|an\s+)?([^,.;:\"“”]{1,160})"
                          r"|\s+(?:is|was|has been|had been|became|remains)\s+(?:the\s+|a\s+|an\s+)?([^,.;:\"“”]{1,160})")


def _names(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    """(name words, role words, appositive role words) of each capitalised run: `Russia's Foreign
    Minister Sergey Lavrov` -> (("sergey", "lavrov"), ("russia", "foreign", "minister"), ()). Role
    words are titles, role nouns and capitalised words: in the run's title part, in up to
    ROLE_BEFORE words before it, and in an appositive after it (`X, 72, the foreign minister,`);
    the appositive's are kept apart, because a claim's appositive counts only when it reads as a
    role, while a source's is read generously."""
    out = []
    for m in NAME_RUN.finditer(text):
        run = m.group(0)
        if m.start() == 0 and " " not in run:
            continue   # a lone sentence opener: an ordinary word as often as a name
        name, title = split_run(run)
        head = text[max(0, m.start() - 40):m.start()].split()
        if len(name.split()) >= 3 and head and head[-1] in ("to", "in", "at", "from"):
            place, _, name = name.partition(" ")   # "ambassador to Russia Kazem Jalali"
            title = f"{title} {place}".strip()
        name_words = tuple(american(w.lower()) for w in _TOKEN.findall(name) if w.lower() not in STOPWORDS)
        if not name_words or all(w in _ROLE_WORDS for w in name_words):
            continue
        roles = [american(_POSSESSIVE.sub("", w).lower()) for w in _TOKEN.findall(title)]
        before = text[max(0, m.start() - 80):m.start()]
        before = _CLAUSE_BREAK.split(before)[-1]
        for w in reversed(_TOKEN.findall(before)[-ROLE_BEFORE:]):
            w = _POSSESSIVE.sub("", w)
            if w.lower() in _ROLE_WORDS or w[:1].isupper():
                roles.append(american(w.lower()))
            elif w.lower() not in _ROLE_SKIP or len(name_words) < 2:   # "the president of Iran": a place
                break
        apposed: list[str] = []
        after = _AGE_OR_ROLE.match(text, m.end())
        if after:
            seg = after.group(1) or after.group(2)
            words = [_POSSESSIVE.sub("", w) for w in _TOKEN.findall(seg)][:ROLE_AFTER]
            apposed = [american(w.lower()) for w in words if w.lower() in _ROLE_WORDS or w[:1].isupper()]
            if not role_ok(_PARENTHESIS.sub("", seg).strip()):
                apposed = [f"~{w}" for w in apposed]   # not a role phrase: sources may use it, claims do not
        else:
            apposed = [f"~{w}" for w in _bare_role(text, m.end())]
        out.append((name_words, tuple(r for r in roles if r not in STOPWORDS), tuple(apposed)))
    return out


_BARE_ROLE_LEAD = frozenset("as the a an sole new interim acting caretaker".split())


def _bare_role(text: str, end: int) -> list[str]:
    """The role words right after a name with neither comma nor verb between: "make Hun Sen prime
    minister", "leave Hun Sen as sole prime minister". Read in sources only (a claim's words after a
    name are what it says the person did)."""
    words = _TOKEN.findall(_CLAUSE_BREAK.split(text[end:end + 80])[0])
    i = 0
    while i < len(words) and i < 3 and words[i].lower() in _BARE_ROLE_LEAD:
        i += 1
    roles = []
    for w in words[i:]:
        if not (w.islower() and w in _ROLE_WORDS):
            break
        roles.append(w)
    return roles


# -- matching --------------------------------------------------------------------------------------
@lru_cache(maxsize=65536)
def _variants(word: str) -> frozenset:
    """A name word and its demonym forms: iran ~ iranian, russia ~ russian, israel ~ israeli."""
    forms = {word}
    for end in _DEMONYM_ENDINGS:
        forms.add(word + end)
        if word.endswith(end) and len(word) - len(end) >= 4:
            forms.add(word[:-len(end)])
    return frozenset(forms)


def _has_word(word: str, lowers: frozenset) -> bool:
    return word in lowers or bool(_variants(word) & lowers)


def _claim_roles(names):
    """Role words a claim gives each name: before it, and the titles and role nouns of an appositive
    that reads as a role (its capitalised words are the organisation of the role, "chair of World
    Economic Forum's council": names, which the name check reads)."""
    for name, roles, apposed in names:
        yield name, tuple(roles) + tuple(r for r in apposed if r in _ROLE_WORDS)


def headline_case(claim: str, sources: Sequence[str]) -> str:
    """A headline with its title case undone: a capitalised word (after the first) that the
    sources write in lower case ("Sign" ~ "signed"), or a capitalised function word ("And",
    "Of"), is lower-cased, so it is checked as the word it is. A word the sources write only
    capitalised, or do not have at all, keeps its capital and so stays a name for the checks:
    an invented name is refused as strictly as in any claim. All-capital words are left alone."""
    c = features(claim)
    srcs = [features(s) for s in sources if s and s.strip()]
    plain = {u.stem for s in srcs for u in s.tokens if not u.cap} | \
        {u.lower for s in srcs for u in s.tokens if not u.cap}
    text = c.text
    for t in reversed(c.tokens):
        if t.first or not t.cap or not t.text[1:].islower() or t.lower in _MONTH_KEYS or t.lower in _WEEKDAY_KEYS:
            continue
        if t.lower in STOPWORDS or t.stem in plain or t.lower in plain:
            text = text[:t.start] + text[t.start:t.end].lower() + text[t.end:]
    return text


def check(claim: str, sources: Sequence[str], headline: bool = False, dated: Sequence[str] = ()) -> Verdict:
    """Whether `sources` (the cited sentences, together) support `claim`; see the module docstring.

    `dated`: the publication dates (ISO 8601) of the articles the sources come from. A claim's year
    or month that the sentences do not give may be the one of their date, when the sentences give
    no year (no month) of their own: "in October 1998" of a sentence that says "in October",
    published 1998-10-12; and a day written with its month ("November 24") that is the date.

    With `headline`, the claim is a headline: its title case is undone first (`headline_case`),
    and it need not hold a plain word to be a statement ("Comprehensive Strategic Partnership
    Treaty Signed" says what happened); a headline too short or ending on a function word is
    still a fragment."""
    if headline:
        claim = headline_case(claim, sources)
    c = features(claim)
    srcs = [features(s) for s in sources if s and s.strip()]
    problems: list[str] = [f"text: {p}" for p in display_problems(claim)]
    content = set().union(*(s.content for s in srcs)) if srcs else set()
    lowers = frozenset().union(*(s.lowers for s in srcs)) if srcs else frozenset()
    claim_content = set(c.content)
    found = {w for w in claim_content if w in content}
    # capitalised words may appear in another form (Iranian / Iran)
    for t in c.tokens:
        if t.cap and t.stem in claim_content and t.stem not in found and _has_word(t.lower, lowers):
            found.add(t.stem)
    coverage = len(found) / len(claim_content) if claim_content else 0.0
    missing = frozenset(claim_content - found)

    # names: every capitalised content word, and multi-word names standing together
    titles = frozenset().union(*(_role_initials(s.text, s.tokens) for s in srcs)) if srcs else frozenset()
    for t in c.tokens:
        # a capitalised word inside the claim is a name even when it is also a common word ("Than")
        named = t.cap and (_is_content(t) and not _ordinary_opener(t) if t.first else len(t.text) > 1) \
            and not _ordinary(t)
        if named and not _has_word(t.lower, lowers) and not (t.first and t.stem in found):
            if t.lower in _MONTH_KEYS or t.lower in _WEEKDAY_KEYS:
                continue   # dates have their own check
            problems.append(f"name: {t.text!r} is not in the cited sentences")
    for name, _, _ in c.names:
        # a word the story writes as a word ("Lowering Federal Reserve rates") or a title's initials
        # the sources spell out ("PM Netanyahu" of "prime minister Netanyahu") is no part of the name
        name = tuple(w for w in name if w not in _STORY_WORDS.get() and w not in titles)
        if len(name) >= 2 and all(_has_word(w, lowers) for w in name) and not _together(name, srcs):
            problems.append(f"name: {' '.join(w.title() for w in name)!r} is not named so in the cited sentences")
    # roles given to a named person
    for name, roles in _claim_roles(c.names):
        if not roles or not _has_word(name[-1], lowers) or name[-1] in _THING_HEADS:
            continue
        given = _source_roles(name[-1], srcs)
        wrong = [r for r in roles if not _has_word(r, given) and stem(r) not in {stem(g) for g in given}]
        if wrong:
            problems.append(f"role: the cited sentences do not call {name[-1].title()} {' '.join(wrong)!r}")
    # a person named by title alone ("the King's assurance", "the Thai chairman") is that title's holder:
    # the sources must use the title (a lower-case title word; names and their titles are read above)
    for t in c.tokens:
        if t.lower in _PERSON_TITLES and not t.text.isupper() and t.stem not in content and not _has_word(t.lower, lowers):
            problems.append(f"role: the cited sentences name no {t.lower}")
    # numbers, months, weekdays
    numbers = frozenset().union(*(s.numbers for s in srcs)) if srcs else frozenset()
    months = frozenset().union(*(s.months for s in srcs)) if srcs else frozenset()
    numbers, months = _with_dates(c, numbers, months, dated)
    for values in _claim_figures(c):
        if not any(_near(v, numbers) for v in values):
            problems.append(f"number: {_show(min(values))} is not in the cited sentences")
    for values, counted, _ in c.counts:   # "120 people" is not "120-mph winds"
        if counted and any(_near(v, numbers) for v in values) and not any(
                set(counted) & around and values & vals for s in srcs for vals, _, around in s.counts):
            problems.append(f"number: the cited sentences do not give {_show(min(values))} {counted[-1]!r}")
    for m in sorted(c.months - months):
        problems.append(f"date: {list(MONTHS)[m - 1]} is not in the cited sentences")
    weekdays = frozenset().union(*(s.weekdays for s in srcs)) if srcs else frozenset()
    for d in sorted(c.weekdays - weekdays):
        problems.append(f"date: {list(WEEKDAYS)[d]} is not in the cited sentences")
    # negation, both ways
    # a word a source refuses or fails to do ("refused to shake") is not one the claim may affirm;
    # the claim's own "refused to X" is not required of the sources, which may say it in other words
    negated = frozenset().union(*(s.negated for s in srcs)) if srcs else frozenset()
    declined = frozenset().union(*(s.declined for s in srcs)) if srcs else frozenset()
    for w in sorted(c.negated - negated - declined):
        problems.append(f"negation: the claim negates {w!r}, the cited sentences do not")
    affirmed = {t.stem for t in c.tokens} - c.negated - c.declined
    for w in sorted((negated | declined) & affirmed):
        if not any(w in {t.stem for t in s.tokens} and w not in s.negated | s.declined for s in srcs):
            problems.append(f"negation: the cited sentences negate {w!r}, the claim does not")
    # a statement, not a fragment
    plain = [t for t in c.tokens if _is_content(t) and not t.cap and t.lower not in _ROLE_WORDS
             and not t.text[:1].isdigit()]
    words = [t for t in c.tokens if t.text.isalpha() or t.text[:1].isdigit()]
    dangling = len(words) < SHORT_CLAIM and words and words[-1].lower in _FUNCTION_END
    if len(claim_content) < MIN_CONTENT or (not plain and not headline) or dangling:
        problems.append("statement: the claim is a fragment, not a statement")
    if _repeats(c.tokens):  # a small model looping: "..., and the attack on X was ..., and the attack on X was ..."
        problems.append("statement: the claim repeats itself")
    hard = {p.split(":", 1)[0] for p in problems}
    # the claim's plain words are what it states: with none of them in the sources (as written), names
    # and roles alone would pass; meaning may still find them said in other words
    unsaid = not any(t.stem in found for t in plain)
    said = None   # a claim that passes every hard check but shares too few words may say it in other words
    if (coverage < MIN_COVERAGE or unsaid) and not hard and meaning.available():
        said = meaning.judge(claim, [s.text for s in srcs], sorted({t.lower for t in c.tokens if t.stem in missing
                                                                      and not t.cap and _is_content(t)}),
                             len(found), len(claim_content),
                             [t.lower for s in srcs for t in s.tokens if not t.cap and _is_content(t)])
    if said and unsaid and said.soft_coverage * len(claim_content) < len(found) + 0.5:
        said = replace(said, names_only=True)   # names alone never say what a claim says of them ("Assad was to visit Yasser")
    if not (said and said.supported):
        if coverage < MIN_COVERAGE:
            problems.append(f"overlap: only {coverage:.0%} of the claim's words are in the cited sentences")
        elif unsaid:
            problems.append("overlap: none of the claim's plain words is in the cited sentences")
    score = (max(coverage, said.soft_coverage) if said else coverage) * HARD_PENALTY ** len(hard)
    problems.sort(key=lambda p: CHECKS.index(p.split(":", 1)[0]))
    return Verdict(supported=not problems, score=round(score, 4), coverage=round(coverage, 4), problems=problems,
                   missing=missing, meaning=said)


def _with_dates(c: Features, numbers: frozenset, months: frozenset, dated: Sequence[str]):
    """The sources' numbers and months with those the articles' dates give (`check`'s `dated`)."""
    days = {d for d in (_iso_date(x) for x in dated) if d}
    if not days:
        return numbers, months
    extra: set[float] = set()
    if not any(_is_year(v) for v in numbers):
        extra |= {float(y) for y, _, _ in days}
    if not months:
        months = months | {m for _, m, _ in days}
    written = {(m, d) for _, m, d in days}
    toks = c.tokens
    for i, t in enumerate(toks):   # "November 24", "24 November": the day of the date
        month = _month_of(t)
        if month is None:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(toks) and toks[j].text.isdigit() and (month, int(toks[j].text)) in written:
                extra.add(float(toks[j].text))
    return numbers | extra, months


def _iso_date(value) -> Optional[tuple[int, int, int]]:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(value or ""))
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _month_of(t: Token) -> Optional[int]:
    if not t.cap:
        return None
    if t.lower in _MONTH_KEYS and t.lower != "may":
        return _MONTH_KEYS[t.lower]
    return _MONTH_ABBR.get(t.lower) if t.text[1:].islower() else None


def unanchored(claim: str, sources: Sequence[str]) -> list[str]:
    """The claim's names and figures that no source sentence holds together with what the claim
    says around them: ANCHOR_NEED of the claim's words next to it (up to ANCHOR_WINDOW content
    words, figures or other names either side), one of them a plain word when the claim puts one
    there. Sentences of different articles gathered to
    support a claim (`repair`) must not lend it a name from an unrelated one: "the Asian
    Development Bank stopped loans to Prak Sokhonn's government" is not supported by a sentence
    about the loans and another in which Prak Sokhonn speaks of something else, nor "Anwar
    differed with Marican over economic policy" by "..., said one of Anwar's lawyers, Pawancheek
    Marican" (one shared word, "Anwar", is a coincidence; two are what the claim says of the
    name). A claim's first word that the sources write in lower case is a word, not a name
    ("Evidence was gathered"). Not one of `check`'s checks: the sentences a writer cites from one
    article refer to a name by "he" or "the company" as often as by the name."""
    c = features(claim)
    srcs = [features(s) for s in sources if s and s.strip()]
    plain = {u.stem for s in srcs for u in s.tokens if not u.cap}
    toks = c.tokens
    runs: list[int] = []   # the capitalised run each token belongs to (-1: none)
    run = -1
    for i, t in enumerate(toks):
        if t.cap and not _ordinary(t) and not (t.first and (not _is_content(t) or t.stem in plain)):
            run = runs[-1] if i and runs[-1] >= 0 and toks[i - 1].end + 1 >= t.start else i
            runs.append(run)
        else:
            runs.append(-1)
    wordy = [j for j, u in enumerate(toks) if _is_content(u) or (_figure(u) is not None and u.lower not in _CLAIM_SKIP_NUMBERS)]
    out = []
    for i, t in enumerate(toks):
        digit = t.text[:1].isdigit()
        # a name, a figure, or a title standing for its holder ("the Thai chairman opened the Games" is
        # not held by a sentence in which a chairman of a Thai committee speaks of the games)
        if not (digit or (runs[i] >= 0 and _is_content(t)) or t.lower in _PERSON_TITLES) or \
                (digit and _is_year(_number(t.text) or 0)):
            continue
        others = [j for j in wordy if j != i and (runs[j] < 0 or runs[j] != runs[i])]
        near = [toks[j] for j in [j for j in others if j < i][-ANCHOR_WINDOW:] + [j for j in others if j > i][:ANCHOR_WINDOW]]
        if not near:
            continue
        need = min(ANCHOR_NEED, len(near))
        # one of them a plain word, when the claim puts one next to it: other names beside a name
        # say nothing of it ("Milosevic moved units from the Christopher province" is not held by a
        # sentence naming Milosevic and Christopher Hill)
        plain_near = any(not u.cap and not u.text[:1].isdigit() for u in near)
        value = _number(t.text) if digit else None
        held = anchored = False
        for s in srcs:
            for k, v in enumerate(s.tokens):
                if not ((value is not None and v.text[:1].isdigit() and _number(v.text) is not None
                         and _near(value, frozenset({_number(v.text)}))) or
                        (not digit and (v.lower == t.lower or v.lower in _variants(t.lower)))):
                    continue
                held = True
                beside = [u for u in near if any(_same_word(u, w) for w in s.tokens if w is not v)]
                if len(beside) >= need and (not plain_near or any(not u.cap for u in beside)):
                    anchored = True
                    break
            if anchored:
                break
        if held and not anchored:
            out.append(t.text)
    return out + _misdated(c, srcs)


def _misdated(c: Features, srcs: Sequence[Features]) -> list[str]:
    """The claim's weekdays and months that sentences giving different ones lend it: when the
    sentences together name two weekdays (months), the claim's must be in the one that holds most
    of its words, the sentence of its event ("Tuesday, a Palestinian flight inaugurated an air route
    to Jordan" is not held by the sentence of Saturday's flight to Jordan and another of the airport
    inaugurated on Tuesday)."""
    if len(srcs) < 2:
        return []
    best = max(len(c.content & s.content) for s in srcs)
    main = [s for s in srcs if len(c.content & s.content) == best]
    out = []
    for kind in ("weekdays", "months"):
        given = [getattr(s, kind) for s in srcs]
        if len(frozenset().union(*given)) < 2:
            continue   # one weekday (month) for all: no other to mix it up with
        for value in sorted(getattr(c, kind)):
            if any(value in g for g in given) and not any(value in getattr(s, kind) for s in main):
                out.append(list(WEEKDAYS)[value] if kind == "weekdays" else list(MONTHS)[value - 1])
    return out


def contradicted(claim: str, sources: Sequence[str]) -> bool:
    """Whether one of `sources` negates a word the claim states without negation. `check` lets
    another source stating the word make up for it (a page may say both); sentences gathered for
    one claim (`repair`) must each agree with it, or one lends its words while it denies the claim
    ("seeking food, not because of political repression" for "seeking political freedom")."""
    c = features(claim)
    affirmed = {t.stem for t in c.tokens if _is_content(t)} - c.negated - c.declined
    return any((s.negated | s.declined) & affirmed for s in (features(x) for x in sources if x and x.strip()))


def _same_word(claim_word: Token, source_word: Token) -> bool:
    """The same content word (stem), name (Iran ~ Iranian) or figure in a claim and a source."""
    if claim_word.text[:1].isdigit() or claim_word.lower in _WORD_NUMBERS:
        a, b = _figure(claim_word), _figure(source_word)
        return a is not None and b is not None and _near(a, frozenset({b}))
    if claim_word.cap:
        return source_word.lower == claim_word.lower or source_word.lower in _variants(claim_word.lower)
    return source_word.stem == claim_word.stem


def _figure(t: Token) -> float | None:
    if t.text[:1].isdigit():
        return _number(t.text)
    return float(_WORD_NUMBERS[t.lower]) if t.lower in _WORD_NUMBERS else None


def _repeats(tokens: Sequence[Token], n: int = REPEATED_WORDS) -> bool:
    """Whether some run of `n` words occurs twice in the text."""
    words = [t.lower for t in tokens]
    runs = [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]
    return len(runs) != len(set(runs))


def _claim_figures(c: Features) -> list[frozenset]:
    """The claim's figures to check, each once: "one"/"zero" as words are pronouns more often than figures."""
    written = {float(t.text) for t in c.tokens if t.text.isascii() and t.text.isdigit()}
    skip = {float(_WORD_NUMBERS[w]) for w in _CLAIM_SKIP_NUMBERS} - written
    return sorted({f for f in c.figures if not (len(f) == 1 and f <= skip)}, key=min)


def _is_year(value: float) -> bool:
    return value == int(value) and 1800 <= value <= 2100


def _near(value: float, numbers: frozenset) -> bool:
    """The same figure up to float rounding ("2.5 billion" ~ "2,500 million")."""
    return any(abs(value - n) < 1e-9 * max(1.0, abs(value)) for n in numbers)


def _show(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _together(name: tuple[str, ...], srcs: Sequence[Features]) -> bool:
    """A multi-word name stands in a source with its words close together, in order."""
    last = _variants(name[-1])
    for s in srcs:
        toks = [t.lower for t in s.tokens]
        for i, w in enumerate(toks):
            if w not in last:
                continue
            window = toks[max(0, i - len(name)):i]   # one word may come between (a middle initial)
            pos = 0
            ok = True
            for part in name[:-1]:
                hits = [j for j in range(pos, len(window)) if window[j] == part or part in _variants(window[j])]
                if not hits:
                    ok = False
                    break
                pos = hits[0] + 1
            if ok:
                return True
    return False


def _source_roles(surname: str, srcs: Sequence[Features]) -> frozenset:
    given: set[str] = set()
    forms = _variants(surname)
    for s in srcs:
        for name, roles, apposed in s.names:
            if name and (name[-1] in forms or set(name) & forms):
                given.update(roles)
                given.update(r.lstrip("~") for r in apposed)
    return frozenset(given)


def supports(claim: str, sources: Sequence[str], headline: bool = False, dated: Sequence[str] = ()) -> bool:
    return check(claim, sources, headline, dated).supported
