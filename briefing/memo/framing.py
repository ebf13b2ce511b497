"""Words about the reporting rather than the news: sentences that only describe an interview or a
statement, and connectives that tie a sentence to the one before it.

`describes_reporting(sentence)` is true for a sentence whose whole content is that something was
said, not what: a reader of a briefing learns nothing from it. Three forms, each by fixed rules:

- a reference back to words already quoted: "X made the remarks in an interview for Y", "... made
  the warning ...", "issued the statement" (not "made the claim that ...", which says what);
- an interview or article described, not reported: "In the interview, the expert shed light on the
  details of ...", "He spoke in an interview with Monte Carlo Radio" (a vague verb such as spoke,
  talked, discussed, shed light on, elaborated, next to "interview", "article", "op-ed" ...);
- an attribution with nothing attributed: "Lavrov told TASS.", "The ministry said in a statement.",
  "Chris Christie, one of Trump's rivals, said in an interview Tuesday night on Fox News."; the
  words after the verb only name where and when (outlets, media, days), the subject has no verb.

A sentence with a quotation, a colon or a "that" clause after its verb says something and is kept.

`strip_connective(text)` drops a discourse connective that opens a sentence ("However,", "But",
"Meanwhile,", "In addition,", "Also,"): lifted out of its article, the sentence has nothing before
it to contrast with or add to. "And", "Nor" and "Neither" stay: they mark a sentence that only
completes the one before it (`briefing.writers.extractive`). The claim text changes; its citation
still quotes the sentence as stored.
"""
from __future__ import annotations

import re

# connectives that open a sentence; the comma after them is required for those that also open
# other phrases ("Still unknown is ...", "Also killed was ...", "Yet another ...", "Instead of ...")
_CONNECTIVE = re.compile(
    r"^(?:(?:However|Meanwhile|Moreover|Furthermore|Nevertheless|Nonetheless|Additionally|Consequently|"
    r"Separately|In addition|At the same time|On the other hand|In fact|Of course|That said|Even so|"
    r"As a result|In turn|Likewise|Similarly|Besides|Indeed|Therefore|Hence|Thus|Also|Still|Yet|Instead|"
    r"Then again|And yet),"
    r"|(?:But|And yet|Meanwhile|Moreover|Furthermore|Nevertheless|Nonetheless|However)(?=\s+[A-Za-z\"“‘'0-9]))"
    r"\s+(?=\S)")
_MIN_LEFT = 4   # words that must remain: less is not a claim

# "made the remarks", "issued the statement", "made the warning": a reference to words quoted before
_BACK_REFERENCE = re.compile(
    r"\b(?:made|makes|making|delivered|gave|issued|offered|voiced)\s+(?:the|these|those|such|his|her|their|its)\s+"
    r"(?:same\s+)?(?:remarks?|comments?|statements?|warnings?|claims?|announcement|observations?|assertions?|"
    r"comparison|prediction|admission|accusations?|allegations?|point)\b(?!\s+(?:that|of)\b)"
    # "made the announcement to hand over power": what was announced follows
    r"(?!\s+to\s+(?!(?:the|a|an|his|her|their|reporters|journalists|lawmakers|students|supporters|delegates)\b)[a-z]+\b)")
_FRAME = re.compile(r"\b(?:interview|article|op-ed|column|podcast|editorial|essay|blog post|opinion piece)\b", re.I)
_VAGUE = re.compile(
    r"\b(?:shed(?:s|ding)?\s+(?:some\s+|more\s+|new\s+)?light\s+on|spoke|speaks|talked|"
    r"elaborated|elaborates|touched\s+(?:up)?on|commented\s+on|reflected\s+on|weighed\s+in|discuss(?:ed|es)|"
    r"explain(?:ed|s)\s+(?:the|his|her|their)\s+(?:details|implications|views|position|reasons)|"
    r"answer(?:ed|s)\s+questions|gave\s+(?:his|her|their)\s+(?:views|assessment|take))\b")
# a verb that says what was said: "In an interview, he discussed the deal and warned ..." reports
_SAYS = re.compile(r"\b(?:said|says|told|tells|warned|added|argued|insisted|stressed|noted|announced|urged|accused|"
                   r"denied|admitted|confirmed|revealed|predicted|promised|vowed|pledged|rejected|critici[sz]ed|"
                   r"praised|defended|called|demanded|threatened|ruled|agreed|refused)\b")
