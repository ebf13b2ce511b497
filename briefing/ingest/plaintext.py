"""Plain text and Markdown files: one article per file."""
from __future__ import annotations

import re
from typing import Iterator

from ..models import Article
from .build import build_article

# Every pattern is linear in the text's length: a span may not contain its own opening
# delimiter or a line break, so a line of ten million unclosed `*`, `[` or `![a](` costs one pass
# (unbounded `.+?` spans made such a line quadratic: a 80 KB one took a minute).
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+([^\n]+)$", re.MULTILINE)
_MD_IMAGE = re.compile(r"!\[([^\]\[\n]*)\]\([^()\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\[\n]+)\]\([^()\n]*\)")
_MD_EMPHASIS = [re.compile(rf"{re.escape(d)}(?=\S)([^{re.escape(d[0])}\n]+?)(?<=\S){re.escape(d)}")
                for d in ("`", "**", "__", "*", "_")]
_MD_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def read_text(text: str, *, ext_id: str, source_path: str) -> Iterator[Article]:
    yield build_article(ext_id, text, source_path=source_path)


def read_markdown(text: str, *, ext_id: str, source_path: str) -> Iterator[Article]:
    meta = {}
    front = _MD_FRONT_MATTER.match(text)
    if front:  # simple `key: value` front matter (title, date, url, source)
        for line in front.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[front.end():]
    title = meta.get("title")
    heading = _MD_HEADING.search(text)
    if heading and not title and not text[:heading.start()].strip():
        title = _heading_text(heading)
        text = text[heading.end():]
    text = _MD_HEADING.sub(_heading_text, text)
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    for emphasis in _MD_EMPHASIS:
        text = emphasis.sub(lambda m: m.group(1), text)
    text = re.sub(r"^[ \t]{0,3}(?:[-*+]|>)[ \t]+", "", text, flags=re.MULTILINE)
    yield build_article(ext_id, text, source_path=source_path, title=title, url=meta.get("url"),
                        outlet=meta.get("source") or meta.get("outlet"),
                        published=meta.get("date") or meta.get("published"))


def _heading_text(m: re.Match) -> str:
    """A heading's text without its closing `#`s (`## Title ##` -> `Title`)."""
    return m.group(1).rstrip(" \t").rstrip("#").rstrip(" \t")
