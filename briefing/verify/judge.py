"""A second opinion from the writer's own model on the claims the local checks are unsure of.

`checks.check` is sure of two kinds of claim: one that fails a hard check (a name, role, number,
date or negation its cited sentences do not give; a fragment; text that displays otherwise) is
refused, and one whose words the sentences hold passes. Between them is the claim that passes
every hard check but shares too few words with its sentences, which the meaning side reads by
embeddings (`meaning.py`). With the writer's `judge` setting on (`-O judge=true`, or `judge =
true` under `[llama]` or `[openai]`; off by default), the writer's own model is asked about
those claims, and only those: "do these sentences state what this claim says?", yes or no. Its
answer decides:

- a claim the meaning side supported is refused on a "no" (then re-cited, trimmed, rewritten or
  dropped like any unsupported claim);
- a claim refused for its word overlap alone is supported on a "yes".

A hard-check refusal is never put to the model: names, roles, numbers, dates and negation stay
the checks' alone. The prompt is `templates/judge.v<N>.{system,user}.j2` (the newest wins); the
claim and the sentences enter it as values inside fences, one line each, fence markers
neutralised: article text (and a model's claim drawn from it) is data, never an instruction.
The answer is JSON constrained to {"answer": "yes"|"no"} where the backend can, at most
ANSWER_TOKENS tokens, and is cached with the writer's answers (an unchanged story asks nothing
again).

Cost and failure: at most MAX_QUESTIONS questions per memo (each distinct claim and set of
sentences once); past that, or after a failed call (a timeout, a server down, an answer that is
neither yes nor no), the local verdict stands. The first failure ends the questions for that
memo. `memo.verification["judge"]` counts the questions and answers and says why it stopped;
`memo.verification["method"]` ends in "+model" when the model could judge.

The hook: `repair` checks claims through `check` here, which is `checks.check` while no judge is
active (`judging`), so the checks themselves know nothing of models. `briefing verify` (re-checking
a memo file) has no writer and asks no model.
"""
from __future__ import annotations

import contextvars
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator, Optional, Sequence

from ..errors import BriefingError
from ..prompts import Prompt, fenced, render_messages
from . import checks
from .checks import Verdict

METHOD = "model"         # how `memo.verification.method` names this side
MAX_QUESTIONS = 40       # questions per memo; the rest of the unsure verdicts stay local
ANSWER_TOKENS = 12       # {"answer": "yes"} is 6 to 8 tokens
TEXT_CHARS = 600         # a claim or sentence longer than this is cut (the prompt stays small)
MAX_SENTENCES = 8        # sentences shown with one claim (a claim cites at most a few)
ANSWER_SCHEMA = {"type": "object", "properties": {"answer": {"type": "string", "enum": ["yes", "no"]}},
                 "required": ["answer"]}
REFUSED = "overlap: the writer's model finds that the cited sentences do not state this"

_FENCE = re.compile(r"<\s*/?\s*(?:evidence|claim)\s*>", re.I)
_PLAIN = re.compile(r"^\W*(yes|no)\b", re.I)

Ask = Callable[[Prompt], tuple[str, bool]]   # a prompt -> (answer text, from cache); raises a BriefingError


class JudgeError(Exception):
    """The model's answer is neither yes nor no."""


def as_data(text: str) -> str:
    """Text made safe to place inside a fence: one line, bounded, no fence markers."""
    return fenced(text, _FENCE, TEXT_CHARS)


def build_prompt(claim: str, sources: Sequence[str]) -> Prompt:
    """The yes/no question about `claim` and the sentences it cites."""
    context = {"claim": as_data(claim),
               "sentences": [{"number": i, "text": as_data(s)} for i, s in enumerate(sources[:MAX_SENTENCES], 1)]}
    return Prompt(messages=render_messages("judge", context), numbers={}, schema=ANSWER_SCHEMA, max_tokens=ANSWER_TOKENS)


