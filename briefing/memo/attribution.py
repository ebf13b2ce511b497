"""Who said what: the speaker (and role) a news sentence attributes its statement to.

Handles (pure regex, English news style): `X said`, `X has told TASS`, `X, role, told Y`,
`"...," X said`, `"...," said X, role`, `according to X`, and other reporting verbs (added, stressed,
noted, believes, warned, announced, went on to say, ...). Roles come from titles and pre-nominal
descriptions (`Russia's Foreign Minister Sergey Lavrov`, `Iran's ambassador to Russia Kazem Jalali`),
from appositives (`Sergey Markedonov, Senior Fellow of ...,`) and from a role-bearing phrase set
off before the name (`Iranian political scientist ..., Professor Ruhollah Modabber has told TASS`).
Titles ("President", "Professor", "Ayatollah", "CEO") are moved from the speaker into the role, and so
is an organisation or title phrase before the name (`US Secretary of State Rex Tillerson`, `US ambassador
to the UN Nikki Haley`). A speaker is a person or an organisation: no plan (`according to plan`), law
(`the Fair Credit Reporting Act ... says`), place or time word; `To X, role, ...` is X's view. A
document speaks for its author (`document_author`: "a statement issued by X", "a government
report", and a later "the statement said" for the article's last statement-maker); one whose
author is not named is no speaker.

`attributions()` reads a whole article: it remembers the people introduced so far, so "Lavrov said"
gets the full name and role, "he said" goes to the subject of a sentence before (never to a person
named only inside a quotation or as an owner: "Kim's address"), "the analyst added" /
"the Kremlin official" to the last speaker (or to the person whose role fits: "the Iranian
president"), and sentences inside a multi-sentence quotation, or a bare quotation following an
attributed sentence, get the quotation's speaker (verb "continued" for the latter); a quote mark
left open does not carry a speaker on for more than QUOTE_SENTENCES_MAX sentences.

For a memo, `statement_text()` gives what was said without its frame (the quotation, or the clause
after "X said"; no role set off before the name, audience, "as X said," or frame inside the
sentence: "..., he underlined, pointing to the fact that ..."), and `story_speakers()` makes one entry per person across a story's articles, under
the fullest name the story uses ("Musk", "Mr. Musk" -> "Elon Musk") and its commoner spelling
("Sergei"/"Sergey Lavrov"), with a role free of honorifics (`display_role`); `needs_context()`
tells a statement that points back at a sentence the reader does not see.

Deliberately left alone: reported speech without a reporting verb, "they/it said" (no speaker is
invented: such sentences get None), coreference beyond the article (except names, story-wide),
nested attributions (the first reporting clause wins, unless a frame closes the sentence:
"AOL believes ..., executives said"), and non-English text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from ..stopwords import ROLE_DESCRIPTION_ENDS

_VERBS = ("said|says|say|told|tells|added|adds|stressed|stresses|noted|notes|stated|states|believes|warned|warns|"
          "announced|announces|emphasi[sz]ed|underlined|underscored|explained|insisted|argued|claimed|"
          "asserted|reiterated|urged|acknowledged|admitted|commented|remarked|pointed out|went on to say|wrote|"
          "replied|responded|suggested|predicted|confirmed|denied|vowed|promised|recalled|maintained|contended|"
          "cautioned|complained|conceded|declared|tweeted")
_VERB = re.compile(rf"\b(?P<verb>{_VERBS})\b")
TITLES = set("""President Vice Prime Minister Ministers Foreign Defense Defence Interior Finance Deputy Professor Prof
    Dr Mr Mrs Ms Sen Rep Gov Gen Col Lt Adm Capt Maj Sgt King Queen Prince Princess Ayatollah Seyed Seyyed Sayyid
    Sheikh Pope Chancellor Secretary Ambassador Spokesman Spokeswoman Spokesperson Chairman Chairwoman Director
    Judge Justice Senator Governor General Speaker Mayor Rev Father Sir Lord Lady Imam Archbishop Cardinal Bishop
    Commander Chief Leader Premier Presidential Attorney Representative Envoy Fellow Senior Emir Sultan
    State CEO CFO COO CTO Founder Co-founder Cofounder Executive Officer Manager Coach Superintendent Detective
    Inspector Sergeant Lieutenant Captain Colonel Admiral Congressman Congresswoman Councilman
    Councilwoman Assemblyman Assemblywoman Trooper Ald Democrat Republican Supt Insp Det Cmdr Pastor Rabbi""".split())
ROLE_NOUNS = set("""minister president spokesman spokeswoman spokesperson official officials analyst analysts expert
    experts scientist professor fellow researcher ambassador envoy diplomat diplomats leader leaders chief head
    director chairman secretary senator governor mayor commander general adviser advisor aide lawmaker lawmakers
    member representative prosecutor prosecutors judge lawyer attorney economist scholar historian editor
    correspondent journalist counterpart premier king prince police witnesses witness sources source residents
    statement report ministry agency government military army organizers doctors investigators negotiators
    observers critics activists party website newspaper media television tv radio kremlin spokesmen officer
    officers authorities department council committee office embassy dissident dissidents founder co-founder
    cofounder ceo executive executives owner creator boss manager coach spokesperson chairwoman president-elect
    congressman congresswoman lawyers attorneys teacher student mother father parent son daughter wife husband
    sister brother neighbor neighbour friend victim survivor liaison coordinator specialist consultant strategist
    counsel commissioner inspector detective sheriff chancellor dean principal superintendent pastor priest
    people treasurer councillor councilor alderman alderwoman clerk librarian trustee auditor comptroller coroner
    warden constable magistrate delegate registrar curator chairperson""".split())
_NON_PERSON = set("""statement report ministry agency government military army party website newspaper media
    television tv radio kremlin authorities department council committee office embassy police sources source
    witnesses residents""".split())
# a role noun written as a title before a name is a title too ("Councillor Ines Berg", "Treasurer
# Ana Ruiz", "Police Commissioner Bill Bratton"): not a group (a plural, an institution), a relation,
# or a word that is also a common first name ("Dean Smith")
TITLES |= {w.capitalize() for w in ROLE_NOUNS - _NON_PERSON - set("""people witness victim survivor mother father
    parent son daughter wife husband sister brother neighbor neighbour friend student teacher dean member owner
    creator boss head""".split()) if "-" not in w and not w.endswith("s")}   # "Critics said": a group
_DOCUMENT = set("""Act Law Bill Amendment Constitution Treaty Code Charter Convention Accord Protocol Directive
    Regulation Statute Article Clause Section""".split())   # "The 1970 Fair Credit Reporting Act ... says": no speaker
# what a source may be besides a person or an organisation: words written down, whose author is the speaker
DOCUMENT_NOUNS = {"statement", "communique", "communiqué", "readout", "release", "website", "site", "report",
                  "document", "transcript", "letter", "declaration", "text"}
# an owner before a document noun that is an organisation ("the Kremlin statement", "a government report")
_AUTHOR_NOUNS = {"government", "ministry", "army", "military", "police", "party", "embassy", "office", "council",
                 "committee", "agency", "department", "kremlin", "court", "commission", "company", "union",
                 "campaign", "authorities", "presidency", "administration", "cabinet", "parliament"}
# a sentence naming a statement its subject made: "The Sam Rainsy Party, in a statement released Friday, accused ..."
_STATEMENT_MENTION = re.compile(r"\b(?:in|according\s+to|issued|released|put\s+out|sent|published|posted)\s+(?:a|an|its|his|her|"
                                r"their)\s+(?:[\w-]+\s+){0,2}?(?:statement|communiqu[eé]|release|letter|declaration)\b")
QUOTE_SENTENCES_MAX = 8   # a quotation longer than this is a quote mark left open: its speaker does not run on
RECENT_SPEAKER = 2   # "the judge said" goes to the person quoted at most this many sentences before
_PERSON_HEADS = set("""judge justice senator republican democrat mayor governor president minister spokesman
    spokeswoman spokesperson official lawmaker congressman congresswoman chairman chairwoman commander chief
    director secretary ambassador envoy prosecutor lawyer attorney sheriff coach founder ceo executive""".split())
_GENERIC = set("analyst expert scholar researcher professor official diplomat spokesman spokeswoman "
               "specialist observer".split())
_NOT_NAME = set("""The A An But And Or However In On At For From With By As After Before When While Meanwhile Also
    Still Yet So Then Thus This That These Those It Its He She They We I You His Her Their Our There Here
    Speaking According Despite Although Though If Since Until Earlier Later Asked Both Many Some Several
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Currently Nor Under Elsewhere Referring
    To Of Who What Why How Which Where Whom Whose All One None Each Every Everyone Everybody Nobody Somebody Among
    Like Unlike Via Amid Including Against Without Within Through Over Per Related Photo Photos Watch Read Click
    Follow Dear Instead Now Today Yesterday Tomorrow Last Next Such Most Few Other Others Another Once Whenever
    Unless Because We're They're You're It's That's There's Here's What's I'm I've We've They've We’re They’re
    You’re It’s That’s There’s Here’s What’s I’m I’ve We’ve They’ve""".split())
_ORG = set("""Party Ministry Agency Council Times News TV Kremlin Government Committee Union Institute University
    Nations States Republic Office Department Court Parliament Assembly Army Police Bank Press Post Service
    Organization Organisation Federation Company Group House Tass TASS Reuters Xinhua IRNA Mehr Commission Center
    Centre Association Foundation Corp Corp. Inc Inc. Authority Board Bureau Network Daily Journal Tribune""".split())
_TOK = r"(?:[A-Z][\w'’.-]*|[A-Z]\.)"
NAME_RUN = re.compile(rf"{_TOK}(?:\s+(?:(?:al|bin|ibn|de|van|von|der|da|del|di|la|le|du|bin)\s+)?{_TOK})*")
_TAIL_RUN = re.compile(rf"(?:\b(?P<det>[Tt]he)\s+)?(?P<run>{NAME_RUN.pattern})$")
_FILLER = re.compile(r"(?:\s*,\s*|\s+)(?:also|has|have|had|later|then|again|reportedly|earlier|previously|"
                     r"repeatedly|recently|once|today|yesterday|(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
                     r"|on\s+[A-Z][a-z]+\.?\s+\d+)\s*$")
_PRONOUN = re.compile(r"(?:^|[\s,\"“”'‘’(])(?P<p>[Hh]e|[Ss]he|[Tt]hey|[Ii]t|[Ww]e|I)$")
_DESC = re.compile(r"(?:^|(?<=[\s,\"“”'‘’(]))"
                   r"(?P<d>(?:(?:[Tt]he|[Aa]n?|[Tt]wo|[Tt]hree|[Ss]everal|[Mm]any|[Ss]ome|"
                   r"[Oo]ther)\s+)?(?:(?!(?:that|while|and|but|as|when|if|because|said|says|whether)\b)"
                   r"[A-Za-z][\w'’.-]*\s+){0,3}?[a-z][\w-]*)$")
_QUOTE_CH = re.compile(r"[\"“”«»]|``|''|’’|‘‘")
_NP_TEXT = r"(?:\b[A-Z]\.|\b(?:Dr|Mr|Mrs|Ms|Gen|Sen|Rep|Gov|Col|Lt|St|Corp|Inc|Co|Prof)\.|[^,.;:])+?"
_ACCORDING = re.compile(rf"(?:^\W*According|\baccording) to\s+(?P<np>{_NP_TEXT})\s*(?=[,.;:]|$)")
_INVERTED = re.compile(r"(?:[,\"“”']|'')\s*(?P<verb>said|says|added|wrote|continued|explained|recalled|asked)\s+"
                       r"(?!(?:in|on|at|to|during|after|before|while|from|with|by|for|of|about|via|through|last|this|"
                       r"earlier|later|late|yesterday|today|then|again|also|that|when|as)\b)"
                       rf"(?P<np>{_NP_TEXT})(?:\s+(?:in|on|at|during|after|before|while|when|from|as)\b[^,.;:]*)?"
                       r"\s*(?:,\s*(?P<role>(?:(?:\b[A-Z]\.)+|[^.;:])+?))?\s*[.;:]?$")
_OF_PLACE = re.compile(rf"({NAME_RUN.pattern})\s+of\s+$")
# "added a touchdown", "added Nicaragua and Honduras to a trip", "added to the confusion": a thing added, not words
_ADDED_THING = re.compile(r"\s+(?:(?:a|an|another|\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten)\b|"
                          r"(?!that\b)(?:(?!(?:is|was|were|are|had|has|have|will|would|could|should|can|must|did|may|"
                          r"might)\b)[^\s,;:]+\s+){0,5}to\s+(?:a|an|the|its|his|her|their|our|this|that|[A-Z])\b)")
_DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "some", "one", "two", "three", "several",
                "many", "most", "other"}
_VIEW = re.compile(rf"^\s*(?:To|For)\s+(?P<run>{NAME_RUN.pattern})\s*,")
# a quotation in double quotes, or in single quotes opened at a word start (the Daily Mail's style)
_QUOTED = re.compile(r"[\"“«][^\"”»]*(?:[\"”»]|$)|``.*?(?:''|$)|(?:^|(?<=[\s(]))['‘](?=\w).*?(?:['’](?=[\s,.;:!?)]|$)|$)")
_ORG_ACRONYMS = {"UN", "U.N.", "EU", "E.U.", "NATO", "IOC", "WHO", "IMF", "OPEC", "ASEAN", "APEC", "FBI", "CIA", "NASA",
                 "UNICEF", "UNESCO", "WFP", "KLA", "PLO", "NBA", "NFL", "FIFA", "BBC", "CNN", "ABC", "NBC", "CBS"}
# a role ends where a clause about the person begins: "former military chief named as the recipient of ..."
_ROLE_END = re.compile(r"\s+(?:who|which|whose|whom|that|named|known|called|accused|charged|quoted|speaking|"
                       r"at\s+a\s+(?:news|press)\s+conference|in\s+an?\s+(?:interview|statement))\b")
_JOINED = re.compile(r"\b(?:as|when|while|and|but|after|before|because|where|since|until|though|although)\s*$")
_PLACE_TAIL = re.compile(rf"\b(?:of|from|in)\s+{NAME_RUN.pattern}$")
_ORG_LEAD = re.compile(r"\b[Tt]he\s+(?:[\w'’.-]+\s+){0,3}$")
_APPOSITIVE = re.compile(r"\s*,\s*(?:the\s+|a\s+|an\s+)?((?:(?:\b[A-Z]\.)+|[^,.;:\"“”])+?)\s*(?:[,.;:]|$)")
_FINITE = re.compile(r"\b(?:is|are|was|were|will|would|has|have|had|said|says)\b|^[a-z]+ing\b")
_CLAUSE_END = ',.;:"“”()—–'
_STOPW = ROLE_DESCRIPTION_ENDS
_OBJECT_PREPS = {"to", "with", "for", "from", "by", "at", "against", "about", "into", "toward", "towards", "than",
                 "over", "between", "among", "within", "inside", "across", "throughout"}
_CLAUSE_WORDS = {"and", "or", "but", "which", "who", "whose", "that", "where", "when", "while", "as", "with", "if"}


@dataclass(frozen=True)
class Attribution:
    speaker: str
    role: str | None
    quote: bool
    verb: str




def role_ok(seg: str) -> bool:
    words = seg.split()
    if len(words) == 1 and re.fullmatch(r"[RDI]-[A-Z][\w.]*", seg):
        return True   # party and state: "Rep. Matt Salmon, R-Ariz., said"
    return 0 < len(words) <= 14 and any(_bare(w).lower() in ROLE_NOUNS for w in words) \
        and words[0] not in _CLAUSE_WORDS and not _FINITE.search(seg)


def _bare(word: str) -> str:
    word = word.strip(",.;:")
    return word[:-2] if word.endswith(("'s", "’s")) else word


def split_run(run: str) -> tuple[str, str]:
    """'Russia's Foreign Minister Sergey Lavrov' -> ('Sergey Lavrov', "Russia's Foreign Minister")."""
    toks = run.split()
    cut = 0
    for i, t in enumerate(toks[:-1]):
        if t.rstrip(".") in TITLES or t.endswith(("'s", "’s")) or t in _NOT_NAME \
                or "-" in t and t.split("-")[0] in TITLES:   # "Secretary-General Kofi Annan"
            cut = i + 1
    return _bare(" ".join(toks[cut:])), " ".join(t for t in toks[:cut] if t not in _NOT_NAME)


