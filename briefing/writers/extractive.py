"""The extractive writer: no model; every claim is a source sentence, so it says what it cites.

- headline: the most central cited article's title, else a short top-ranked sentence;
- bottom line and key points: the salience selector's summary, most important first;
- timeline: dated sentences, most salient first, near-repeats dropped, then in date order;
- who said what: attributed sentences, at most two per speaker;
- where sources differ: sentences from different articles about the same point whose numbers
  or negation disagree, side by side.
"""
from __future__ import annotations

import re

from ..select import Evidence, EvidenceSentence, content_words, overlap
from .base import Draft, DraftClaim, DraftSection, Limits, Writer

BOTTOM_LINE_MAX = 2
BOTTOM_LINE_WORDS = 70
HEADLINE_MAX_WORDS = 35
HEADLINE_EVENT_BOOST = 1.5  # a headline says what happened: a sentence dating a past event is preferred
LEDE_SENTENCES = 3        # the headline comes from an article's first sentences, written to be one
TIMELINE_MAX = 10
STATEMENTS_MAX = 14
STATEMENTS_PER_SPEAKER = 2
DIFFERENCES_MAX = 4
DIFFERENCE_POOL = 150      # only the most salient sentences are compared pairwise
SAME_POINT_OVERLAP = 0.35  # content-word Jaccard at which two sentences are about the same point
CONTINUATION_WORDS = 15    # such a sentence is short
REPEAT_OVERLAP = 0.5       # ... and at which one repeats the other

_CONTINUES = re.compile(r"(?:Nor|Neither|And)\b")  # a sentence that only completes the one before it
_NUMBER = re.compile(r"\b\d[\d,]*(?:\.\d+)?\b")
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|denied|denies|deny|n't)\b|n't\b", re.I)


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


