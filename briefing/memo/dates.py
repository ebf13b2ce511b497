"""Dates mentioned in a sentence, resolved against the article's publication date.

Handles (pure regex, English news style): explicit dates (`January 17, 2025`, `Jan. 17`,
`17 January 2025`, `Oct 23`, `2025-01-17`, `January 2022`, `in January`, `mid-March`, `in 2021`),
year ranges at a line start (`1982-83 :`), weekdays (`on Tuesday`, `last Friday`, `next Monday`,
`Tuesday's vote`), `yesterday/today/tonight/tomorrow/last night`, `last/this/next week|month|year`
(also `earlier this ...`, `later this ...`, `the coming week`) and `N days|weeks|months|years ago`.

Resolution: a yearless month-day takes the year (published year -1, 0 or +1) that, for a sentence in
the future tense, is the first on or after publication; for a past-tense sentence the last on or
before publication (+2 days' grace); otherwise the closest. A weekday is the latest such day on or
before publication (`last Tuesday`: strictly before), or the first on or after it when future (`next
Tuesday`: strictly after). Without a
publication date nothing relative or yearless is resolved: the year stays None, never guessed.

`precision`: "day" | "week" (date = Monday of that week) | "month" | "year" | "day-no-year" |
"month-no-year" | "weekday-unresolved" | "relative-unresolved".
`attributive` marks a year used as a modifier ("the 2015 nuclear deal", "Iran's 2001 treaty"): a
mention, never the sentence's event date; so is a date that belongs to something the sentence only
mentions: a subordinate or relative clause ("since he stripped the province of its autonomy in 1989",
"which Israel captured in 1967", "a company that he founded in 1973"), an event named after a
preposition ("a warrant in connection with the kidnapping of a citizen in 1977"), a comparison ("the
first time since 1934") or a date used as a modifier ("Friday's bombing", "the Aug. 7 bombing"); a plan
or deadline stays a date wherever it stands. "today" in a sentence with nothing done or planned that
day ("The reality of Pakistan today is ...") is no date. `future` marks a date in a future-tense clause ("will be
signed on January 17") or a forward-looking expression (next week, tomorrow).

`text` is the expression as written, with a leading "on"/"in" when there is one ("on Tuesday",
"in 2021"). `event_date` skips attributive years and prefers dates outside future clauses (a plan is
returned only when the sentence has nothing else, flagged `future`); see its docstring.

Deliberately left alone: times of day, seasons, decades ("the 1990s"), vague spans ("in the past
few days", "recently", "decades ago"), recurring days ("on Sundays"), non-English text, bare
numbers with no date cue ("sent 2000 troops"), and tense beyond a few auxiliary-verb cues.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate("January February March April May June July August September "
                                      "October November December".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())}, Sept=9)
WEEKDAYS = {d: i for i, d in enumerate("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())}
_NUM = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUM.update(a=1, an=1)

_FULL = "|".join(list(MONTHS)[:12])
_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MON = rf"(?P<mon>(?:{_FULL})\b|(?:{_ABBR})\b\.?)"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?!\d|,\d|/|\.\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:]|,\d|\.\d)"
_PATTERNS = [  # (kind, regex) in priority order; later matches may not overlap earlier ones
    ("iso", r"(?<![\w/.-])(?P<year>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)"
            r"(?:[T ]\d\d:\d\d(?::\d\d)?)?(?![\w/-]|\.\d)"),
    ("mdy", rf"\b{_MON}\s+{_DAY}(?:,?\s+{_YEAR})?"),
    ("dmy", rf"(?<![\d,.$])\b{_DAY}\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})?"),
    ("my", rf"\b{_MON},?\s+{_YEAR}"),
    ("wd", r"\b(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|"
           r"Friday|Saturday|Sunday)(?!s\b)\b(?:\s+(?:morning|afternoon|evening|night)\b)?"),
    ("word", r"\b(?P<w>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Ll]ast night|"
             r"[Tt]his (?:morning|afternoon|evening))\b"),
    ("unit", r"\b(?:(?P<el>[Ee]arlier|[Ll]ater)\s+)?(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|the coming)\s+"
             r"(?P<unit>week|month|year)\b"),
    ("ago", r"\b(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
            r"(?P<unit>day|week|month|year)s?\s+ago\b"),
    ("mon", rf"\b(?:(?P<mod>[Ee]arly|[Ll]ate|[Mm]id|[Ll]ast|[Nn]ext|[Tt]his)[- ])?(?P<mon>{_FULL})\b"),
    ("year", rf"(?<![\w$£€#.,/-]){_YEAR}(?P<range>-\d\d(?:\d\d)?)?(?!\w)"),
]
_RX = [(k, re.compile(p)) for k, p in _PATTERNS]
_HAS_MONTH = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_DIGIT, _UNIT = re.compile(r"\d"), re.compile(r"week|month|year")
_DAYISH = re.compile(r"day|night|orrow|orning|evening|noon")
_NEEDS = {"iso": "d-", "mdy": "dm", "dmy": "dm", "my": "dm", "mon": "m", "year": "d", "ago": "a",
          "wd": "w", "word": "w", "unit": "u"}  # cheap pre-checks: digit, month, ago, day words, units, hyphen
_PREV_WORD = re.compile(r"([A-Za-z]+)(['’]s)?[\s,]*$")
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_MONTH_CUES = set("in since until till by from through during before after of between early late mid last next this "
                  "on end beginning".split())
_YEAR_CUES = _MONTH_CUES | set("and to or year spring summer fall autumn winter circa".split())
_DETERMINERS = set("the a an its their his her our this that these those".split())
_FUNCTION = set("and or but to in on at by of for from as when while after before that which who is was were "
                "has had have will would said says".split())
_NOT_DAY_BEFORE = set("the a an good black bloody palm easter holy ash cyber maundy freaky news".split())
_NOT_DAY_AFTER = set("Times Telegraph Express Mirror Herald Post Mail Star Independent Night Bloody".split())
_FUTURE = re.compile(r"\b(?:will|would|shall|should|must(?! have)|going to|to be|is to|are to|scheduled|planned|plans? to|expected to|"
                     r"due to|due in|set to|upcoming|aims? to|intends? to|deadline)\b|'ll\b|’ll\b")
_DATE_AFTER = re.compile(rf",?\s+(?:{_FULL}|{_ABBR}|\d)")
_REPORT = re.compile(r"\b(?:said|says|told|announced|stated|reported|added|noted)\b")
# the day a statement was made ("police said Tuesday", "told reporters on Friday"): not the date of
# what it reports, so never the sentence's event date
_REPORTED_ON = re.compile(r"\b(?:said|says|told(?:\s+[\w.]+){1,3}|added|stated|reported|noted|confirmed)"
                          r"(?:\s+(?:late|early))?\s+(?:on\s+)?$")
# ... and a date opening a sentence whose subject then speaks ("On January 14, Russian Presidential
# Spokesman Dmitry Peskov said that the treaty would be signed ...")
_SPEECH_OPENS = re.compile(r"\W*(?:(?:[Oo]n|[Ii]n|[Ee]arlier|[Ll]ater|[Ll]ate|[Ee]arly)\s+)?")
_SPOKEN_AFTER = re.compile(r",?\s+(?:(?!(?:is|was|were|are|be|been|will|would|that|which|who|when|after|before|"
                           r"and|but|while|as|if)\b)[\w'’.-]+,?\s+){1,10}?(?:has\s+|had\s+|also\s+)?"
                           r"(?:said|says|told|added|stated|noted)\b")
_FUTURE_FIRM = re.compile(r"\b(?:will|shall|should|is to|are to|is due|are due|is expected|are expected|"
                          r"is scheduled|are scheduled|is set to|are set to)\b|'ll\b|’ll\b")
_CLAUSE_END = re.compile(r"[;.:!?]|,\s+(?:but|and)\b")
# a reporting verb alone says nothing of the reported event's tense ("said construction begins in June")
_PAST = re.compile(r"\b(?:was|were|had|did|met|took|made|came|went|began|won|lost|left|held)\b"
                   r"|(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeen )(?<!\bbeing )(?<!\bwill )(?<!\bto )\b(?!(?:report|stat|add|not|confirm|announc)ed\b)\w{3,}ed\b")


@dataclass(frozen=True)
class DateMention:
    """One date expression: offsets within the sentence, what is known of the date (None = unknown)."""

    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    precision: str
    relative: bool
    attributive: bool = False
    future: bool = False

    def sort_key(self) -> tuple:
        """Known years first in date order, coarser before finer (a whole year before its months); then
        yearless dates by month and day; unresolved expressions last."""
        month = self.month or (13 if self.year is None else 0)
        return (self.year is None, self.year or 0, month, self.day or 0, self.precision != "week")

    def label(self) -> str:
        mon = list(MONTHS)[self.month - 1] if self.month else ""
        if self.precision == "day":
            return f"{self.day} {mon} {self.year}"
        if self.precision == "week":
            return f"week of {self.day} {mon} {self.year}"
        if self.precision == "month":
            return f"{mon} {self.year}"
        if self.precision == "year":
            return str(self.year)
        if self.precision == "day-no-year":
            return f"{self.day} {mon} (year not stated)"
        if self.precision == "month-no-year":
            return f"{mon} (year not stated)"
        return f"{self.text} (date not resolved)"


def parse_published(published: str | None) -> date | None:
    """The date part of an ISO 8601 date or datetime ("2025-01-17", "2017-09-15T00:00:00+03:00")."""
    m = re.match(r"\s*(\d{4})-(\d\d)-(\d\d)(?:$|[T ])", published or "")
    try:
        return date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def _mk(y: int | None, m: int | None, d: int | None) -> date | None:
    try:
        return date(y or 2000, m or 1, d or 1)  # 2000 is a leap year: 29 February survives
    except ValueError:
        return None


def _pick_year(month: int, day: int | None, pub: date, tense: str) -> int | None:
    if day is None:  # a whole month: compare month starts
        pub = pub.replace(day=1)
    cands = [c for c in (_mk(pub.year + k, month, day) for k in (-1, 0, 1)) if c]
    if tense == "future":
        cands = [c for c in cands if c >= pub] or cands
        return min(cands).year if cands else None
    if tense == "past":
        cands = [c for c in cands if c <= pub + timedelta(days=2)] or cands
        return max(cands).year if cands else None
    return min(cands, key=lambda c: abs((c - pub).days)).year if cands else None


def _weekday(pub: date, wd: int, mode: str) -> date:
    if mode == "future":
        return pub + timedelta(days=(wd - pub.weekday() - 1) % 7 + 1)
    if mode == "soon":   # "will return later Tuesday" in a Tuesday's article: that day
        return pub + timedelta(days=(wd - pub.weekday()) % 7)
    back = (pub.weekday() - wd) % 7
    return pub - timedelta(days=back or (7 if mode == "strict" else 0))


def _shift_month(pub: date, k: int) -> tuple[int, int]:
    n = pub.year * 12 + pub.month - 1 + k
    return n // 12, n % 12 + 1


def find_dates(sentence: str, published: str | None) -> list[DateMention]:
    """Every date expression in `sentence`, in order of appearance."""
    low = sentence.lower()
    have = {"d": bool(_DIGIT.search(sentence)), "m": bool(_HAS_MONTH.search(sentence)), "a": "ago" in low,
            "w": bool(_DAYISH.search(low)), "u": bool(_UNIT.search(low))}
    if not any(have.values()):
        return []
    have["-"] = "-" in sentence  # an ISO date's
    pub = parse_published(published)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, rx in _RX:
        if not all(have[c] for c in _NEEDS[kind]):
            continue
        for m in rx.finditer(sentence):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            mention = _interpret(kind, m, sentence, pub)
            if mention:
                taken.append((mention.start, mention.end))
                out.append(mention)
    return sorted(out, key=lambda x: x.start)


@dataclass
class _Ctx:
    """What surrounds a candidate: the word before (and whether it is a possessive), the word after, tense."""
    prev: str
    poss: bool
    adjacent: bool     # the word before touches the candidate (no comma)
    glued: bool        # ... and that word does not open the sentence
    nxt: str
    future: bool
    tense: str         # "future" | "past" | "none"


def _context(m: re.Match, s: str) -> _Ctx:
    start, g = m.start(), m.groupdict()
    pw = _PREV_WORD.search(s, max(0, start - 40), start)
    prev, poss = (pw.group(1), bool(pw.group(2))) if pw else ("", False)
    adjacent = bool(pw) and s[:start].endswith(" ") and not s[:start].rstrip().endswith(",")
    glued = adjacent and bool(s[:pw.start()].strip())
    nxt = _NEXT_WORD.match(s, m.end())
    fut = [f.end() for f in _FUTURE.finditer(s, max(0, start - 70), start)]
    future = bool(fut) and not _REPORT.search(s, fut[-1], start) \
        or (g.get("mod") or "").lower() in ("next", "coming", "the coming") \
        or (g.get("el") or "").lower() == "later" or (g.get("w") or "").lower() == "tomorrow" \
        or _future_after(s, start, m.end())
    # "said they expected Holbrooke, the U.S. envoy ..., to meet with him on Monday": a plan
    future = future or bool(_EXPECT.search(s, 0, start)) and bool(_INFINITIVE.search(s, max(0, start - 40), start))
    # the past tense of another clause says nothing of this date's ("... made the decision that I can
    # not vote for him in January"): only the date's own clause counts
    tense = "future" if future else "past" if _PAST.search(s, *_clause_span(s, start, m.end())) else "none"
    if tense == "past" and prev.lower() == "by" and not _PAST.search(s, max(0, start - 40), start):
        tense = "none"   # "by October 8" is a deadline: the nearest October 8, not last year's
    return _Ctx(prev, poss, adjacent, glued, nxt.group(1) if nxt else "", future, tense)


_EXPECT = re.compile(r"\b(?:expect(?:s|ed)?|was expected|were expected)\b")
_INFINITIVE = re.compile(r"\bto\s+[a-z]+\b[^,;.]*$|\bexpected\b[^,;.]*(?:,[^,;.]*)?$")
_TENSE_BREAK = re.compile(r"[;:]|,\s|\b(?:that|which|who)\b")


def _clause_span(s: str, start: int, end: int) -> tuple[int, int]:
    """The clause holding the date: from the last break before it to the next after it (a comma just
    after a date opening the sentence, "On Sept. 2, Mahathir fired Anwar", does not end it)."""
    breaks = [b.end() for b in _TENSE_BREAK.finditer(s, 0, start)]
    after = s[end:]
    skip = len(after) - len(after.lstrip(" ,")) if not s[:start].strip(" ,") or not breaks else 0
    stop = _TENSE_BREAK.search(s, end + skip)
    return (breaks[-1] if breaks else 0), (stop.start() if stop else len(s))


def _future_after(s: str, start: int, end: int) -> bool:
    """A date opening its clause ("In June, construction should begin") whose clause then speaks in
    the future, before any reporting or past verb."""
    before = s[:start].rstrip()
    before = re.sub(r"\b(?:[Oo]n|[Ii]n|[Bb]y)$", "", before).rstrip()
    if before and not before.endswith((",", ";")):
        return False
    stop = _CLAUSE_END.search(s, end)
    clause = s[end:stop.start() if stop else len(s)][:80]
    cue = _FUTURE_FIRM.search(clause)
    return bool(cue) and not _REPORT.search(clause, 0, cue.start()) and not _PAST.search(clause, 0, cue.start())


def _interpret(kind: str, m: re.Match, s: str, pub: date | None) -> DateMention | None:
    c = _context(m, s)
    g = m.groupdict()
    handler = _explicit if kind in ("mdy", "dmy", "my", "iso", "mon") else _bare_year if kind == "year" \
        else _weekday_mention if kind == "wd" else _relative
    got = handler(kind, g, c, s, m.end(), pub)
    if got is None:
        return None
    start = m.start()
    if (c.prev == "on" or c.prev in ("in", "In") and kind in _IN_KINDS or c.prev == "On") \
            and (not g.get("mod") or kind == "mon" and g["mod"].lower() in ("early", "late", "mid")) \
            and not c.poss and kind not in ("unit", "ago"):
        start = s.rindex(c.prev, 0, start)   # keep a leading "on"/"in" in the text
    if not got[5] and (_REPORTED_ON.search(s, max(0, m.start() - 60), m.start())
                       or _SPEECH_OPENS.fullmatch(s, 0, m.start()) and _SPOKEN_AFTER.match(s, m.end())):
        got = (*got[:5], True)   # the day a statement was made: a mention, not the event's date
    if not got[5] and _dates_another_event(kind, m, s, c):
        got = (*got[:5], True)
    return DateMention(start, m.end(), s[start:m.end()], *got, future=c.future)


_IN_KINDS = ("mdy", "dmy", "my", "mon", "year", "iso")

# what a date stands in when it dates something other than the sentence's main event (see
# `_dates_another_event`); the window is the text from the last clause break to the date
_CLAUSE_BREAK = re.compile(r"[;:()\"“”]|,\s|\s[—–]\s|\s--\s")
# "since he stripped the province of its autonomy in 1989", "before the lockout was imposed July 1",
# "the day after Anwar was arrested on Sept. 20", "better than during a visit last year", and
# relative clauses: "which Israel captured from Syria in 1967", "a loan that was approved in July"
_SUBORDINATE = re.compile(r"\b(?:since|before|after|until|till|than|although|though|because|unless|if|"
                          r"which|who|whom|whose|where|what)\s+\S"
                          r"|\bthat\s+(?:was|were|is|are|has|have|had)\b"
                          r"|(?<=[a-z] )(?P<that>that)\s+\S", re.I)
# a word after which "that" opens what was said, thought or found, not a relative clause
_THAT_COMPLEMENT = set("""said say says saying told tell tells announced announces reported reports confirmed confirms
claimed claims claiming believe believes believed think thinks thought knew know knows clear warned warns argued argues
added adds insisted insists noted notes suggest suggests suggested suggesting show shows showed shown showing found
find finds hope hopes hoped fear fears feared mean means meant agreed agree ensure ensured decided acknowledged
acknowledges admitted admits denied denies stated so such now sure aware likely possible unlikely feel feels
felt learned learn revealed reveals indicated indicates predicted predicts expect expects expected estimated concluded
alleged alleges explained explains wrote writes assume assumed given except is was are were be been ruled determined
order ordered recalled recalls realize realized seems seemed appears appeared proves proved evidence fact news
belief hope word grounds idea notion view sign signs assured assures stressed stresses emphasized emphasizes decision
monday tuesday wednesday thursday friday saturday sunday today yesterday tonight week month year night morning
afternoon evening""".split())   # ("said Saturday that ...": the day it was said)
# "the first time since 1934", "below where Romney was at the same point in 2012", "up 12 points from
# 2014": a comparison
_TIME_SINCE = re.compile(r"\b(?:up|down)\s+(?:[\w.%$]+\s+){0,4}from\s+(?:[\w.%$]+\s+){0,2}(?:in\s+)?$|"
                         r"\b(?:time|first|highest|lowest|biggest|largest|worst|best)\s+since\s*$|\bsame\s+(?:point|time|period|stage|week|month)\s+(?:in|of|last)\s*$")
# "the nations launching a common currency on Jan. 1": a participle's own date
_PARTICIPLE = re.compile(r"\b(?:starting|beginning|launching|opening|effective)\s+(?:\S+\s+){0,5}$"
                         r"|\b(?:suggesting|showing|indicating|estimating)\s+that\b")   # what a finding says
_EVENT_NOUN = re.compile(r"\b(?:kidnapping|abduction|death|murder|killings?|bombings?|attacks?|coup|assassination|"
                         r"disappearance|massacre|invasion|war|crash|explosion|blast|shootings?|torture|genocide|"
                         r"elections?|meetings?|visit|launch|summit|vote|trial|speech|earthquake|hurricane|"
                         r"riots?|raids?|atrocities|crimes?)\b", re.I)
_OF = re.compile(r"\b(?:of|for|with|about|over|into|against)\s+(?:\S+\s+){0,6}$", re.I)
_VERB = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|will|would|did|does|said|says|"
                   r"[a-z]{3,}ed|met|took|made|came|went|began|won|lost|left|held|killed)\b")
_ANCHORS = set("in at during on".split())   # "killed in Friday's attack", "in the Aug. 7 bombing": the event's own date
_ADVERB = re.compile(r"[a-z]+ly|first|not|never|also|just|already|still|later|then|once|again|since|almost|soon")
_RELATIVE_WORDS = 14   # a subordinate clause is this short at most before its date


def _verb_groups(text: str) -> int:
    """Finite verb groups in `text` ("was approved" is one): two mean a second clause has begun."""
    groups, last = 0, -3
    words = text.split()
    for i, w in enumerate(words):
        if _VERB.fullmatch(w.strip(",.;:").lower()) or _VERB.fullmatch(w.strip(",.;:")):
            # ("was first elected": an adverb inside a verb group does not split it)
            groups += not (i == last + 1 or i == last + 2 and _ADVERB.fullmatch(words[i - 1].lower()))
            last = i
    return groups


_REPORTING = set("""said says told announced reported confirmed claimed stated added warned noted insisted argued wrote
explained suggested showed found revealed indicated acknowledged admitted denied""".split())


def _complement_that(before: str) -> bool:
    """Whether a "that" after `before` opens what was said or found ("said in a statement from its
    headquarters that ..."), not a relative clause ("a company that he founded in 1973")."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", before)]
    return bool(words) and (words[-1] in _THAT_COMPLEMENT or any(w in _REPORTING for w in words[-9:]))


def _dates_another_event(kind: str, m: re.Match, s: str, c: _Ctx) -> bool:
    """Whether the date belongs to something the sentence only mentions, not to its main event:
    a subordinate or relative clause, an event named after a preposition ("charged over the
    bombing in August"), or a date used as a modifier ("Friday's bombing", "the Aug. 7 bombing").
    A plan or deadline stays the sentence's date wherever it stands ("the deadline, which falls by
    October 8"): what the sentence is about is still to come."""
    start, end = m.start(), m.end()
    head = s[:start]
    words = re.findall(r"[A-Za-z]+", head)
    if re.match(r"['’]s\b", s[end:]):   # a possessive date modifies the noun after it
        return not words or words[-1].lower() not in _ANCHORS
    if kind in ("mdy", "dmy", "my", "iso") and words and words[-1].lower() in _DETERMINERS \
            and head.rstrip().endswith(words[-1]) and re.match(r"\s+[A-Za-z]", s[end:]) \
            and not _NEXT_FUNCTION.match(s, end):
        return len(words) < 2 or words[-2].lower() not in _ANCHORS
    if c.future or c.prev.lower() == "by":
        return False
    breaks = list(_CLAUSE_BREAK.finditer(head))
    window = head[breaks[-1].end():] if breaks else head
    if _TIME_SINCE.search(window) or _PARTICIPLE.search(window):
        return True
    marks = [k for k in _SUBORDINATE.finditer(window) if not k.group("that") or not _complement_that(window[:k.start()])]
    if marks:
        clause = window[marks[-1].start():]
        rest = clause.split(None, 1)[1] if " " in clause else ""
        # ("since the labor agreement expired and the owners declared a lockout on July 1": one clause, two verbs)
        if len(clause.split()) <= _RELATIVE_WORDS and _verb_groups(rest) <= 1 + (" and " in rest):
            return True
    nouns = list(_EVENT_NOUN.finditer(window))
    if nouns:
        event, rest = nouns[-1], window[nouns[-1].end():]
        return bool(_OF.search(window, 0, event.start())) and len(rest.split()) <= 12 and not _verb_groups(rest)
    return False


_NEXT_FUNCTION = re.compile(r"\s+(?:and|or|to|in|on|at|by|of|for|from|as|when|while|after|before|that|which|who|"
                            r"is|was|were|are|has|had|have|will|would|said|says)\b")


def _explicit(kind, g, c: _Ctx, s, end, pub):
    y = int(g["year"]) if g.get("year") else None
    mon = g.get("mon") or ""
    mo = int(g["m"]) if g.get("m") else MONTHS[mon.rstrip(".")]
    d = int(g["day"]) if g.get("day") else None
    rel = False
    if kind == "mdy" and c.glued and c.prev[0].isupper() and c.prev.lower() not in _MONTH_CUES:
        return None  # "Long March 9", "Theresa May 5"
    if kind == "mon":   # a month on its own needs a cue: "in May", "since March", "early January"
        if not g["mod"] and c.prev.lower() not in _MONTH_CUES \
                or mon in ("May", "March") and c.nxt.islower() and c.nxt not in _FUNCTION:
            return None
        mod = (g["mod"] or "").lower()
        if mod in ("last", "next", "this") and pub:   # "last March": the latest March before publication
            y = pub.year - (mo >= pub.month) if mod == "last" else pub.year + (mo <= pub.month) \
                if mod == "next" else pub.year
            rel = True
        elif pub:
            y = _pick_year(mo, None, pub, c.tense)
    if d is not None and (not 1 <= d <= 31 or not _mk(y, mo, d)):
        return None
    if d is not None and y is None and pub:
        y = _pick_year(mo, d, pub, c.tense)
    prec = ("day" if d else "month") if y else ("day-no-year" if d else "month-no-year")
    return y, mo, d, prec, rel, False


def _bare_year(kind, g, c: _Ctx, s, end, pub):
    low = c.prev.lower()
    if c.poss or low in _DETERMINERS:
        return int(g["year"]), None, None, "year", False, True   # attributive: "the 2015 nuclear deal"
    if low in _YEAR_CUES:
        if low in ("of", "to", "by", "and", "or") and c.nxt.islower() and c.nxt not in _FUNCTION:
            return None  # "a crowd of 2000 people": a count
    elif c.prev or c.nxt and c.nxt not in _FUNCTION and not g.get("range"):
        return None  # no cue: "sent 2000 troops"; a year opening a sentence is kept ("1981 : ...")
    return int(g["year"]), None, None, "year", False, False


def _weekday_mention(kind, g, c: _Ctx, s, end, pub):
    if not g.get("mod") and (c.prev.lower() in _NOT_DAY_BEFORE and not c.poss or c.nxt in _NOT_DAY_AFTER) \
            or _DATE_AFTER.match(s, end):
        return None  # "the Sunday Times", "Good Friday", "Tuesday, Jan. 2, 2018" (the date follows)
    if not pub:
        return None, None, None, "weekday-unresolved", True, False
    mode = {"last": "strict", "next": "future", "coming": "future"}.get((g["mod"] or "").lower(),
                                                                       "soon" if c.future else "past")
    when = _weekday(pub, WEEKDAYS[g["wd"]], mode)
    return when.year, when.month, when.day, "day", True, False


def _relative(kind, g, c: _Ctx, s, end, pub):
    if kind == "word" and (c.prev.lower() in ("than", "of") or c.adjacent and c.prev[0].isupper() and g["w"][0] == "T"):
        return None  # "closer than today", "the world of today", "USA Today": not dates
    if kind == "word" and g["w"].lower() == "today" and c.tense == "none":
        return None  # "The reality of Pakistan today is ...": nowadays, with nothing done or planned that day
    if not pub:
        return None, None, None, "relative-unresolved", True, False
    if kind == "word":
        k, unit = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(g["w"].lower(), 0), "day"
    elif kind == "unit":
        k, unit = {"last": -1, "next": 1, "the coming": 1}.get(g["mod"].lower(), 0), g["unit"]
    else:
        k, unit = -(int(g["n"]) if g["n"].isdigit() else _NUM[g["n"].lower()]), g["unit"]
    if unit == "day":
        when = pub + timedelta(days=k)
        return when.year, when.month, when.day, "day", True, False
    if unit == "week":
        when = pub - timedelta(days=pub.weekday()) + timedelta(weeks=k)
        return when.year, when.month, when.day, "week", True, False
    if unit == "month":
        y, mo = _shift_month(pub, k)
        return y, mo, None, "month", True, False
    return pub.year + k, None, None, "year", True, False


_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "day-no-year": 2, "month-no-year": 3}


def event_date(sentence: str, published: str | None) -> DateMention | None:
    """The mention that dates the sentence's main event, or None.

    Attributive years never count. A date in a future clause only counts when nothing else does
    (then `future` is True: a planned event). Among the rest: explicit full date > resolved relative
    date > partial date (month, year, yearless) > unresolved relative; ties go to the earliest.
    """
    def rank(m: DateMention) -> tuple:
        cls = 0 if m.precision == "day" and not m.relative else 1 if m.relative and m.year else \
            2 if m.year or m.month else 3
        return (m.future, cls, _RANK.get(m.precision, 4), m.start)
    cands = [m for m in find_dates(sentence, published) if not m.attributive]
    return min(cands, key=rank) if cands else None
