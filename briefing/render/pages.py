"""Rendering memos and the index page with Jinja2 templates, sandboxed, strict about undefined names.

Built-in layouts live in `briefing/templates/` (package data) as `<kind>.v<N>.<format>.j2` (kind: memo or index; format: md,
html or txt); the highest version is the default. A user template is a file (used for the memo
in the requested format) or a folder holding files named like the built-ins (`memo.md.j2` or
`memo.v2.md.j2`); a folder may hold only some of them, the rest stay built-in.

Article text only ever reaches a template as data: it is never compiled as a template, it is
autoescaped in HTML and escaped for Markdown (`md` filter), so markup in an article is inert.
JSON output is the memo data itself (`Memo.to_dict`), not a template.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

import jinja2

from ..models import Claim, Memo
from .template_limits import BoundedEnvironment, TemplateLimit, render_bounded
from ..errors import RenderError

FORMATS = ("md", "html", "txt", "json")
TEMPLATE_FORMATS = ("md", "html", "txt")
EXTENSIONS = {"md": "md", "html": "html", "txt": "txt", "json": "json"}
TEMPLATES_DIR = Path(str(resources.files("briefing") / "templates"))  # shipped inside the package
_NAME = re.compile(r"^(?P<kind>memo|index)(?:\.v(?P<version>\d+))?\.(?P<fmt>md|html|txt)\.j2$")


def _templates_in(folder: Path) -> dict[tuple[str, str], tuple[int, Path]]:
    """(kind, format) -> (version, path) of the newest template of each kind and format."""
    found: dict[tuple[str, str], tuple[int, Path]] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        m = _NAME.match(path.name)
        if m:
            key = (m["kind"], m["fmt"])
            version = int(m["version"] or 0)
            if key not in found or version > found[key][0]:
                found[key] = (version, path)
    return found


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!])")
_MD_ENTITY_START = re.compile(r"&(?=#?\w+;)")  # "&lt;" or "&#60;" would turn into a character


def md_escape(value) -> str:
    """Text made inert in Markdown: no links, emphasis, HTML, entities or headings can come from it.
    A lone "&" ("Procter & Gamble") stays as it is, readable in the raw file and on a terminal."""
    text = " ".join(str(value).split())
    return _MD_SPECIAL.sub(r"\\\1", _MD_ENTITY_START.sub("&amp;", text))


def _finalize(value):
    if value is None:
        return ""
    return value


@lru_cache(maxsize=32)
def _environment(folder: str, fmt: str) -> BoundedEnvironment:
    """One sandboxed environment per template folder and format, made once: Jinja2 then keeps each
    compiled template (recompiled when its file changes, auto_reload), where a new environment per
    memo compiled the layout every time (about 50 ms per memo and format). Bounded in time and in
    the size of what a template makes (`template_limits`)."""
    env = BoundedEnvironment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=(fmt == "html"),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["md"] = md_escape
    return env


@dataclass
class Templates:
    """Where each layout comes from: built-in, or a user file/folder that overrides some."""

    user: Optional[Path] = None

    def path_for(self, kind: str, fmt: str) -> Path:
        if self.user is not None:
            if not self.user.is_file() and not self.user.is_dir():
                raise RenderError(str(self.user), None, "not a regular file or a folder")
            if self.user.is_file():
                if kind == "memo":
                    return self.user
            else:
                own = _templates_in(self.user).get((kind, fmt))
                if own:
                    return own[1]
        builtin = _templates_in(TEMPLATES_DIR).get((kind, fmt))
        if not builtin:
            raise RenderError(f"{kind}.{fmt}.j2", None, f"no built-in template in {TEMPLATES_DIR}")
        return builtin[1]

    def fingerprint(self, kind: str, formats: list[str]) -> str:
        """SHA-1 of the layouts `kind` uses in `formats` (their text): a changed layout changes it."""
        digest = hashlib.sha1()
        for fmt in formats:
            if fmt == "json":
                continue  # JSON is the memo data itself, not a layout
            path = self.path_for(kind, fmt)
            digest.update(f"{fmt}\0{path.name}\0".encode())
            try:
                digest.update(path.read_bytes())
            except OSError:
                pass  # rendering will name the file and the reason
        return digest.hexdigest()

    def render(self, kind: str, fmt: str, context: dict) -> str:
        path = self.path_for(kind, fmt)
        if not path.is_file():  # a FIFO or device would block the read or never end
            raise RenderError(str(path), None, "not a regular file")
        env = _environment(str(path.parent), fmt)
        try:
            template = env.get_template(path.name)
        except jinja2.TemplateSyntaxError as e:
            raise RenderError(str(path), e.lineno, e.message or "syntax error") from None
        except (OSError, UnicodeDecodeError, jinja2.TemplateError) as e:
            raise RenderError(str(path), None, str(e)) from None
        try:
            return render_bounded(template, context)
        except TemplateLimit as e:
            raise RenderError(str(path), _template_line(path), f"over a limit: {e}") from None
        except jinja2.TemplateError as e:
            raise RenderError(str(path), _template_line(path), f"{type(e).__name__}: {e}") from None
        except Exception as e:  # a template calling something that fails: still the template's error
            raise RenderError(str(path), _template_line(path), f"{type(e).__name__}: {e}") from None


def _template_line(path: Path) -> Optional[int]:
    """The template line being rendered when the current exception was raised."""
    tb = sys.exc_info()[2]
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(path):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# -- contexts ------------------------------------------------------------------------------------
def corroboration_label(corroboration: Optional[dict]) -> Optional[str]:
    """How many carry a claim, as a reader says it: "3 outlets", "one outlet, 2 articles" (one
    outlet's several articles are not independent sources) or "single source" (one article)."""
    if not corroboration:
        return None
    outlets, articles = corroboration.get("outlets", 0), corroboration.get("articles", 0)
    if outlets >= 2:
        return f"{outlets} outlets"
    return f"one outlet, {articles} articles" if articles >= 2 else "single source"


def _claim_view(c: Claim) -> dict:
    d = {"date": None, "date_key": None, "speaker": None, "role": None, "outlet": None, "group": None,
         "published": None, "later": None, "verdict": None, "repair": None, "corroboration": None,
         "new": None}
    d.update(c.to_dict())  # templates see every field (None when unset), JSON leaves unset ones out
    d["markers"] = c.markers
    d["corroboration_label"] = corroboration_label(c.corroboration)
    d["notes"] = []  # [{source, note}]: filled by _add_notes
    return d


def _add_notes(views: list[dict], sources: list[dict]) -> list[dict]:
    """The cited sentences as numbered notes, in reading order, so each marker's quote can be read
    without hovering (touch screens, print): each claim view gets `notes` (one per marker: the
    source number and its note's number); returns the notes (`number`, `source`, `outlet`, `quote`)."""
    outlets = {s["number"]: s.get("outlet") for s in sources}
    notes: list[dict] = []
    by_key: dict[tuple[int, str], int] = {}
    for view in views:
        for n in view["markers"]:
            quote = " … ".join(" ".join(c["quote"].split()) for c in view["citations"] if c["source"] == n)
            key = (n, quote)
            if key not in by_key:
                notes.append({"number": len(notes) + 1, "source": n, "outlet": outlets.get(n), "quote": quote})
                by_key[key] = len(notes)
            view["notes"].append({"source": n, "note": by_key[key]})
    return notes


def memo_context(memo: Memo, index_path: Optional[str] = None) -> dict:
    """What a memo template sees: plain data (dicts, lists, strings), never live objects.
    `index_path`: the index page relative to the memo, when the memo is part of a `briefing run`."""
    data = memo.to_dict()
    headline = _claim_view(memo.headline) if memo.headline else None
    bottom_line = [_claim_view(c) for c in memo.bottom_line]
    key_points = [_claim_view(c) for c in memo.key_points]
    sections = []
    for s in memo.sections:
        view = {"key": s.key, "heading": s.heading, "claims": [_claim_view(c) for c in s.claims]}
        if s.key == "differences":
            pairs: dict[int, list] = {}
            for c in view["claims"]:
                pairs.setdefault(c.get("group", 0), []).append(c)
            view["pairs"] = list(pairs.values())
        if s.key == "statements":
            speakers: dict[str, dict] = {}
            for c in view["claims"]:
                entry = speakers.setdefault(c.get("speaker") or "", {"speaker": c.get("speaker"), "role": c.get("role"),
                                                                      "claims": []})
                entry["claims"].append(c)
            view["speakers"] = list(speakers.values())
        sections.append(view)
    views = ([headline] if headline else []) + bottom_line + key_points + [c for s in sections for c in s["claims"]]
    return {
        "title": memo.title,
        "story_id": memo.story_id,
        "headline": headline,
        "bottom_line": bottom_line,
        "key_points": key_points,
        "sections": sections,
        "coverage": memo.coverage,
        "sources": data["sources"],
        "notes": _add_notes(views, data["sources"]),
        "index_path": index_path,
        "writer": memo.writer,
        "writing": {"model": None, "fallback": None, **memo.writing},
        # who worded the claims shown: the writer's model, or the sources (a source sentence or title)
        "origins": {"model": sum(c.origin == "model" for c in memo.claims()),
                    "source": sum(c.origin != "model" for c in memo.claims())},
        # what the verifier did (briefing.verify); zeros when the memo was not verified
        "verification": {"checked": 0, "supported": 0, "re_cited": 0, "rewritten": 0, "dropped": 0, "judge": None,
                         **memo.verification},
    }


def render_memo(memo: Memo, fmt: str, templates: Optional[Templates] = None, index_path: Optional[str] = None) -> str:
    if fmt == "json":
        return json.dumps(memo.to_dict(), indent=2, ensure_ascii=False) + "\n"
    return (templates or Templates()).render("memo", fmt, memo_context(memo, index_path))


def render_index(entries: list[dict], fmt: str, title: str, templates: Optional[Templates] = None,
                 made: Optional[str] = None) -> str:
    """The index page: `entries` are dicts with story_id, title, bottom_line, size, outlets, dates, status,
    path; `made`: when the index was made (e.g. "2026-03-04 07:00 UTC")."""
    if fmt == "json":
        return json.dumps({"title": title, "made": made, "stories": entries}, indent=2, ensure_ascii=False) + "\n"
    return (templates or Templates()).render("index", fmt, {"title": title, "stories": entries, "made": made})
