"""Shorter claim text that says the same thing: what a memo shows of a source sentence.

A claim's citation always quotes the full stored sentence; the claim itself may leave out what
adds no meaning to it, so a word budget holds more of the story. Only these, each by a fixed rule:

- spacing: no space before `,` `.` `:` `;` `)` or after `(`, TeX quotes (``, '') as plain quotes;
- a leading wire dateline that ends with an agency tag and no dash (`BRUSSELS, Belgium (AP) The`);
- parentheticals that repeat what precedes them: an acronym of the words before it (`National
  Weather Service (NWS)`), a handle after a name (`(@handle)`), a unit conversion
  (`95 miles (152 kilometers)`), an age after a name (`Wiola Smul (23)`);
- appositive ages (`Pinochet, 82, was` -> `Pinochet was`; `Qin, 45, a writer` -> `Qin, a writer`);
- the weekday of an attribution (`officials said Tuesday.` -> `officials said.`): who said it stays;
- a connective set off by commas inside the sentence (`Iran, however, has` -> `Iran has`): it ties
  the sentence to one the memo does not show (a leading one: `briefing.memo.framing`).

Negations, numbers other than ages and conversions, names and quotes are never touched, and a
sentence whose parentheses do not balance keeps them.
"""
from __future__ import annotations

import re

_AGENCIES = r"AP|AFP|Reuters|UPI|Xinhua|IRNA|dpa|ANSA|EFE|Bloomberg|CNN"
_AGENCY_DATELINE = re.compile(
    rf"^[A-Z][A-Z .'\-]{{1,40}}?(?:,\s*[A-Z][\w .]{{1,30}}?)?\s*\(\s*(?:{_AGENCIES})\s*\)\s*(?:[—–_-]{{1,2}}\s*)?(?=[A-Z\"“])")
_LEADING_AGENCY = re.compile(rf"^\(\s*(?:{_AGENCIES})\s*\)\s*[—–-]{{0,2}}\s*(?=[A-Z\"“])")
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|nobody|nothing|without|deny|denied|denies)\b|n't\b",
                       re.IGNORECASE)
_UNITS = (r"(?:(?:square |cubic )?(?:miles?|kilometers?|kilometres?|km|meters?|metres?|m|feet|foot|ft|yards?|inches?|"
          r"centimeters?|centimetres?|cm|millimeters?|mm)|mph|kph|km/h|knots?|acres?|hectares?|pounds?|lbs?|"
          r"kilograms?|kg|grams?|g|ounces?|oz|tons?|tonnes?|gallons?|liters?|litres?|degrees?(?: [CF])?|[CF])")
_UNIT_BEFORE = re.compile(rf"\d[\d,.]*(?:\s|-)?{_UNITS}\.?$", re.IGNORECASE)
_UNIT_INSIDE = re.compile(rf"^(?:about |some |nearly |around |roughly |almost )?\d[\d,.]*(?:\s|-)?{_UNITS}\.?$",
                          re.IGNORECASE)
_AGE = re.compile(r"(?<=[A-Za-z]), (\d{1,3}),(?= (\S+))")
_NOT_NAMES = frozenset("""jan feb mar apr jun jul aug sep sept oct nov dec january february march april may june
july august september october november december monday tuesday wednesday thursday friday saturday sunday
page chapter section article no number room route highway flight""".split())
_APPOSITION_NEXT = frozenset("a an the who whose of from and or".split())
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?: (?:morning|afternoon|evening|night))?"
_SAID_WEEKDAY = re.compile(
    rf"\b((?:said|says|told reporters|announced|reported|added|stated|warned|insisted|argued|declared))"
    rf"(?: on)? {_WEEKDAY}\b(?= *(?:[.,;:]|that\b|it\b|in a\b|$))")


# The rules below run on text whose only white space is single " " characters (`compress` joins
# its words first; str.split and the regex \s agree on what white space is), so each rule is
# skipped when a substring it cannot match without is absent: the same text, far fewer regex scans.
_INNER_CONNECTIVE = re.compile(
    r",\s(?:however|though|moreover|furthermore|meanwhile|nevertheless|nonetheless|in turn|in fact|of course|"
    r"indeed|therefore|thus|too|also),(?=\s)")
