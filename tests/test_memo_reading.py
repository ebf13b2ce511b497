"""What a reader of the example memos would stumble on (issue 17): a statement shown twice, a
quotation with no speaker, a plan fused with the event, a title kept in a speaker's name."""
from __future__ import annotations

from pathlib import Path

import pytest

import briefing
from briefing.memo.attribution import attributions
from briefing.memo.fusion import conflicts, same_fact
from briefing.memo.evidence import content_words
from briefing.semantic import similarity
from briefing.memo.timeline import short_event
from briefing.writers.extractive import ExtractiveWriter

from evidence_helpers import make_evidence

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


@pytest.fixture(scope="module")
def barrier_memo(tmp_path_factory):
    store = briefing.open_store(tmp_path_factory.mktemp("barrier") / "b.db")
    briefing.ingest_paths(store, [EXAMPLES / "millbrook-council-barrier.html", EXAMPLES / "millbrook-feed.rss"])
    return briefing.memo_for_articles(store, ["millbrook-council-barrier.html", "avr-2026-03-04-flood-barrier"],
                                      using=ExtractiveWriter())


def test_who_said_what_does_not_repeat_what_the_core_shows(barrier_memo):
    """Ana Ruiz's "The barrier will run for 1.4 kilometres ..." was the bottom line's sentence
    without its "said"; Tom Hale's "would protect four hundred homes" a key point's."""
    core = [c.text for c in barrier_memo.summary]
    assert any("The barrier will run for 1.4 kilometres" in t for t in core)
    section = barrier_memo.section("statements")
    for claim in section.claims if section is not None else []:
        words = content_words(claim.text)
        for text in core:
            assert len(words & content_words(text)) < 0.8 * len(words), (claim.text, text)


def test_a_bare_quotation_in_the_core_names_its_speaker(barrier_memo):
    quoted = [c for c in barrier_memo.summary if "We cannot ask those families" in c.text]
    for claim in quoted:
        assert claim.text.startswith("Mayor Tom Hale: "), claim.text
        assert any("Mayor Tom Hale" in c.quote for c in claim.citations)   # the sentence naming him is cited
        assert claim.verdict == "supported"


def test_a_title_before_a_name_is_the_role():
    [berg, hale, bratton, critics] = attributions([
        "Councillor Ines Berg said the cost estimate left out maintenance.",
        "Mayor Tom Hale said the barrier would protect four hundred homes.",
        "Police Commissioner Bill Bratton said the arrests were made overnight.",
        "Critics said it was predictable that capital controls would be a short-term tonic."])
    assert (berg.speaker, berg.role) == ("Ines Berg", "Councillor")
    assert (hale.speaker, hale.role) == ("Tom Hale", "Mayor")
    assert (bratton.speaker, bratton.role) == ("Bill Bratton", "Police Commissioner")
    assert critics.speaker == "Critics"   # a group, not a title


def test_the_library_will_reopen_is_not_the_library_reopened():
    plan = "Millbrook's public library will reopen on Saturday after five months of roof repairs."
    done = "Millbrook's public library reopened on Saturday after five months of roof repairs."
    cosine = similarity(plan, done)
    assert cosine > 0.9, "nearly the same words: only the tense check tells them apart"
    assert conflicts(plan, done) == ["tense"] and conflicts(done, plan) == ["tense"]
    assert not same_fact(plan, done, cosine)
    # two plans, or a plan said two ways, stay one fact
    assert not conflicts("Putin will receive Raisi in Moscow.", "Putin is to receive Raisi in Moscow.")
    assert not conflicts("The council voted to build a flood barrier.",
                         "The council voted on Monday to build a flood barrier along the river.")


def test_a_timeline_entry_drops_the_said_before_it():
    sentence = "The council's engineering office said construction should begin in June and last about eighteen months."
    evidence = make_evidence(("a1", "2026-03-04", [sentence]))
    e = evidence.sentences[0]
    e.said_by = attributions([sentence])[0]
    assert short_event(e) == "Construction should begin and last about eighteen months"
