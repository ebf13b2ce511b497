"""Prompt templates: the versioned `templates/<kind>.v<N>.{system,user}.j2` files shipped inside the
package, the sandbox they render in, and the prompt a model is sent.

Shared by the writers (`writers/grounded.py`: write a memo) and the verifier (`verify/judge.py`:
does this sentence support this claim), so neither imports the other. Article text enters a
prompt only as a value inside a fence (`fenced`), never as template source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

import jinja2
from jinja2.sandbox import SandboxedEnvironment

PROMPTS_DIR = Path(str(resources.files("briefing") / "templates"))  # shipped inside the package


@dataclass
class Prompt:
    messages: list[dict]  # chat messages: system, user
    numbers: dict[int, int]  # prompt number -> evidence number
    schema: dict = field(default_factory=dict)
    max_tokens: Optional[int] = None  # the answer's budget, when tighter than the writer's (a yes/no question)


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """One environment per process: it keeps the compiled prompt templates between memos."""
    return SandboxedEnvironment(loader=jinja2.FileSystemLoader(str(PROMPTS_DIR)), undefined=jinja2.StrictUndefined,
                                autoescape=False, keep_trailing_newline=False, trim_blocks=True,
                                lstrip_blocks=True)


@lru_cache(maxsize=8)
def prompt_files(kind: str, folder: Path = PROMPTS_DIR) -> dict[str, Path]:
    """role (system, user) -> the newest `<kind>.v<N>.<role>.j2` in `folder`."""
    name = re.compile(rf"^{re.escape(kind)}\.v(?P<version>\d+)\.(?P<role>system|user)\.j2$")
    best: dict[str, tuple[int, Path]] = {}
    for path in folder.iterdir() if folder.is_dir() else []:
        m = name.match(path.name)
        if m and (m["role"] not in best or int(m["version"]) > best[m["role"]][0]):
            best[m["role"]] = (int(m["version"]), path)
    return {role: path for role, (_, path) in best.items()}


def render_messages(kind: str, context: dict) -> list[dict]:
    """The system and user messages of the newest `kind` prompt, rendered with `context`."""
    files = prompt_files(kind)
    env = environment()
    return [{"role": role, "content": env.get_template(files[role].name).render(**context).strip()}
            for role in ("system", "user")]


def fenced(text: str, fence: re.Pattern, max_chars: int) -> str:
    """Text made safe to place inside a fence: one line, at most `max_chars`, fence markers neutralised."""
    text = " ".join(text.split())[:max_chars]
    return fence.sub(lambda m: m.group(0).replace("<", "‹").replace(">", "›"), text)
