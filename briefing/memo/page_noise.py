"""What a news page puts into a sentence that is not the story: datelines, labels, captions.

`strip_prefix(sentence)` removes what opens a sentence without being part of it, repeatedly:

- datelines of any form: `TOKYO -`, `TOKYO/SEOUL (Reuters) -`, `MOSCOW, January 15. /TASS/.`,
  `NEW YORK—The`, `LAHORE: An`, `PRETORIA/KHARTOUM, Sudanese ...`, `BRUSSELS, Belgium (AP) The`,
  with `-`, `–`, `—`, `--`, a colon, or an agency tag;
- kickers and time stamps: `UPDATE —`, `INTERVIEW-`, `BREAKING:`, `4:57 p.m. ET:`;
- video, gallery and share labels: `CLOSE`, `Skip Ad`, `Autoplay`, `Replay`, `Share this`,
  `1 of 62`, `×`.

`is_page_furniture(sentence)` is true for a sentence that is a photo caption (`Photos: ...`,
`Hide Caption 5 of 76`, `FILE - In this June 14, 2012 file photo`, `(AP Photo/...)`,
`... is seen on a shopping cart in Caracas, Venezuela May 15, 2018.`, `Campaign mailer sent by
candidate Ed Charamut.`), a gallery or video widget
(`Full Screen Autoplay Close Skip Ad`) or a byline (`By Jane Doe`): such a sentence is never a
claim. A memo's claim text is the sentence without its prefix; its citation quotes the sentence
as stored.

`is_dated_furniture(sentence)` is true for a page's publishing note (`First published April 25, 8:32
p.m. PT`, `Update, 8:46 p.m.: Adds comment`, `(Published Wednesday, July 26, 2017)`, `The article was
first published on August 5, 2015.`) or a picture's date line (`Dec. 17, 2016 President-elect Donald
Trump waves ...`, `A handout photo ... shows ...`): it dates the page or the picture, never an event,
so no timeline entry.
"""
from __future__ import annotations

import re

_AGENCIES = r"AP|AFP|Reuters|REUTERS|UPI|Xinhua|IRNA|dpa|ANSA|EFE|Bloomberg|CNN|TASS|Tass|PTI|IANS|ANI|Yonhap|Kyodo"
_PLACE = r"[A-Z][A-Z.'\-]*(?:[ /][A-Z][A-Z.'\-]*)*"          # TOKYO, NEW YORK, TOKYO/SEOUL, ST. LOUIS
_REGION = r"(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,3})?"        # , Belgium / , N.J. / , Iowa
_DASH = r"(?:[—–]|--?)"
# MOSCOW, January 15. /TASS/.
_WIRE_TAG = re.compile(rf"^{_PLACE},\s+[A-Z][a-z]+\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?\.?\s*/\s*[A-Za-z\-]{{2,20}}\s*/\.?\s*")
# TOKYO/SEOUL (Reuters) -   BRUSSELS, Belgium (AP) The   (Reuters) -
_AGENCY = re.compile(rf"^(?:{_PLACE}{_REGION}\s*)?\(\s*(?:{_AGENCIES})\s*\)\s*(?:{_DASH}|:)?\s*(?=[A-Z\"“‘'0-9])")
# PHILADELPHIA (CBS) —: any outlet's tag between a place and a dash
_OUTLET = re.compile(rf"^{_PLACE}{_REGION}\s*\(\s*[A-Z][\w.&'\-]{{1,20}}(?:\s[A-Z][\w.&'\-]+){{0,3}}\s*\)\s*(?:[—–]|--?)\s*(?=[A-Z\"“‘'0-9])")
# TOKYO -   NEW YORK—The   LAHORE: An   WASHINGTON, D.C. --
_PLAIN = re.compile(rf"^({_PLACE}){_REGION}(?:\s*[—–]\s*|\s+--?\s*|--?\s+|:\s+)(?=[A-Z\"“‘'0-9])")
# PRETORIA/KHARTOUM, Sudanese President ...: a dateline of several places without a dash
_PLACES_COMMA = re.compile(r"^[A-Z][A-Z.'\-]+(?:/[A-Z][A-Z.'\-]+)+,\s+(?=[A-Z])")
_TIME_STAMP = re.compile(r"^\d{1,2}:\d{2}\s*[ap]\.?m\.?(?:\s+[A-Z]{2,4})?\s*(?::|[—–-])\s*")
_LABELS = re.compile(
    r"^(?:CLOSE|Close(?=\s+(?:Skip|Autoplay|Replay|Full))|Skip\s+Ad|Autoplay|Replay|Full\s+Screen|Share\s+this(?:\s+story)?|"
    r"View\s+(?:Photos|Gallery)|Hide\s+Caption|Show\s+Caption|Advertisement|×|\d{1,3}\s+of\s+\d{1,3}(?=\s+[A-Z×]))"
    r"(?:\s*[:|])?\s+(?=\S)")
