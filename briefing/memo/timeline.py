"""The timeline: a story's dated events, one entry per event, each in a short form.

- Candidates are evidence sentences with an event date (`dates.event_date`: attributive years, dates
  of what the sentence only mentions and the day a statement was made are never one), most salient
  first; a page's time stamp or a picture's date line (`page_noise.is_dated_furniture`) is none, and
  an entry that would still name another day than its own is left out.
- One event reported by several articles is one entry citing them all: sentences close in meaning
  (`semantic.similarity_matrix`) whose dates agree (within a few days), or that repeat each other
  word for word whatever their dates, are grouped. The entry takes the date its best-dated
  sentence gives (an explicit date before one resolved from "Tuesday", a day before a month) and
  cites that sentence first.
- A date that stands in a statement's attribution, not in what was said ("..., Blair said in an
  interview published Wednesday"), is the day someone spoke: who said what shows that sentence.
- The entry shows the event, not the whole sentence: the date expression is removed (the date is
  shown beside it), a leading "X said" (unless "he"/"we" would be left naming no one) and a
  trailing "..., officials said" are dropped and a long
  sentence is cut to the clause holding the date. A future cue ("should", "will") stays, so the entry still reads as a
  plan. A sentence that cannot be shortened is left out: it would repeat, word for word, what
  another part of the memo shows. The citation's quote remains the exact stored sentence.
- An entry whose wording contradicts its date (a plan dated months before publication, a past
  event dated after it) is left out.
- Dates a reader cannot place ("next week" in an article without a publication date): at most
  UNPLACED_MAX of them, none for a statement still naming its speaker (who said what shows it) or
  for an event the core or a placed entry already tells; each comes after the last entry its own
  article dates (its "last week" is near the article's time, after the events it dates), else at
  the end. "On Monday" in two undated articles of one story, close in meaning, is one entry.
  A leading "However," / "But" goes: the entry stands alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

from .attribution import statement_text, without_connective
from .dates import find_dates, parse_published
from .evidence import Evidence, EvidenceSentence, content_words, overlap
from .page_noise import is_dated_furniture
from .salience import can_open

TIMELINE_MAX = 10
CANDIDATES = 60          # dated sentences considered, most salient first
SAME_DAY_MEANING = 0.55   # cosine at which two sentences dated the same day report one event ...
SAME_EVENT_MEANING = 0.7   # ... and at which two whose dates are SAME_EVENT_DAYS apart do
SAME_EVENT_DAYS = 3
TENSE_SLACK_DAYS = 3       # a date this close to publication fits any tense
REPEAT_OVERLAP = 0.5       # content-word Jaccard at which one sentence repeats another, whatever its date
SHORT_WORDS = 24           # an entry longer than this is cut to the clause holding the date
UNPLACED_MAX = 2           # entries dated "next week" with no publication date to resolve it against

_REPORTED = re.compile(r",\s+(?:(?:he|she|they|it|we|police|officials|authorities|[A-Z][\w.'-]*"
                       r"(?:\s+(?:[A-Z][\w.'-]*|of|the|for))*)\s+)?"
                       r"(?:said|says|told [\w\s.]{1,30}?|added|reported|announced|stated)"
                       r"(?:\s+(?:[A-Z][\w.'-]*|of|the|for)(?:\s+(?:[A-Z][\w.'-]*|of|the|for))*)?\s*[.!]?$")
_ACCORDING = re.compile(r"^According to [^,]{1,60},\s*", re.I)
_CLAUSES = re.compile(r";\s+|,\s+(?=(?:which|who|but|while|although|as|after|before|when|and)\b)|\s+-\s+")
_CONDITION = re.compile(r"\b(?:if|unless)\b", re.I)
_CONNECTIVE = re.compile(r"(?:which|who|whom|whose|but|while|although|as|after|before|when|and|or|that)\b", re.I)
_FUTURE_CUE = re.compile(r"\b(?:will|shall|should|would|must|is to|are to|expected to|scheduled|planned|plans? to|"
                         r"set to|due to|upcoming|next|tomorrow|later this)\b", re.I)


@dataclass
class Entry:
    """One timeline event: the sentence that dates it first, then the others reporting it."""
    lead: EvidenceSentence
    others: list[EvidenceSentence] = field(default_factory=list)

    @property
    def sentences(self) -> list[EvidenceSentence]:
        return [self.lead] + self.others


def timeline_entries(evidence: Evidence, limit: int = TIMELINE_MAX) -> list[Entry]:
    """The story's events (see the module docstring), in date order."""
    from ..semantic import similarity_matrix

    dated: list[EvidenceSentence] = []
    for e in evidence.ranked():
        if e.date is None or not e.clean[:1].isupper() or _spoken_on(e) or is_dated_furniture(e.clean):
            continue   # undated, a fragment, a speech's day, the page's own time stamp
        short = short_event(e)
        published = evidence.articles[e.article].published
        if _same_words(short, e.clean) or not _tense_fits(e, short, published) or _shows_other_day(e, short, published):
            continue   # it would repeat another part word for word, read in the wrong tense or show two dates
        dated.append(e)
        if len(dated) == CANDIDATES:
            break
    if not dated:
        return []
    meaning = similarity_matrix([e.clean for e in dated])
    words = [content_words(e.text) for e in dated]
    groups: list[list[int]] = []
    for i, e in enumerate(dated):
        home = next((g for g in groups if any(_same_event(dated, meaning, words, i, j) for j in g)), None)
        if home is not None:
            home.append(i)
        elif sum(_placed(dated[g[0]].date) == _placed(e.date) for g in groups) < limit:
            groups.append([i])   # (dates a reader cannot place take no room from those they can)
    entries = [_entry([dated[i] for i in g]) for g in groups]
    placed = [en for en in entries if _placed(en.lead.date)]
    # dates a reader cannot place: the most salient few, not someone's statement (who said what
    # shows it) and not an event another part already tells (the core, or a placed entry)
    shown = [content_words(s.text) for s in (evidence.get(n) for n in evidence.summary) if s is not None]
    shown += [content_words(e.text) for en in placed for e in en.sentences]
    unplaced = [en for en in entries if not _placed(en.lead.date) and not _names_speaker(en.lead)
                and not any(overlap(content_words(e.text), w) >= REPEAT_OVERLAP for e in en.sentences for w in shown)]
    placed.sort(key=lambda en: (en.lead.date.sort_key(), evidence.articles[en.lead.article].published or "",
                                en.lead.article, en.lead.sentence))
    # ... each after the last entry its article dates ("last week" is near the article's time, after
    # the events it dates), else at the end
    out = list(placed)
    for en in unplaced[:UNPLACED_MAX]:
        own = [p.lead.date.sort_key() for p in placed if p.lead.article == en.lead.article]
        at = max((i + 1 for i, p in enumerate(out) if p.lead.date.sort_key() <= max(own)), default=0) if own \
            else len(out)
        out.insert(at, en)
    return out


