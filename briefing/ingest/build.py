"""Turns what a reader found into a complete Article: normalised text, metadata, sentences."""
from __future__ import annotations

import re
from typing import Optional

from ..models import Article
from .text import normalize_text, split_sentences
from .boilerplate import boilerplate_only
from .decode import InputError
from .metadata import infer_metadata, parse_date

MAX_ARTICLE_CHARS = 2_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")


def build_article(ext_id: str, text: Optional[str], *, source_path: str, title=None, url=None, outlet=None,
                  published=None, language=None, meta_origin: Optional[dict] = None) -> Article:
    """Raises InputError('no-text' | 'too-large') when the record has no usable article text
    (none at all, or only boilerplate: a widget, notice or error page, see `boilerplate`).
    A lone surrogate (a JSON escape such as "\\ud800" that is half of a pair: no character, and
    not writable as UTF-8) becomes U+FFFD in every field."""
    ext_id, text, title, url, outlet, published, language = (
        _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v
        for v in (ext_id, text, title, url, outlet, published, language))
    if not isinstance(text, str):
        raise InputError("no-text", f"text is {type(text).__name__}, not a string" if text is not None else "no text field")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError("too-large", f"article text has {len(text):,} characters (limit {MAX_ARTICLE_CHARS:,})")
    body = normalize_text(text)
    if not any(ch.isalnum() for ch in body):
        raise InputError("no-text", "the text is empty or has no words")
    title = _clean_str(title)
    if title and body.startswith(title):  # extractors often repeat the headline as the first line
        rest = body[len(title):].lstrip()
        if any(ch.isalnum() for ch in rest):
            body = rest
    article = Article(
        ext_id=ext_id, text=body, title=title, url=_clean_str(url), outlet=_clean_str(outlet),
        published=parse_date(published), language=_clean_str(language), source_path=source_path,
        meta_origin=dict(meta_origin or {}))
    for attr in ("title", "url", "outlet", "published", "language"):
        if getattr(article, attr) and attr not in article.meta_origin:
            article.meta_origin[attr] = "input"
    infer_metadata(article)
    article.sentences = split_sentences(article.text)
    if not article.sentences:
        raise InputError("no-text", "no sentence could be read from the text")
    kinds = boilerplate_only(article.text, article.sentences)
    if kinds:
        raise InputError("boilerplate", f"not an article: only boilerplate ({kinds})")
    return article


def _clean_str(value) -> Optional[str]:
    """The value with white space collapsed; None for anything but a string (a news-please file with
    a number, list or object for a title, outlet, url or language has no such field)."""
    if not isinstance(value, str):
        return None
    s = " ".join(value.split())
    return s or None
