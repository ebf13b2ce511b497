"""Date mentions in sentences, resolved against the publication date (briefing.memo.dates)."""
from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.memo.dates import DateMention, event_date, find_dates, parse_published
from briefing.ingest.text import split_sentences


def ymd(m: DateMention) -> tuple:
    return (m.year, m.month, m.day)


def only(sentence: str, published: str | None = None) -> DateMention:
    found = find_dates(sentence, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("sentence, expected, precision", [
    ("The treaty was signed on January 17, 2025 in Moscow.", (2025, 1, 17), "day"),
    ("It was signed Jan. 17, 2025.", (2025, 1, 17), "day"),
    ("It was signed on 17 January 2025.", (2025, 1, 17), "day"),
    ("It was signed on 17th of January, 2025.", (2025, 1, 17), "day"),
    ("The file is dated 2025-01-17.", (2025, 1, 17), "day"),
    ("Updated: 2017-09-15 17:52", (2017, 9, 15), "day"),
    ("Talks began in January 2022.", (2022, 1, None), "month"),
    ("Talks began in Sept. 2025.", (2025, 9, None), "month"),
    ("Talks began in 2021.", (2021, None, None), "year"),
    ("By the end of 1999, nothing had changed.", (1999, None, None), "year"),
    ("Putin had announced the agreement on October 23 during a meeting.", (None, 10, 23), "day-no-year"),
    ("The meeting is set for Oct 23.", (None, 10, 23), "day-no-year"),
    ("In September, the U.S. accused Tehran.", (None, 9, None), "month-no-year"),
])
def test_explicit_forms_without_publication_date(sentence, expected, precision):
    m = only(sentence)
    assert (ymd(m), m.precision, m.relative) == (expected, precision, False)
    assert sentence[m.start:m.end] == m.text


def test_text_keeps_a_leading_on_or_in():
    assert only("The pact was signed on Jan. 5.").text == "on Jan. 5"
    assert only("Talks began in 2021.").text == "in 2021"
    assert only("Putin spoke on Tuesday.").text == "on Tuesday"
    assert only("Putin spoke Tuesday.").text == "Tuesday"


@pytest.mark.parametrize("sentence, published, expected", [
    ("The meeting was held December 5.", "2025-01-20", (2024, 12, 5)),      # closest, in the past
    ("The meeting was held on March 3.", "2025-02-20", (2024, 3, 3)),       # past tense: not next week
    ("The meeting will be held on March 3.", "2025-02-20", (2025, 3, 3)),   # future tense: ahead
    ("The prizes are presented on Dec. 10.", "1998-10-08", (1998, 12, 10)),  # no tense cue: closest
    ("MOSCOW, January 15. /TASS/. The treaty matters.", "2025-01-15", (2025, 1, 15)),
    ("The treaty will be signed on January 17.", "2025-01-15", (2025, 1, 17)),
    ("Talks began in December.", "2025-01-20", (2024, 12, None)),
    ("Talks began in January.", "2025-01-03", (2025, 1, None)),           # the current month, not last year's
    ("The vote will take place in January.", "2024-12-10", (2025, 1, None)),
    ("Prices fell last March.", "2025-03-10", (2024, 3, None)),
    ("Prices will fall next January.", "2025-03-10", (2026, 1, None)),
])
def test_yearless_dates_take_their_year_from_publication(sentence, published, expected):
    m = find_dates(sentence, published)[0]
    assert ymd(m) == expected


# 2021-08-26 was a Thursday.
@pytest.mark.parametrize("sentence, expected, future", [
    ("The presidents had a telephone conversation on Tuesday.", date(2021, 8, 24), False),
    ("The ministry said Thursday that talks went well.", date(2021, 8, 26), False),   # same day
    ("They last met on Friday.", date(2021, 8, 20), False),
    ("They met last Thursday.", date(2021, 8, 19), False),                          # strictly before
    ("They will meet next Tuesday.", date(2021, 8, 31), True),
    ("He will travel to Moscow on Monday.", date(2021, 8, 30), True),
    ("The U.N. will send troops, officials said Monday.", date(2021, 8, 23), False),  # "said" ends the future clause
    ("Officials said yesterday that talks failed.", date(2021, 8, 25), False),
    ("The talks resume tomorrow.", date(2021, 8, 27), True),
    ("Talks ended today.", date(2021, 8, 26), False),
    ("Troops left two days ago.", date(2021, 8, 24), False),
    ("Tuesday's vote was close.", date(2021, 8, 24), False),
])
def test_relative_days_resolved_against_publication(sentence, expected, future):
    m = only(sentence, "2021-08-26T09:30:00")
    assert (date(m.year, m.month, m.day), m.precision, m.relative, m.future) == (expected, "day", True, future)


@pytest.mark.parametrize("sentence, expected, precision", [
    ("Talks collapsed last week.", (2021, 8, 16), "week"),      # the Monday of that week
    ("Talks resume this week.", (2021, 8, 23), "week"),
    ("Talks resume next week.", (2021, 8, 30), "week"),
    ("Talks collapsed last month.", (2021, 7, None), "month"),
    ("Talks collapsed a month ago.", (2021, 7, None), "month"),
    ("Prices rose last year.", (2020, None, None), "year"),
    ("Prices rose earlier this year.", (2021, None, None), "year"),
    ("Prices will rise next year.", (2022, None, None), "year"),
    ("The plant closed four years ago.", (2017, None, None), "year"),
])
def test_relative_periods(sentence, expected, precision):
    m = only(sentence, "2021-08-26")
    assert (ymd(m), m.precision, m.relative) == (expected, precision, True)


def test_month_rollover_across_year():
    assert ymd(only("Talks collapsed last month.", "2025-01-10")) == (2024, 12, None)
    assert ymd(only("It happened last week.", "2025-01-01")) == (2024, 12, 23)


@pytest.mark.parametrize("sentence, precision", [
    ("The presidents spoke on Tuesday.", "weekday-unresolved"),
    ("Talks collapsed last week.", "relative-unresolved"),
    ("Officials said yesterday that talks failed.", "relative-unresolved"),
    ("The plant closed four years ago.", "relative-unresolved"),
    ("Prices rose last year.", "relative-unresolved"),
])
def test_nothing_relative_is_resolved_without_publication_date(sentence, precision):
    for published in (None, "", "unknown"):
        m = only(sentence, published)
        assert (m.year, m.month, m.day, m.precision, m.relative) == (None, None, None, precision, True)
        assert "not resolved" in m.label()


def test_labels():
    assert only("Signed Jan. 17, 2025.").label() == "17 January 2025"
    assert only("Putin spoke on October 23.").label() == "23 October (year not stated)"
    assert only("Talks began in January 2022.").label() == "January 2022"
    assert only("Talks began in 2021.").label() == "2021"
    assert only("It happened last week.", "2025-01-16").label() == "week of 6 January 2025"
    assert only("In September, the U.S. acted.").label() == "September (year not stated)"


def test_sort_key_orders_known_dates_first_coarse_before_fine():
    mentions = [only(s) for s in ("Putin spoke on Tuesday.", "Putin spoke on October 23.", "Signed Jan. 17, 2022.",
                                  "Talks began in January 2022.", "Talks began in 2021.", "Putin spoke on March 2.")]
    ordered = [m.label() for m in sorted(mentions, key=DateMention.sort_key)]
    assert ordered == ["2021", "January 2022", "17 January 2022", "2 March (year not stated)",
                       "23 October (year not stated)", "on Tuesday (date not resolved)"]


@pytest.mark.parametrize("sentence", [
    "Theresa May said the plan was dead.",
    "Prime Minister May spoke to reporters.",
    "Protesters march to the square.",
    "The Sunday Times reported the story.",
    "Crowds gathered on Good Friday.",
    "Some 2,000 people and 12,500 troops arrived.",
    "The army sent 2000 troops.",
    "A crowd of 2000 people gathered.",
    "See APW19981016.0240 and doc-1998-10-16.txt for details.",
    "The Long March 9 rocket is under development.",
    "Iran and Russia have not been closer than today.",
    "USA Today reported the story.",
    "Shops close on Sundays.",
    "Room 1998 is on the 3rd floor.",
])
def test_false_positives_are_ignored(sentence):
    assert find_dates(sentence, "2021-08-26") == []


def test_may_and_march_are_months_when_cued():
    assert ymd(only("The law took effect in May.", "2021-08-26")) == (2021, 5, None)
    assert ymd(only("Marchers gathered on March 3.", None)) == (None, 3, 3)
    assert ymd(only("Elections were held May 5, 1998.")) == (1998, 5, 5)


def test_attributive_year_is_a_mention_but_never_the_event_date():
    s = "They discussed Afghanistan, Syria and the 2015 Iran nuclear deal."
    m = only(s)
    assert (m.year, m.attributive) == (2015, True)
    assert event_date(s, "2021-08-26") is None
    s2 = "The presidents spoke on Tuesday about the 2015 Iran nuclear deal and Iran's 2001 treaty."
    assert [m.attributive for m in find_dates(s2, None)] == [False, True, True]
    assert event_date(s2, "2021-08-26").label() == "24 August 2021"
    assert only("Talks began in 2021 and ended quickly.").attributive is False


def test_event_date_skips_planned_dates_and_prefers_explicit_ones():
    s = ("On January 14, Russian Presidential Spokesman Dmitry Peskov said that the treaty would be signed "
         "following the presidents' talks on January 17.")
    dates = find_dates(s, "2025-01-15")
    assert [(d.day, d.future, d.attributive) for d in dates] == [(14, False, True), (17, True, False)]
    signed = event_date(s, "2025-01-15")                         # January 14 is when Peskov spoke, not the signing
    assert (signed.day, signed.future) == (17, True)
    assert event_date("On Tuesday, police said a man was arrested.", "2025-01-16") is None
    assert event_date("On January 17, Iran and Russia signed a treaty.", "2025-01-20").day == 17
    assert event_date("In 2019, the company reported record profits.", "2025-01-20").year == 2019
    planned = event_date("The treaty will be signed on January 17.", "2025-01-15")
    assert (planned.day, planned.future) == (17, True)           # only a plan: returned, marked future
    e = event_date("Last week, officials said the deal was signed on Jan. 3, 2025.", "2025-01-20")
    assert e.label() == "3 January 2025"                         # explicit full date beats a resolved relative one
    e = event_date("In 2024 the talks stalled, and on Tuesday they resumed.", "2025-01-16")
    assert e.label() == "14 January 2025"                        # resolved relative day beats a bare year
    assert event_date("No dates here at all.", "2025-01-16") is None


@pytest.mark.parametrize("value, expected", [
    ("2025-01-17", date(2025, 1, 17)),
    ("2017-09-15T00:00:00", date(2017, 9, 15)),
    ("2025-01-17T23:10:00+03:00", date(2025, 1, 17)),
    ("2025-01-17 08:00", date(2025, 1, 17)),
    (None, None), ("", None), ("yesterday", None), ("2025-02-30", None), ("20250117", None),
])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Jan.MayOct1720-5, onTuesdaylastweek"
                                             "inyesterdaySeptember")), max_size=80),
       st.sampled_from([None, "2021-08-26", "2000-02-29"]))