def _person_at(s: str, a: int, b: int) -> tuple[str, str | None]:
    """Name and role of the capitalised run s[a:b], from titles, the words before it and an appositive."""
    toks = s[a:b].split()
    window = s[max(0, a - 80):a]
    tail = window[max(map(window.rfind, _CLAUSE_END)) + 1:].split()
    place = ""
    if len(toks) >= 3 and len(tail) >= 2 and tail[-1] in ("to", "in", "at") and _bare(tail[-2]).lower() in ROLE_NOUNS:
        place, toks = f"{tail.pop()} {toks[0]}", toks[1:]   # "ambassador to Russia Kazem Jalali"
    last_org = max((i for i, t in enumerate(toks[:-2]) if t.rstrip(".,") in _ORG or t in _ORG_ACRONYMS), default=-1)
    if last_org >= 0 and all(t[:1].isupper() and t not in TITLES and t not in _ORG for t in toks[last_org + 1:]) \
            and len(split_run(" ".join(toks[last_org + 1:]))[0].split()) >= 2:
        # "US ambassador to the UN Nikki Haley": the organisation belongs to the role, the name follows it
        org, toks = [t for t in toks[:last_org + 1] if t not in _NOT_NAME], toks[last_org + 1:]
        back = next((k for k in range(len(tail) - 1, max(-1, len(tail) - 7), -1)
                     if _bare(tail[k]).lower() in ROLE_NOUNS), None)
        if back is not None:
            while back > 0 and len(tail) - back < 8 and (tail[back - 1][:1].isupper() or tail[back - 1].endswith(
                    ("'s", "’s"))) and tail[back - 1] not in _NOT_NAME:
                back -= 1
            org = [*tail[back:], *org]
            tail = tail[:back]
        place = " ".join([*org, *([place] if place else [])])
    name, title = split_run(" ".join(toks))
    if title and not any(t.rstrip(".") in TITLES or "-" in t and t.split("-")[0] in TITLES for t in title.split()):
        title = ""   # "Kim's New Year address", "the Southwest Research Institute's Alan Stern": an owner, not a title
    if title and len(tail) >= 2 and tail[-1] == "of" and tail[-2] in TITLES:   # "US Secretary of State X"
        head = []
        for w in reversed(tail[:-1]):   # the capitalised words of the title before "of"
            if not w[:1].isupper() or w in _NOT_NAME or len(head) == 5:
                break
            head.insert(0, w)
        title = f"{' '.join(head)} of {title}"
        tail = tail[:-1 - len(head)]
    pre: list[str] = []
    if tail and _bare(tail[-1]).lower() in ROLE_NOUNS:
        for w in reversed(tail):
            if w.lower() in _STOPW or w.endswith("ed") or len(pre) == 5:
                break
            pre.insert(0, w)
    roles = [" ".join(x for x in (" ".join(pre), place, title) if x)]
    after = _APPOSITIVE.match(s, b)
    if after and role_ok(after.group(1)):
        roles.append(_ROLE_END.split(after.group(1))[0])
    if not tail and s[:a].rstrip().endswith(","):   # "Iranian political scientist ..., Professor X has told"
        seg = re.sub(r"^.*[\"“”]\s*", "", s[:a].rstrip()[:-1].rpartition(",")[2]).strip()
        seg = re.sub(r"^(?:(?:CLOSE|WATCH|VIDEO|PHOTOS?|READ|MORE|ADVERTISEMENT)\s+)+", "", seg)   # page labels
        if (seg[:1].isupper() or seg.startswith(("the ", "a "))) and role_ok(seg) and "—" not in seg \
                and seg.split()[0] not in _NOT_NAME:
            roles.append(re.sub(r"^(?:the|a)\s+", "", seg))
    return name, ", ".join(r for r in roles if r) or None