def _spoken_on(e: EvidenceSentence) -> bool:
    """Whether the sentence's date is the day its speaker spoke: it stands in the attribution, not
    in what was said ("..., Blair said in an interview published Wednesday"). Who said what shows it."""
    if e.said_by is None or e.date is None:
        return False
    said = statement_text(e.clean, e.said_by)
    return said != without_connective(" ".join(e.clean.split())) and e.date.text.lower() not in said.lower()


def _shows_other_day(e: EvidenceSentence, short: str, published: Optional[str]) -> bool:
    """Whether the entry still names a day other than its date ("Intermountain confirmed Sunday that
    it gave free services ... [in 1994]" dated 1994): the reader would take the one beside it for the wrong event."""
    return any(m.relative and m.precision == "day" and (m.year, m.month, m.day) != (e.date.year, e.date.month, e.date.day)
               for m in find_dates(short, published))


def _names_speaker(e: EvidenceSentence) -> bool:
    """Whether the entry still names who said it ("..., Hamidreza Azizi ... told Newsweek"): a
    statement, which who said what shows."""
    return e.said_by is not None and e.said_by.speaker.split()[-1] in short_event(e)


def _placed(d) -> bool:
    """Whether a reader can place the date: "later this week" with no publication date cannot."""
    return d.precision not in ("weekday-unresolved", "relative-unresolved")


def _same_words(a: str, b: str) -> bool:
    """The same words, whatever the punctuation: an entry that would repeat a core claim verbatim."""
    return re.findall(r"\w+", a.lower()) == re.findall(r"\w+", b.lower())


