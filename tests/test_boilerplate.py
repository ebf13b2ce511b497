"""Pages that are only boilerplate (widgets, notices, error pages) are rejected at ingest with
their reason; real articles, short ones and ones with a boilerplate line beside the story, are kept."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing import api
from briefing.ingest import ingest_paths
from briefing.ingest.boilerplate import boilerplate_only
from briefing.ingest.text import split_sentences

WIDGET = ("Post with a place\n\nTweet with a location\n\nYou can add location information to your Tweets, such as "
          "your city, from the web. You always have the option to delete your Tweet location history.\n\nLearn more")
ARCHIVE = ("These crawls are part of an effort to archive pages as they are created. This crawl was run at "
           "level 1. The WARC files of this crawl are not public.")
JS_COOKIES = ("We've noticed that JavaScript is disabled in your browser. Please enable JavaScript to continue.\n\n"
              "This site uses cookies. Read our cookie policy.")
ERROR_PAGE = ("Sorry, the page you requested could not be found. Try typing the web address again, or use the "
              "search box above. You may also like:")
PAYWALL = "Notice\n\nYou must log in to continue."
SHORT_REAL = ("The council voted on Tuesday to close the old Elm Street bridge to traffic. Engineers found cracks in "
              "two of its piers last month.")
MIXED = (WIDGET + "\n\nThe council voted on Tuesday to close the old Elm Street bridge to traffic after engineers "
         "found cracks in two of its piers. Repairs will take at least a year, the mayor said. Buses will be "
         "rerouted over the Oak Street bridge from Monday. Shop owners on Elm Street said they feared losing "
         "customers during the closure.")
FILLER = "Police arrested two men after a jewellery store robbery on Main Street on Friday night.\n\nRead more"


def _kinds(text: str):
    return boilerplate_only(text, split_sentences(text))


@pytest.mark.parametrize("text, kind", [
    (WIDGET, "social media widget"),
    (ARCHIVE, "web archive notice"),
    (JS_COOKIES, "JavaScript or browser notice"),
    (JS_COOKIES, "cookie notice"),
    (ERROR_PAGE, "error page"),
    (PAYWALL, "login or paywall"),
])
def test_boilerplate_only_pages_are_recognised_with_their_kind(text, kind):
    assert kind in (_kinds(text) or "")


@pytest.mark.parametrize("text", [SHORT_REAL, MIXED, FILLER, "Yes", "Learn more about the bridge closure below."])
def test_articles_and_short_texts_without_only_boilerplate_are_not(text):
    assert _kinds(text) is None


def test_a_boilerplate_line_needs_the_majority_of_a_short_page():
    # two real sentences and one newsletter prompt: the story outweighs the prompt
    text = SHORT_REAL + "\n\nSubscribe to our newsletter."
    assert _kinds(text) is None
    # the same prompt beside a four-word caption is the page
    assert _kinds("Photo: the Elm bridge.\n\nSign up for our free newsletter to get breaking news alerts.") == "newsletter prompt"


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_ingest_rejects_boilerplate_pages_by_file_and_keeps_real_ones(store, tmp_path):
    folder = _write(tmp_path / "in", {"widget.txt": WIDGET, "error.txt": ERROR_PAGE, "short.txt": SHORT_REAL,
                                      "mixed.txt": MIXED})
    report = ingest_paths(store, [folder])
    assert sorted(report.stored) == ["in/mixed.txt", "in/short.txt"]
    rejected = {Path(r.path).name: r for r in report.rejected}
    assert sorted(rejected) == ["error.txt", "widget.txt"]
    for r in rejected.values():
        assert r.reason == "boilerplate"
        assert r.detail.startswith("not an article: only boilerplate (")
    assert "social media widget" in rejected["widget.txt"].detail
    assert "error page" in rejected["error.txt"].detail


def test_identical_boilerplate_pages_are_not_linked_as_duplicates(store, tmp_path):
    """The same widget caught for two different stories must not tie those stories together."""
    folder = _write(tmp_path / "in", {"a.txt": WIDGET, "b.txt": WIDGET, "c.txt": WIDGET})
    report = ingest_paths(store, [folder])
    assert not report.stored and not report.duplicates
    assert len(report.rejected) == 3 and {r.reason for r in report.rejected} == {"boilerplate"}


def test_boilerplate_records_in_json_lines_are_rejected_one_by_one(store, tmp_path):
    path = tmp_path / "batch.jsonl"
    records = [{"id": "w1", "text": WIDGET}, {"id": "r1", "text": SHORT_REAL}, {"id": "w2", "text": WIDGET},
               {"id": "r2", "text": MIXED}]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = ingest_paths(store, [path])
    assert sorted(report.stored) == ["r1", "r2"]
    assert [(r.reason, r.record) for r in report.rejected] == [("boilerplate", "line 1 article w1"),
                                                               ("boilerplate", "line 3 article w2")]
    api.update_stories(store)
    members = {aid for s in api.stories(store) for aid in s.article_ids}
    assert members == {"r1", "r2"}


def test_cli_names_skipped_pages_and_still_exits_0(tmp_path, run_cli):
    folder = _write(tmp_path / "in", {"widget.txt": WIDGET, "short.txt": SHORT_REAL})
    r = run_cli("ingest", str(folder))
    assert r.returncode == 0, r.stderr
    assert "skipped" in r.stderr and "widget.txt" in r.stderr and "boilerplate" in r.stderr
    only_junk = _write(tmp_path / "junk", {"widget.txt": WIDGET})
    assert run_cli("ingest", str(only_junk)).returncode == 1, "nothing readable at all is still a failure"


def test_one_story_memo_of_only_boilerplate_pages_is_empty_not_fatal(tmp_path, run_cli):
    folder = _write(tmp_path / "junk", {"widget.txt": WIDGET, "error.txt": ERROR_PAGE})
    r = run_cli("memo", str(folder), "--one-story", "--json")
    assert r.returncode == 0, r.stderr
    memo = json.loads(r.stdout)
    assert memo["memo"]["summary"] == [] and memo["memo"]["coverage"]["articles"] == 0 and memo["sources"] == []
    assert "skipped" in r.stderr and "widget.txt" in r.stderr


# -- the literal pre-check never hides a phrase ------------------------------------------------

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from briefing.ingest import boilerplate  # noqa: E402

_PHRASES = ["Tweet with a location", "LIKE US ON FACEBOOK", "share this story", "JavaScript is disabled",
            "turn on javascript", "Update your browser", "this website uses cookies", "Accept all cookies",
            "by continuing to browse our", "These crawls", "WARC files", "archive-it", "archive the pages",
            "log in to read", "signin to see", "Already a subscriber", "subscribe now to keep reading",
            "Subscribe to our free newsletters", "page you are looking for can't be found", "DNS cache",
            "IP address may have changed", "access has been denied", "verify that you are a human", "CAPTCHA",
            "404 Not Found", "page not found", "no more 404", "web captures"]
# characters re.IGNORECASE takes for ASCII letters (İ, ı: i; ſ: s; Kelvin sign: k), and near misses
_NOISE = st.sampled_from([" ", "  ", "\n", ".", "-", "'", "x", "İ", "ı", "ſ", "\u212a", "é", "_", "s", "k", "i",
                          "cookie", "page ", "access", "Iİ", "captcha"])


def _respell(rng_choices: list[int], phrase: str) -> str:
    """The phrase with letters in another case or as their non-ASCII case-insensitive equivalents."""
    swaps = {"i": "İı", "s": "ſS", "k": "\u212aK"}
    out = []
    for ch, pick in zip(phrase, rng_choices + [0] * len(phrase)):
        options = ch + ch.swapcase() + swaps.get(ch.lower(), "")
        out.append(options[pick % len(options)])
    return "".join(out)


_TEXTS = st.lists(st.one_of(_NOISE, st.tuples(st.lists(st.integers(0, 4), max_size=40), st.sampled_from(_PHRASES))
                            .map(lambda t: _respell(*t))), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_kinds_are_those_whose_phrases_match_case_insensitively(text):
    expected = [kind for kind, pats in boilerplate.PATTERNS.items()
                if any(re.search(p, text, re.IGNORECASE) for p in pats)]
    assert boilerplate.boilerplate_kinds(text) == expected


def test_every_phrase_has_a_required_literal_so_sentences_without_one_skip_the_searches():
    for kind, pats in boilerplate.PATTERNS.items():
        for p in pats:
            literal = boilerplate._required_literal(p)
            assert literal and len(literal) >= 4, (kind, p)
    assert boilerplate._ALL_LITERALS is not None


@pytest.mark.parametrize("pattern, literal", [
    (r"\bab?cd\b", "cd"), (r"\bxy(?:z)?w\b", "xy"), (r"\ba|b\b", None), (r"\b[ab]c\b", None), (r"\bab+\b", None),
    (r"\bpage (?:you )?not found\b", "not found"), (r"\b(?:a|b)\b", None)])
def test_required_literal_is_read_only_from_syntax_it_understands(pattern, literal):
    assert boilerplate._required_literal(pattern) == literal


def test_fold_covers_every_character_ignorecase_takes_for_an_ascii_letter():
    letter = re.compile("[a-z]", re.IGNORECASE)
    for cp in range(0x110000):
        ch = chr(cp)
        if letter.fullmatch(ch):
            assert boilerplate._fold(ch) == next(c for c in "abcdefghijklmnopqrstuvwxyz"
                                                 if re.fullmatch(c, ch, re.IGNORECASE)), hex(cp)