# all-capital words that open a page's text but are no place (kickers)
_KICKERS = frozenset("""UPDATE UPDATED BREAKING EXCLUSIVE INTERVIEW OPINION ANALYSIS WATCH LIVE NEW FILE VIDEO PHOTOS
EDITORIAL COMMENT CORRECTION REVIEW""".split())

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_CAPTION = re.compile(
    r"\b(?:Hide|Show)\s+Caption\b|\bPhotos?\s*:|\bImage\s*:|\bCredit\s*:|\bPhotograph\s*:|\bCaption\s*:"
    r"|\(\s*(?:AP|AFP|Reuters|Getty|EPA)?\s*Photos?\b|\bAP\s+Photo\b|\bGetty\s+Images\b|\bREUTERS/|/\s*AFP\b|\bfile\s+photo\b"
    r"|\bIn\s+(?:this|a|an)\s+(?:undated\s+|file\s+|handout\s+|recent\s+)*(?:photo|image|picture|video\s+still|still)\b"
    r"|\bFull\s+Screen\b|\bAutoplay\b|\bSkip\s+Ad\b|\bView\s+Photos\b|\bImage\s+\d+\s+of\b"
    r"|\bJUST\s+WATCHED\b|\bMore\s+Videos\b"
    r"|,\s+(?:left|right|center|centre|second\s+from\s+(?:left|right)|top|bottom),")
# "X is seen on ...", "Y is shown ...": a caption when it also gives the picture's date
_SEEN = re.compile(r"\b(?:is|are)\s+(?:seen|pictured|shown)\b(?!\s+(?:as|to|by)\b)")
_PICTURE_DATE = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}\b")
_CAPTION_DATE = re.compile(
    # an AP caption's date and place: "..., Monday, June 17, 2013, in Newark, N.J."
    rf"\b{_WEEKDAY},\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}}(?:,\s+in\s+[A-Z]|\.?$)"
    # a Reuters caption's place and date at the end: "... in Caracas, Venezuela May 15, 2018."
    rf"|\b[A-Z][a-z]+\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}}\.?$")
# a substring that every match of the patterns above holds: most sentences hold none, and these
# tests cost far less than the regular expressions
_HINTS = ("Caption", "Photo", "photo", "Image", "Credit", "Getty", "REUTERS", "AFP", "Full Screen", "Autoplay",
          "Skip Ad", "View Photos", "JUST WATCHED", "More Videos", "picture", "still", ", left", ", right", ", cent", ", second", ", top", ", bottom")
_SEEN_HINTS = (" seen", " pictured", " shown")
_FILE_PHOTO = re.compile(rf"^FILE\s*{_DASH}")
_BYLINE = re.compile(rf"^(?:By|BY|Posted\s+by|Written\s+by)\s+(?!{_MONTH}\b|{_WEEKDAY}\b)[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){{0,3}}"
                     r"(?:\s+(?:and|&)\s+[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3})?\s*(?:[,|]|$)")

# a page's time stamps and publishing notes: "First published April 25, 8:32 p.m. PT", "Update, 8:46
# p.m.: Adds comment from ...", "(Published Wednesday, July 26, 2017)", "The article was first
# published on August 5, 2015.", "A post shared by X (@x) on Sep 1, 2017 at 1:24pm PDT", "MUST WATCH ... 02:56"
_STAMP = re.compile(
    r"^[(/—–\-\s]*(?:(?:First|Originally|Last)\s+)?(?:Published|Posted|Updated|Update|Modified|Last\s+modified)\b"
    r"(?=[\s,:—–-]+(?:on\b|at\b|by\b|\d|" + _MONTH + r"|" + _WEEKDAY + r"|[A-Z][a-z]+\s+\d))"
    r"|^[(—–\-\s]*(?:This|The)\s+(?:article|story|editorial|post|piece|column)\s+(?:was\s+)?"
    r"(?:(?:first|originally|last)\s+)?(?:published|posted|updated|appeared)\b"
    r"|^A\s+post\s+shared\s+by\b|^MUST\s+WATCH\b|^\d{1,2}:\d\d\s*$", re.I)