def _same_event(dated, meaning, words, i: int, j: int) -> bool:
    if overlap(words[i], words[j]) >= REPEAT_OVERLAP:
        return True
    if meaning[i, j] < SAME_DAY_MEANING:
        return False
    a, b = dated[i].date, dated[j].date
    if (a.year, a.month, a.day) == (b.year, b.month, b.day) and a.precision == b.precision \
            and a.precision in ("day", "day-no-year"):   # one day, whether or not the year is known
        return True
    if a.precision == b.precision == "weekday-unresolved" and _weekday(a) == _weekday(b):
        return True   # "on Monday" in two undated articles of one story
    if (a.year, a.month, a.precision) == (b.year, b.month, b.precision) and a.precision in ("month", "year") \
            and meaning[i, j] >= SAME_EVENT_MEANING:   # "issued warrants for Bashir in 2009 and 2010" twice
        return True
    if a.precision == "week" and b.precision == "day" or b.precision == "week" and a.precision == "day":
        sa, sb = _span(a), _span(b)   # "last week" and a day in that week
        if sa and sb and sa[0] <= sb[1] and sb[0] <= sa[1]:
            return True
    da, db = _day(dated[i]), _day(dated[j])
    return meaning[i, j] >= SAME_EVENT_MEANING and da is not None and db is not None \
        and abs((da - db).days) <= SAME_EVENT_DAYS


def _weekday(d) -> str:
    return re.sub(r"^(?:on|last|this|next|coming)\s+", "", d.text.lower()).split()[0]


def _tense_fits(e: EvidenceSentence, short: str, published: Optional[str]) -> bool:
    """The entry as shown reads in the tense its date implies: a future cue ("will", "should") is
    not dated before publication, a plain statement not after it (a
    reader would see a plan dated in the past, or a past event dated in the future)."""
    pub = parse_published(published)
    span = _span(e.date)
    if pub is None or span is None:
        return True
    future = bool(_FUTURE_CUE.search(short))
    slack = timedelta(days=TENSE_SLACK_DAYS)
    if future:
        # a plan that hangs on a condition ("would downgrade the visit if ...") is not a scheduled event
        # (a day or week by its first day; a month or year is a plan while any of it is to come)
        first = span[0] if e.date.precision in ("day", "week") else span[1]
        return first >= pub - slack and not _CONDITION.search(short)
    return span[0] <= pub + slack