class ExtractiveWriter(Writer):
    name = "extractive"

    def __init__(self, bottom_line: int = Limits.bottom_line, key_points: int = Limits.key_points) -> None:
        self.limits = Limits.of(bottom_line, key_points)

    def write(self, evidence: Evidence) -> Draft:
        summary = [evidence.get(n) for n in evidence.summary]
        summary = [e for e in summary if e is not None]
        return Draft(
            headline=self._headline(evidence, summary),
            summary=self._summary(evidence, summary, self.limits),
            sections=[
                DraftSection("timeline", "Timeline", self._timeline(evidence)),
                DraftSection("statements", "Who said what", self._statements(evidence)),
                DraftSection("differences", "Where sources differ", self._differences(evidence)),
            ],
        )

    # -- parts ---------------------------------------------------------------------------------
    def _headline(self, evidence: Evidence, summary: list[EvidenceSentence]) -> DraftClaim | None:
        """The title of the article whose lede is most salient, else that lede sentence itself."""
        ledes = [e for e in evidence.sentences if e.usable and e.sentence < LEDE_SENTENCES
                 and len(e.clean.split()) <= HEADLINE_MAX_WORDS]
        if not ledes:
            ledes = summary[:1]
        if not ledes:
            return None
        top = max(ledes, key=lambda e: (e.salience * (HEADLINE_EVENT_BOOST if _reports_event(e) else 1.0),
                                        -e.article, -e.sentence))
        title = evidence.articles[top.article].title
        if title:
            support = self._best_support(evidence, top.article, title)
            return DraftClaim(" ".join(title.split()), [support.number], kind="headline")
        return DraftClaim(top.clean, [top.number], kind="headline")

    @staticmethod
    def _best_support(evidence: Evidence, article: int, text: str) -> EvidenceSentence:
        words = content_words(text)
        own = [e for e in evidence.sentences if e.article == article]
        return max(own, key=lambda e: (len(words & content_words(e.text)), -e.sentence))

    @staticmethod
    def _summary(evidence: Evidence, summary: list[EvidenceSentence], limits: Limits = Limits()) -> list[DraftClaim]:
        """The selector's summary, most important first: the bottom line (at most BOTTOM_LINE_MAX
        sentences in BOTTOM_LINE_WORDS words by default, more when the `bottom_line` setting is
        raised), then key points; `briefing.fusion` fuses repeats and cuts the core to the limits."""
        claims: list[DraftClaim] = []
        words = 0
        bottom_max = BOTTOM_LINE_MAX if limits.bottom_line == Limits.bottom_line else limits.bottom_line
        bottom_words = BOTTOM_LINE_WORDS * bottom_max / BOTTOM_LINE_MAX
        for e in summary:
            text, refs = _with_continuation(evidence, e)
            n = len(text.split())
            bottom = len(claims) < bottom_max and all(c.kind == "bottom-line" for c in claims) and (
                not claims or words + n <= bottom_words)
            claims.append(DraftClaim(text, refs, kind="bottom-line" if bottom else "key-point"))
            words += n
        return claims

    @staticmethod
    def _timeline(evidence: Evidence) -> list[DraftClaim]:
        picked: list[EvidenceSentence] = []
        seen: list[set[str]] = []
        for e in evidence.ranked():
            if e.date is None:
                continue
            words = content_words(e.text)
            if any(overlap(words, s) >= REPEAT_OVERLAP for s in seen):
                continue
            picked.append(e)
            seen.append(words)
            if len(picked) == TIMELINE_MAX:
                break
        picked.sort(key=lambda e: (e.date.sort_key(), evidence.articles[e.article].published or "",
                                   e.article, e.sentence))
        return [DraftClaim(*_with_continuation(evidence, e), kind="event", date=e.date.label(),
                           date_key=_date_key(e)) for e in picked]

    @staticmethod
    def _statements(evidence: Evidence) -> list[DraftClaim]:
        """Each speaker's most salient statement first (speakers in order of it), then a second
        one each while room is left; speakers listed together."""
        by_speaker: dict[str, list[EvidenceSentence]] = {}
        for e in evidence.ranked():
            if e.said_by is not None:
                by_speaker.setdefault(e.said_by.speaker, []).append(e)
        # people named in full before groups and institutions ("officials", "the Kremlin")
        speakers = sorted(by_speaker, key=lambda s: not _is_named_person(s))[:STATEMENTS_MAX]
        picked: dict[str, list[EvidenceSentence]] = {s: [] for s in speakers}
        seen: list[set[str]] = []
        count = 0
        for round_ in range(STATEMENTS_PER_SPEAKER):
            for speaker in speakers:
                for e in by_speaker[speaker]:
                    if count == STATEMENTS_MAX or len(picked[speaker]) > round_:
                        break
                    words = content_words(e.text)
                    if e in picked[speaker] or any(overlap(words, s) >= REPEAT_OVERLAP for s in seen):
                        continue
                    picked[speaker].append(e)
                    seen.append(words)
                    count += 1
        return [DraftClaim(*_with_continuation(evidence, e), kind="statement", speaker=speaker,
                           role=e.said_by.role) for speaker in speakers for e in picked[speaker]]

    @staticmethod
    def _differences(evidence: Evidence) -> list[DraftClaim]:
        pool = evidence.ranked()[:DIFFERENCE_POOL]
        words = [content_words(e.text) for e in pool]
        numbers = [_numbers(e.clean) for e in pool]
        negated = [bool(_NEGATION.search(e.clean)) for e in pool]
        outlets = [evidence.articles[e.article].outlet for e in pool]
        claims: list[DraftClaim] = []
        used: set[int] = set()
        for i, a in enumerate(pool):
            for j in range(i + 1, len(pool)):
                b = pool[j]
                if a.article == b.article or i in used or j in used:
                    continue
                oa, ob = outlets[i], outlets[j]
                if oa and ob and oa == ob:
                    continue
                # the cheap tests first: most of the ~10,000 pairs differ neither in numbers nor in
                # negation, or share few words (then `overlap` need not be computed)
                numbers_differ = bool(numbers[i]) and bool(numbers[j]) and numbers[i] != numbers[j]
                if not (numbers_differ or negated[i] != negated[j]):
                    continue
                if len(words[i] & words[j]) < 4 or overlap(words[i], words[j]) < SAME_POINT_OVERLAP:
                    continue
                group = len(claims) // 2 + 1
                claims.append(DraftClaim(a.clean, [a.number], kind="difference", group=group))
                claims.append(DraftClaim(b.clean, [b.number], kind="difference", group=group))
                used.update((i, j))
                if len(claims) >= 2 * DIFFERENCES_MAX:
                    return claims
        return claims


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