def _np_before(s: str, v: int) -> tuple[str, str | None, bool] | None:
    """(speaker, role, is_name) from the text before the reporting verb at s[v:]."""
    left = s[:v].rstrip()
    base = max(0, len(left) - 160)   # searches anchored at the end: only look at the last words
    while (f := _FILLER.search(left, base)):   # "X, the ambassador, recently said": the appositive's comma stays
        left = left[:f.start()].rstrip() + ("," if f.group(0).lstrip().startswith(",") else "")
    if left.endswith(","):  # "Name, role," or "Name, however,"
        head, _, seg = left[:-1].rpartition(",")
        seg = seg.strip()
        parenthetical = seg.split()[0] in {"however", "in", "though", "too", "meanwhile", "for", "on", "at", "also",
                                           "earlier", "later"} if seg else False
        outer, _, first = head.rpartition(",")
        if role_ok(first.strip()) and _TAIL_RUN.search(outer.rstrip(), max(0, len(outer) - 160)) \
                and re.match(r"(?:an?|the)\s+[\w-]+", seg) and len(seg.split()) <= 6:
            head, seg = outer, first.strip()   # "X, liaison at ..., a New York-based group, said": two appositives
        if _TAIL_RUN.fullmatch(seg) and not role_ok(seg) and _PLACE_TAIL.search(head.rstrip()):
            pass   # "Rep. Peter King of Long Island, N.Y., said": the place goes on, the person is before it
        elif _TAIL_RUN.fullmatch(seg) and not role_ok(seg):   # "the union's director, Billy Hunter, said"
            head = left[:-1]
        elif seg and seg.split()[0].endswith("ing") and seg.split()[0].islower() and len(seg.split()) <= 12 \
                and (t := _TAIL_RUN.search(head.rstrip(), max(0, len(head) - 160))) and len(t.group("run").split()) >= 2 \
                and not head.rstrip()[:t.start()].endswith(" and "):
            pass   # "Nikki Haley, speaking before an emergency session in New York today, said"
        elif not (role_ok(seg) or parenthetical and len(seg.split()) <= 6) \
                or not (_TAIL_RUN.search(head.rstrip(), max(0, len(head) - 160))
                        or parenthetical and _DESC.search(head.rstrip(), max(0, len(head) - 160))):
            return None
        left = head.rstrip()
        base = max(0, len(left) - 160)
    if (p := _PRONOUN.search(left, base)):
        return (p.group("p").lower(), None, False) if p.group("p").lower() in ("he", "she") else None
    m = _TAIL_RUN.search(left, base)
    if m and m.group("run").split()[-1] not in _NOT_NAME:
        name, role = _person_at(s, m.start("run"), m.end("run"))
        lead = left[:m.start("run")]
        before = left[:m.start()].split()[-2:]   # "within the IOC said": the preposition before "the"
        role_word = len(before) == 2 and _bare(before[0]).lower() in ROLE_NOUNS | {t.lower() for t in TITLES}
        if len(before) == 2 and before[-1] in ("in", "from", "at") and len(m.group("run").split()) <= 2 \
                and _group_noun(before[0]):
            # "Officials in Honduras said", "Weekend newspaper reports in Spain said": the people, not the place
            front = left[:m.start()].rstrip()[:-len(before[-1])].rstrip()
            d = _DESC.search(front)
            lone = re.search(r"(?:^|[,;:\"“(])\s*((?:[Tt]he\s+)?[A-Z][a-z]+)$", front)   # "Police", opening the clause
            if d or lone:
                return f"{_tidy_desc(d.group('d') if d else lone.group(1))} {before[-1]} {m.group('run')}", None, False
        if before and before[-1] in _OBJECT_PREPS and not (role_word and len(m.group("run").split()) >= 2):
            # "... planned to stress to Milosevic said": an object; "ambassador to Russia X" is fine;
            # "the Republican senator from Florida said": the senator
            front = left[:m.start()].rstrip()
            if role_word and (d := _DESC.search(front[:len(front) - len(before[-1])].rstrip())):
                desc = re.sub(r"^The\b", "the", d.group("d"))
                return f"{desc} {before[-1]} {left[m.start():m.end()]}", None, False
            return None
        owner = _OF_PLACE.search(lead)   # "Rep. David Dreier of California"
        titled_owner = owner and len(owner.group(1).split()) >= 2 and owner.group(1).split()[-2].rstrip(".") in TITLES
        if owner and (len(split_run(owner.group(1))[0].split()) >= 2 or titled_owner) \
                and m.group("run").split()[0] not in TITLES:   # "Secretary of State X" is a title; "Ms. Gere of X"
            name, role = _person_at(s, owner.start(1), owner.end(1))
            return name, f"{role or ''} of {m.group('run')}".strip(), True
        if lead.endswith(" of ") and (d := _ORG_LEAD.search(lead)):   # "the lawyer of Salt Lake City said"
            return d.group(0) + m.group("run"), None, False
        if name.split()[-1] in _DOCUMENT if name else False:
            return None
        if name and name.split()[0] not in _NOT_NAME and name.rstrip(".") not in TITLES:
            toks = m.group("run").split()
            last_org = max((i for i, t in enumerate(toks) if t.rstrip(".,") in _ORG), default=-1)
            person = toks[last_org + 1:]
            if last_org >= 0 and len(person) >= 2 and all(t[:1].isupper() and t not in TITLES for t in person):
                # "U.S. Ambassador to the United Nations Nikki Haley": the person after the organisation
                front = lead.rstrip()
                start = max(map(front.rfind, _CLAUSE_END)) + 1
                role_text = " ".join([*front[start:].split(), *toks[:last_org + 1]])
                return " ".join(person), role_text or None, True
            if m.group("det") or any(t in _ORG for t in name.split()):
                det = _ORG_LEAD.search(lead) if not m.group("det") else None   # "the EU executive Commission"
                if name.split()[-1] in _ORG:   # "South Korea's Defense Ministry", not "Ministry"
                    whole = m.group("run").split()
                    while len(whole) > 1 and whole[0] in _NOT_NAME:
                        whole = whole[1:]
                    name, role = " ".join(whole), None
                return (det.group(0) if det else "the " if m.group("det") else "") + name, role, False
            other = re.search(rf"({NAME_RUN.pattern})\s+and\s+$", left[:m.start()])
            if other and not m.group("det"):
                return f"{split_run(other.group(1))[0]} and {name}", None, True
            return name, role, True
    d = _DESC.search(left, base)
    if d and _bare(d.group("d").split()[-1]).lower() in ROLE_NOUNS:
        return _tidy_desc(d.group("d")), None, False
    return None


def _group_noun(word: str) -> bool:
    """A noun for people or reports before "in <place>": "officials", "reports", "relief workers"."""
    low = _bare(word).lower()
    return low in ROLE_NOUNS or low.rstrip("s") in ROLE_NOUNS or low.endswith("ers") \
        or word.islower() and low.endswith("s") and not low.endswith(("ss", "us", "is"))


_LEAD_WORDS = {"which", "who", "whom", "that", "and", "but", "or", "so", "yet", "shortly", "after", "before", "then", "as",
               "while", "when", "where", "since", "because", "if", "also", "now", "even", "both"}
_DETERMINER_AT = re.compile(r"\b(?:the|a|an|his|her|its|their|our|some|several|many|other)\s", re.I)