_DIGIT_COLON = re.compile(r"(?<=\d) : (?=\d)")
_CURRENCY_GLUED = re.compile(r"(?<=[a-z])([$£€])\s*(?=\d)")
_CURRENCY_SPACE = re.compile(r"([$£€]) (?=\d)")
_SPACE_BEFORE_END = re.compile(r"\s+([,.;:!?)\]])(?=\s|$)")
_SPACE_BEFORE_MID = re.compile(r"\s+([,;:)\]])(?=\S)")
_SPACE_AFTER_OPEN = re.compile(r"([(\[])\s+")
_GLUED_OPEN = re.compile(r"(?<=\w)([(\[])")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_COMMA_BEFORE_PUNCT = re.compile(r",([,.;:])")
_AGE_HINT = re.compile(r", \d{1,3},")  # what every _AGE match holds
_CURRENCY = re.compile(r"[$£€]")
_SPACE_PUNCT_END = re.compile(r" [,.;:!?)\]]")   # what _SPACE_BEFORE_END needs
_SPACE_PUNCT_MID = re.compile(r" [,;:)\]]")      # ... _SPACE_BEFORE_MID
_OPEN_SPACE = re.compile(r"[(\[] ")              # ... _SPACE_AFTER_OPEN
_OPEN = re.compile(r"[(\[]")                     # ... _GLUED_OPEN
_SPACE_PUNCT = re.compile(r" [,.;:!?]")          # ... _SPACE_BEFORE_PUNCT


def _spacing(text: str) -> str:
    """Spacing fixes (module docstring) of a text whose only white space is " " (see above)."""
    text = text.replace("``", '"').replace("''", '"')
    if " : " in text:
        text = _DIGIT_COLON.sub(":", text)                   # "3 : 36" -> "3:36"
    if _CURRENCY.search(text):
        text = _CURRENCY_GLUED.sub(r" \1", text)             # "the$ 4" -> "the $4"
        text = _CURRENCY_SPACE.sub(r"\1", text)              # "$ 4" -> "$4"
    if _SPACE_PUNCT_END.search(text):
        text = _SPACE_BEFORE_END.sub(r"\1", text)            # "word ," -> "word,"
    if _SPACE_PUNCT_MID.search(text):
        text = _SPACE_BEFORE_MID.sub(r"\1 ", text)           # "word :The" stays readable
    if _OPEN_SPACE.search(text):
        text = _SPACE_AFTER_OPEN.sub(r"\1", text)            # "( 60 miles)" -> "(60 miles)"
    if _OPEN.search(text):
        text = _GLUED_OPEN.sub(r" \1", text)                 # "miles(60" -> "miles (60"
    return text


def _is_acronym_of(inner: str, before: str) -> bool:
    """`inner` abbreviates the words just before it: "National Weather Service (NWS)"."""
    if not re.fullmatch(r"[A-Za-z]{2,8}", inner) or sum(c.isupper() for c in inner) < 2 or not inner[0].isupper():
        return False
    initials = "".join(w[0].lower() for w in re.findall(r"[A-Za-z][\w'-]*", before)[-8:])
    caps = "".join(c.lower() for c in inner if c.isupper())
    return caps in initials or inner.lower() in initials


def _drop_parenthetical(match: re.Match, text: str) -> str:
    inner = match.group(1).strip()
    if not inner or _NEGATION.search(inner) or '"' in inner or "“" in inner:
        return match.group(0)
    before = text[:match.start()].rstrip()
    if re.fullmatch(r"@\w+", inner):
        return ""  # a social media handle after the name it belongs to
    if _is_acronym_of(inner, before):
        return ""
    if _UNIT_INSIDE.match(inner) and _UNIT_BEFORE.search(before):
        return ""  # a unit conversion of the number just before it
    if re.fullmatch(r"\d{1,3}", inner) and re.search(r"[A-Z][a-z]+$", before):
        return ""  # an age after a name: "Wiola Smul (23)"
    return match.group(0)


def _drop_age(match: re.Match, text: str) -> str:
    before = text[:match.start()].split()
    word = before[-1].lower().rstrip(".") if before else ""
    if not word or word in _NOT_NAMES or not word.isalpha():
        return match.group(0)
    nxt = match.group(2)
    if nxt[:1].isupper() or nxt.lower() in _APPOSITION_NEXT:
        return ","  # another appositive follows: "Qin, 45, a writer" -> "Qin, a writer"
    return ""


def compress(text: str) -> str:
    """`text` (one sentence, dateline already removed) without what adds no meaning to it."""
    text = original = " ".join(text.split())
    if not text:
        return text
    text = _spacing(text)
    text = _AGENCY_DATELINE.sub("", text, count=1)
    if text.startswith("("):
        text = _LEADING_AGENCY.sub("", text, count=1)
    if "(" in text and text.count("(") == text.count(")"):
        text = _PAREN.sub(lambda m: _drop_parenthetical(m, text), text)
    if _AGE_HINT.search(text):
        text = _AGE.sub(lambda m: _drop_age(m, text), text)
    if "day" in text:
        text = _SAID_WEEKDAY.sub(r"\1", text)
    if ", " in text:
        text = _INNER_CONNECTIVE.sub("", text)
    if _SPACE_PUNCT.search(text):
        text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    if "," in text:
        text = _COMMA_BEFORE_PUNCT.sub(r"\1", text)
    return " ".join(text.split()) or original
