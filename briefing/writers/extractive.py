"""The extractive writer: no model; every claim is a source sentence, so it says what it cites.

- headline: the title of the article with the most salient lede (ledes that open the summary
  first), where its own sentences verify it, else the most salient lede cut to its main clause
  (`briefing.memo.headline`), or among the first few found one about the story's main event, the
  words most articles share (`briefing.memo.central`), when the first tells a side event;
- bottom line and key points: the salience selector's summary, most important first, opening on
  the sentence that states the headline's event;
- timeline: dated events, one entry per event citing every article reporting it, in date order,
  each in a short form beside its date (briefing.memo.timeline);
- who said what: attributed sentences, at most two per speaker;
- where sources differ: sentences from different articles about the same point whose counts or
  polarity disagree, side by side, the later report marked (briefing.memo.differences).
"""
from __future__ import annotations

import re
from typing import Optional

from ..memo.attribution import NAME_RUN, full_names, needs_context, split_run, statement_text, story_speakers
from ..memo.central import centrality, spread_of, word_spread
from ..memo.differences import find_differences, focus
from ..memo.headline import names_event, names_someone, shorten, subject_head, title_text
from ..memo.salience import can_open
from ..memo.evidence import Evidence, EvidenceSentence, content_words, overlap
from ..memo.timeline import TIMELINE_MAX, short_event, timeline_entries
from ..verify.checks import check
from .base import Draft, DraftClaim, DraftSection, Limits, Writer

BOTTOM_LINE_MAX = 2
BOTTOM_LINE_WORDS = 70
HEADLINE_EVENT_BOOST = 1.5  # a headline says what happened: a sentence dating a past event is preferred
HEADLINE_POOL = 20        # the story's most salient sentences tried for a headline when no lede cuts to one
HEADLINE_CLEAN_TRIES = 5  # the top ledes tried first for one that needs no cut at a phrase boundary
HEADLINE_CHOICES = 4      # verified headlines looked at for one that names an event
HEADLINE_SALIENCE_SHARE = 0.25  # ... and among those naming one, those this salient (share of the most) for the main event
HEADLINE_CENTRAL_GAIN = 1.3     # ... which replaces the first found when this many times as central
LEDE_SENTENCES = 3        # the headline comes from an article's first sentences, written to be one
TITLE_SUPPORT_TRIES = 3   # sentences of a title's article tried as its citation
OPENING_WORDS = 100       # the summary's opening (its exactly chosen part), whose ledes a headline is tried from first
LEAD_SHARED = 0.9         # share of the headline's words a summary sentence holds to state its event
STATEMENTS_MAX = 14
STATEMENTS_PER_SPEAKER = 2
DIFFERENCES_MAX = 4
CONTINUATION_WORDS = 15    # such a sentence is short
ANTECEDENT_WORDS = 20      # a sentence before a statement that points back is shown with it up to this length
REPEAT_OVERLAP = 0.5       # content-word Jaccard at which one statement repeats another
RETOLD_SHARE = 0.8         # share of a statement's content words a timeline entry holding it has
SPEAKER_LOOKBACK = 3       # sentences before a bare quotation searched for the one naming its speaker

_CONTINUES = re.compile(r"(?:Nor|Neither|And)\b")  # a sentence that only completes the one before it
_QUOTE_OPEN = re.compile(r"[\"“‘'«]")


