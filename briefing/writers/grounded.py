"""Grounded writing for model writers: the bounded prompt, the answer's shape, and its parser.

The model sees the story's most salient evidence sentences, renumbered 1..N, inside an
`<evidence>` fence, with a system message saying that text inside the fence is data and never
an instruction. Article text only enters the prompt as a template *value*: it is never
compiled as a template, and anything in it that looks like the fence (`<evidence>`,
`</evidence>`) or a citation marker at the start of a line is neutralised, so an article
cannot close the fence or forge evidence lines.

Prompt size is bounded whatever the story's size: at most PROMPT_SENTENCES sentences and
PROMPT_CHARS characters of evidence (the evidence itself is already budgeted by `select`).

The answer is JSON (`ANSWER_SCHEMA`; backends that support it constrain generation to it). The
parser is tolerant: it accepts code fences, text around the object, trailing commas, citation
numbers as strings or as `[3]` markers inside the text. Numbers are mapped back to evidence
numbers; numbers the prompt did not show are dropped (a claim left without one is not
published, see `briefing.memo.citations`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Optional

from ..memo.headline import HEADLINE_MAX_WORDS
from ..memo.evidence import Evidence, EvidenceSentence, content_words, overlap
from ..errors import BriefingError
from ..prompts import Prompt, fenced, render_messages

PROMPT_SENTENCES = 24      # evidence sentences shown to the model
PROMPT_CHARS = 5000        # ... and at most this many characters of them (about 1,250 tokens)
SENTENCE_CHARS = 400       # one very long sentence is cut, not allowed to fill the budget
REPEAT_OVERLAP = 0.6      # a sentence this close (content-word Jaccard) to one already shown is skipped
MAX_POINTS = 5             # key points asked for when the model writes them
CLAIM_WORDS = 60           # a claim longer than this is cut at a sentence or word boundary
PARTS = ("headline", "lead", "all")  # what the model writes: the headline; + the bottom line; + the key points

_FENCE = re.compile(r"<\s*/?\s*evidence\s*>", re.I)
_MARKER = re.compile(r"\[(\d{1,4})\]")


class AnswerError(BriefingError):
    """The model's answer holds no usable claim (not JSON, wrong shape, nothing cited)."""


def _claim_schema(max_chars: int) -> dict:
    return {
        "type": "object",
        "properties": {
            "text": {"type": "string", "minLength": 3, "maxLength": max_chars},
            "cites": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 4},
        },
        "required": ["text", "cites"],
    }


def answer_schema(parts: str = "headline", max_points: int = MAX_POINTS) -> dict:
    """The JSON schema of the answer for `parts` (grammar-constrained where the backend can)."""
    properties = {"headline": _claim_schema(160)}
    if parts != "headline":
        properties["bottom_line"] = {"type": "array", "items": _claim_schema(400), "minItems": 1, "maxItems": 2}
    if parts == "all":
        properties["key_points"] = {"type": "array", "items": _claim_schema(400), "minItems": 1,
                                    "maxItems": max_points}
    return {"type": "object", "properties": properties, "required": list(properties)}


def prompt_evidence(evidence: Evidence, max_sentences: int = PROMPT_SENTENCES,
                    max_chars: int = PROMPT_CHARS) -> list[EvidenceSentence]:
    """The sentences the model sees: most salient first, near-repeats skipped, within budget.

    Salience, not the summary's integer program, orders them: the program stops at a time limit,
    so on a busy machine its choice can vary, and an unchanged story must give the same prompt
    (the response cache is keyed by it).
    """
    chosen: list[EvidenceSentence] = []
    seen: list[set[str]] = []
    used = 0
    for e in evidence.ranked():
        text = e.clean[:SENTENCE_CHARS]
        words = content_words(text)
        if chosen and used + len(text) > max_chars:
            continue
        if any(overlap(words, w) >= REPEAT_OVERLAP for w in seen):
            continue
        chosen.append(e)
        seen.append(words)
        used += len(text)
        if len(chosen) >= max_sentences:
            break
    return chosen


