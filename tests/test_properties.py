"""Property-based tests (hypothesis) of what hostile text must never break: sentence offsets,
citations and rendering.

- sentence splitting of normalised text full of markup, template syntax, right-to-left text,
  bidi overrides and control characters: offsets ordered, inside the text, every letter or digit
  inside a sentence (tests/test_text.py covers plain and punctuation-heavy text);
- a memo written from arbitrary article texts (the extractive writer, the same code path as
  `briefing memo`): every citation's quote is exactly `text[start:end]` of the sentence it names,
  and its source number is that article's number in the source list;
- rendering that memo in md, html, txt and json never fails, and no markup or template syntax from
  the articles becomes live: no `<script`, no `javascript:` link, no evaluated `{{ }}`.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from briefing.memo.compose import compose
from briefing.ingest.build import build_article
from briefing.ingest.decode import InputError
from briefing.render.pages import render_memo
from briefing.ingest.text import normalize_text, split_sentences
from briefing.writers import get_writer

HOSTILE_PIECES = [
    "<script>alert(1)</script>", "<SCRIPT src=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))", "<a href=\"javascript:alert(2)\">x</a>", "{{ 7 * 7 }}", "{% raw %}",
    "{% for x in range(9) %}loop{% endfor %}", "{{ config.__class__ }}", "{#", "#}", "</textarea>", "-->",
    "<!--", "]]>", "&amp;", "&lt;b&gt;", "\u202e", "\u2066", "\u200f", "\u061c", "\x01", "\x1b[31m", "\x7f",
    "שלום עולם.", "مرحبا بالعالم.", "你好，世界。", "Привет, мир.", "🙂", "\ufeff", "\u0301", "# Heading", "| a | b |",
    "*", "_", "`", "\\", "Mr.", "U.S.", " ", "\n", "\n\n", ". ", "? ", "! ",
]
WORDS = st.sampled_from("The council voted on Tuesday to build a flood barrier that will cost 12 million "
                        "dollars and protect 4,000 homes said the mayor Ana Ruiz".split())
SENTENCE = st.lists(st.one_of(WORDS, WORDS, WORDS, st.sampled_from(HOSTILE_PIECES)), min_size=3, max_size=25).map(
    lambda ws: " ".join(ws).strip().capitalize() + ".")
ARTICLE = st.lists(SENTENCE, min_size=1, max_size=8).map(lambda ss: " ".join(ss))
ANY_TEXT = st.one_of(st.text(max_size=400), ARTICLE,
                     st.lists(st.sampled_from(HOSTILE_PIECES), max_size=40).map("".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_sentence_offsets_of_hostile_text_stay_inside_and_in_order(raw):
    text = normalize_text(raw)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", text)
    previous = 0
    covered = set()
    for i, s in enumerate(split_sentences(text)):
        assert s.index == i and previous <= s.start < s.end <= len(text)
        piece = text[s.start:s.end]
        assert piece == piece.strip() and "\n" not in piece
        previous = s.end
        covered.update(range(s.start, s.end))
    assert all(i in covered for i, ch in enumerate(text) if ch.isalnum())


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_no_live_markup(html: str) -> None:
    """As a browser parses the page: no script, image, frame or object tag, no event handler
    attribute, no javascript: address (article text may only appear as escaped text or quoted values)."""
    parser = _Tags()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "svg", "form"), tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)


def _articles(texts: list[str], titles: list[str]):
    articles = []
    for k, (text, title) in enumerate(zip(texts, titles)):
        try:
            articles.append(build_article(f"a{k}", text, source_path=f"a{k}.txt", title=title or None,
                                          outlet=f"Outlet {k % 2} <b>{title[:10]}</b>"))
        except InputError:
            continue
    return articles


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ARTICLE, min_size=1, max_size=4),
       st.lists(st.one_of(st.just(""), st.text(max_size=40), st.sampled_from(HOSTILE_PIECES)), min_size=4, max_size=4))
def test_every_citation_resolves_and_every_format_renders_inert(texts, titles):
    articles = _articles(texts, titles)
    assume(articles)
    memo = compose(get_writer("extractive"), "s-prop", titles[0], articles)
    by_id = {a.ext_id: a for a in articles}
    numbers = {s.article_id: s.number for s in memo.sources}
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    for claim in memo.claims():
        assert claim.citations, claim
        for c in claim.citations:
            article = by_id[c.article_id]
            s = article.sentences[c.sentence]
            assert 0 <= s.start < s.end <= len(article.text)
            assert article.text[s.start:s.end] == c.quote
            assert numbers[c.article_id] == c.source
    outputs = {fmt: render_memo(memo, fmt) for fmt in ("md", "html", "txt", "json")}
    html = outputs["html"].lower()
    assert "<script" not in html
    assert_no_live_markup(outputs["html"])
    md = outputs["md"].lower()
    # Markdown shows `\<script` as the text "<script": only an unescaped `<` would be markup
    assert not re.search(r"(?<!\\)<(script|img|a )", md) and not re.search(r"(?<!\\)\]\(javascript:", md)
    for fmt in ("md", "html", "txt"):
        assert "49" not in outputs[fmt] or any("49" in a.text or "49" in (a.title or "") for a in articles), fmt
        assert "loop" * 9 not in outputs[fmt]  # a {% for %} from an article never runs
    assert json.loads(outputs["json"])["memo"]["title"] == memo.title


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.text(max_size=80))
def test_rendering_never_fails_on_any_text(text, title):
    articles = _articles([text], [title])
    assume(articles)
    memo = compose(get_writer("extractive"), "s-any", title, articles)
    for fmt in ("md", "html", "txt", "json"):
        out = render_memo(memo, fmt)
        assert isinstance(out, str) and out
    assert "<script" not in render_memo(memo, "html").lower()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_markdown_escaping_leaves_no_entity_and_no_markup(text):
    from briefing.render.pages import md_escape
    out = md_escape(text)
    # an unescaped "&name;" or "&#60;" would render as another character
    assert not re.search(r"(?<!\\)&(?!amp;)#?\w+;", out.replace("&amp;", ""))
    assert not re.search(r"(?<!\\)[<>\[\]`*_]", out)


def test_a_lone_ampersand_reads_as_itself_in_markdown():
    from briefing.render.pages import md_escape
    assert md_escape("General Mills, Procter & Gamble and others") == "General Mills, Procter & Gamble and others"
    assert md_escape("&lt;script&gt; and &#60;b") == r"&amp;lt;script&amp;gt; and &amp;\#60;b"