# a picture's date line: "Dec. 17, 2016 President-elect Donald Trump waves as ...", "A handout photo ...
# shows ... in Beijing, May 2, 2012.", "News anchor Megyn Kelly speaks on Oct. 13, 2015, in Washington."
_PICTURE_LINE = re.compile(
    rf"^{_MONTH}\s+\d{{1,2}},\s+\d{{4}}\s+(?=[A-Z])"
    r"|\b(?:photo|picture|image|still)\s+(?:[\w.'’-]+\s+){0,8}?shows\b"
    rf"|^[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){{0,5}}?\s+[a-z]+s\s+on\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}},\s+in\s+[A-Z][\w.]*(?:,?\s+[A-Z][\w.]*)*\.?$")


def is_dated_furniture(sentence: str) -> bool:
    """A page's publishing note or time stamp ("First published April 25, 8:32 p.m. PT", "Updated at
    10:30 p.m.") or a picture's date line ("Dec. 17, 2016 President-elect Donald Trump waves ..."): it
    dates the page or the picture, never an event of the story."""
    s = " ".join(sentence.split())
    return len(s.split()) <= 16 and _STAMP.match(s) is not None or _PICTURE_LINE.search(s) is not None


# "Campaign mailer sent by GOP state Senate candidate Ed Charamut.": what a picture shows and who
# made it, with no verb of its own (a caption cut from its picture)
_MADE_BY = re.compile(
    r"^[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,6}?\s+(?:sent|taken|shot|released|provided|distributed|posted|drawn|"
    r"obtained|shared|supplied|handed|created|produced|designed|painted|filmed|published)(?:\s+(?:out|up))?"
    r"\s+by\s+(?P<agent>[^,;:\"“”]{2,80}?)\.?$")
_FINITE = re.compile(r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|should|"
                     r"said|says|did|does|do)\b", re.I)


def _made_by_caption(s: str) -> bool:
    m = _MADE_BY.match(s)
    if not m or len(s.split()) > 16 or _FINITE.search(s):
        return False
    agent = m.group("agent").split()
    # "by Musk makes cars", "by police arrested ...": the agent is followed by a verb of its own
    return not any(w[:1].islower() and (w.endswith("ed") or (w.endswith("s") and not w.endswith("ss")
                                                             and agent[i - 1][:1].isupper()))
                   for i, w in enumerate(agent) if i)


def _place_ok(place: str) -> bool:
    words = place.replace("/", " ").split()
    return bool(words) and words[0].rstrip(".") not in _KICKERS and len(place.strip(" .")) >= 2


def strip_prefix(sentence: str) -> str:
    """The sentence without a leading dateline, kicker, time stamp or page label (module docstring)."""
    text = sentence.lstrip()
    for _ in range(6):
        before = text
        for rx in (_WIRE_TAG, _AGENCY, _OUTLET, _PLACES_COMMA, _TIME_STAMP, _LABELS):
            m = rx.match(text)
            if m:
                text = text[m.end():].lstrip()
        m = _PLAIN.match(text)
        if m and (_place_ok(m.group(1)) or m.group(1).split()[0] in _KICKERS - {"FILE"}):
            text = text[m.end():].lstrip()
        if text == before:
            break
    return text if text.strip() else sentence


def is_page_furniture(sentence: str) -> bool:
    """A photo caption, a gallery or video widget, or a byline (module docstring)."""
    s = " ".join(sentence.split())
    if s[:1] in "BFPWb" and (_FILE_PHOTO.match(s) or _BYLINE.match(s)):
        return True
    if any(h in s for h in _HINTS) and _CAPTION.search(s):
        return True
    if any(h in s for h in _SEEN_HINTS) and _SEEN.search(s) and _PICTURE_DATE.search(s):
        return True
    if " by " in s and _made_by_caption(s):
        return True
    return (", 1" in s or ", 2" in s) and _CAPTION_DATE.search(s) is not None
