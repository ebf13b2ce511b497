"""Headline text: an article title made fit to show, or a lede sentence cut to its main clause.

A headline names the story's main event in at most HEADLINE_MAX_WORDS words and does not end in
a full stop. Both helpers here only remove words, never add or reorder them, so what they return
is said by the sentence (or title) it came from; the verifier still checks it.

`shorten(sentence)` keeps the main clause of a lede, by fixed rules, in this order:

1. a leading time or framing phrase before the first comma ("Two days ago,", "On January 17,",
   "According to Russian state TV,", "Speaking in Minsk,", "A week after talks failed,");
2. time phrases anywhere ("on Friday", "last week", "on Jan. 5"), parentheses, dashed asides,
   and comma-enclosed asides: those opening on a relative pronoun, an article, a participle or
   a number (", the foreign minister,", ", who ...,", ", 45,", ", citing ...,"), and those right
   after a name and before the verb ("James Carville, Clinton's former strategist, put forth");
3. only while still too long (or still the whole sentence word for word): a descriptor that a
   name follows ("a long-term deal known as the X" -> "the X"), a participle and its agent between
   the subject and its verb ("A mailer sent out by a candidate ... is being denounced" -> "A mailer
   is being denounced"), then what follows the first
   comma, dash or semicolon (", accusing them of ...", ", which will ...", ", officials said"),
   then everything after the last phrase boundary (before "in", "after", "with", "amid" ...)
   that fits the word limit.

What is left must read as a statement: at least MIN_WORDS words, a verb (an auxiliary, a past
form or a present-tense form after a name), not opening on a subordinating word, not ending on a
function word, and a reporting verb ("said", "argued") must be followed by what was said. When no
cut leaves that, `shorten` returns None and the caller tries another sentence.
"""
from __future__ import annotations

import re
from typing import Optional

from .page_noise import is_page_furniture, strip_prefix
from .salience import is_junk

HEADLINE_MAX_WORDS = 14   # a headline longer than this is a sentence, not a headline
COPY_WORDS = 10           # a headline longer than this must not be its source sentence word for word
COPY_SHARE = 2 / 3         # ... and a cut of it keeps at most this share of its words (at least COPY_WORDS)
MIN_WORDS = 4             # a shorter cut rarely says what happened
MIN_CUT_AT = 5            # a phrase-boundary cut keeps at least this many words (subject and verb)
LEAD_MAX_WORDS = 18       # a longer phrase before the first comma may be the subject itself
PURPOSE_CUT_WORDS = 10    # a cut before a purpose "to" after a plain noun keeps at least this many words:
                          # "The United States has obtained new evidence" has lost its point