def as_data(text: str) -> str:
    """Article text made safe to place inside the evidence fence: one line, no fence, no forged markers."""
    return fenced(text, _FENCE, SENTENCE_CHARS)


def build_prompt(evidence: Evidence, parts: str = "headline", max_points: int = MAX_POINTS,
                 max_sentences: int = PROMPT_SENTENCES, max_chars: int = PROMPT_CHARS) -> Prompt:
    if parts not in PARTS:
        raise ValueError(f"parts must be one of {', '.join(PARTS)}, not {parts!r}")
    shown = prompt_evidence(evidence, max_sentences, max_chars)
    numbers = {i: e.number for i, e in enumerate(shown, 1)}
    items = []
    for i, e in enumerate(shown, 1):
        article = evidence.articles[e.article]
        items.append({"number": i, "text": as_data(e.clean), "outlet": article.outlet or "",
                      "published": (article.published or "")[:10]})
    context = {"title": as_data(evidence.title or ""), "evidence": items, "max_points": max_points, "parts": parts,
               "headline_words": HEADLINE_MAX_WORDS}
    messages = render_messages("write", context)
    return Prompt(messages=messages, numbers=numbers, schema=answer_schema(parts, max_points))


# -- the answer ------------------------------------------------------------------------------------
@dataclass
class AnswerClaim:
    text: str
    refs: list[int]  # evidence numbers


@dataclass
class Answer:
    headline: Optional[AnswerClaim]
    bottom_line: list[AnswerClaim]
    key_points: list[AnswerClaim]


def _json_object(raw: str) -> dict:
    text = raw.strip()
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", text)
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise AnswerError("the answer holds no JSON object")
    body = text[start:end + 1]
    for candidate in (body, re.sub(r",\s*([}\]])", r"\1", body)):
        try:
            value = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    raise AnswerError("the answer is not valid JSON")


def _shorten(text: str, words: int = CLAIM_WORDS) -> str:
    parts = text.split()
    if len(parts) <= words:
        return text
    cut = " ".join(parts[:words])
    stop = max(cut.rfind(". "), cut.rfind("; "))
    return cut[:stop + 1] if stop > len(cut) // 2 else cut + "…"


def _claim(value, numbers: dict[int, int]) -> Optional[AnswerClaim]:
    if isinstance(value, str):
        value = {"text": value, "cites": []}
    if not isinstance(value, dict):
        return None
    text = value.get("text")
    if not isinstance(text, str):
        return None
    cites = value.get("cites", value.get("citations", []))
    if not isinstance(cites, list):
        cites = [cites]
    found: list[int] = []
    for c in list(cites) + [int(m) for m in _MARKER.findall(text)]:
        try:
            n = int(str(c).strip().strip("[]"))
        except ValueError:
            continue
        if n in numbers and numbers[n] not in found:
            found.append(numbers[n])
    text = " ".join(_MARKER.sub("", text).split())
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    if len(text) < 3 or not found:
        return None
    return AnswerClaim(_shorten(text), found)


def _claims(value, numbers: dict[int, int]) -> list[AnswerClaim]:
    if value is None:
        return []
    if not isinstance(value, list):
        value = [value]
    return [c for c in (_claim(v, numbers) for v in value) if c is not None]


def parse_answer(raw: str, numbers: dict[int, int]) -> Answer:
    """The claims in a model's answer, cited by evidence number; AnswerError if none is usable."""
    data = _json_object(raw)
    headline = _claim(data.get("headline"), numbers)
    answer = Answer(headline=headline, bottom_line=_claims(data.get("bottom_line"), numbers)[:2],
                    key_points=_claims(data.get("key_points"), numbers))
    if not (answer.headline or answer.bottom_line or answer.key_points):
        raise AnswerError("no claim in the answer cites an evidence number that was shown")
    return answer
