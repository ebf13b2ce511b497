"""The timeline is right (issue 17, item 5): future tense resolves forward, the day a statement was
made is not an event's date, one event reported by several articles is one entry citing them all,
and an entry shows the event in a short form instead of repeating the whole sentence."""
from __future__ import annotations

from briefing.memo.dates import event_date
from briefing.memo.citations import build_memo
from briefing.memo.timeline import short_event, timeline_entries
from briefing.writers.base import Draft, DraftSection
from briefing.writers.extractive import ExtractiveWriter

from evidence_helpers import make_evidence


def test_should_begin_in_june_is_june_of_the_coming_year():
    # the example: published March 2026, dated June 2025 before
    e = event_date("The council's engineering office said construction should begin in June.", "2026-03-10")
    assert (e.label(), e.future) == ("June 2026", True)


def test_a_deadline_by_october_8_resolves_forward():
    e = event_date("Applications must be filed by October 8, officials said.", "2017-10-03")
    assert e.label() == "8 October 2017"          # not 8 October 2016
    e = event_date("Residents have until the deadline, which falls by October 8, officials said.", "2017-10-03")
    assert e.label() == "8 October 2017"


def test_a_date_opening_a_future_clause_resolves_forward():
    assert event_date("In June, construction should begin.", "2026-03-10").label() == "June 2026"
    # but a date opening a past clause stays in the past
    assert event_date("In June, the council approved the plan.", "2026-03-10").label() == "June 2025"


def test_the_day_something_was_said_is_not_the_date_of_what_it_reports():
    # a late article's "police said Tuesday" must not date the shooting
    assert event_date("Police said Tuesday the gunman opened fire at the concert.", "2017-10-10") is None
    e = event_date("Police said Tuesday the gunman opened fire at the concert on Sunday.", "2017-10-10")
    assert e.label() == "8 October 2017"
    assert event_date("The gunman opened fire at the concert on Sunday, police said.", "2017-10-10").label() \
        == "8 October 2017"


def test_one_launch_reported_by_several_articles_is_one_entry_citing_them_all():
    evidence = make_evidence(
        ("a1", "2018-02-07", ["SpaceX launched its Falcon Heavy rocket from Cape Canaveral on Tuesday."]),
        ("a2", "2018-02-14", ["SpaceX launched its Falcon Heavy rocket from Cape Canaveral on Feb. 6."]),
        ("a3", "2018-02-15", ["SpaceX launched its Falcon Heavy rocket from Cape Canaveral on Tuesday."]),
    )
    entries = timeline_entries(evidence)
    assert len(entries) == 1, [en.lead.text for en in entries]   # not one launch on two dates
    entry = entries[0]
    assert entry.lead.date.label() == "6 February 2018"           # the explicit date leads
    assert sorted(e.article for e in entry.sentences) == [0, 1, 2]


def test_different_events_on_different_days_stay_apart():
    evidence = make_evidence(
        ("a1", "2018-02-07", ["The council approved the budget on Monday."]),
        ("a2", "2018-02-09", ["Protesters marched through the city centre on Thursday."]),
    )
    assert len(timeline_entries(evidence)) == 2


def test_an_entry_shows_the_event_without_its_date_and_cites_the_exact_sentence():
    sentence = "On Tuesday, the council approved the budget for the new bridge."
    evidence = make_evidence(("a1", "2018-02-07", [sentence]))
    draft = Draft(headline=None, summary=[], sections=[DraftSection("timeline", "Timeline",
                                                                    ExtractiveWriter()._timeline(evidence))])
    memo = build_memo(evidence, draft, "extractive")
    [claim] = memo.section("timeline").claims
    assert claim.text == "The council approved the budget for the new bridge"
    assert claim.date == "6 February 2018"
    assert claim.citations[0].quote == sentence


def test_short_form_keeps_a_date_it_cannot_drop_and_the_future_cue():
    evidence = make_evidence(("a1", "1998-10-16", [
        "Hun Sen's party won 64 of the 122 seats in July's elections.",
        "The informant worked closely with bin Laden from 1989 to 1996.",
        "The council's engineering office said construction should begin in June.",
    ]))
    forms = [short_event(e) for e in evidence.sentences]
    assert forms[0] == "Hun Sen's party won 64 of the 122 seats in July's elections"
    assert forms[1] == "The informant worked closely with bin Laden from 1989 to 1996"
    assert forms[2] == "The council's engineering office said construction should begin"


def test_a_long_sentence_is_cut_to_the_clause_holding_the_date():
    sentence = ("Hurricane Mitch paused in its whirl through the western Caribbean on Wednesday to punish Honduras "
                "with 120-mph winds, topping trees, sweeping away bridges, flooding neighborhoods and killing at "
                "least 32 people, while officials in Tegucigalpa warned that the worst was still to come.")
    evidence = make_evidence(("a1", "1998-10-28", [sentence]))
    short = short_event(evidence.sentences[0])
    assert len(short.split()) < len(sentence.split())
    assert "Wednesday" not in short and short.startswith("Hurricane Mitch paused")


def test_entries_whose_wording_contradicts_their_date_are_left_out():
    evidence = make_evidence(("a1", "1998-11-13", [
        # a plan ("will become") shown beside July, months before publication: a reader sees a
        # future statement dated in the past
        "Prince Norodom Ranariddh will become president of the National Assembly resulting from disputed "
        "elections in July.",
        "Cambodia's parties agreed on Friday to form a coalition government.",
    ]))
    texts = [en.lead.text for en in timeline_entries(evidence)]
    assert texts == ["Cambodia's parties agreed on Friday to form a coalition government."]
