"""The `openai` writer: any OpenAI-compatible chat endpoint (OpenAI, vLLM, llama.cpp server, Ollama).

Settings come from flags, the config file or the environment (`OPENAI_API_KEY`,
`OPENAI_BASE_URL`); the key is only handed to the `openai` client and is masked in every message
this module produces, as are credentials in the base URL and key-like strings in a server's
error text (`briefing/redact.py`). An answer that is not JSON is a failed call like any other:
the story falls back to the extractive writer. The client retries 408/409/429/5xx answers and connection errors with
exponential backoff (`retries`), each request has a `timeout`, and `briefing run` writes at most
`concurrency` stories at once. The answer's structure is requested as a JSON schema; a server
that rejects that gets plain JSON mode, then an unconstrained request read by the tolerant parser.
Until one form has worked, a request's first attempt is made without retries, so a server that
rejects a form costs one request, not a round of backoff.
"""
from __future__ import annotations

import time
from typing import Optional

from ..redact import mask_text, mask_url
from .base import Limits, WriterError
from .grounded import MAX_POINTS, Prompt
from .model import Completion, ModelCallFailed, ModelWriter, ResponseCache

DEFAULTS = {"timeout": 120.0, "retries": 3, "concurrency": 4, "temperature": 0.0, "max_tokens": 600}
_FORMATS = ("json_schema", "json_object", None)