# what a sentence says beyond its frame: a quotation, a colon, or what was said after "that" (not a
# relative "that": "an Arabic station that is widely listened to")
_CONTENT = re.compile(
    r"[\"“”:]|''|``|\b(?:said|says|say|told|tells|warned|argued|noted|stressed|added|explained|insisted|believes?|"
    r"thinks?|claimed|suggested|admitted|acknowledged|wrote|spoke|talked|discussed|elaborated|reiterated|"
    r"emphasi[sz]ed|underlined|announced|revealed|confirmed|hoped|feared|light\s+on)(?:\s+[^\s,;]+){0,3}?\s+that\b")
_QUOTE = re.compile(r"[\"“”]|''|``")
# the reference is inside another clause: "After Netanyahu made the announcement, ...", "Hodler, who
# made the allegations, said ...", "Furchgott said he and Ignarro made the announcement in 1986"
_CLAUSE_BEFORE = re.compile(r"\b(?:after|when|before|since|as|while|because|if|although|though|who|which|that|"
                            r"said|says|say|told|tells)\b", re.I)
_RELATIVE = re.compile(r"\b(?:where|which|who|whom|when)\b")   # "..., where the creator discussed ...": not the main clause
_ATTRIBUTION = re.compile(
    r"^(?P<subject>[^\"“”:;]{2,200}?)\s+(?:has\s+|had\s+|have\s+)?(?:said|says|told|tells|spoke|wrote|commented|"
    r"tweeted|added|(?:was|were)\s+speaking)\b(?P<tail>[^\"“”:;]*?)[.!]?$")
# words that may follow the verb of an attribution with nothing attributed: where, when, to whom
_TAIL_WORDS = frozenset("""in on at to with for during via through by from after before a an the his her its their
this last next earlier later late early night morning afternoon evening week weekend month year day today
yesterday tonight interview interviews statement statements conference news press briefing release television tv
radio broadcast aired published posted program programme show edition newspaper magazine daily weekly network
reporters journalists message post tweet video email letter phone telephone call speech address emailed written
online website blog channel station social media podcast article op-ed column state-run state official
exclusive joint recent brief separate televised taped recorded""".split())
# a verb in the subject means it holds a clause of its own ("Prices rose, the ministry said")
_SUBJECT_VERBS = frozenset("""is are was were be been being am will would shall should can could may might must has
have had do does did rose fell said told made took gave won lost began came went saw left hit put sent""".split())
_WORD = re.compile(r"[A-Za-z0-9][\w'’.-]*")


def strip_connective(text: str) -> str:
    """`text` without a discourse connective opening it (module docstring), first letter raised."""
    m = _CONNECTIVE.match(text)
    if not m:
        return text
    rest = text[m.end():]
    if len(rest.split()) < _MIN_LEFT:
        return text
    return rest[:1].upper() + rest[1:]


def _bare_attribution(text: str) -> bool:
    m = _ATTRIBUTION.match(text)
    if not m:
        return False
    for word in _WORD.findall(m.group("tail")):
        if word[:1].islower() and word.lower() not in _TAIL_WORDS:
            return False   # "said in an interview at the Supreme Court building": more than where and when
    subject = m.group("subject")
    if "," in subject and subject[subject.rindex(",") + 1:].strip():
        return False   # "We need an agenda first of all, he said": what was said comes first
    words = [w.lower() for w in _WORD.findall(subject)]
    if not words or len(words) > 30 or any(w in _SUBJECT_VERBS for w in words):
        return False
    return not any(w.endswith("ed") and len(w) > 4 and w[:1].islower() for w in _WORD.findall(subject)[1:])


def describes_reporting(sentence: str) -> bool:
    """Whether the sentence only says that something was said (module docstring)."""
    text = " ".join(sentence.split())
    back = _BACK_REFERENCE.search(text)
    if back and not _QUOTE.search(text) and not _CLAUSE_BEFORE.search(text[:back.start()]):
        return True
    if _CONTENT.search(text):
        return False
    vague = _VAGUE.search(text)
    if vague and _FRAME.search(text) and not _SAYS.search(text) and not _RELATIVE.search(text[:vague.start()]):
        return True
    return _bare_attribution(text)