def _span(d) -> Optional[tuple[date, date]]:
    """First and last day a date mention covers."""
    if d.year is None:
        return None
    try:
        if d.month is None:
            return date(d.year, 1, 1), date(d.year, 12, 31)
        if d.day is None or d.precision not in ("day", "week"):
            last = (date(d.year + d.month // 12, d.month % 12 + 1, 1) - timedelta(days=1))
            return date(d.year, d.month, 1), last
        first = date(d.year, d.month, d.day)
        return first, first + timedelta(days=6 if d.precision == "week" else 0)
    except ValueError:
        return None


def _day(e: EvidenceSentence) -> Optional[date]:
    d = e.date
    if d is None or d.year is None or d.month is None:
        return None
    try:
        return date(d.year, d.month, d.day or 15)
    except ValueError:
        return None


_PRECISION = {"day": 0, "week": 1, "month": 2, "day-no-year": 3, "year": 4, "month-no-year": 5}


def _entry(members: list[EvidenceSentence]) -> Entry:
    """The member whose date is best stated leads: explicit before relative, finer before coarser,
    a date several members agree on before a lone one, what happened before what was planned for
    that day, then the most salient."""
    votes: dict[tuple, int] = {}
    for e in members:
        key = (e.date.year, e.date.month, e.date.day)
        votes[key] = votes.get(key, 0) + 1
    order = sorted(range(len(members)), key=lambda k: (
        members[k].date.relative, _PRECISION.get(members[k].date.precision, 6),
        -votes[(members[k].date.year, members[k].date.month, members[k].date.day)], members[k].date.future, k))
    lead = members[order[0]]
    return Entry(lead, [members[k] for k in order[1:]])


def short_event(e: EvidenceSentence) -> str:
    """The event clause of a dated sentence, without its date expression (see the module docstring)."""
    text = _without_frame(e)
    mention = e.date.text if e.date is not None else ""
    at = text.find(mention) if mention else -1
    removed = at >= 0 and _removable(text, at, at + len(mention))
    if removed:
        text = _without(text, at, at + len(mention))
    at = max(0, min(at, len(text) - 1))
    text = _ACCORDING.sub("", text)
    trimmed = _REPORTED.sub("", text)
    if len(trimmed.split()) >= 4:
        text = trimmed
    if len(text.split()) > SHORT_WORDS or not removed and _same_words(text, e.clean):
        text = _clause_at(text, at)   # (when the date could not go, the clause holding it is the short form)
    text = text.strip(" ,;:-")
    if e.date is not None and e.date.future and not _FUTURE_CUE.search(text) and _FUTURE_CUE.search(e.clean):
        return _without_date(e)   # the cut lost what made it a plan: keep the whole sentence's wording
    return _finish(text)


# verbs whose object is no statement ("Islamic Jihad claimed responsibility Saturday for ..."): what
# follows them cannot stand alone
_TAKES_OBJECT = frozenset("claimed claims claim denied denies deny admitted admits admit accepted accepts".split())


def _without_frame(e: EvidenceSentence) -> str:
    """The sentence without a leading "X said (that)" (`attribution.statement_text`): the event is
    what was said ("The council's engineering office said construction should begin in June" ->
    "Construction should begin in June"). A quotation keeps its frame: it is someone's words, not
    the event; a trailing frame other than `_REPORTED`'s stays, since the verifier holds a claim
    cut from "..., the town's culture office said" to the attribution."""
    said = e.said_by
    if said is None or said.quote:
        return e.clean
    what = statement_text(e.clean, said)
    body = what.rstrip(" .!").lower()
    whole = e.clean.rstrip(" .!").lower()
    if what == e.clean or len(body.split()) < 4 or not whole.endswith(body) or not can_open(what) \
            or said.verb.lower() in _TAKES_OBJECT:
        return e.clean   # ("Bertossa said he had issued a warrant": "He had issued ..." names no one)
    return what


_KEEP_AFTER = re.compile(r"^(?:['’]s\b|\s*-\s*\d|\s+(?:to|and|through|until|-)\s+(?:\d|[A-Z]))")
_SUBJECT_DATE = re.compile(r"\s+(?:was|is|were|will|would|has|had|marks|marked|brings|brought)\b")
_KEEP_BEFORE = set("from between of to and or since until till through before after during by early late mid "
                   "than about nearly some over almost for dated".split())   # "scheduling his trial for [Nov. 2]"


def _removable(text: str, start: int, end: int) -> bool:
    """Whether the date expression can go without breaking the sentence: not a possessive ("July's
    elections"), not part of a range ("from 1989 to 1996") or of a phrase that needs it ("since June")."""
    if _KEEP_AFTER.match(text[end:]) or not text[:start].strip() and _SUBJECT_DATE.match(text[end:]):
        return False   # ("Tuesday was a bad day for the Republican right": the date is the subject)
    words = re.findall(r"[A-Za-z]+", text[:start])
    return not words or words[-1].lower() not in _KEEP_BEFORE or text[start:start + 3].lower() in ("on ", "in ")


def _without(text: str, start: int, end: int) -> str:
    before, after = text[:start], text[end:]
    if before.rstrip().endswith(",") and after.lstrip().startswith(","):
        after = after.lstrip()[1:]   # "The talks, on Tuesday, ended" -> "The talks ended"
        before = before.rstrip()[:-1]
    elif re.fullmatch(r"\s*(?:And|But|So|Yet|Then)\s*", before) and after.lstrip().startswith(","):
        after = after.lstrip()[1:]   # "And in 2011, Farms.com made" -> "And Farms.com made"
    elif not before.strip() and after.lstrip().startswith(","):
        after = after.lstrip()[1:]   # "On Tuesday, the talks ended"
    elif before.rstrip().endswith(",") and not after.strip(" .!?"):
        before = before.rstrip()[:-1]
    if not after.strip(" .!?,;"):   # "will receive him in [the coming week]": the preposition goes too
        before = re.sub(r"\s+(?:in|on|at|during|within|by|over)\s*$", "", before)
    joined = f"{before.rstrip()} {after.lstrip()}".strip()
    return re.sub(r"\s+([,.;:!?])", r"\1", joined)


def _without_date(e: EvidenceSentence) -> str:
    mention = e.date.text if e.date is not None else ""
    cut = e.clean.find(mention) if mention else -1
    if cut >= 0 and not _removable(e.clean, cut, cut + len(mention)):
        cut = -1
    return _finish(_without(e.clean, cut, cut + len(mention)) if cut >= 0 else e.clean)


def _clause_at(text: str, at: int) -> str:
    """The clause of `text` that holds offset `at` (the first clause when that one is too short)."""
    bounds = [0] + [m.end() for m in _CLAUSES.finditer(text)] + [len(text)]
    for a, b in zip(bounds, bounds[1:]):
        if a <= at < b or b == len(text):
            clause = text[a:b]
            if _CONNECTIVE.match(clause):
                return text[:b]   # "X, who was arrested on Friday": the sentence up to that clause
            if len(clause.split()) >= 5:
                return clause
            break
    first = text[:bounds[1]] if len(bounds) > 2 else text
    return first if len(first.split()) >= 5 else text


def _finish(text: str) -> str:
    text = without_connective(text.strip(" ,;:-")).rstrip(".").rstrip()
    if not text:
        return text
    return text[0].upper() + text[1:]