def _tidy_desc(desc: str) -> str:
    """'shortly after the judge' -> 'the judge'; 'But the judge' -> 'the judge': the noun phrase only."""
    desc = re.sub(r"^.*\b[Aa]ccording to\s+", "", desc)
    dets = list(_DETERMINER_AT.finditer(desc))
    if dets:
        desc = desc[dets[-1].start():]
    else:
        words = desc.split()
        while len(words) > 1 and (words[0].lower() in _LEAD_WORDS or words[0] in _NOT_NAME):
            words = words[1:]
        desc = " ".join(words)
    return re.sub(r"^The\b", "the", desc)


def _raw(s: str) -> tuple[str, str | None, bool, str] | None:
    """(speaker, role, is_name, verb) of one sentence, before any article-level resolution."""
    inv = _INVERTED.search(s)
    if inv:
        np_, a = inv.group("np"), inv.start("np")
        m = _TAIL_RUN.fullmatch(np_)
        if m and not m.group("det") and np_.split()[0] not in _NOT_NAME:
            return (*_person_at(s, a, a + len(np_)), True, inv.group("verb"))
        role = (inv.group("role") or "").strip()
        if not m and _bare(np_.split()[-1]).lower() in ROLE_NOUNS and _TAIL_RUN.fullmatch(role) \
                and role.split()[0] not in _NOT_NAME and not any(t in _ORG for t in role.split()):
            # "said its director general, Muttaleb": the name after the description
            return split_run(role)[0], _tidy_desc(np_), True, inv.group("verb")
        if (m or _bare(np_.split()[-1]).lower() in ROLE_NOUNS) and np_.split()[-1].rstrip(".") not in TITLES \
                and np_.split()[0] not in _NOT_NAME:   # not "said Friday on Instagram"
            return _tidy_desc(np_), None, False, inv.group("verb")
    verbs = list(_VERB.finditer(s))
    if len(verbs) > 1 and (last := verbs[-1]).group("verb") in _SAYS and _tail_is_frame(s[last.end():], "") \
            and s.rfind(",", 0, last.start()) > verbs[0].end():
        got = _np_before(s, last.start())   # the whole sentence is what the frame at its end reports
        if got and (got[2] or got[0] not in ("he", "she")):
            return (*got, last.group("verb"))
        seg = s[s.rfind(",", 0, last.start()) + 1:last.start()].strip()
        words = seg.split()
        if 2 <= len(words) <= 10 and _bare(words[0]).lower() in ROLE_NOUNS | _DETERMINERS and words[0].islower() \
                and any(_bare(w).lower() in ROLE_NOUNS for w in words) and not _FINITE.search(seg):
            return seg, None, False, last.group("verb")   # "..., executives involved in the negotiations said."
    for v in verbs:
        if v.group("verb") in ("added", "adds") and _ADDED_THING.match(s, v.end()):
            continue   # "Pittsburgh added a touchdown": a thing added, not words
        if v.group("verb") == "maintained" and not re.match(r"\s*(?:that\b|[,:\"“]|[.!?]?\s*$)", s[v.end():]) \
                and not _CLAUSE_OPENS.match(s[v.end():].lstrip()):
            continue   # "Chile maintained neutrality during the war": a thing kept, not words
        got = _np_before(s, v.start())
        if got:
            return (*got, v.group("verb"))
    acc = _ACCORDING.search(s)
    if acc and (np_ := acc.group("np").strip(" \"“”'‘’[]")):
        m = _TAIL_RUN.fullmatch(np_)
        if m and not m.group("det") and np_.split()[0] not in _NOT_NAME:
            return (*_person_at(s, acc.start("np"), acc.end("np")), True, "according to")
        t = _TAIL_RUN.search(np_)
        if t and not t.group("det") and t.start() > 0 and len(split_run(t.group("run"))[0].split()) >= 2 \
                and _bare(np_[:t.start()].split()[-1]).lower() in ROLE_NOUNS | {w.lower() for w in TITLES}:
            a = acc.start("np") + t.start("run")   # "According to SpaceX founder Elon Musk"
            return (*_person_at(s, a, a + len(t.group("run"))), True, "according to")
        if np_[:1].isupper() or np_.split()[0].lower() in _DETERMINERS \
                or _bare(np_.split()[-1]).lower().rstrip("s") in ROLE_NOUNS:   # not "according to plan"
            # "a government filing last week in U.S. district court": the source, not when and where
            # ("a statement issued by X" keeps its author)
            np_ = np_ if document_author(np_)[1] else re.split(r"\s+(?:last|this|on|in|at|published|released|issued|filed|obtained|seen)\b", np_)[0]
            return " ".join(np_.split()[:None if document_author(np_)[1] else 8]), None, False, "according to"
    view = _VIEW.match(s)
    if view:   # "To Francis Creighton, president of ..., that's a nonstarter": his view
        name, role = _person_at(s, view.start("run"), view.end("run"))
        if len(name.split()) >= 2 and not any(t in _ORG or t in _NOT_NAME or t in _DOCUMENT for t in name.split()):
            return name, role, True, "view"
    return None


_DOC_HEAD_END = {"of", "by", "from", "about", "on", "which", "that", "issued", "released", "published", "sent",
                 "posted", "put", "in", "at", "to", "for", "with", "signed", "cited", "quoted"}
_DOC_BY = re.compile(r"(?:(?:issued|released|published|put\s+out|sent|posted|signed)\s+)?(?:by|from|of)\s+(?P<who>.+)$")


def document_author(np_: str) -> tuple[bool, str | None]:
    """(is a document, its author) for a speaker noun phrase: "the official website of the Iranian
    presidency" -> the Iranian presidency; "a statement issued by X" -> X; "a Chilean government report"
    -> the Chilean government; "Iran's statement" -> Iran; "the Iranian statement about the call" ->
    (True, None): a document whose author the phrase does not name. (False, None) for any other phrase."""
    words = np_.split()
    cut = next((i for i, w in enumerate(words) if i and w.lower() in _DOC_HEAD_END), len(words))
    if not words or _bare(words[cut - 1]).lower() not in DOCUMENT_NOUNS:
        return False, None
    if (by := _DOC_BY.match(" ".join(words[cut:]))):
        who = re.split(r"\s+(?:which|that|who|on|in|at|about|last|this)\b|,", by.group("who"))[0].strip()
        if who and (who[:1].isupper() or who.split()[0].lower() in ("the", "a", "an", "its", "his", "her", "their")):
            return True, re.sub(r"^The\b", "the", who)
    mods = [w for w in words[:cut - 1] if w.lower() not in _DETERMINERS and w.lower() not in ("official", "joint",
                                                                                              "written", "new")]
    if mods and mods[-1].endswith(("'s", "’s")):
        return True, _bare(mods[-1])
    if mods and _bare(mods[-1]).lower() in _AUTHOR_NOUNS:
        return True, "the " + " ".join(mods)
    if mods and all(m[:1].isupper() for m in mods) and (mods[-1].isupper() or mods[-1] in _ORG or not mods[-1].endswith(
            ("ian", "ese", "ish", "ean", "an", "ic", "i"))):   # "the Kremlin statement", not "the Iranian statement"
        return True, ("the " if words[0].lower() == "the" else "") + " ".join(mods)
    return True, None


def _statement_author(s: str, att: Attribution | None) -> str | None:
    """Who a sentence says made a statement ("X, in a statement released Friday, accused ..."): the
    sentence's speaker, else its subject when that is a name or an organisation."""
    if not _STATEMENT_MENTION.search(s):
        return None
    if att is not None:
        return att.speaker
    m = re.match(rf"\s*(?:(?P<det>[Tt]he)\s+)?(?P<run>{NAME_RUN.pattern})(?:\s+(?P<noun>[a-z]+))?(?=,|\s+[a-z])", s)
    if m and m.group("run").split()[0] not in _NOT_NAME:
        owner = m.group("run").endswith(("'s", "’s")) and m.group("noun")   # "Charamut's campaign"
        return ("the " if m.group("det") else "") + m.group("run") + (" " + m.group("noun") if owner else "")
    return None


def _quote_open(text: str, was_open: bool) -> bool:
    """Whether a quotation is still open after `text`, given the state before it. A straight quote
    opens before a word ('said: "I think') and closes after one ('enough."'); only a lone one toggles."""
    state = was_open
    for m in _QUOTE_CH.finditer(text):
        q = m.group(0)
        if q in ("“", "«", "``", "‘‘"):
            state = True
        elif q in ("”", "»", "''", "’’"):
            state = False
        else:
            before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
            opens, closes = (not before or before in " ([—–-") and after.isalnum(), \
                before and before not in " (" and (not after or not after.isalnum())
            state = True if opens and not closes else False if closes and not opens else not state
    return state


def _role_score(role: str | None) -> int:
    """Longer roles say more; 'his Russian counterpart' says little on its own."""
    return 0 if not role or role.endswith("counterpart") else len(role)


