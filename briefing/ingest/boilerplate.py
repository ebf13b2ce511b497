"""Pages that hold no article: only a widget, notice or error message a scraper caught instead.

Scraped news often comes back as the page's furniture rather than its story: a social-media
embed that did not load ("Tweet with a location ..."), a web-archive notice ("These crawls are
part of an effort to archive pages ..."), "enable JavaScript", a cookie banner, a login wall or
paywall, a "page not found" or DNS error page. Stored as articles they are worse than useless:
identical copies from unrelated sources are linked as duplicates and pull unrelated stories together.

`boilerplate_only(text, sentences)` names the kinds of boilerplate of a page that is made of them:
at least one sentence matches a known boilerplate phrase (`PATTERNS`), the sentences that match
none (of at least REAL_SENTENCE_WORDS words) are at most MAX_REAL_SENTENCES, and they have no
more words than the boilerplate sentences. A real article with a widget line, a newsletter
prompt or a reprint notice beside its story is kept; so is a short article with no boilerplate.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from ..models import Sentence
from .text import word_count

MAX_REAL_SENTENCES = 2   # a page with more sentences of its own than this is an article
REAL_SENTENCE_WORDS = 4  # shorter leftovers ("Yes", "Notice", "Learn more") are neither story nor boilerplate

# kind of boilerplate -> phrases typical of it (case-insensitive, matched anywhere in a sentence)
PATTERNS: dict[str, tuple[str, ...]] = {
    "social media widget": (
        r"\btweet with a location\b", r"\blocation information to your tweets\b", r"\btweet location history\b",
        r"\bproceed to legacy twitter\b", r"\bcopy this code to your (?:website|site|blog)\b", r"\bthis tweet is unavailable\b",
        r"\b(?:follow|like) us on (?:twitter|facebook|instagram)\b", r"\bshare (?:this|on) (?:article|story|facebook|twitter)\b",
    ),
    "JavaScript or browser notice": (
        r"\bjavascript is (?:disabled|turned off|not enabled|required)\b",
        r"\b(?:enable|turn on|activate) javascript\b", r"\bjavascript (?:must|needs to) be enabled\b",
        r"\byour browser (?:does not|doesn't|is not able to) support\b", r"\b(?:update|upgrade) your browser\b",
    ),
    "cookie notice": (
        r"\b(?:we|this (?:web)?site) uses? cookies\b", r"\bcookie (?:policy|settings|preferences)\b",
        r"\b(?:accept|enable|allow) (?:all )?cookies\b", r"\bby continuing to (?:use|browse) (?:this|our)\b",
    ),
    "web archive notice": (
        r"\bth(?:is|ese) crawls?\b", r"\bcrawl data\b", r"\bwarc files?\b", r"\barchive-it\b",
        r"\barchive (?:the )?pages\b", r"\bbroken links on the web\b", r"\bno more 404\b",
        r"\badded to the wayback machine\b", r"\bweb captures\b",
    ),
    "login or paywall": (
        r"\b(?:log|sign) ?in to (?:continue|read|view|access|see)\b",
        r"\bsubscribe (?:now )?to (?:continue|keep) reading\b", r"\balready a subscriber\b",
        r"\b(?:available|open) (?:only )?to subscribers\b", r"\bsubscribers only\b",
        r"\breached (?:your|the) (?:limit|maximum) (?:of|for) free\b", r"\bcreate a free account to\b",
    ),
    "newsletter prompt": (
        r"\bsubscribe to our (?:free )?newsletters?\b", r"\bsign up for (?:our|the) (?:free )?newsletters?\b",
        r"\bget breaking news alerts\b",
    ),
    "error page": (
        r"\bpage (?:you (?:requested|are looking for) )?(?:is not available|is unavailable|was not found|"
        r"could not be found|cannot be found|can't be found|not found|no longer exists)\b",
        r"\btry typing the web address again\b", r"\bcheck your dns settings\b", r"\bdns (?:changes|cache)\b",
        r"\bip address (?:for this domain )?(?:has|may have) changed\b", r"\brestore access to this site\b",
        r"\baccess (?:to this page )?(?:has been )?denied\b", r"\bverify (?:that )?you are (?:a )?human\b",
        r"\bare you a robot\b", r"\bcaptcha\b", r"\b404 not found\b",
    ),
}


def _required_literal(pattern: str) -> Optional[str]:
    """The longest run of plain characters (lower-cased) that every match of `pattern` contains, or
    None when there is none or the pattern uses syntax beyond what PATTERNS use (\\b, (?:...), |, ?
    and ASCII letters, digits, space, ' and -): such a pattern is always searched."""
    runs, run, depth, i = [], "", 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith(r"\b", i):
            runs.append(run); run = ""; i += 2
            continue
        if ch == "(":
            if depth == 0:
                runs.append(run); run = ""
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return None  # alternatives at the top: no one literal is required
        elif ch == "?" and depth == 0:
            if pattern[i - 1] != ")":  # the character before is optional: the run ends before it
                run = run[:-1]
            runs.append(run); run = ""
        elif not (ch.isascii() and (ch.isalnum() or ch in " '-")) and not (depth and ch in "?:|"):
            return None
        elif depth == 0:
            run += ch.lower()
        i += 1
    if depth:
        return None
    return max(runs + [run], key=len) or None


def _fold(text: str) -> str:
    """The text as case-insensitive matching sees it for ASCII phrases: lower case, and the four
    non-ASCII characters `re.IGNORECASE` takes for an ASCII letter (İ and dotless ı for i, long ſ
    for s, the Kelvin sign for k; lower() gives İ as i plus a combining dot, K as k) as that letter."""
    return text.replace("\u0130", "i").lower().replace("\u0131", "i").replace("\u017f", "s")


def _fewest(literals) -> tuple[str, ...]:
    """The literals without those that contain another: a text holds one of these if it holds one of all."""
    unique = list(dict.fromkeys(literals))
    return tuple(lit for lit in unique if not any(other != lit and other in lit for other in unique))


def _kind_literals(pats: tuple[str, ...]) -> Optional[tuple[str, ...]]:
    """Literals one of which every match of a phrase of the kind contains; None when a phrase has none."""
    literals = [_required_literal(p) for p in pats]
    return None if None in literals else _fewest(literals)


_COMPILED = [(kind, re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE), _kind_literals(pats))
             for kind, pats in PATTERNS.items()]