def test_never_raises_and_offsets_match(sentence, published):
    for m in find_dates(sentence, published):
        assert sentence[m.start:m.end] == m.text
        if m.year is None:
            assert m.precision not in ("day", "week", "month", "year")
        m.label(), m.sort_key()


# --- real articles, read in place -------------------------------------------------------------------------

def _seed_sentences(seeds_dir, prefix: str) -> list[str]:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return [text[s.start:s.end] for s in split_sentences(text)]


def _find(sentences: list[str], needle: str) -> str:
    return next(s for s in sentences if needle in s)


def test_seeds_without_publication_dates_stay_unresolved(seeds_dir):
    s000 = _seed_sentences(seeds_dir, "000")
    dateline = find_dates(_find(s000, "MOSCOW, January 15"), None)
    assert [(m.text, m.precision, m.month, m.day) for m in dateline][0] == ("January 15", "day-no-year", 1, 15)
    assert event_date(_find(s000, "On January 14"), None).label() == "17 January (year not stated)"   # the signing
    tuesday = event_date(_find(_seed_sentences(seeds_dir, "004"), "conversation on Tuesday"), None)
    assert (tuesday.text, tuesday.year, tuesday.precision) == ("on Tuesday", None, "weekday-unresolved")
    s003 = _seed_sentences(seeds_dir, "003")
    assert event_date(_find(s003, "October 23"), None).label() == "23 October (year not stated)"
    nxt = find_dates(_find(s003, "election next week"), None)
    assert [(m.text, m.future, m.year) for m in nxt] == [("next week", True, None)]
    assert all(m.year is None or m.attributive or m.precision == "year"
               for p in ("000", "001", "002", "003", "004") for s in _seed_sentences(seeds_dir, p)
               for m in find_dates(s, None))