class _People:
    """The people an article has named so far: full name, best role, every role seen (for descriptors)."""

    def __init__(self) -> None:
        self.full: dict[str, str] = {}     # full name or surname -> full name
        self.role: dict[str, str | None] = {}
        self.seen: dict[str, str] = {}     # full name -> all roles seen, lower case
        self.spoke: set[str] = set()       # full names that have been speakers

    def add(self, name: str, role: str | None) -> None:
        full = self.full.get(name, name)
        self.full.setdefault(name, full)
        if len(name.split()) > 1:
            self.full.setdefault(name.split()[-1], full)
        if role and _role_score(role) > _role_score(self.role.get(full)):
            self.role[full] = role
        self.role.setdefault(full, None)
        self.seen[full] = self.seen.get(full, "") + " " + (role or "").lower()

    def is_person(self, full: str | None) -> bool:
        """Named with a role, or a full name that has spoken (single-word speakers may be companies)."""
        return bool(full) and (self.role.get(full) is not None or full in self.spoke and " " in full)

    def resolve(self, name: str) -> str | None:
        return self.full.get(name) or (self.full.get(name.split()[-1]) if len(name.split()) == 1 else None)

    def learn(self, s: str) -> None:
        for m in NAME_RUN.finditer(s):
            if " " not in m.group(0) and m.group(0) not in self.full:
                continue   # a lone capitalised word is nobody new
            name, role = _person_at(s, m.start(), m.end())
            toks = name.split()
            title = split_run(m.group(0))[1].split()
            titled = len(toks) == 1 and bool(title) and title[-1].rstrip(".") in TITLES and toks[0] not in _ORG \
                and toks[0] not in _NOT_NAME and toks[0][:1].isupper() and toks[0][-1:].isalpha()
            if len(toks) >= 2 and not any(t in _ORG or t in _NOT_NAME for t in toks) \
                    or role and self.resolve(name) or titled:   # "President Trump" is a person
                self.add(self.resolve(name) or name, role)

    def person_in(self, s: str, last: bool = False, subject: bool = False) -> str | None:
        """The first (or last) known person named in `s`; with `subject`, not one named inside a
        quotation or as an owner ("Kim's address ... prompting a response from Trump": Trump)."""
        if subject:
            s = _QUOTED.sub(lambda q: " " * len(q.group(0)), s)
        hits = [h for m in NAME_RUN.finditer(s)
                if not (subject and s.startswith(("'s", "’s"), m.end()))
                and self.is_person(h := self.resolve(split_run(m.group(0))[0]))]
        return (hits[-1] if last else hits[0]) if hits else None


def attributions(sentences: list[str]) -> list[Attribution | None]:
    """Attributions for an article's sentences in order, resolved against what came before."""
    people = _People()
    out: list[Attribution | None] = []
    last: Attribution | None = None
    since: list[str] = []    # sentences since the last named speaker, newest last: where "he" looks
    last_person: str | None = None
    open_before, open_after = [], []
    state = False
    last_at = -9
    doc_author: str | None = None   # who made the statement the article last mentioned
    for n, s in enumerate(sentences):
        open_before.append(state)
        state = _quote_open(s, state)
        raw = _raw(s)
        if raw and not _QUOTE_CH.search(s):
            state = False   # reported speech with its own speaker and no quote mark: any quotation has ended
        open_after.append(state)
        people.learn(s)
        att = None
        if raw:
            speaker, role, is_name, verb = raw
            if is_name and " and " in speaker:
                speaker, role = " and ".join(people.resolve(n) or n for n in speaker.split(" and ")), None
            elif is_name:
                people.add(people.resolve(speaker) or speaker, role)
                speaker = people.resolve(speaker) or speaker
                role = people.role.get(speaker) or role
                people.spoke.add(speaker)
            elif speaker in ("he", "she"):
                at = max(s.rfind(f" {speaker} "), s.rfind(f" {speaker.title()} "))
                joined = _JOINED.search(s[:at]) if at > 0 else None
                # "Moon ordered the drill as he admitted ...": the subject of this sentence; "..., he said":
                # the words before are what he said, so the subject of a sentence before
                for ctx in ([s[:joined.start()]] if joined else []) + list(reversed(since)):
                    if (hit := people.person_in(ctx, subject=True)):
                        last_person, since = hit, []
                        break
                speaker, role = (last_person, people.role.get(last_person)) if last_person else (None, None)
            elif (doc := document_author(speaker))[0]:
                # a document speaks for its author: named with it, else the one that made a statement before
                speaker, role = doc[1] or doc_author, None
            else:
                recent = last if last and n - last_at <= RECENT_SPEAKER and people.is_person(last.speaker) else None
                speaker, role = _descriptor(speaker, people, last, recent)
            att = Attribution(speaker, role, bool(_QUOTE_CH.search(s)), verb) if speaker else None
        doc_author = _statement_author(s, att) or doc_author
        out.append(att)
        last = att or last
        last_at = n if att else last_at
        if att and people.is_person(att.speaker):
            last_person, since = att.speaker, []
        else:
            since = [*since[-5:], s]
    for i in range(len(out) - 2, -1, -1):   # a quotation's opening sentences take the speaker of its closing one
        if out[i] is None and open_after[i] and out[i + 1] is not None and open_before[i + 1]:
            out[i] = replace(out[i + 1], quote=True)
    opened = []                             # where the quotation open before each sentence began
    for i in range(len(out)):
        opened.append(opened[-1] if i and open_before[i] and open_before[i - 1] else i - 1)
    for i in range(1, len(out)):            # ... or of its attributed opening; a bare quotation continues
        bare_quote = sentences[i].lstrip()[:1] in "\"“«`" and _QUOTE_CH.search(sentences[i]) \
            or re.match(r"\s*['‘](?=[A-Z])", sentences[i]) and sentences[i - 1].rstrip()[-1:] in ".!?'’"
        long_open = i - opened[i] > QUOTE_SENTENCES_MAX   # an unclosed quote mark, not a speech this long
        if out[i] is None and out[i - 1] is not None and (open_before[i] and not long_open or bare_quote):
            out[i] = replace(out[i - 1], quote=True, verb="continued")
    return out


def find_attribution(sentence: str, context: list[str] | None = None) -> Attribution | None:
    """The attribution of one sentence; `context` (the article's earlier sentences) resolves names/pronouns."""
    return attributions([*(context or []), sentence])[-1]


def _descriptor(desc: str, people: _People, last: Attribution | None,
                recent: Attribution | None = None) -> tuple[str, str | None]:
    """'the Iranian president' -> the person whose roles say so; 'the analyst' -> the last speaker;
    'the judge', 'the Florida Republican' -> the person who spoke just before (`recent`), when no
    one else fits."""
    words = [_bare(w).lower() for w in desc.split() if w.lower() not in ("the", "a", "an")]
    if desc.split()[-1] in _ORG or desc.split()[-1] in _ORG_ACRONYMS:
        return desc, None   # "the European Central Bank" is the bank, not its chief
    if not words or words[-1] in _NON_PERSON or words[-1].endswith("s") or desc.split()[0].lower() in ("a", "an"):
        return desc, None   # plural, an organisation, or someone new ("a Western diplomat")
    for full in reversed(list(people.seen)):
        if people.is_person(full) and all(re.search(rf"\b{re.escape(w)}\b", people.seen[full]) for w in words):
            return full, people.role.get(full)
    if words and words[-1] in _GENERIC and last and last.speaker in people.role:
        return last.speaker, last.role
    head = next((words[i - 1] for i, w in enumerate(words) if i and w in _OBJECT_PREPS | {"of", "in"}), words[-1])
    if recent is not None and desc.split()[0].lower() == "the" and head in _PERSON_HEADS:
        return recent.speaker, recent.role
    return desc, None


# -- what was said, and who across a story ---------------------------------------------------------
_PARTICLES = {"al", "bin", "ibn", "de", "van", "von", "der", "da", "del", "di", "la", "le", "du"}
STATEMENT_MIN_WORDS = 6   # a shorter remainder is not a statement on its own: the whole sentence is shown
CLAUSE_MIN_WORDS = 4      # ... unless it is the sentence's opening clause, with its verb
_QUOTE_SPAN = re.compile(r"[\"“]([^\"“”]+)[\"”]|``(.+?)''|(?:^|(?<=[\s(]))['‘](?=\w)(.+?)['’](?=[\s,.;:!?)]|$)")
_WHEN = (r"(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\s+(?:morning|afternoon|evening|night))?|yesterday|today|"
         r"tonight|earlier|later|recently|also|again|previously|once|last\s+\w+|this\s+(?:week|month|year|morning)|"
         r"earlier\s+this\s+\w+|in\s+(?:late\s+|early\s+)?(?:January|February|March|April|May|June|July|August|"
         r"September|October|November|December)|in\s+an?\s+(?:statement|interview|email|e-mail|letter|post|tweet|"
         r"speech|video|television interview)(?:\s+with\s+(?:the\s+)?[A-Z][\w.&]*(?:\s+[A-Z][\w.&]*)*)?|"
         r"on\s+(?:Twitter|Facebook|Instagram|television|TV|radio)|to\s+(?:the\s+)?(?:reporters|journalists|[A-Z][\w.&]*"
         r"(?:\s+[A-Z][\w.&]*)*)|at\s+a\s+(?:news|press)\s+conference")
# whom a statement was told: "told reporters", "told CBS News", "told German radio", "told him"
_AUDIENCE = (r"(?:him|her|them|us|me|(?:the\s+|a\s+)?(?:[A-Z][\w.&’'-]*\s+){0,4}(?:reporters|journalists|radio|"
             r"television|lawmakers|parliament|[A-Z][\w.&]*))(?![\w’'])")
# verbs whose object is what was said ("said the talks failed"); after the others ("warned of", "responded to",
# "announced the cargo") only a clause opened by "that" is a statement
_SAYS = {"said", "says", "say", "told", "tells", "added", "adds", "stated", "states", "believes", "wrote",
         "explained", "insisted", "claimed", "asserted", "reiterated", "contended", "maintained", "went on to say"}