class ExtractiveWriter(Writer):
    name = "extractive"

    def __init__(self, bottom_line: int = Limits.bottom_line, key_points: int = Limits.key_points) -> None:
        self.limits = Limits.of(bottom_line, key_points)

    def write(self, evidence: Evidence) -> Draft:
        summary = [evidence.get(n) for n in evidence.summary]
        summary = [e for e in summary if e is not None]
        headline = self._headline(evidence, summary)
        return Draft(
            headline=headline,
            summary=self._summary(evidence, _event_first(evidence, summary, headline), self.limits),
            sections=[
                DraftSection("timeline", "Timeline", self._timeline(evidence)),
                DraftSection("statements", "Who said what", self._statements(evidence)),
                DraftSection("differences", "Where sources differ", self._differences(evidence)),
            ],
        )

    # -- parts ---------------------------------------------------------------------------------
    def _headline(self, evidence: Evidence, summary: list[EvidenceSentence]) -> Optional[DraftClaim]:
        """The title of the article whose lede is most salient, among titles that its own sentences
        verify; else the most salient lede that cuts to a verified main clause (`headline.shorten`)
        naming an event."""
        # ledes the summary opens with first: the headline names the event the bottom line states
        core = _opening(summary)
        ledes = sorted((e for e in evidence.sentences if e.usable and e.sentence < LEDE_SENTENCES),
                       key=lambda e: (e.number not in core,
                                      -e.salience * (HEADLINE_EVENT_BOOST if _reports_event(e) else 1.0),
                                      e.article, e.sentence))
        tried: set[int] = set()
        for e in ledes:
            if e.article in tried:
                continue
            tried.add(e.article)
            title = title_text(evidence.articles[e.article].title)
            support = self._title_support(evidence, e.article, title) if title else None
            if support is not None:
                return DraftClaim(title, [support.number], kind="headline")
        # a lede whose main clause stands without a cut before a preposition first: such cuts are
        # the riskiest, so they are tried only when no lede near the top does without one
        # of the first HEADLINE_CHOICES found that name an event (`headline.names_event`) and whom
        # they are about (`headline.names_someone`: not "The nonprofit examined ..."), the first is
        # taken unless another names the story's main event (`_main_event`); with none such, the
        # first found: "The visit is undoubtedly a turning point" gives way to "Iran and Russia
        # took one step closer to finalizing a comprehensive document"
        pool = ledes + summary + evidence.ranked()[:HEADLINE_POOL]
        found: list[DraftClaim] = []
        good: list[DraftClaim] = []
        for cut, candidates in ((False, pool[:HEADLINE_CLEAN_TRIES]), (True, pool)):
            for e in candidates:
                if len(good) == HEADLINE_CHOICES or len(found) == HEADLINE_CHOICES and not good:
                    break
                if not can_open(e.clean) or any(e.number in c.refs for c in found):
                    continue
                text = shorten(e.clean, cut=cut)
                if text and can_open(text) and check(text, [e.text], headline=True).supported:
                    claim = DraftClaim(text, [e.number], kind="headline")
                    found.append(claim)
                    if names_event(text) and names_someone(text):
                        good.append(claim)
        if good:
            return self._main_event(evidence, good, core)
        return found[0] if found else None

    @staticmethod
    def _main_event(evidence: Evidence, good: list[DraftClaim], core: set[int]) -> DraftClaim:
        """The first of the headlines found, unless another is about what the story's articles
        share by far more (`_headline_centrality`, HEADLINE_CENTRAL_GAIN times as much): the first
        may tell a side event ("The European Union expressed its deep concern" over a story about
        Anwar Ibrahim's arrest and trial). The other is one nearly as salient as the most salient
        (HEADLINE_SALIENCE_SHARE: not a background sentence that names the story's places) and
        not a sentence the summary holds past its opening (the bottom line opens on the headline's
        sentence, which would push one of the opening out)."""
        first = good[0]
        spread = word_spread(evidence)
        chosen = set(evidence.summary)
        top = max(evidence.get(c.refs[0]).salience for c in good)
        others = [c for c in good[1:] if evidence.get(c.refs[0]).salience >= HEADLINE_SALIENCE_SHARE * top
                  and (c.refs[0] in core or c.refs[0] not in chosen)]
        if not others:
            return first
        best = max(others, key=lambda c: (round(_headline_centrality(c.text, spread), 9), -others.index(c)))
        gain = _headline_centrality(best.text, spread) - HEADLINE_CENTRAL_GAIN * _headline_centrality(first.text, spread)
        return best if gain > 1e-9 else first

    @staticmethod
    def _title_support(evidence: Evidence, article: int, title: str) -> Optional[EvidenceSentence]:
        """The sentence of the title's own article that verifies it, the earliest of those sharing
        the most words with it (the lede, as a rule); None when none does."""
        words = content_words(title)
        # not the title itself where the text repeats it as its first line: a title citing itself
        # says nothing about whether the story bears it out
        own = sorted((e for e in evidence.sentences if e.usable and e.article == article
                      and words & content_words(e.text) and content_words(e.text) != words),
                     key=lambda e: (-len(words & content_words(e.text)), e.sentence))
        return next((e for e in own[:TITLE_SUPPORT_TRIES] if check(title, [e.text], headline=True).supported), None)

    @staticmethod
    def _summary(evidence: Evidence, summary: list[EvidenceSentence], limits: Limits = Limits()) -> list[DraftClaim]:
        """The selector's summary, most important first: the bottom line (at most BOTTOM_LINE_MAX
        sentences in BOTTOM_LINE_WORDS words by default, more when the `bottom_line` setting is
        raised), then key points; `briefing.memo.fusion` fuses repeats and cuts the core to the limits."""
        claims: list[DraftClaim] = []
        words = 0
        bottom_max = BOTTOM_LINE_MAX if limits.bottom_line == Limits.bottom_line else limits.bottom_line
        bottom_words = BOTTOM_LINE_WORDS * bottom_max / BOTTOM_LINE_MAX
        for e in summary:
            text, refs = _with_continuation(evidence, e)
            text, refs = _with_speaker(evidence, e, text, refs)
            n = len(text.split())
            bottom = len(claims) < bottom_max and all(c.kind == "bottom-line" for c in claims) and (
                not claims or words + n <= bottom_words)
            claims.append(DraftClaim(text, refs, kind="bottom-line" if bottom else "key-point"))
            words += n
        return claims

    @staticmethod
    def _timeline(evidence: Evidence) -> list[DraftClaim]:
        """One entry per dated event, its date beside a short form of it (briefing.memo.timeline)."""
        return [DraftClaim(short_event(en.lead), [e.number for e in en.sentences], kind="event",
                           date=en.lead.date.label(), date_key=_date_key(en.lead))
                for en in timeline_entries(evidence, TIMELINE_MAX)]

    @staticmethod
    def _statements(evidence: Evidence) -> list[DraftClaim]:
        """Each speaker's most salient statement first (speakers in order of it), then a second
        one each while room is left; speakers listed together. A speaker is one person across the
        story's articles (`attribution.story_speakers`: "Musk" and "Elon Musk" are one entry); the
        text is what they said (`attribution.statement_text`), so a statement does not repeat a
        key point's sentence word for word; a sentence the core already shows is left for another, and
        one that points back at what came before it ("However, ...", "they are illegitimate") for one
        that reads on its own (`attribution.needs_context`)."""
        ranked = [e for e in evidence.ranked() if e.said_by is not None]
        singles = {e.said_by.speaker for e in ranked if " " not in e.said_by.speaker and e.said_by.speaker[:1].isupper()}
        mentions = full_names(singles, [e.text for e in evidence.sentences]) if singles else []
        names = story_speakers([(e.said_by.speaker, e.said_by.role) for e in ranked], mentions)
        core = set(evidence.summary)
        # what other parts show word for word is not shown again ("reshown"): the core's and the timeline's texts
        shown = {_words(evidence.get(n).clean) for n in core if evidence.get(n) is not None}
        timeline = ExtractiveWriter._timeline(evidence)
        shown |= {_words(c.text) for c in timeline}
        events = [content_words(c.text) for c in timeline]
        by_speaker: dict[str, list[EvidenceSentence]] = {}
        # salience rounded: float noise must not reorder equals; then article and sentence
        for e in sorted(ranked, key=lambda e: (e.number in core, -round(e.salience, 9), e.article, e.sentence)):
            by_speaker.setdefault(names[e.said_by.speaker][0], []).append(e)
        for said in by_speaker.values():   # a statement that reads on its own before one pointing back
            said.sort(key=lambda e: needs_context(statement_text(e.clean, e.said_by)))
        # people named in full before groups and institutions ("officials", "the Kremlin")
        speakers = sorted(by_speaker, key=lambda s: not _is_named_person(s))
        picked: dict[str, list[EvidenceSentence]] = {s: [] for s in speakers}
        seen: list[set[str]] = []
        count = 0
        for round_ in range(STATEMENTS_PER_SPEAKER):
            for speaker in speakers:
                for e in by_speaker[speaker]:
                    if count == STATEMENTS_MAX or len(picked[speaker]) > round_:
                        break
                    words = content_words(e.text)
                    text = _statement(evidence, e)[0]
                    if e in picked[speaker] or any(overlap(words, s) >= REPEAT_OVERLAP for s in seen) \
                            or _words(text) in shown or _retold(text, events):
                        continue
                    picked[speaker].append(e)
                    seen.append(words)
                    count += 1
        return [DraftClaim(*_statement(evidence, e), kind="statement", speaker=speaker,
                           role=names[e.said_by.speaker][1]) for speaker in speakers for e in picked[speaker]]

    @staticmethod
    def _differences(evidence: Evidence) -> list[DraftClaim]:
        """Pairs about one point whose counts or polarity disagree, most important first, the later
        report marked (briefing.memo.differences)."""
        claims: list[DraftClaim] = []
        for group, (*sides, found) in enumerate(find_differences(evidence, DIFFERENCES_MAX), 1):
            for side in sides:   # each side shows the part stating the disputed figure
                claims.append(DraftClaim(focus(side.evidence.clean, found.kind), [side.evidence.number],
                                         kind="difference", group=group, published=side.published,
                                         later=side.later or None))
        return claims