def test_seed_dates_resolve_once_published_is_known(seeds_dir):
    s000 = _seed_sentences(seeds_dir, "000")
    e = event_date(_find(s000, "On January 14"), "2025-01-15")   # the signing Peskov spoke of
    assert (e.year, e.month, e.day, e.future) == (2025, 1, 17, True)
    e = event_date(_find(s000, "later this week"), "2025-01-15")   # a plan: the signing, later this week
    assert (e.label(), e.future) == ("week of 13 January 2025", True)
    treaty = find_dates(_find(s000, "2001 Treaty"), "2025-01-15")
    assert [(m.year, m.attributive) for m in treaty] == [(2001, True)]


def _duc_article(bench_dir, article_id: str) -> dict:
    with open(bench_dir / "summaries" / "duc2004_dev.jsonl", encoding="utf-8") as f:
        for line in f:
            for a in json.loads(line)["articles"]:
                if a["id"] == article_id:
                    return a
    pytest.skip(f"{article_id} not in the DUC file")


def test_duc_ap_article_dates(bench_dir):
    a = _duc_article(bench_dir, "APW19981016.0240")
    sents = [a["text"][s.start:s.end] for s in split_sentences(a["text"])]
    assert a["published"] == "1998-10-16"                                     # a Friday
    assert event_date(_find(sents, "Hun Sen on Friday rejected"), a["published"]).label() == "16 October 1998"
    # "... have been outside the country since parliament was ceremonially opened on Sep. 24": the
    # date of the opening the "since" clause names, not of their absence
    sep24 = _find(sents, "opened on Sep. 24")
    assert event_date(sep24, a["published"]) is None
    assert [m.label() for m in find_dates(sep24, a["published"]) if m.attributive] == ["24 September 1998"]
    # "... have been under court investigation for a grenade attack on Hun Sen's residence on Sep. 7":
    # Sep. 7 dates the attack the sentence names, not the investigation it reports
    sep7 = _find(sents, "residence on Sep. 7")
    assert event_date(sep7, a["published"]) is None
    assert [m.label() for m in find_dates(sep7, a["published"]) if m.attributive] == ["7 September 1998"]
    assert event_date(_find(sents, "in July's elections"), a["published"]).label() == "July 1998"


def test_duc_offsets_and_resolution_hold_on_every_sentence(bench_dir):
    with open(bench_dir / "summaries" / "duc2004_dev.jsonl", encoding="utf-8") as f:
        articles = [a for line in f for a in json.loads(line)["articles"]]
    resolved = 0
    for a in articles:
        pub = parse_published(a["published"])
        for s in split_sentences(a["text"]):
            sentence = a["text"][s.start:s.end]
            for m in find_dates(sentence, a["published"]):
                assert sentence[m.start:m.end] == m.text
                if m.relative and pub is None:
                    assert m.year is None
                if m.relative and m.precision == "day" and not m.future:
                    assert 0 <= (pub - date(m.year, m.month, m.day)).days <= 31   # past relative days stay close
                    resolved += 1
    assert resolved > 300