# A sentence in whose folded text none of these occur matches no phrase: the searches are skipped.
_ALL_LITERALS = (None if any(lits is None for _, _, lits in _COMPILED)
                 else _fewest(lit for _, _, lits in _COMPILED for lit in lits))


def boilerplate_kinds(sentence: str) -> list[str]:
    """The kinds of boilerplate whose phrases occur in the sentence.

    A phrase can only match where its required literal occurs in the folded sentence (`_fold`), so
    the regular expressions run only for the kinds one of whose literals does: same result, a
    fraction of the time."""
    folded = _fold(sentence)
    if _ALL_LITERALS is not None and not any(map(folded.__contains__, _ALL_LITERALS)):
        return []
    return [kind for kind, rx, literals in _COMPILED
            if (literals is None or any(map(folded.__contains__, literals))) and rx.search(sentence)]


def boilerplate_only(text: str, sentences: Sequence[Sentence]) -> Optional[str]:
    """'; '-joined kinds of boilerplate when the page is made of boilerplate (see module doc), else None."""
    kinds: list[str] = []
    boiler_words = real_words = real_sentences = 0
    for s in sentences:
        piece = text[s.start:s.end]
        found = boilerplate_kinds(piece)
        words = word_count(piece)
        if found:
            boiler_words += words
            kinds += [k for k in found if k not in kinds]
        elif words >= REAL_SENTENCE_WORDS:
            real_words += words
            real_sentences += 1
            if real_sentences > MAX_REAL_SENTENCES:
                return None
    if kinds and real_words <= boiler_words:
        return "; ".join(kinds)
    return None