_FRAME_WORDS = {"in", "on", "at", "during", "after", "before", "while", "when", "to", "from", "as", "via", "through",
                "last", "this", "earlier", "later", "late", "yesterday", "today", "tonight", "monday", "tuesday",
                "wednesday", "thursday", "friday", "saturday", "sunday", "recently", "then", "again", "also"}
_SAID_TAIL = re.compile(rf"(?:,?\s+(?:{_WHEN}))*\s*(?:,\s*)?(?:that\s+)?(?=\S)")
_TOLD_TAIL = re.compile(rf"\s+{_AUDIENCE}(?:,\s*(?:a|an|the)\s+[^,;:\"“”]{{1,80}}?,(?=\s+that\b))?(?:,?\s+(?:{_WHEN}))*\s*(?:,\s*)?(?:that\s+)?(?=\S)")
_ACCORDING_SEG = re.compile(rf"\s*,?\s*\b[Aa]ccording to\s+{_NP_TEXT}\s*(?=[,.;:]|$)")


def statement_text(sentence: str, att: Attribution | None) -> str:
    """What `att`'s speaker said in `sentence`, without the attribution around it: the quotation
    (`"It's just for fun," Musk said.` -> `"It's just for fun."`), the reported clause (`Musk said
    the launch will slip.` -> `The launch will slip.`), or the sentence less its `according to X` /
    `, X said` frame. The sentence itself when no shorter form keeps STATEMENT_MIN_WORDS words."""
    text = " ".join(sentence.split())
    if att is None or att.verb == "continued":
        return without_connective(text)
    for cand in _statement_forms(text, att):
        cand = _inner_frames(cand.strip(" ,;:—–-")).strip(" ,;:—–-")
        # a shorter clause will do where it opens the sentence and has its verb ("Mitch is closing in, said X")
        whole_clause = len(cand.split()) >= CLAUSE_MIN_WORDS and text.startswith(cand) and _FINITE.search(cand)
        if (len(cand.split()) >= STATEMENT_MIN_WORDS or whole_clause) and cand != text:
            cand = cand if cand[-1:] in ".!?”\"'’" else cand + "."
            if cand.count("“") > cand.count("”"):   # 'into a “precessing orbit around the sun,” officials wrote'
                cand += "”"
            elif cand.count('"') % 2:
                cand += '"'
            return without_connective(cand[:1].upper() + cand[1:] if cand[:1].islower() else cand)
    return without_connective(text)


# a second frame closing the reported clause ("X said Y, the state-owned news agency EFE reported.")
_CLOSING_FRAME = re.compile(r",\s+(?P<np>(?:the\s+|a\s+)?(?:[\w'’.-]+\s+){0,7}?)(?:reported|reports|said|says)\s*\.?$")
# a second reporting verb joined to the first ("acknowledged that X, but said, That does not ...")
_AND_SAID = re.compile(rf",?\s+(?:but|and)\s+(?:also\s+)?(?:{_VERBS})(?:\s+that)?\s*[,:]?\s+(?=[A-Za-z])")


def _inner_frames(cand: str) -> str:
    """A statement without the frames left inside it: a closing ", X reported", and ", but said,"
    between two things said (each shown as a sentence)."""
    if _QUOTE_CH.search(cand):
        return cand
    if (m := _CLOSING_FRAME.search(cand)) and m.start() > 0 and not _FINITE.search(m.group("np")) \
            and not re.search(r"\b(?:he|she|it|they|we|I|you|who|which|that)\s*$", m.group("np")):
        cand = cand[:m.start()]
    parts = _AND_SAID.split(cand)
    if len(parts) > 1 and all(len(p.split()) >= CLAUSE_MIN_WORDS for p in parts):
        cand = ". ".join(p[:1].upper() + p[1:] for p in parts)
    return cand


# a sentence adverb tying a sentence to the one before it: shown apart, it points at nothing
_CONNECTIVE = re.compile(r"(?:However|Meanwhile|Nevertheless|Nonetheless|Moreover|Furthermore|Still|Instead|"
                         r"In addition|Additionally|Also|Yet|Besides|Likewise|Similarly|Conversely|In turn|"
                         r"By contrast|In contrast|On the other hand|At the same time|That said|Even so|That is why|That's why|"
                         r"This is why),\s+"
                         r"|(?:But|And|So)\s+(?=[a-zA-Z])")


def without_connective(text: str) -> str:
    """`text` without a leading "However," / "But" (see `_CONNECTIVE`), capitalised; unchanged
    when fewer than STATEMENT_MIN_WORDS words would remain."""
    m = _CONNECTIVE.match(text)
    if not m or len(text[m.end():].split()) < STATEMENT_MIN_WORDS:
        return text
    rest = text[m.end():]
    if rest.split()[0] == "I" or rest[:1].isupper():
        return rest
    return rest[:1].upper() + rest[1:]


# a statement whose words point at what came before it: a third-person pronoun in its opening words
# ("We believe that they are absolutely illegitimate"), or an opening "This"/"That" without a noun
_NEEDS_BEFORE = re.compile(r"^(?:\W*(?:\S+\s+){0,5}?(?i:they|them|their|these|those|he|she|him|his)\b"
                           r"|\W*(?:This|That|These|Those)\s+(?:is|was|are|were|has|had|will|would|means|shows)\b)")


def needs_context(text: str) -> bool:
    """Whether a statement shown on its own leaves the reader asking what it is about: it opens
    with a connective (`_CONNECTIVE`) or points back with a pronoun (`_NEEDS_BEFORE`)."""
    return bool(_CONNECTIVE.match(text) or _NEEDS_BEFORE.match(text.lstrip("“\"‘'")))


def _statement_forms(text: str, att: Attribution):
    quoted = [next(g for g in m.groups() if g) for m in _QUOTE_SPAN.finditer(text)]
    longest = max(quoted, key=len, default="")
    if longest and len(longest.split()) >= 0.5 * len(text.split()) and longest.lstrip()[:1].isupper():
        yield "“" + longest.strip().rstrip(",").rstrip() + ("" if longest.rstrip()[-1:] in ".!?" else ".") + "”"
    if att.verb not in ("according to", "view", "continued") and not _QUOTE_CH.search(text):
        yield from _around_frame(text, att)
    if (intro := _INTRODUCED_QUOTE.search(text)) and len(intro.group("q").split()) >= STATEMENT_MIN_WORDS \
            and intro.group("q")[:1].isupper():
        # 'the president stressed ..., and said, “We consider ...,” according to ...': the words he was quoted saying
        body = intro.group("q").strip().rstrip(",").rstrip()
        yield "“" + body + ("" if body[-1:] in ".!?" else ".") + "”"
    if att.verb not in ("according to", "view", "continued") and (as_said := re.search(
            rf"(?:^\W*|,\s*(?:but\s+|and\s+)?)[Aa]s\s+[^,;:\"“”]{{0,100}}?\b{re.escape(att.verb)}(?:,?\s+(?:{_WHEN}))*"
            r"\s*,\s+(?=\S)", text)):
        yield text[as_said.end():]   # "..., but as spokesman X said on Monday, CONTENT": what he said follows
    if att.verb == "according to":
        yield _ACCORDING_SEG.sub("", text)
        return
    if att.verb == "view":   # "To X, role, that's a nonstarter": what follows the introduction
        intro = re.match(rf"\s*(?:To|For)\s+{NAME_RUN.pattern}\s*,(?:\s*{re.escape(att.role)}\s*,)?", text) \
            if att.role else re.match(rf"\s*(?:To|For)\s+{NAME_RUN.pattern}\s*,", text)
        if intro:
            yield text[intro.end():]
        return
    verbs = [v for v in _VERB.finditer(text) if v.group("verb") == att.verb] or \
        [v for v in re.finditer(rf"\b{re.escape(att.verb)}\b", text)]
    if not verbs or att.verb in _DENIALS:
        return   # "Pendry denied that Idris owned businesses": the clause is what he denied, not what he said
    v = verbs[0]
    at = [m.start() for m in re.finditer(rf"\b{re.escape(att.speaker.split()[-1])}\b", text)]
    if len(verbs) > 1 and at:   # "As we said ..., said David C. Leavy": the verb beside the speaker's name
        v = min(verbs, key=lambda x: (min(abs(x.start() - i) for i in at), x.start()))
    # "CONTENT, Musk said." / "CONTENT, Montenegro's president, Milo Djukanovic, said.": the content before
    # the frame, which starts at the comma before the first mention of the speaker or their role
    anchors = [i for w in (att.speaker.split()[-1], att.role) if w
               for i in [text.rfind(w, 0, v.start())] if i >= 0]
    anchor = min(anchors, default=v.start())
    comma = text.rfind(",", 0, anchor)
    role_parts = {p.strip().lower() for p in (att.role or "").split(",") if p.strip()}
    near_comma = comma
    while comma > 0 and (prev := text.rfind(",", 0, comma)) > 0 and (
            _APPOSED.fullmatch(text, prev + 1, comma) or text[prev + 1:comma].strip().lower() in role_parts):
        # "..., the operative, Haroun Fazil, wrote": "the operative" is the frame's too, and so is a role
        # set off before the name ("..., Iranian political scientist and leading expert, Professor X has told")
        comma = prev
    if comma > 0 and len(text[near_comma + 1:anchor].split()) <= 8 and _tail_is_frame(text[v.end():], att.speaker):
        yield text[:comma]
    # "Musk said (on Monday) (that) CONTENT": the reported clause after a subject that is only the speaker
    # ("..., but SpaceX founder Elon Musk says CONTENT": the speaker just before the verb will do)
    before = text[:v.start()]
    near = any(0 <= v.start() - i <= 40 for i in anchors)
    leads = anchors and len(text[:min(anchors)].split()) <= 3   # "Pok Than, one of the negotiators, said ..."
    if (len(before.split()) <= 12 and not before.rstrip().endswith(",") or near or leads) \
            and not _QUOTE_CH.search(before):
        rest = text[v.end():]
        tail = (_TOLD_TAIL.match(rest) if v.group(0) in ("told", "tells") else None) or _SAID_TAIL.match(rest)
        # "announced the Falcon Heavy's cargo": an object, not a clause, unless "that" opens it
        said = rest[tail.end():] if tail else ""
        # ... or a clause all the same: "declared Hurricane Mitch had set back ...", "warned the army could not"
        clause = v.group(0) in _SAYS or re.search(r"\bthat\s+$", rest[:tail.end()] if tail else "") \
            or _CLAUSE_OPENS.match(said)
        first = said.split()[0].lower() if said.split() else ""
        # not a frame word, an object pronoun or a participle ("said in a statement published Monday by ...")
        opens_clause = first not in {"in", "on", "at", "during", "after", "before", "to", "from", "via", "through",
                                     "following", "amid", "about", "of", "for", "with", "him", "her", "them", "us",
                                     "me", "by", "into"} \
            and not (first.endswith("ed") and said[:1].islower()) \
            or bool(tail and re.search(r"\bthat\s+$", rest[:tail.end()]))   # "said that in many aspects, ..."
        told_whom = v.group(0) not in ("told", "tells") or bool(_TOLD_TAIL.match(rest)) or "that" in rest[:tail.end()]
        if tail and clause and opens_clause and told_whom and not rest.lstrip().startswith(","):
            if _INDIRECT_QUESTION.match(said):
                # "Lavrov said how there would be ...": no statement on its own; what he was quoted saying is
                if (q := _closing_quote(text, v.end())):
                    yield q
                return
            yield said
        elif (obj := (_THAT_AFTER_TOLD if v.group(0) in ("told", "tells") else _THAT_AFTER).match(rest)) \
                and not _QUOTE_CH.search(rest[:obj.end()]):
            yield rest[obj.end():]    # "warned the owners this week that CONTENT", "claimed during the trial that"
        elif v.group(0) in _SAYS and re.match(r"\s*[,:]\s*\S", rest) and not _SAYING.match(rest):
            yield rest.lstrip()[1:]   # "Kenneth Duberstein, a former official, said, I have no doubt ..."
        # "X commented on the visit, saying that bilateral issues will be discussed": what the participle reports
        if (part := _SAYING.search(text, v.end())):
            yield text[part.end():]