def parse_answer(text: str) -> bool:
    """True for yes, False for no: the JSON object asked for, or a bare yes/no; JudgeError otherwise."""
    raw = text.strip()
    start, end = raw.find("{"), raw.rfind("}")
    if 0 <= start < end:
        try:
            value = json.loads(raw[start:end + 1])
        except json.JSONDecodeError:
            value = None
        if isinstance(value, dict) and isinstance(value.get("answer"), str):
            raw = value["answer"]
    m = _PLAIN.match(raw)
    if not m:
        raise JudgeError(f"the model's answer is neither yes nor no: {' '.join(text.split())[:60]!r}")
    return m.group(1).lower() == "yes"


def unsure(verdict: Verdict) -> bool:
    """Whether the checks are unsure of this verdict: supported by meaning alone, or refused for
    word overlap alone. Never a hard-check refusal."""
    if verdict.supported:
        return verdict.meaning is not None and verdict.meaning.supported
    return verdict.failed == ["overlap"]


@dataclass
class Judge:
    """One memo's questions to the writer's model, and what came of them."""

    ask: Ask
    asked: int = 0       # questions put to the model (answers from the cache included)
    cached: int = 0      # ... answered from the cache
    yes: int = 0
    no: int = 0
    overruled: int = 0   # local verdicts the answer changed
    unasked: int = 0     # unsure verdicts left to the checks: questions spent, or after a failure
    error: Optional[str] = None
    _answers: dict = field(default_factory=dict)
    _overruled: set = field(default_factory=set)

    def entails(self, claim: str, sources: Sequence[str]) -> Optional[bool]:
        """The model's answer for the claim and its sentences, or None when it was not asked or failed."""
        key = (claim, tuple(sources))
        if key in self._answers:
            return self._answers[key]
        if self.error is not None or self.asked >= MAX_QUESTIONS:
            self.unasked += 1
            return None
        self.asked += 1
        try:
            text, cached = self.ask(build_prompt(claim, sources))
            answer = parse_answer(text)
        except (BriefingError, JudgeError) as e:  # a model call that failed, or an answer that is neither
            self.error = str(e) or type(e).__name__
            self.unasked += 1
            return None
        self.cached += bool(cached)
        self.yes += answer
        self.no += not answer
        self._answers[key] = answer
        return answer

    def review(self, verdict: Verdict, claim: str, sources: Sequence[str]) -> Verdict:
        """The verdict, decided by the model's answer where the checks are unsure."""
        if not unsure(verdict):
            return verdict
        sources = [s for s in sources if s and s.strip()]
        answer = self.entails(claim, sources)
        if answer is None or answer == verdict.supported:
            return verdict
        key = (claim, tuple(sources))
        if key not in self._overruled:
            self._overruled.add(key)
            self.overruled += 1
        if answer:
            return replace(verdict, supported=True, problems=[])
        return replace(verdict, supported=False, problems=[*verdict.problems, REFUSED])

    def judged(self) -> bool:
        """Whether the model could judge: it answered, or was never needed and never failed."""
        return bool(self.yes + self.no) or self.error is None

    def report(self) -> dict:
        return {"asked": self.asked, "cached": self.cached, "yes": self.yes, "no": self.no,
                "overruled": self.overruled, "unasked": self.unasked, "error": self.error}


def for_writer(writer, writing: dict) -> Optional[Judge]:
    """The judge of a memo the writer drafted (`writing`: the draft's record), when its `judge`
    setting is on; one whose model call just failed (a server down) is not asked again."""
    ask = writer.entailment()
    if ask is None:
        return None
    judge = Judge(ask)
    if writing.get("retry"):
        judge.error = "not asked: the writer's model call failed"
    return judge


_active: contextvars.ContextVar[Optional[Judge]] = contextvars.ContextVar("briefing_judge", default=None)


@contextmanager
def judging(judge: Optional[Judge]) -> Iterator[Optional[Judge]]:
    """`check` asks `judge` (None: nobody) inside the block; per thread, so memos written at once do not mix."""
    token = _active.set(judge)
    try:
        yield judge
    finally:
        _active.reset(token)


def check(claim: str, sources: Sequence[str], headline: bool = False, dated: Sequence[str] = ()) -> Verdict:
    """`checks.check`, decided by the active judge's model where the checks are unsure."""
    verdict = checks.check(claim, sources, headline, dated)
    judge = _active.get()
    return verdict if judge is None else judge.review(verdict, claim, sources)
