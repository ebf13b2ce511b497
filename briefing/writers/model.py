"""What every model-backed writer shares: prompt, cache, parse, merge, and falling back.

A subclass implements `complete(prompt) -> Completion` (one model call) and `identity()` (what
makes its answers differ: model file or name, endpoint, sampling). This class does the rest:

- the prompt comes from `grounded.build_prompt` (bounded, evidence fenced as data);
- answers are cached by the exact prompt, schema, identity and settings (`ResponseCache`, kept in
  the database), so re-running on unchanged stories makes no model call;
- the model writes the parts named by `parts` (`headline`; `lead`: headline and bottom line;
  `all`: also the key points); the rest is the extractive writer's. The timeline, who said what and where sources differ stay extractive, because
  they carry dates and speakers that the extractive writer reads exactly. Unset, `parts` is
  BUNDLED_PARTS for the bundled 135M model (its bottom line and key points score below the
  extractive writer's) and MODEL_PARTS for any model the user configured. Each claim says whether
  the model wrote it (`DraftClaim.origin`: "model") or it is a source sentence ("source");
- with the `judge` setting on, the verifier may ask the same model whether cited sentences
  support a claim the local checks are unsure of (`entailment`, `briefing.verify.judge`);
- when the model call fails for good (`ModelCallFailed`) or its answer holds no usable claim,
  the story is written by the extractive writer and the draft says so (`writing["fallback"]`,
  with credentials and key-like strings masked: it is shown in the memo, stored and logged;
  `writing["retry"]`: the call failed, so `briefing run` tries that story again next run).
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from typing import Optional, Protocol

from ..memo.headline import HEADLINE_MAX_WORDS, is_copy, word_count
from ..memo.evidence import Evidence, content_words, overlap
from ..redact import mask_text
from .base import Draft, DraftClaim, Limits, Writer, WriterError
from .extractive import ExtractiveWriter
from .grounded import MAX_POINTS, PARTS, Answer, AnswerError, Prompt, build_prompt, parse_answer
from ..errors import BriefingError

BUNDLED_PARTS = "headline"  # what the bundled 135M model writes by default: chosen by score.py figures (docs/memos.md)
MODEL_PARTS = "all"         # ... and a model the user configured: headline, bottom line and key points
HEADLINE_WORDS = HEADLINE_MAX_WORDS   # a longer "headline", or a copied sentence, gives way to the extractive one
HEADLINE_MIN_WORDS = 3  # a shorter one ("...", "Fire.") says nothing: the extractive headline stays
REPEAT_OVERLAP = 0.8  # content-word overlap at which a model claim only repeats an earlier one


class ModelCallFailed(BriefingError):
    """The model could not be reached or kept failing after retries; the message says why."""


class ResponseCache(Protocol):
    def get(self, key: str) -> Optional[dict]: ...

    def put(self, key: str, value: dict) -> None: ...


@dataclass
class Completion:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


class ModelWriter(Writer):
    """A writer whose headline, bottom line (and, with parts="all", key points) a model writes."""

    def __init__(self, parts: Optional[str] = None, max_points: int = MAX_POINTS,
                 cache: Optional[ResponseCache] = None, bottom_line: int = Limits.bottom_line,
                 key_points: int = Limits.key_points, judge: bool | str = False) -> None:
        parts = parts or (BUNDLED_PARTS if self.bundled() else MODEL_PARTS)
        if parts not in PARTS:
            raise WriterError(f"parts must be one of {', '.join(PARTS)}, not {parts!r}")
        self.parts = parts
        self.judge = switch("judge", judge)
        self.max_points = int(max_points)
        self.cache = cache
        self.extractive = ExtractiveWriter(bottom_line=bottom_line, key_points=key_points)
        self.limits = self.extractive.limits

    # -- what subclasses provide ---------------------------------------------------------------
    def complete(self, prompt: Prompt) -> Completion:
        raise NotImplementedError

    def identity(self) -> dict:
        """Everything besides the prompt that changes the answer (model, endpoint, sampling)."""
        raise NotImplementedError

    def secrets(self) -> list[str]:
        """Strings never to show (an API key): masked in the fallback reason."""
        return []

    def bundled(self) -> bool:
        """Whether the model is the bundled 135M one (it writes less by default: BUNDLED_PARTS)."""
        return False

    def recipe(self) -> dict:
        return {"writer": self.name, **self.identity(), "parts": self.parts, "max_points": self.max_points,
                **self.limits.to_dict(), **({"judge": True} if self.judge else {})}

    def entailment(self):
        """`ask` when the `judge` setting is on: the verifier's second opinion (`briefing.verify.judge`)."""
        return self.ask if self.judge else None

    def ask(self, prompt: Prompt) -> tuple[str, bool]:
        """One question to the model outside writing (the verifier's): its answer text, and whether it
        came from the cache. ModelCallFailed when the call fails."""
        counts = {"calls": 0, "cached": 0, "prompt_tokens": 0, "completion_tokens": 0, "model_seconds": 0.0}
        completion = self._completion(prompt, counts)
        return completion.text, bool(counts["cached"])

    def model_label(self) -> str:
        return str(self.identity().get("model", ""))

    # -- the shared part -----------------------------------------------------------------------
    def cache_key(self, prompt: Prompt) -> str:
        payload = {"writer": self.name, "identity": self.identity(), "messages": prompt.messages,
                   "schema": prompt.schema, **({"max_tokens": prompt.max_tokens} if prompt.max_tokens else {})}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()

    def write(self, evidence: Evidence) -> Draft:
        draft = self.extractive.write(evidence)
        writing = {"writer": self.name, "model": self.model_label(), "parts": self.parts, "fallback": None,
                   "calls": 0, "cached": 0, "prompt_tokens": 0, "completion_tokens": 0, "model_seconds": 0.0}
        draft.writing = writing
        if not evidence.sentences:
            return draft
        prompt = build_prompt(evidence, self.parts, self.max_points)
        try:
            completion = self._completion(prompt, writing)
            answer = parse_answer(completion.text, prompt.numbers)
        except (ModelCallFailed, AnswerError) as e:
            reason = f"{type(e).__name__}: {e}" if isinstance(e, AnswerError) else str(e)
            writing["fallback"] = mask_text(reason, self.secrets())
            # a call that failed (a bad key, a server down) may work next run; an unusable answer is
            # cached and would fail the same way until the settings change
            writing["retry"] = isinstance(e, ModelCallFailed)
            return draft
        return self._merge(draft, answer, evidence)

    def _completion(self, prompt: Prompt, writing: dict) -> Completion:
        key = self.cache_key(prompt)
        hit = self.cache.get(key) if self.cache is not None else None
        if hit is not None:
            writing["cached"] += 1
            return Completion(hit["text"], hit.get("prompt_tokens", 0), hit.get("completion_tokens", 0), 0.0)
        started = time.perf_counter()
        completion = self.complete(prompt)
        completion.seconds = completion.seconds or time.perf_counter() - started
        writing["calls"] += 1
        writing["prompt_tokens"] += completion.prompt_tokens
        writing["completion_tokens"] += completion.completion_tokens
        writing["model_seconds"] += completion.seconds
        if self.cache is not None:
            self.cache.put(key, {"text": completion.text, "prompt_tokens": completion.prompt_tokens,
                                 "completion_tokens": completion.completion_tokens,
                                 "model": self.model_label(), "writer": self.name})
        return completion

    def _merge(self, draft: Draft, answer: Answer, evidence: Evidence) -> Draft:
        """The model's parts replace the extractive ones; a part the model left empty stays extractive."""
        headline = answer.headline.text.rstrip(" .") if answer.headline else ""
        cited = [t for n in (answer.headline.refs if answer.headline else []) if (e := evidence.get(n))
                 for t in (e.text, e.clean)]
        if HEADLINE_MIN_WORDS <= word_count(headline) <= HEADLINE_WORDS and not is_copy(headline, cited):
            draft.headline = DraftClaim(headline, answer.headline.refs, kind="headline", origin="model")
        if self.parts == "headline":
            return draft
        extractive_bottom = [c for c in draft.summary if c.kind == "bottom-line"]
        extractive_points = [c for c in draft.summary if c.kind != "bottom-line"]
        bottom = _distinct([DraftClaim(c.text, c.refs, kind="bottom-line", origin="model")
                            for c in answer.bottom_line])
        bottom = bottom or extractive_bottom
        if self.parts == "all" and answer.key_points:
            points = _distinct(bottom + [DraftClaim(c.text, c.refs, kind="key-point", origin="model")
                                         for c in answer.key_points])
            points = points[len(bottom):]
        else:
            # the extractive bottom line, where the model's does not already say it, leads the key points
            used = {r for c in bottom for r in c.refs}
            demoted = [DraftClaim(c.text, c.refs, kind="key-point") for c in extractive_bottom]
            points = [c for c in demoted + extractive_points if not set(c.refs) <= used]
        draft.summary = bottom + points
        return draft


def switch(name: str, value: bool | str) -> bool:
    """An on/off setting as given: a TOML boolean, or text from `-O judge=true`."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "on", "1"):
        return True
    if text in ("false", "no", "off", "0", ""):
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def _distinct(claims: list[DraftClaim]) -> list[DraftClaim]:
    """Claims in order, without those that repeat an earlier one (small models say things twice)."""
    kept: list[DraftClaim] = []
    seen: list[set[str]] = []
    for c in claims:
        words = content_words(c.text)
        if any(overlap(words, w) >= REPEAT_OVERLAP for w in seen):
            continue
        kept.append(c)
        seen.append(words)
    return kept
