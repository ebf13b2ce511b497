"""Metadata read from the text only where the text states it: the real seed articles (read in
place from ../shared/seeds) and synthetic datelines, footers and publication lines."""
from __future__ import annotations

import pytest

from briefing.ingest import ingest_paths
from briefing.ingest.build import build_article
from briefing.ingest.metadata import parse_date


@pytest.fixture
def seeds(store, seeds_dir):
    report = ingest_paths(store, [seeds_dir])
    assert not report.rejected, report.rejected
    by_number = {}
    for ext_id in report.stored:
        number = ext_id.split("/")[-1][:3]
        by_number[number] = store.get_article(ext_id)
    assert {"000", "001", "002", "003", "004"} <= set(by_number)
    return by_number


def test_seed_000_tass_dateline_without_year_gives_no_date(seeds):
    article = seeds["000"]
    assert article.text.startswith("MOSCOW, January 15. /TASS/.")
    assert article.outlet == "TASS"
    assert article.place == "MOSCOW"
    assert article.published is None  # "January 15" has no year: never completed with a guess
    assert "published" not in article.meta_origin
    assert article.meta_origin["outlet"] == "dateline" and article.meta_origin["place"] == "dateline"


def test_seed_001_interview_credit(seeds):
    article = seeds["001"]
    assert article.outlet == "Mehr News Agency"
    assert article.meta_origin["outlet"] == "interview credit"
    assert article.published is None


@pytest.mark.parametrize("number", ["002", "004"])
def test_seeds_002_004_licence_footer_and_tehran_dateline(seeds, number):
    article = seeds[number]
    assert article.outlet == "Mehr News Agency"
    assert article.meta_origin["outlet"] == "licence footer"
    assert article.place == "TEHRAN"
    assert article.meta_origin["place"] == "dateline"
    assert article.published is None


def test_seed_003_outlet_naming_itself(seeds):
    article = seeds["003"]
    assert article.outlet == "Newsweek"
    assert article.meta_origin["outlet"] == "self-reference"
    assert article.place is None
    assert article.published is None


def test_seeds_never_get_a_headline_from_a_body_sentence(seeds):
    """None of the seeds opens with a headline line; a first sentence must not pass as a title."""
    for article in seeds.values():
        assert article.title is None, (article.ext_id, article.title)


# -- synthetic ----------------------------------------------------------------------------------

def build(text: str, **given):
    return build_article("x", text, source_path="x.txt", **given)


def test_ap_dateline():
    a = build("WASHINGTON (AP) — The Senate passed the spending bill on Tuesday. It now goes to the House.")
    assert (a.outlet, a.place, a.published) == ("AP", "WASHINGTON", None)
    assert a.meta_origin["outlet"] == "dateline"


def test_agency_dateline_with_state_and_double_hyphen():
    a = build("LONDON, England (Reuters) -- Shares fell sharply. Traders were nervous.")
    assert (a.outlet, a.place) == ("Reuters", "LONDON")


def test_plain_dateline_gives_place_only():
    a = build("KYIV — Air raid sirens sounded across the city overnight. Officials reported no damage.")
    assert a.place == "KYIV"
    assert a.outlet is None


def test_shouted_first_word_is_not_a_place():
    a = build("BREAKING — The minister has resigned. More to follow.")
    assert a.place is None


def test_text_without_metadata_gets_none():
    a = build("the quick brown fox jumps over the lazy dog. nothing else is said here at all, on any day.")
    assert (a.outlet, a.published, a.place, a.title, a.url) == (None, None, None, None, None)
    assert a.meta_origin == {}


def test_dates_inside_the_story_are_not_publication_dates():
    a = build("The budget passed on 12 March 2024 by a narrow vote. The next vote is on January 3, 2025.")
    assert a.published is None


@pytest.mark.parametrize("line, expected", [
    ("Published: 2024-03-05", "2024-03-05"),
    ("Published: March 5, 2024", "2024-03-05"),
    ("Updated: 5 March 2024", "2024-03-05"),
    ("Posted 2024-03-05 14:20", "2024-03-05T14:20:00"),
])
def test_published_line(line, expected):
    a = build(f"Council votes on budget\n{line}\nThe council voted on the budget. It passed narrowly.")
    assert a.published == expected
    assert a.meta_origin["published"] == "published line"
    assert a.title == "Council votes on budget"
    assert a.meta_origin["title"] == "first line"


def test_published_line_without_a_year_gives_no_date():
    a = build("Council votes on budget\nPublished: March 5\nThe council voted on the budget. It passed.")
    assert a.published is None


def test_wire_tag_with_a_year_gives_a_date():
    a = build("MOSCOW, January 15, 2025. /TASS/. The treaty will be signed this week. Officials confirmed it.")
    assert (a.outlet, a.place, a.published) == ("TASS", "MOSCOW", "2025-01-15")
    assert a.meta_origin["published"] == "dateline"


def test_wire_tag_without_a_year_gives_no_date():
    a = build("MOSCOW, January 15. /TASS/. The treaty will be signed this week. Officials confirmed it.")
    assert (a.outlet, a.place, a.published) == ("TASS", "MOSCOW", None)


def test_copyright_footer_names_the_outlet():
    a = build("The council voted on the budget. It passed narrowly.\n© 2024 Harbour Daily. All rights reserved.")
    assert a.outlet == "Harbour Daily"
    assert a.meta_origin["outlet"] == "copyright footer"


def test_given_metadata_is_never_overridden_by_the_text():
    a = build("MOSCOW, January 15, 2025. /TASS/. The treaty will be signed. Officials said so.",
              outlet="Given Outlet", published="2020-02-02", title="Given title")
    assert (a.outlet, a.published, a.title) == ("Given Outlet", "2020-02-02", "Given title")
    assert a.meta_origin["outlet"] == "input" and a.meta_origin["published"] == "input"
    assert a.place == "MOSCOW"  # not given, so still read from the dateline


@pytest.mark.parametrize("value, expected", [
    ("2024-03-05", "2024-03-05"),
    ("2024-03-05T10:11:12Z", "2024-03-05T10:11:12"),
    ("Tue, 5 March 2024", "2024-03-05"),
    ("March 5, 2024", "2024-03-05"),
    ("20240305", "2024-03-05"),
    ("January 15", None),
    ("2024-02-30", None),
    ("yesterday", None),
    ("", None),
    (None, None),
    (1709600000, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected
