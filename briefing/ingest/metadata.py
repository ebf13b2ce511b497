"""Metadata read from an article's own text, only where the text really states it.

Datelines (`MOSCOW, January 15. /TASS/.`, `TEHRAN —`, `WASHINGTON (AP) —`), licence and
copyright footers (`All Content by Mehr News Agency is licensed…`), an outlet naming itself
(`Newsweek has contacted … for comment`), explicit publication lines (`Published: 2024-01-15`)
and a headline line at the top. A date without a year is never completed with a guessed year,
and nothing is filled in when no rule matches: unknown stays unknown.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Optional

from ..models import Article

_MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9

_WIRE_TAG = re.compile(r"^\s*([A-Z][A-Z .'\-]{1,40}?),\s+([A-Z][a-z]+\.?\s+\d{1,2})(?:,\s*(\d{4}))?\.?\s*/\s*([A-Za-z][A-Za-z\-]{1,20})\s*/\.?")
_PAREN_AGENCY = re.compile(r"^\s*([A-Z][A-Z .'\-]{1,40}?)(?:,\s*[A-Z][\w .]{1,30}?)?\s*\((AP|AFP|Reuters|UPI|Xinhua|IRNA|dpa|ANSA|EFE|Bloomberg)\)\s*[—–-]{1,2}")
_PLAIN_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'\-]{2,40}?)(?:,\s*[A-Z][\w .]{1,30}?)?\s*(?:[—–]|--)\s")
_LICENCE_FOOTER = re.compile(r"All (?:Content|content|rights) by ([A-Z][\w&.' -]{2,60}?) (?:is|are) licensed")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|Copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?:The\s+)?([A-Z][\w&.' -]{2,50}?)[.,]?\s*(?:All rights reserved|$)", re.MULTILINE)
_SELF_CONTACT = re.compile(r"\b((?:[A-Z][A-Za-z.&]+\s){0,3}[A-Z][A-Za-z.&]+) (?:has|have) (?:contacted|reached out to|asked) [^.]{3,120}? for (?:comment|a comment|further comment)")
_INTERVIEW_FOR = re.compile(r"\bin an (?:exclusive )?interview (?:for|to) ((?:[A-Z][A-Za-z.&]+\s){0,4}[A-Z][A-Za-z.&]+)")
_PUBLISHED_LINE = re.compile(r"^\s*(?:Published|Updated|Posted|Date)\s*:?\s*(.{6,40})$", re.MULTILINE | re.IGNORECASE)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")
_MONTH_DAY_YEAR = re.compile(r"([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+(\d{4})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Z][a-z]{2,8})\.?,?\s+(\d{4})")

# Dateline places that are not places (all-caps words that open a text for other reasons).
_NOT_PLACES = frozenset({"BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "OPINION", "ANALYSIS", "WATCH", "LIVE", "NEW"})


def parse_date(value) -> Optional[str]:
    """An ISO date (or datetime) string from common inputs; None if it has no full date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return None
    s = str(value).strip()
    if not s:
        return None
    m = _ISO.search(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            if m.group(4):
                return datetime(y, mo, d, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0)).isoformat()
            return date(y, mo, d).isoformat()
        except ValueError:
            return None
    m = _MONTH_DAY_YEAR.search(s)
    if m and m.group(1).lower().rstrip(".") in _MONTHS:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
    m = _DAY_MONTH_YEAR.search(s)
    if m and m.group(2).lower().rstrip(".") in _MONTHS:
        return _safe_date(int(m.group(3)), _MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1)))
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)  # compact form
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _safe_date(y: int, m: int, d: int) -> Optional[str]:
    try:
        return date(y, m, d).isoformat() if 1900 <= y <= 2100 else None
    except ValueError:
        return None


def _place(raw: str) -> Optional[str]:
    place = raw.strip(" ,.-")
    if not place or place.split()[0] in _NOT_PLACES or len(place) < 3:
        return None
    return place


def infer_metadata(article: Article) -> Article:
    """Fills outlet, place, published and title from the text where it states them."""
    text = article.text
    head = text[:400]
    tail = text[-600:]
    origin = article.meta_origin

    m = _WIRE_TAG.match(head)
    if m:
        _set(article, "place", _place(m.group(1)), "dateline")
        _set(article, "outlet", m.group(4).upper() if m.group(4).isupper() else m.group(4), "dateline")
        if m.group(3):
            _set(article, "published", parse_date(f"{m.group(2)}, {m.group(3)}"), "dateline")
    else:
        m = _PAREN_AGENCY.match(head)
        if m:
            _set(article, "place", _place(m.group(1)), "dateline")
            _set(article, "outlet", m.group(2), "dateline")
        else:
            m = _PLAIN_DATELINE.match(head)
            if m:
                _set(article, "place", _place(m.group(1)), "dateline")

    m = _LICENCE_FOOTER.search(tail)
    if m:
        _set(article, "outlet", m.group(1).strip(), "licence footer")
    else:
        m = _COPYRIGHT.search(tail)
        if m and len(m.group(1).split()) <= 5:
            _set(article, "outlet", m.group(1).strip(), "copyright footer")
    m = _SELF_CONTACT.search(text) if _may_name_itself(text) else None
    if m:
        _set(article, "outlet", m.group(1).strip(), "self-reference")
    m = _INTERVIEW_FOR.search(text[:1500]) if "interview" in text[:1500] else None
    if m:
        _set(article, "outlet", m.group(1).strip(), "interview credit")

    m = _PUBLISHED_LINE.search(text[:600])
    if m:
        _set(article, "published", parse_date(m.group(1)), "published line")

    if not article.title:
        _set(article, "title", _headline(text), "first line")
    if "language" not in origin and article.language is None:
        from .text import guess_language
        _set(article, "language", guess_language(text), "text")
    return article


_CONTACTED = tuple(f"{verb} {act} " for verb in ("has", "have") for act in ("contacted", "reached out to", "asked"))


def _may_name_itself(text: str) -> bool:
    """Whether the text holds what every _SELF_CONTACT match does ("for comment", "has asked" ...):
    the search, slow on a long text, runs only then."""
    return ("for comment" in text or "for a comment" in text) and any(map(text.__contains__, _CONTACTED))


def _set(article: Article, attr: str, value, how: str) -> None:
    """Sets an attribute only when the input left it empty, and records where it came from."""
    if isinstance(value, str):
        value = value.strip().rstrip(".,;:").strip()
    if value and not getattr(article, attr):
        setattr(article, attr, value)
        article.meta_origin[attr] = how


def _headline(text: str) -> Optional[str]:
    """The first line when it looks like a headline: short, no final full stop, more text after it."""
    first, sep, rest = text.partition("\n")
    first = first.strip().lstrip("#").strip()
    if not sep or not rest or rest.isspace():  # nothing but white space after it
        return None
    words = first.split()
    if not 2 <= len(words) <= 20 or first.endswith((".", ",", ";", ":")) or first.startswith(("\"", "“")):
        return None
    if _PLAIN_DATELINE.match(first + " ") or _WIRE_TAG.match(first):
        return None
    return first


def strip_dateline(sentence: str) -> str:
    """The sentence without a leading dateline (`TEHRAN —`, `MOSCOW, Jan. 5. /TASS/.`, `X (AP) —`)."""
    for pattern in (_WIRE_TAG, _PAREN_AGENCY, _PLAIN_DATELINE):
        m = pattern.match(sentence)
        if m and (pattern is not _PLAIN_DATELINE or _place(m.group(1))):
            return sentence[m.end():].lstrip(" —–-")
    return sentence