class OpenAIWriter(ModelWriter):
    name = "openai"

    def __init__(self, model: Optional[str] = None, base_url: Optional[str] = None, api_key: Optional[str] = None,
                 timeout: float = DEFAULTS["timeout"], retries: int = DEFAULTS["retries"],
                 concurrency: int = DEFAULTS["concurrency"], temperature: float = DEFAULTS["temperature"],
                 max_tokens: int = DEFAULTS["max_tokens"], parts: Optional[str] = None, max_points: int = MAX_POINTS,
                 cache: Optional[ResponseCache] = None,
                 bottom_line: int = Limits.bottom_line, key_points: int = Limits.key_points,
                 judge: bool | str = False) -> None:
        super().__init__(parts=parts, max_points=max_points, cache=cache, bottom_line=bottom_line,
                         key_points=key_points, judge=judge)
        try:
            import openai
        except ImportError:
            raise WriterError("the openai writer needs the openai package: pip install openai") from None
        if not api_key:
            raise WriterError("the openai writer needs an API key: set OPENAI_API_KEY (or api_key under [openai] "
                              "in the config file, or --api-key). A local server that ignores keys accepts any "
                              "value, e.g. OPENAI_API_KEY=local")
        if not model:
            raise WriterError("the openai writer needs a model name: --model NAME (or BRIEFING_MODEL, or model "
                              "under [openai] in the config file)")
        self.model = model
        self.base_url = base_url or None
        self.temperature = float(temperature)
        self.max_tokens = int(max_tokens)
        self.concurrency = max(1, int(concurrency))
        self._secret = api_key
        self._shown = mask_url(self.base_url) if self.base_url else "OpenAI"  # for messages
        self._format_index = 0  # the structured-output form this server accepted
        self._format_known = False  # True once a request with that form succeeded
        self._retries = max(0, int(retries))
        self._client = openai.OpenAI(api_key=api_key, base_url=self.base_url, timeout=float(timeout),
                                     max_retries=max(0, int(retries)))

    def __repr__(self) -> str:  # never shows the key
        return f"OpenAIWriter(model={self.model!r}, base_url={self._shown!r})"

    def identity(self) -> dict:
        # credentials in the URL do not change the answers: masked, they stay out of the database
        return {"model": self.model, "base_url": mask_url(self.base_url or "https://api.openai.com/v1"),
                "temperature": self.temperature, "max_tokens": self.max_tokens}

    def secrets(self) -> list[str]:
        return [self._secret] if self._secret else []

    def _mask(self, text: str) -> str:
        return mask_text(text, self.secrets())

    def _response_format(self, prompt: Prompt) -> Optional[dict]:
        form = _FORMATS[self._format_index]
        if form == "json_schema":
            return {"type": "json_schema", "json_schema": {"name": "briefing", "schema": prompt.schema}}
        if form == "json_object":
            return {"type": "json_object", "schema": prompt.schema}  # llama.cpp servers read `schema` here
        return None

    def _create(self, prompt: Prompt, extra: dict, probing: bool):
        """One chat completion. While probing which structured-output form the server takes, the first
        attempt is made without the client's retries, so a server that rejects the form (some answer
        500) costs one request instead of a round of backoff; a transient failure of that attempt
        still gets the remaining retries."""
        import openai

        def create(client):
            return client.chat.completions.create(model=self.model, messages=prompt.messages,
                                                  temperature=self.temperature,
                                                  max_tokens=prompt.max_tokens or self.max_tokens, **extra)

        if not probing:
            return create(self._client)
        try:
            return create(self._client.with_options(max_retries=0))
        except (openai.APIConnectionError, openai.APIStatusError) as e:
            if not _transient(e) or self._retries == 0:
                raise
            return create(self._client.with_options(max_retries=self._retries - 1))

    def complete(self, prompt: Prompt) -> Completion:
        import openai

        while True:
            extra = {}
            response_format = self._response_format(prompt)
            if response_format is not None:
                extra["response_format"] = response_format
            started = time.perf_counter()
            try:
                out = self._create(prompt, extra, probing=response_format is not None and not self._format_known)
            except (openai.BadRequestError, openai.UnprocessableEntityError) as e:
                if response_format is not None and self._format_index < len(_FORMATS) - 1:
                    self._format_index += 1  # the server does not take this structured-output form
                    continue
                raise ModelCallFailed(self._mask(f"{self._shown} rejected the request: {e}")) from None
            except openai.AuthenticationError:
                raise ModelCallFailed(f"{self._shown} refused the API key (HTTP 401): check "
                                      "OPENAI_API_KEY") from None
            except openai.APITimeoutError:
                raise ModelCallFailed(f"{self._shown} did not answer in time "
                                      f"({self._client.timeout} s per request, after retries)") from None
            except openai.APIConnectionError as e:
                raise ModelCallFailed(self._mask(f"cannot reach {self._shown}: {e}")) from None
            except openai.APIStatusError as e:
                if response_format is not None and "response_format" in str(e) and \
                        self._format_index < len(_FORMATS) - 1:
                    self._format_index += 1  # llama-cpp-python's server rejects json_schema with a 500
                    continue
                raise ModelCallFailed(self._mask(f"{self._shown} answered HTTP {e.status_code} "
                                                 f"after retries")) from None
            except openai.OpenAIError as e:  # e.g. a body that is not a chat completion
                raise ModelCallFailed(self._mask(f"{self._shown} gave an unusable answer: {e}")) from None
            except ValueError as e:  # a 200 whose body is not JSON (the client's json.JSONDecodeError)
                raise ModelCallFailed(self._mask(f"{self._shown} answered with something that is not JSON: "
                                                 f"{type(e).__name__}: {e}")) from None
            break
        self._format_known = True
        seconds = time.perf_counter() - started
        try:
            text = out.choices[0].message.content or ""
        except (AttributeError, IndexError, TypeError):
            raise ModelCallFailed(self._mask(f"{self._shown} answered without a chat completion")) from None
        usage = getattr(out, "usage", None)
        return Completion(text, int(getattr(usage, "prompt_tokens", 0) or 0),
                          int(getattr(usage, "completion_tokens", 0) or 0), seconds)


def _transient(e: Exception) -> bool:
    """A failure the client would retry (connection, timeout, 408/409/429/5xx), not a complaint about
    the response_format."""
    import openai

    if isinstance(e, openai.APIConnectionError):
        return True
    return (isinstance(e, openai.APIStatusError) and (e.status_code in (408, 409, 429) or e.status_code >= 500)
            and "response_format" not in str(e))