_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = (r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
          r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_END = r"(?=[\s,.;:]|$)"
_TIME_PHRASES = re.compile(
    rf"(?<!since)(?<!until)(?<!from)(?<!by)(?<!before)(?<!after)(?<!till)(?<!of)"
    rf"\s+(?:(?:on|early|late|last|this|next)\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?{_END}"
    rf"|\s+on\s+{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?{_END}"
    rf"|\s+(?:earlier|later)\s+(?:this|last)\s+(?:week|month|year){_END}"
    rf"|\s+(?:last|this)\s+(?:week|month|year|weekend){_END}"
    rf"|\s+(?:yesterday|today|tonight){_END}")
# words that open a leading phrase a headline does without ("In Moscow, ...", "After talks, ...")
_LEAD_OPENERS = frozenset("""on in at after before during since following amid earlier later last this next
yesterday today tonight meanwhile however also now still according speaking as when while although though
despite with for until once by over under from within late early if unless because whether sometime""".split())
_LEAD_TIME = re.compile(r"^(?:\S+\s+){0,3}(?:after|before|ago|since|later|earlier)\b", re.I)  # "A week after ..."
# a headline does not open on these: what follows them is not the main clause
_SUBORDINATE = frozenset("""despite although though while when after before if unless because since as until once
whether according unlike like so in on at for with by from of to into over under about during amid and but yet or
indeed also however meanwhile instead still you your this that these those it its there here such""".split())
_ASIDE_OPENERS = frozenset("""who whom whose which where when the a an also including like such both now then
already once formerly known based itself himself herself themselves to as""".split())
_TAIL_CUTS = re.compile(r",\s|\s[—–]\s|\s--\s|;\s|:\s")
_BOUNDARY_WORDS = frozenset("""in on at after before for by with as while because when amid following during since
despite over from who which where near into against under within across between without that known called dubbed
including using aimed according due""".split())
# boundary words that open a clause modifying what precedes it: the safest places to cut
_MODIFIER_WORDS = frozenset("who which where that known called dubbed including using according".split())
# reporting verbs: "that" after them opens what was said, which a headline needs
_CLAUSE_VERBS = frozenset("""said say says told announced believe believes believed think thinks thought claimed
claims showed shows found find finds reported reports warned warns argued argues added insisted insists stated
suggested suggests noted confirmed denied hope hopes hoped fear fears feared knew know""".split())
# verbs whose object is what someone said: "X said the situation" has not said it yet
_REPORTING = frozenset("said says say told argued argues warned warns claimed claims insisted insists stated added".split())
_ANNOUNCING = frozenset("announced announces declared declares revealed reveals disclosed discloses".split())
# words after which "to" belongs to the verb phrase ("plans to send", "is about to agree")
_TAKES_TO = frozenset("""plan plans planned planning able unable going due set expected likely unlikely ready about
trying try tries want wants wanted decide decided agree agreed refuse refused vow vowed threaten threatened hope hopes
seek seeks sought fail failed continue continues need needs has have had is are was were be used order move bid
attempt effort efforts way right chance time first last only ordered asked allowed forced urged told""".split())
# words whose "to" opens their complement, not a purpose clause: "one step closer to finalizing a deal"
_TO_COMPLEMENT = frozenset("""closer close next nearer similar due prior ahead contrary compared related opposed
equal according thanks up back way return end threat access response reply solution answer key approach alternative
damage visit trip road path door opposition resistance commitment contribution tribute blow boost challenge obstacle
exception invitation appeal comparable equivalent""".split())
# verbs that leave their subject somewhere: "the Act went | into effect" has not said where
_GOES = frozenset("went go goes came come comes put puts got gets turned turns".split())
# nouns whose point is what they are to do: "praised agreements by the two parties to form a
# coalition government", "announced a plan ... to close the plant": a cut before that "to" keeps the
# praise and drops the event
_PURPOSE_NOUNS = frozenset("""agreement agreements deal deals pact pacts accord accords plan plans proposal proposals
bid bids effort efforts attempt attempts decision decisions offer offers request requests demand demands call calls
campaign campaigns move moves vote votes order orders agreed pledge pledges promise promises push drive talks
negotiations legislation bill bills law laws measure measures""".split())
PURPOSE_LOOKBACK = 10     # words before a purpose "to" searched for such a noun
# "in connection with", "in response to": the phrase needs what follows
_FIXED_IN = frozenset("connection response addition line relation reference contrast order place front charge".split())
_FUNCTION_END = frozenset("""a an the and or but of to in on at by for from with as is are was were be been being has
have had will would can could should may might must that which who whose whom its his her their our this these those
if than then so not said says since until after before about into over under between against during without almost
nearly just still also even very more most less only already""".split())
_AUXILIARIES = frozenset("""is are was were be been has have had will would can could should may might must
do does did won't can't isn't wasn't aren't weren't hasn't haven't hadn't didn't doesn't""".split())
# common irregular past forms (regular ones end in -ed)
_PAST = frozenset("""said met took made won lost led held began became came went gave got saw told left hit set put
shot fell rose struck found sent spent built paid ran sold brought thought fought caught kept sought chose drove flew
threw wrote broke spoke stole swore froze grew knew blew drew shook stood understood meant dealt felt fled fed read quit
cut let hurt cost split spread shut cast burst upset spun swung hung stuck dug sank rang sang swam withdrew undertook
overtook sat lay laid arose awoke slew bore beat hid forgave forbade overran rebuilt""".split())
_NUMBER_WORDS = frozenset("""two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
hundred hundreds thousand thousands dozen dozens million millions""".split())
_DETERMINERS = frozenset("a an the its his her their our this these those some many several two three four".split())
_KNOWN_AS = re.compile(r"\b(?:a|an|the)\s+(?:[a-z][\w'’-]*\s+){0,4}known\s+as\s+(?=(?:the\s+)?[\"“A-Z])")
_ACCORDING_TO = re.compile(r",?\s+according to [^,;:\"“”]*(?=[.!]?$)")
_SAID_AT_END = re.compile(r",\s+[^,;:\"“”]{2,80}?\s(?:said|says|say|reported|announced|told [\w ]{2,30}?)(?=[.!]?$)")
_OPENING_QUOTE = re.compile(r"[\"“”]")
_ALSO = re.compile(r"(?<=\w)\s+also(?=\s+[a-z])")
_DEICTIC_PLACE = re.compile(r"\b(?:here|this\s+(?:[a-z-]+\s+)?(?:city|town|village|capital|country|nation|island|region|"
                            r"province|state|county|port|area))\b", re.I)
_SITE_SUFFIX = re.compile(r"\s+(?:\||[-–—]{1,2}|::)\s+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def word_count(text: str) -> int:
    """Words as a reader counts them: "long-term" and "U.S." are two each."""
    return len(_WORD.findall(text))


def _balanced(text: str) -> bool:
    return text.count('"') % 2 == 0 and text.count("“") == text.count("”") and text.count("(") == text.count(")")


def _strip_end(text: str) -> str:
    """Without final punctuation (a headline has no full stop) and outer white space."""
    text = " ".join(text.split())
    while text and text[-1] in ".,;:!-–— ":
        text = text[:-1].rstrip()
    return re.sub(r"[.,;:]+([\"”’])$", r"\1", text)   # 'called "Coke Chase,"': the comma was the sentence's


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _bare(word: str) -> str:
    return re.sub(r"[^\w'’-]", "", word).lower()


# -- rule 1: the leading phrase ---------------------------------------------------------------------
def _is_lead_phrase(phrase: str) -> bool:
    """A leading phrase before a comma that frames the main clause rather than being its subject."""
    words = phrase.split()
    if not words or len(words) > LEAD_MAX_WORDS:
        return False
    first = words[0].lower()
    if " ".join(words[:2]).lower() in ("at least", "at most"):
        return False   # a number follows: the subject ("At least 231 people have died")
    if first in _LEAD_OPENERS or re.fullmatch(r"\d{4}", phrase.strip()) or _LEAD_TIME.match(phrase):
        return True
    return first.endswith("ing") and len(first) > 5   # "Speaking in Minsk", "Citing sources"


def _drop_leading(text: str) -> str:
    for _ in range(3):
        # "Indeed,", "Still,", "Ironically,", "Most recently,", "More importantly,"
        m = re.match(r"([A-Z][a-z]+(?:\s+[a-z]+){0,2}),\s+(?=\S)", text)
        if m and m.group(1) not in ("Italy", "Sicily") and (m.group(1).endswith("ly") or m.group(1).lower() in _SUBORDINATE) \
                and _is_statement(text[m.end():]):
            text = _capitalise(text[m.end():])
            continue
        m = re.match(r"([^,\"“”]{1,160}?),\s+(?=\S)", text)
        if not m or not _is_lead_phrase(m.group(1)):
            break
        rest = text[m.end():]
        if not _is_statement(rest) or not _opens_clause(rest):
            break
        text = _capitalise(rest)
    return text


_CLAUSE_OPENERS = frozenset("""the a an his her its their our this these those some many several all both each
he she they it we i you there no most more few""".split())


def _opens_clause(rest: str) -> bool:
    """Whether what follows a leading phrase's comma can open the main clause: a name, a figure, a
    quotation, a determiner or a pronoun; not "one-on-one chat" after "After an unusual," (the
    comma was between two adjectives)."""
    first = rest.split()[0] if rest.split() else ""
    return bool(first) and (first[:1].isupper() or first[:1].isdigit() or first[:1] in "\"“‘'"
                            or _bare(first) in _CLAUSE_OPENERS)


# -- rule 2: asides -----------------------------------------------------------------------------
def _is_aside(inner: str, before: str, after: str) -> bool:
    words = inner.split()
    if not words or len(words) > 15:
        return False
    first = words[0]
    low = first.lower()
    prev = (before.split()[-1:] or [""])[0]
    nxt = (after.split()[:1] or [""])[0]
    if low in ("the", "a", "an"):
        # "Susan Gomes, the officer in charge,", "Omar al-Bashir, a man accused of ...", but not
        # "security, the CIA and ..."
        return any(c.isupper() for c in prev)
    if low in _ASIDE_OPENERS or first[:1].isdigit() or (
            low.endswith(("ing", "ed")) and len(low) > 4 and first[:1].islower()):
        return True
    # right after a name and before a plain word: "James Carville, Clinton's strategist, put forth"
    return prev[:1].isupper() and nxt[:1].islower() and nxt.lower() not in ("and", "or", "nor")


def _drop_asides(text: str) -> str:
    text = _ACCORDING_TO.sub("", text)                                             # where it was read
    text = _SAID_AT_END.sub("", text)                                              # ", officials said"
    text = re.sub(r"\s*\([^()]*\)", "", text)                                      # parentheses
    text = re.sub(r"\s+(?:—|–|--)\s+[^—–]{1,100}?\s+(?:—|–|--)\s+", " ", text)   # dashed asides
    out = text
    for m in reversed(list(re.finditer(r",\s+([^,;:\"“”]{1,120}?)(?:,(?=\s)|(?=[.!]?$))", text))):
        if _is_aside(m.group(1), text[:m.start()], text[m.end():]):
            out = out[:m.start()] + out[m.end():]
    return out


# -- rule 3: cuts -------------------------------------------------------------------------------
def _in_list(head: str, rest: str) -> bool:
    """Whether a comma between `head` and `rest` separates two names of a list: "Australia, Canada"."""
    before, after = head.split()[-1:], rest.split()[:1]
    return bool(before and after) and before[0][:1].isupper() and after[0][:1].isupper() \
        and re.search(r",\s|\sand\s", rest) is not None and not after[0].endswith(("'s", "’s"))

def _drop_descriptor(text: str) -> str:
    """"a long-term partnership deal known as the X" -> "the X": the name says it in fewer words."""
    return _KNOWN_AS.sub("", text, count=1)


_MADE_BY = re.compile(
    r"^(?P<subject>(?:[A-Z][\w'’-]*|[Aa]n?|[Tt]he)(?:\s+[\w'’-]+){0,5}?)\s+(?P<verb>[a-z]+)(?:\s+(?:out|up|off))?\s+by\s+"
    r"[^,;:\"“”]{3,120}?\s+(?=(?:is|are|was|were|has|have|had|will|would|can|could|has)\s)")


def _drop_made_by(text: str) -> str:
    """"A campaign mailer sent out by a Republican candidate for a state Senate seat is being
    denounced ..." -> "A campaign mailer is being denounced ...": the participle and its agent
    between the subject and its verb."""
    m = _MADE_BY.match(text)
    if not m or not (m.group("verb").endswith(("ed", "en")) or m.group("verb") in _PAST):
        return text
    return f"{m.group('subject')} {text[m.end():]}"


def _cut_tail(text: str) -> str:
    """Up to the first comma, dash, colon or semicolon where enough is left before it, never
    inside a list of names ("the health systems of Australia, | Canada, France ...")."""
    for m in _TAIL_CUTS.finditer(text):
        head = text[:m.start()]
        if m.group().startswith(",") and _in_list(head, text[m.end():]):
            continue
        if len(head.split()) >= MIN_WORDS and _balanced(head) and _is_statement(head):
            return head
    return text


def _cut_at_boundary(text: str, limit: int, risky: bool = True) -> Optional[str]:
    """The longest start of `text` cut before a phrase-boundary word, of at most `limit` words,
    that reads as a statement. Without `risky`, only before a clause that modifies what precedes
    it (a purpose "to", a relative pronoun, "known as", "including"): a cut before a preposition
    may cut off what the verb needs ("is considering staying | in the Paris agreement")."""
    words = text.split()
    purposes = _purpose_spans(words)
    for n in range(len(words) - 1, MIN_CUT_AT - 1, -1):
        word, before = words[n].lower(), _bare(words[n - 1])
        after = _bare(words[n + 1]) if n + 1 < len(words) else ""
        if word == "to" and (before in _TO_COMPLEMENT or after.endswith("ing")):
            continue   # "one step closer to finalizing ...": what the step is towards is the event
        if word == "to" and (_bare(words[n - 2]) in _AUXILIARIES if n > 1 else False):
            continue   # "won't lead to ...": the verb's own "to"
        if word == "to" and n > 1 and _bare(words[n - 2]) in _TAKES_TO and words[n - 1][:1].isupper():
            continue   # "forced NASA | to ...": what NASA was forced to do is the point
        if before in _GOES:
            continue   # "the Affordable Care Act went | into effect"
        if any(i < n <= j for i, j in purposes):
            continue   # "praised agreements | by the parties ... | to form a coalition": what was agreed is the event
        if word == "to" and before not in _TAKES_TO and not before[:1].isdigit() and not _verb_like(words, n - 1):
            if not _names_thing(words[n - 1]) and n < PURPOSE_CUT_WORDS:
                continue   # "obtained new evidence | to link ...", "put off a vote | to ratify ...": the point follows
            # "signed the "X Agreement" to strengthen ...": a purpose clause after a named object
        elif word not in _BOUNDARY_WORDS or (not risky and word not in _MODIFIER_WORDS):
            continue
        if word == "by" and (_participle_end(words, n)):
            continue   # "A campaign mailer sent out | by ...": left alone, the participle reads as the verb
        if before in _BOUNDARY_WORDS or (word == "that" and before in _CLAUSE_VERBS) or (
                n > 1 and _bare(words[n - 2]) == "in" and before in _FIXED_IN):
            continue   # "known as", "said that", "in connection with": the phrase has only begun
        head = " ".join(words[:n]).rstrip(",;:")
        last, second = _bare(words[n - 1]), _bare(words[n - 2]) if n > 1 else ""
        if (last.endswith(("ing", "ed")) or last in _PAST) and (second in _AUXILIARIES or second.endswith("ing") or second in (
                "by", "being", "after", "before")):
            continue   # "is considering staying", "after being left": what follows is the point
        if word_count(head) <= limit and _is_statement(head):
            return head
    return None


def _purpose_spans(words: list[str]) -> list[tuple[int, int]]:
    """(i, j): a noun whose point is what it is to do (_PURPOSE_NOUNS) at i, and its "to" at j, a
    few words on, after a qualifier that is no name ("agreements by Cambodia's top two parties to
    form a coalition"); a cut between them keeps the noun and drops what it is about. Not after a
    name: "signed a deal known as the "X Agreement" to strengthen ties" has named what was signed."""
    spans = []
    for j, w in enumerate(words):
        if w != "to" or j + 1 >= len(words) or not words[j + 1][:1].islower() or _names_thing(words[j - 1]):
            continue
        for i in range(max(0, j - PURPOSE_LOOKBACK), j - 1):
            if _bare(words[i]) in _PURPOSE_NOUNS:
                spans.append((i, j))
                break
    return spans


def _names_thing(word: str) -> bool:
    """Whether a word ends a name or a title: capitalised, or closing a quotation or parenthesis."""
    return word[:1].isupper() or word[-1:] in "\"”’')"


def _participle_end(words: list[str], n: int) -> bool:
    """Whether the words before position n end on a participle (and particle): "sent out", "taken"."""
    k = n - 1
    if k > 0 and _bare(words[k]) in _PARTICLES:
        k -= 1
    last = _bare(words[k])
    return k > 0 and (last.endswith(("ed", "en")) or last in _PAST) and _bare(words[k - 1]) not in _AUXILIARIES


# -- what is left ------------------------------------------------------------------------------
def _verb_like(words: list[str], i: int) -> bool:
    w = words[i]
    low = _bare(w)
    if not low or not w[:1].islower():
        return False
    prev = _bare(words[i - 1]) if i else ""
    if low in _AUXILIARIES or low in _PAST:
        return True
    if prev in ("that", "who", "which") and low.endswith("ed") and len(low) > 4:
        return True    # "a bombing that killed two"
    if prev in _DETERMINERS or prev in _FUNCTION_END or prev in _BOUNDARY_WORDS or prev[:1].isdigit():
        return False   # "the proposed acquisition", "the allegations"
    if low.endswith("ed") and len(low) > 4:
        return True
    # a present-tense verb after a name: "Iran signs", "Millennium Tower keeps", not "Powerful earthquakes"
    nxt = _bare(words[i + 1]) if i + 1 < len(words) else ""
    return (low.endswith("s") and not low.endswith(("ss", "us", "is", "ings")) and i > 1
            and words[i - 1][:1].isupper() and not words[i - 1].endswith(("'s", "’s")) and nxt != "of")


def _counts(words: list[str]) -> bool:
    """Whether the text opens on a quantity ("At least 231 people", "About 200 homes"), not a phrase."""
    first, second = _bare(words[0]), _bare(words[1]) if len(words) > 1 else ""
    return f"{first} {second}" in ("at least", "at most", "up to") or (
        first in ("about", "over", "under", "around") and (second[:1].isdigit() or second in _NUMBER_WORDS))


_TIME_NOUN = re.compile(r"^the\s+(?:last|first|next|only)\s+time\b|\b(?:first|last|only)\s+time(?:\s+(?:since|in)\s+\S+)?$",
                        re.I)   # "The last time the region held its summit", "marked the first time since 1934"


def _is_statement(text: str) -> bool:
    words = text.split()
    if len(words) < MIN_WORDS or not _balanced(text) or _TIME_NOUN.search(text):
        return False
    if _bare(words[-1]) in _FUNCTION_END or (_bare(words[0]) in _SUBORDINATE and not _counts(words)):
        return False
    verbs = [i for i in range(len(words)) if _verb_like(words, i) and not _participle(words, i)]
    if not verbs:
        return False
    relative = [i for i, w in enumerate(words) if i and _bare(w) in ("that", "which", "who", "whose", "whom", "what")]
    if relative and verbs[0] > relative[0]:
        return False   # "The CIA's findings that Russia intervened": the main verb was cut off
    that = [i for i, w in enumerate(words) if i and _bare(w) == "that"]
    if that and not any(v > that[-1] for v in verbs):
        return False   # "Taplin is hopeful that the brands advertising": the clause lost its verb
    # "Gingrich announced in two conference calls": what was announced was cut off
    reporting = [i for i, w in enumerate(words) if _bare(w) in _REPORTING or (
        _bare(w) in _ANNOUNCING and i + 1 < len(words) and _bare(words[i + 1]) in _BOUNDARY_WORDS)]
    # "X said the military situation": what was said must have its own verb
    return not reporting or any(v > reporting[0] for v in verbs)


_PARTICLES = frozenset("out up off down back over away".split())
_COPULAS = frozenset("is are was were be been remains remain remained seems seem seemed".split())


def names_event(text: str) -> bool:
    """Whether a headline's main verb says something happened: not a copula describing its subject
    ("The visit is undoubtedly a turning point") and not a participle after a noun ("Campaign mailer
    sent by ..."), which say what a thing is rather than what was done."""
    words = text.split()
    verbs = [i for i in range(len(words)) if _verb_like(words, i)]
    if not verbs:
        return False
    i = verbs[0]
    word = _bare(words[i])
    if word in _COPULAS:
        k = i + 1
        while k < len(words) and _bare(words[k]).endswith("ly"):
            k += 1   # "is undoubtedly"
        after = _bare(words[k]) if k < len(words) else ""
        return after.endswith(("ed", "ing")) or after in _PAST   # "was arrested", "are trying"
    return not _participle(words, i)


def subject_head(text: str) -> str:
    """The last word of a headline's subject before any "of" phrase: "wife" in "The wife of
    former Chilean dictator Augusto Pinochet appealed ...", "robot" in "A 300-pound security robot
    was punched ..."; "" when no verb is found."""
    words = text.split()
    verbs = [i for i in range(len(words)) if _verb_like(words, i) and not _participle(words, i)]
    if not verbs or verbs[0] == 0:
        return ""
    subject = words[:verbs[0]]
    for k, w in enumerate(subject):
        if k and _bare(w) in ("of", "for", "from", "with", "in", "at", "on", "who", "which", "that"):
            subject = subject[:k]
            break
    return _bare(subject[-1]) if subject else ""


def names_someone(text: str) -> bool:
    """Whether a headline names who or what it is about (a capitalised word after the first, or a
    figure): "The nonprofit examined the health systems" names no one."""
    words = text.split()
    first = _bare(words[0]) if words else ""
    return any(w[:1].isupper() or w[:1].isdigit() for w in words[1:]) or (
        bool(first) and first not in _DETERMINERS and first not in ("a", "an", "one", "another"))


def _participle(words: list[str], i: int) -> bool:
    """Whether the verb-like word i is a participle after a noun, not a main verb: "A mailer sent
    (out) by ...", "Campaign mailer sent by ..."."""
    word = _bare(words[i])
    k = i + 1
    if k < len(words) and _bare(words[k]) in _PARTICLES:
        k += 1
    # "by" its agent; "of" too: "The man accused of orchestrating the bombings" names no event
    by = k < len(words) and (_bare(words[k]) == "by" or (k == i + 1 and _bare(words[k]) == "of"))
    return by and (word.endswith(("ed", "en")) or word in _PAST) and (i == 0 or _bare(words[i - 1]) not in _AUXILIARIES)


def _same_words(a: str, b: str) -> bool:
    return [w.lower() for w in _WORD.findall(a.replace("’", "'"))] == \
        [w.lower() for w in _WORD.findall(b.replace("’", "'"))]


def is_copy(headline: str, sentences: list[str]) -> bool:
    """Whether a headline over COPY_WORDS words is one of `sentences` word for word: a sentence
    copied whole, not a headline."""
    return word_count(headline) > COPY_WORDS and any(_same_words(headline, s) for s in sentences)


def _fits(text: str, original: str, limit: int) -> bool:
    """Short enough, and not the source sentence word for word (unless it is a short one)."""
    n = word_count(text)
    return n <= limit and not (n > COPY_WORDS and _same_words(text, original))


def shorten(sentence: str, limit: int = HEADLINE_MAX_WORDS, cut: bool = True) -> Optional[str]:
    """The main clause of `sentence` as a headline (module docstring), or None. With `cut` False,
    the last step of rule 3 cuts only before a modifying clause, never before a preposition."""
    original = re.sub(r"\s+(?=[,;:])", "", _strip_end(sentence))   # "al-Bashir , a man": "al-Bashir, a man"
    if not original or _OPENING_QUOTE.match(original):
        return None   # a quotation is someone's words, not the event
    text = _drop_leading(original)
    text = _TIME_PHRASES.sub("", text)
    text = _ALSO.sub("", text)   # "The company also ran ...": also than what? The reader has no sentence before
    text = _strip_end(_drop_asides(text))
    for step in (_drop_descriptor, _drop_made_by, _cut_tail):
        if _fits(text, original, limit):
            break
        text = _strip_end(_drop_asides(step(text)))
    if not _fits(text, original, limit):
        copied = _same_words(text, original)
        # a cut of the sentence left whole keeps at most COPY_SHARE of it: its start, cut by a few
        # words, would be the sentence copied ("... the first writer in Portuguese to win the Nobel Prize")
        most = max(COPY_WORDS, int(word_count(original) * COPY_SHARE)) if copied else limit
        head = _cut_at_boundary(text, min(limit, most), risky=cut)
        if head is None:
            return None
        text = _strip_end(head)
    text = _capitalise(text)
    if _DEICTIC_PLACE.search(text):
        return None   # "will converge on this businesslike city": the place was in a dateline the reader does not see
    return text if _is_statement(text) and _fits(text, original, limit) else None


def title_text(title: Optional[str], limit: int = HEADLINE_MAX_WORDS) -> Optional[str]:
    """An article title as a headline: without a site name ("... | Reuters", "... - CNN") or a
    kicker ("INTERVIEW-", "UPDATE:"), white space collapsed, no final full stop; None when what is
    left is not a headline (too long or short, a question, all capitals, a caption or a byline)."""
    if not title:
        return None
    text = strip_prefix(" ".join(title.split()))
    parts = _SITE_SUFFIX.split(text)
    if len(parts) > 1:
        # the site name is the short part at either end ("Reuters | ...", "... - CNN")
        text = max(parts, key=lambda p: len(p.split()))
    text = _strip_end(text)
    n = word_count(text)
    if not 3 <= n <= limit or text.endswith("?") or not any(c.islower() for c in text) or text[:1] in "([":
        return None
    if is_page_furniture(text) or is_junk(text):
        return None
    return text