def _event_first(evidence: Evidence, summary: list[EvidenceSentence],
                 headline: Optional[DraftClaim]) -> list[EvidenceSentence]:
    """The summary with the sentence stating the headline's event first: the bottom line opens on
    the event the headline names. That is the sentence the headline cites, else the summary's
    sentence holding most of the headline's words (at least LEAD_SHARED of them). A sentence the
    summary did not choose is not added: it would push a chosen one out of the opening."""
    if headline is None or not headline.refs:
        return summary
    words = content_words(headline.text)
    lead = next((e for e in summary if e.number in headline.refs), None)
    if lead is None and words:
        held = [(len(words & content_words(e.clean)) / len(words), -i) for i, e in enumerate(summary)]
        best = max(range(len(summary)), key=lambda i: held[i], default=None)
        if best is not None and held[best][0] >= LEAD_SHARED:
            lead = summary[best]
    if lead is None:
        return summary
    return [lead] + [e for e in summary if e is not lead]


def _headline_centrality(text: str, spread: dict[str, float]) -> float:
    """How much a headline is about what the story's articles share (`central.centrality`), its
    subject counted once more: "Pinochet was arrested" is about the story, "The wife of Pinochet
    appealed" about his wife."""
    return centrality(text, spread) + spread_of(subject_head(text), spread)