# a subject of a few words and then a finite verb: the object of "declared", "warned" is a clause
_CLAUSE_OPENS = re.compile(r"(?!(?:to|of|for|with|about|on|in|at|by|from)\b)"
                           r"(?:(?!(?:who|which|that|when)\b)[^\s,;:]+\s+){1,5}?"
                           r"(?:had|has|have|was|were|is|are|will|would|could|should|can|must|may|might|did|does)\b")
_DENIALS = {"denied"}
# an appositive set off by commas: "the operative", "a farmer and hotel owner"
_APPOSED = re.compile(r"\s*(?:the|a|an|his|her|its|their)(?:\s+(?!(?:which|who|whom|whose|that|is|are|was|were|be|"
                      r"we|they|he|she|it)\b)[\w'’-]+){1,4}\s*")
# the words between a reporting verb and "that" which only say to whom, when or where (no verb, no clause)
_THAT_AFTER = re.compile(r"(?:,?\s+(?!(?:is|was|were|are|be|been|had|has|have|will|would|could|should|can|"
                         r"did|does|said|says|and|but|because|who|which|if|whether)\b)[\w'’.-]+){1,15}?,?\s+that\s+(?=\w)")
# ... after "told", "and" joins the audience ("told business and political leaders in Singapore that")
_THAT_AFTER_TOLD = re.compile(_THAT_AFTER.pattern.replace("|and|", "|"))
# a reported clause that is a question word's complement, not a statement ("said how", "said whether")
_INDIRECT_QUESTION = re.compile(r"(?:how|whether|why|where|who|which)\b", re.I)   # not "if" or "when": "said that if"
# a participle after the reporting clause that introduces what was said
_SAYING = re.compile(r",\s+(?:saying|adding|noting|stressing|arguing|warning|insisting|explaining|stating)"
                     r"(?:\s+that)?\s+(?=[\w\"“])")


# a quotation a reporting verb introduces ("and said, “We consider ...”"), closed or running on past the sentence
_INTRODUCED_QUOTE = re.compile(rf"\b(?:{_VERBS})(?:,?\s+(?:{_WHEN}))*\s*[,:]\s*[\"“](?P<q>[^\"“”]+)(?:[\"”]|$)")
# a frame inside the sentence: "CONTENT, he underlined, pointing to ...", "CONTENT, he said. adding, ..."
_MID_FRAME = re.compile(rf",\s+(?P<who>[Hh]e|[Ss]he|(?:[Tt]he\s+)?[A-Za-z][\w'’.-]*(?:\s+[A-Za-z][\w'’.-]*){{0,3}}?)\s+"
                        rf"(?P<verb>{_VERBS})(?:,?\s+(?:{_WHEN}))*\s*[,.]\s+(?=\S)")
# what a participle after a mid-sentence frame says: words of the speaker ("adding that") or an elaboration
_WORDS_AFTER = re.compile(r"(?:adding|saying|noting|stressing|explaining|arguing|insisting|warning|stating|"
                          r"emphasi[sz]ing|underlining)(?:\s+that)?\s*,?\s+")
_POINTING = re.compile(r"(?:pointing\s+(?:out\s+|to\s+(?:the\s+fact\s+)?)|referring\s+to\s+(?:the\s+fact\s+)?)"
                       r"that\s+")


def _around_frame(text: str, att: Attribution):
    """What was said around a frame inside the sentence, the frame left out: "Russia and Iran have had
    some divergences, he underlined, pointing to the fact that Iran has its own approach" -> "Russia
    and Iran have had some divergences: Iran has its own approach"; "The deal, he said, will hold" ->
    "The deal will hold"; "..., he said. adding, they try ..." -> "... They try ...". The frame's
    subject is a pronoun, the speaker's name or a role word; what follows it is not only the frame."""
    for m in _MID_FRAME.finditer(text):
        who = m.group("who").split()
        if m.group("verb") != att.verb or not (
                who[0].lower() in ("he", "she") or who[-1] in att.speaker.split()
                or _bare(who[-1]).lower() in ROLE_NOUNS and who[0].lower() == "the"):
            continue
        before, after = text[:m.start()], text[m.end():]
        if len(before.split()) < CLAUSE_MIN_WORDS or _tail_is_frame(text[m.end("verb"):], att.speaker):
            continue
        if (w := _WORDS_AFTER.match(after)):
            rest = after[w.end():]
            yield f"{before}. {rest[:1].upper()}{rest[1:]}"
        elif (p := _POINTING.match(after)):
            yield f"{before}: {after[p.end():]}"
        elif after.split()[0].endswith("ing") and after[:1].islower():
            yield before   # "..., he said, citing figures": what he did, not what he said
        elif after[:1].islower():
            yield f"{before} {after}"
        return


def _closing_quote(text: str, after: int) -> str | None:
    """The quotation that closes `text` after offset `after`, as a sentence of its own (capitalised:
    it is shown apart from the words that led into it), when it holds a statement."""
    m = re.search(r"[\"“]([^\"“”]+)[\"”]\s*[.!?]?\s*$", text[after:])
    if not m or len(m.group(1).split()) < STATEMENT_MIN_WORDS:
        return None
    body = m.group(1).strip().rstrip(",")
    return "“" + body[:1].upper() + body[1:] + ("" if body[-1:] in ".!?" else ".") + "”"


def _tail_is_frame(after: str, speaker: str) -> bool:
    """Whether what follows the reporting verb only completes the frame (time, place, the speaker)."""
    after = after.strip()
    if (aud := re.match(_AUDIENCE, after)) and not after.lower().startswith(speaker.lower()):
        after = after[aud.end():].strip()   # "..., Cook told reporters after a session."
    if not after or after in ".!?":
        return True
    if speaker and after.lower().startswith(speaker.lower()):   # "..., said Safari Ngezayo, a farmer and hotel owner."
        rest = after[len(speaker):]
        if re.fullmatch(r"(?:,\s*[^,;:]{1,80})?[.!?]?", rest) and not re.search(
                r"\b(?:that|because|but|who|which|when|after|before)\b", rest):
            return True
    if re.fullmatch(rf"(?:the|a|an|its|his|her|their)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{'|'.join(sorted(DOCUMENT_NOUNS))})"
                    r"\b[^;:]{0,80}[.!?]", after):
        return True   # "..., said the statement.": a document speaking for its author
    first = after.split()[0].strip(",").lower()
    opens = after.startswith(",") or after[:1].isupper() or after.lower().startswith(speaker.lower()) \
        or first in _FRAME_WORDS or aud is not None and first.endswith("ing")   # "told reporters covering ..."
    return opens and after[-1:] in ".!?" and len(after.split()) <= 14 and not re.search(
        r"\b(?:that|because|but|and)\b", after)


