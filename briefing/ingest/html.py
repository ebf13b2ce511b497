"""HTML pages: main text and metadata extracted by trafilatura."""
from __future__ import annotations

import warnings
from typing import Iterator

from ..models import Article
from .build import build_article
from .decode import InputError

# Only dates the page states (meta tags, markup); never htmldate's guesses from the file date.
MAX_PARSED_CHARS = 10_000_000  # libxml2 refuses a longer text node (and trafilatura pages over 20 MB)
MIN_WORDS_IN_A_LINE = 6  # a page whose every line is shorter is navigation, not an article
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html(text: str, *, ext_id: str, source_path: str, url: str | None = None) -> Iterator[Article]:
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(text, url=url, with_metadata=True, include_comments=False,
                                              include_tables=False, date_extraction_params=_DATE_PARAMS)
        except Exception as e:  # trafilatura raises a variety of lxml/value errors on broken markup
            raise InputError("malformed-html", f"the page could not be parsed: {e}") from e
    if doc is None and len(text) > MAX_PARSED_CHARS:
        raise InputError("too-large", f"the page has {len(text):,} characters; the HTML parser reads at most "
                                      f"{MAX_PARSED_CHARS:,} in one piece of text")
    if doc is None:
        raise InputError("no-text", "no main article text was found in the page")
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    if not any(len(line.split()) >= MIN_WORDS_IN_A_LINE for line in (d.get("text") or "").splitlines()):
        raise InputError("no-text", "the page has no paragraph of text (only menus, links or captions)")
    origin = {"text": "trafilatura"}
    outlet = d.get("sitename") or d.get("hostname")
    yield build_article(ext_id, d.get("text"), source_path=source_path, title=d.get("title"),
                        url=d.get("url") or url, outlet=outlet, published=d.get("date"),
                        language=d.get("language"), meta_origin=origin)


def html_fragment_text(fragment: str) -> str:
    """Readable text of an HTML fragment (a feed entry's content): paragraphs kept, markup dropped."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several types for broken markup
        return ""
    for bad in root.xpath(".//script|.//style|.//iframe|.//noscript|.//object|.//embed"):
        bad.drop_tree()
    for block in root.xpath(".//p|.//div|.//br|.//li|.//h1|.//h2|.//h3|.//h4|.//blockquote|.//tr"):
        block.tail = "\n\n" + (block.tail or "")
    return root.text_content()