def _opening(summary: list[EvidenceSentence]) -> set[int]:
    """Evidence numbers of the summary's opening sentences: those within its first
    OPENING_WORDS words (at least one)."""
    out: set[int] = set()
    words = 0
    for e in summary:
        words += len(e.clean.split())
        if out and words > OPENING_WORDS:
            break
        out.add(e.number)
    return out


def _reports_event(e: EvidenceSentence) -> bool:
    return e.date is not None and not e.date.future and e.date.precision in ("day", "day-no-year", "week", "month")


def _with_continuation(evidence: Evidence, e: EvidenceSentence) -> tuple[str, list[int]]:
    """The sentence's text and evidence number, with the next sentence of its article added when
    that one only completes it ("... was not directed against third countries. Nor does it ...")."""
    follow = evidence.get(e.number + 1)
    if (follow is not None and follow.article == e.article and follow.usable
            and _CONTINUES.match(follow.clean) and len(follow.clean.split()) <= CONTINUATION_WORDS):
        return f"{e.clean} {follow.clean}", [e.number, follow.number]
    return e.clean, [e.number]


def _with_speaker(evidence: Evidence, e: EvidenceSentence, text: str, refs: list[int]) -> tuple[str, list[int]]:
    """A bare quotation ("We cannot ask those families to wait ...") with its speaker before it, as
    the article names them (`Mayor Tom Hale: "We cannot ..."`), citing the sentence that names them
    too: a reader of a key point does not see the sentence before it. Unchanged when the sentence
    names its speaker itself or no sentence just before it does."""
    said = e.said_by
    if said is None or not said.quote or not _QUOTE_OPEN.match(e.clean) or _names(e.clean, said.speaker):
        return text, refs
    for back in range(1, SPEAKER_LOOKBACK + 1):
        named = evidence.get(e.number - back)
        if named is None or named.article != e.article or named.sentence != e.sentence - back:
            break
        if _names(named.clean, said.speaker):
            titled = f"{said.role} {said.speaker}" if said.role else ""
            name = titled if titled and titled in named.clean else said.speaker if said.speaker in named.clean \
                else _named_as(named.clean, said.speaker)
            if refs == [e.number] and _QUOTE_OPEN.match(quoted := statement_text(e.clean, said)):
                text = quoted   # '“...,” he said.' -> '“....”': the frame's pronoun is the name now shown
            claim = f"{name}: {text}"
            if check(claim, [evidence.get(n).text for n in refs] + [named.text]).supported:
                return claim, refs + [named.number]
            break
    return text, refs


