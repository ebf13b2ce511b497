"""Shorter versions of a claim without one of its clauses, for a repair that keeps the writer's words.

A writer's claim often holds one part its sources do not: an invented attribution ("..., according
to Russian state TV"), a wrong figure in a side clause ("..., a deal worth $5 billion"). `trims`
lists the claim without one clause, or without everything after a clause boundary, longest first;
`repair` keeps the longest that verifies, and replaces the whole claim with a source sentence
only when none does.

Clause boundaries: commas, semicolons, colons, dashes, parentheses, and "according to" (an
attribution needs no comma). The opening clause stays unless it is an attribution or a short
phrase, and a trim keeps at least MIN_KEPT of the claim's words: a trim is the claim less a part,
not a fragment of it.
"""
from __future__ import annotations

import re

MIN_KEPT = 0.4   # share of the claim's words a trimmed claim keeps
INTRO_WORDS = 4  # an opening clause this short is a phrase ("On Friday,") that may go; a longer one is the claim

_BOUNDARY = re.compile(r"\s*[,;:()—–]\s*|\s+-\s+|\s+(?=according to\b)", re.I)
_END = re.compile(r"[.!?]['\"”’]?$")


def _segments(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of `text`, its final full stop left out."""
    body_end = _END.search(text).start() if _END.search(text) else len(text)
    out, start = [], 0
    for m in _BOUNDARY.finditer(text, 0, body_end):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < body_end:
        out.append((start, body_end))
    return out


def _introductory(clause: str, rest: str) -> bool:
    """An opening attribution ("According to X,") or a short opening phrase ("On Friday,"), not the
    claim's subject ("Sergey Markedonov, the expert, said")."""
    words = clause.split()
    return rest.lstrip().startswith(",") and bool(words) and words[0].lower() in _OPENERS and (
        words[0].lower() == "according" or len(words) <= INTRO_WORDS)


_OPENERS = frozenset("""according on in at after before during since by earlier later meanwhile however also yet
still then last this next from until""".split())
_LEFT_JUNK = " ,;:(—–-"
_RIGHT_JUNK = " ,;:)—–-"


def trims(text: str) -> list[tuple[str, str]]:
    """(shorter claim, the part left out) for each clause that can go, longest claim first."""
    text = " ".join(text.split())
    segments = _segments(text)
    if len(segments) < 2:
        return []
    m = _END.search(text)
    ending, body_end = (m.group(0), m.start()) if m else ("", len(text))
    words = len(text.split())
    out: dict[str, str] = {}
    for i, (start, end) in enumerate(segments):
        # this clause out; or this clause and everything after it
        cuts = {(start, end), (start, segments[-1][1])}
        for a, b in sorted(cuts):
            if a == segments[0][0] and (b == segments[-1][1] or not _introductory(text[a:b], text[b:])):
                continue   # the main clause stays: only an opening attribution or phrase may go
            left, right = text[:a].rstrip(_LEFT_JUNK), text[b:body_end].lstrip(_RIGHT_JUNK)
            # "X, the Russian President, spoke" -> "X spoke"; "A; B; C" -> "A; C"
            before = text[len(left):a].strip()
            glue = "; " if before.startswith(";") else " "
            kept = (left + glue + right).strip() if left and right else (left or right)
            kept = kept.replace("( ", "(").replace(" )", ")")
            if kept.count("(") != kept.count(")"):
                kept = kept.replace("(", "").replace(")", "")
            kept = kept[:1].upper() + kept[1:] + ending
            if len(kept.split()) >= MIN_KEPT * words and kept != text:
                out.setdefault(kept, text[a:b].strip(" ,;:()—–-"))
    return sorted(out.items(), key=lambda kv: (-len(kv[0].split()), kv[0]))