def full_names(surnames: set[str], texts: list[str]) -> list[str]:
    """The full names (two words or more) that `texts` give people called by one of `surnames`:
    "Justice Kristine Eidsvik" -> "Kristine Eidsvik" for "Eidsvik"."""
    found: set[str] = set()
    for text in texts:
        if not any(n in text for n in surnames):
            continue
        for m in NAME_RUN.finditer(text):
            name = split_run(m.group(0))[0]
            toks = name.split()
            if len(toks) >= 2 and (toks[-1] in surnames or toks[0] in surnames) and _is_name(name):
                found.add(name)
    return sorted(found)


def story_speakers(speakers: list[tuple[str, str | None]], mentions: list[str] = ()) -> dict[str, tuple[str, str | None]]:
    """Speaker as an article names them -> (speaker as the story shows them, role), one entry per
    person across articles: "Musk", "Elon Musk" and "Mr. Musk" become the fullest name the story
    uses ("Elon Musk", among the speakers and the full names in `mentions`), when that name is the
    only one it fits; spellings of one name ("Sergey Lavrov", "Sergei Lavrov": `_spelled_alike`) are
    one person, under the spelling given most often. The role is the one given most often (ties:
    the longer), without honorifics (`display_role`). Deterministic: only sorted lists decide."""
    names = sorted({s for s, _ in speakers})
    roles_of: dict[str, set[str]] = {}
    for s, r in speakers:
        if (shown := display_role(r)):
            roles_of.setdefault(s, set()).add(shown)
    said = {n: sum(1 for s, _ in speakers if s == n) for n in names}
    spelling = _spellings(sorted({n for n in [*names, *mentions] if _is_name(n)}), said, roles_of)
    persons = sorted({spelling.get(n, n) for n in [*names, *mentions] if _is_name(n)})
    full: dict[str, str] = {}
    for n in names:
        if not _is_name(n):
            owner = [p for p in persons if len(p.split()) >= 2 and n.endswith(" " + p)]
            full[n] = max(owner, key=len) if owner else n   # "the Southwest Research Institute's Alan Stern"
            continue
        n_as = spelling.get(n, n)
        toks = n_as.split()
        fits = [p for p in persons if p != n_as and len(p.split()) > len(toks) and p.split()[-1] == toks[-1]
                and all(t in p.split() for t in toks)]
        longest = max((len(p.split()) for p in fits), default=0)
        best = sorted({p for p in fits if len(p.split()) == longest})
        # "Musk" -> "Elon Musk" when every longer name it fits is one person ("Elon R. Musk" holds "Elon Musk")
        if best and all(all(t in best[0].split() for t in f.split()) for f in fits):
            full[n] = best[0]
        elif not fits and len(toks) == 1 and len(given := [p for p in persons if p.split()[0] == n_as
                                                          and len(p.split()) >= 2]) == 1 \
                and not any(given[0].split()[-1] in r for r in roles_of.get(n, ())):
            # "said Bhichai" -> "Bhichai Rattakul": a given name only one full name has; not when the role
            # relates the speaker to that person ("Pinochet's son, Augusto": not Augusto Pinochet himself)
            full[n] = given[0]
        else:
            full[n] = n_as
    roles: dict[str, dict[str, int]] = {}
    for s, r in speakers:
        if (r := display_role(r)):
            counts = roles.setdefault(full[s], {})
            counts[r] = counts.get(r, 0) + 1
    out = {}
    for n in names:
        counts = roles.get(full[n], {})
        role = min(counts, key=lambda r: (-counts[r], -_role_score(r), r)) if counts else None
        out[n] = (full[n], role)
    return out


# honorifics and forms of address: part of how a person is addressed, neither their name nor their
# role ("Iranian President Ayatollah Seyed Ebrahim Raisi" is Ebrahim Raisi, Iranian President)
HONORIFICS = set("""Ayatollah Ayatullah Hojatoleslam Hojjatoleslam Hojatolislam Seyed Seyyed Sayyid Sayed Syed Sayyed
    Sheikh Shaikh Sheik Haji Hajji Hajj Mr Mrs Ms Miss Mx Dr Sir Dame Rev Reverend Hon Honorable Honourable Excellency
    Mullah Mawlana Maulana""".split())
# the word before an honorific that belongs to it ("Grand Ayatollah")
_HONORIFIC_LEAD = {"Grand", "His", "Her", "The", "the"}


def display_role(role: str | None) -> str | None:
    """The role as a memo shows it: without honorifics ("Iranian President Ayatollah Seyed" ->
    "Iranian President", "Mr." -> None)."""
    role = (role or "").replace("``", "").replace("''", "").strip(" \"“”‘’'`,")
    if not role:
        return None
    parts = []
    for part in role.split(", "):
        toks = part.split()
        keep = [t for i, t in enumerate(toks) if t.rstrip(".,") not in HONORIFICS and not (
            t in _HONORIFIC_LEAD and i + 1 < len(toks) and toks[i + 1].rstrip(".,") in HONORIFICS)]
        if (cut := " ".join(keep).strip(" ,")):
            parts.append(cut)
    return ", ".join(parts) or None


SPELLING_EDITS = 2   # letters two spellings of one given name may differ by ("Sergey"/"Sergei", "Mohammad"/"Muhammad")
NICKNAME_EXTRA = 3   # letters a given name has beyond its short form ("Matt"/"Matthew"; "Jean"/"Jeanne" are two names)


def _spellings(persons: list[str], said: dict[str, int], roles_of: dict[str, set[str]]) -> dict[str, str]:
    """Full name -> the spelling the story uses for that person: names with one surname whose other
    words are spellings of one another (`_spelled_alike`) and whose roles agree are one person,
    shown under the spelling given most often (then the longest, then the first in order)."""
    out: dict[str, str] = {}
    for n in persons:
        if n in out or len(n.split()) < 2:
            continue
        group = [n] + [p for p in persons if p != n and p not in out and _same_name_spelled_apart(n, p)
                       and _roles_agree(roles_of.get(n, set()), roles_of.get(p, set()))]
        if len(group) > 1:
            pick = min(group, key=lambda g: (-said.get(g, 0), -len(g), g))
            out.update({g: pick for g in group})
    return out


def _same_name_spelled_apart(a: str, b: str) -> bool:
    ta, tb = a.split(), b.split()
    return len(ta) == len(tb) and ta[-1] == tb[-1] and ta != tb and all(
        x == y or _spelled_alike(x, y) for x, y in zip(ta[:-1], tb[:-1]))


def _spelled_alike(a: str, b: str) -> bool:
    """Two spellings of one given name: transliterations with the same consonants in the same order,
    a letter or two apart ("Sergey"/"Sergei", "Dmitry"/"Dmitri", "Mohammad"/"Muhammad",
    "Alexei"/"Aleksey"), or a short form ("Matt"/"Matthew"); not a name and its feminine form
    ("Daniel"/"Daniela") nor two short names ("Ivan"/"Evan")."""
    la, lb = a.lower(), b.lower()
    if la.startswith(lb) or lb.startswith(la):   # "Matt"/"Matthew": a short form, not "Daniel"/"Daniela"
        short, long_ = sorted((la, lb), key=len)
        return len(short) >= 3 and len(long_) - len(short) >= NICKNAME_EXTRA
    ka, kb = _consonants(la), _consonants(lb)
    return ka == kb and len(ka) >= 3 and _edits(la, lb) <= SPELLING_EDITS


def _consonants(word: str) -> str:
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if c.isalpha())
    for a, b in (("x", "ks"), ("ph", "f"), ("kh", "h"), ("ck", "k"), ("q", "k"), ("c", "k")):
        word = word.replace(a, b)
    word = re.sub(r"[aeiouy]", "", word)
    return re.sub(r"(.)\1+", r"\1", word)


def _edits(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _roles_agree(a: set[str], b: set[str]) -> bool:
    """Roles that may be one person's: either unknown, or sharing a role word ("Russia's Foreign
    Minister", "Russian Foreign Minister")."""
    if not a or not b or any(len(r.split()) == 1 and r.rstrip(".") in TITLES for r in a | b):
        return True   # unknown, or a bare title ("Rep.", "Democrat") that any role may go with
    words = [{w.lower() for r in roles for w in re.findall(r"[\w-]+", r)} & (ROLE_NOUNS | {t.lower() for t in TITLES})
             for roles in (a, b)]
    return bool(words[0] & words[1])


def _is_name(speaker: str) -> bool:
    """A person's name as attributions give it: capitalised words, no organisation word, no article."""
    toks = speaker.split()
    return bool(toks) and all(t[:1].isupper() or t in _PARTICLES for t in toks) and not any(
        t in _ORG or t in _NOT_NAME or t in _DOCUMENT for t in toks) and " and " not in speaker