def _named_as(text: str, speaker: str) -> str:
    """How `text` names `speaker` when not in full: the capitalised run ending in their surname
    ("Ayatollah Raisi" for Ebrahim Raisi), else the surname."""
    last = speaker.split()[-1]
    runs = [" ".join(x for x in split_run(m.group(0))[::-1] if x) for m in NAME_RUN.finditer(text)
            if m.group(0).split()[-1].rstrip(".,") == last]   # the title kept, a leading "But" left out
    return max(runs, key=len) if runs else last


def _names(text: str, speaker: str) -> bool:
    """Whether `text` names `speaker` (in full, or by the last word of the name)."""
    return speaker in text or bool(re.search(rf"\b{re.escape(speaker.split()[-1])}\b", text))


def _statement(evidence: Evidence, e: EvidenceSentence) -> tuple[str, list[int]]:
    """What the speaker said in `e`, with the sentence that only completes it ("Nor does it ...");
    the whole sentence when the verifier would not take the shorter form as a statement of what it
    cites (a fragment such as "The players are prepared to do."); after the speaker's sentence just
    before it when it points back at that one (`_with_antecedent`)."""
    text, refs = _with_continuation(evidence, e)
    said = statement_text(e.clean, e.said_by)
    if said != e.clean:
        said = f"{said} {evidence.get(refs[1]).clean}" if len(refs) > 1 else said
        if check(said, [evidence.get(n).text for n in refs]).supported:
            return _with_antecedent(evidence, e, said, refs)
    return _with_antecedent(evidence, e, text, refs)


def _with_antecedent(evidence: Evidence, e: EvidenceSentence, text: str, refs: list[int]) -> tuple[str, list[int]]:
    """A statement pointing back ("We believe that they are absolutely illegitimate") after the
    speaker's own short sentence just before it, which says what "they" are ("We don't recognize
    extraterritorial sanctions."); unchanged when there is none, or it points back too."""
    before = evidence.get(e.number - 1)
    if not needs_context(text) or before is None or before.article != e.article \
            or before.sentence != e.sentence - 1 or before.said_by is None or e.said_by is None \
            or before.said_by.speaker != e.said_by.speaker:
        return text, refs
    lead = statement_text(before.clean, before.said_by)
    if len(lead.split()) > ANTECEDENT_WORDS or needs_context(lead) or lead[-1:] not in ".!" \
            or lead.count("“") != lead.count("”") or lead.count('"') % 2:
        return text, refs
    joined = f"{lead} {text}"
    if not check(joined, [evidence.get(n).text for n in [before.number, *refs]]).supported:
        return text, refs
    return joined, [before.number, *refs]


def _retold(text: str, events: list[frozenset[str]]) -> bool:
    """Whether a timeline entry already tells the statement: nearly all its words are the entry's
    ("The treaty would be signed following the talks on January 17." beside 17 January's "The
    treaty would be signed following the talks")."""
    words = content_words(text)
    return bool(words) and any(len(words & ev) >= RETOLD_SHARE * len(words) for ev in events)


def _words(text: str) -> str:
    """The text's words, lower case: two texts equal so read the same to a reader."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("’", "'")))


def _is_named_person(speaker: str) -> bool:
    words = speaker.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words)


def _date_key(e: EvidenceSentence) -> str | None:
    d = e.date
    if d is None or d.year is None:
        return None
    parts = [f"{d.year:04d}"]
    if d.month:
        parts.append(f"{d.month:02d}")
        if d.day:
            parts.append(f"{d.day:02d}")
    return "-".join(parts)
