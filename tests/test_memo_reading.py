"""What a reader of the example memos would stumble on (issue 17): a statement shown twice, a
quotation with no speaker, a plan fused with the event, a title kept in a speaker's name."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

import briefing
from briefing.memo.attribution import attributions
from briefing.memo.citations import build_memo
from briefing.memo.framing import describes_reporting, strip_connective
from briefing.memo.fusion import conflicts, same_fact
from briefing.memo.headline import names_someone, shorten
from briefing.memo.salience import clean_claim_text, is_usable
from briefing.memo.evidence import content_words
from briefing.semantic import similarity
from briefing.memo.timeline import short_event
from briefing.render.pages import render_memo
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


def test_no_legend_for_the_model_when_it_worded_no_claim(barrier_memo):
    """A memo the model wrote but whose every claim is a source sentence read "† 0 claims in the
    model's words": a line about nothing. With one claim in the model's words the legend says
    what † means in words a reader follows."""
    memo = copy.deepcopy(barrier_memo)
    memo.writing["model"] = "some-model.gguf"
    assert all(c.origin != "model" for c in memo.claims())
    for fmt in ("md", "txt", "html"):
        text = render_memo(memo, fmt)
        assert "†" not in text, fmt
    memo.summary[0].origin = "model"
    others = len(memo.claims()) - 1
    for fmt in ("md", "txt", "html"):
        text = render_memo(memo, fmt)
        assert f"† marks the claim the model wrote in its own words; the other {others} quote their sources." in text


REPORTING = [
    "Sergey Markedonov, Senior Fellow of the Institute for International Studies at the MGIMO University, "
    "made the remarks in an interview for Mehr News Agency.",
    "In the interview, the Russian expert shed light on the details and implications of the comprehensive "
    "strategic agreement between the Islamic Republic of Iran and the Russian Federation.",
    "Chris Christie, one of Trump's rivals for the GOP nomination, said in an interview Tuesday night on Fox News.",
    "He spoke in an interview with Monte Carlo Radio, an Arabic station broadcasting from Paris that is widely "
    "listened to in the Middle East.",
    "Former Deputy Prime Minister Anwar Ibrahim, now on trial, made the warning in an interview with Time magazine.",
    "The foreign ministry said in a statement on Monday.",
    "Professor Ruhollah Modabber has told TASS.",
]
REPORTED = [
    "Prices rose 5 percent, the ministry said in a statement.",
    "The aid will be distributed in Nicaragua and Honduras, the European Commission said in a statement.",
    "In an interview with The Associated Press, Marker admitted that a peaceful solution remains distant.",
    "Marco Rubio detailed his support for the immigration proposal in an interview aired Sunday on NBC.",
    "Speaking in an interview with CNN, Obama warned Iran against further missile tests.",
    "The president made the claim that the election had been rigged.",
    "Putin and Raisi discussed the treaty in a phone call on Tuesday.",
    "\"We will sign the treaty next week,\" Lavrov told TASS.",
    "It was the first technically sound survey of the problem, UNICEF official Kirsi Madi told reporters.",
]


@pytest.mark.parametrize("sentence", REPORTING)
def test_a_sentence_about_the_reporting_is_no_claim(sentence):
    """The seed memo's bottom line opened on "In the interview, the Russian expert shed light on
    ..." and a key point was "... made the remarks in an interview for Mehr News Agency": what
    was said is elsewhere; such a sentence tells a reader nothing."""
    assert describes_reporting(sentence)
    assert not is_usable(sentence)


@pytest.mark.parametrize("sentence", REPORTED)
def test_a_sentence_that_reports_what_was_said_stays(sentence):
    assert not describes_reporting(sentence)
    assert is_usable(sentence)


def test_a_claim_does_not_open_on_a_connective_but_its_quote_is_the_sentence():
    assert strip_connective("However, Iran's relationship with Russia could be affected by the election.") == \
        "Iran's relationship with Russia could be affected by the election."
    assert strip_connective("But the company denied it had done anything wrong.") == \
        "The company denied it had done anything wrong."
    assert strip_connective("Meanwhile, rebels advanced on the capital.") == "Rebels advanced on the capital."
    for kept in ("Still unknown is the cause of the fire.", "Yet another storm hit the coast on Monday.",
                 "Also killed was a police officer from Kabul.", "And the talks went on.", "However, it failed."):
        assert strip_connective(kept) == kept
    sentence = "But U.S. special envoy Richard Holbrooke said the situation in the province was as bad as before."
    assert clean_claim_text(sentence).startswith("U.S. special envoy Richard Holbrooke said")
    evidence = make_evidence(("a1", "1998-10-12", [sentence]))
    evidence.sentences[0].clean = clean_claim_text(sentence)
    [claim] = ExtractiveWriter().write(evidence).summary
    memo = build_memo(evidence, ExtractiveWriter().write(evidence), "extractive")
    assert memo.summary[0].text.startswith("U.S. special envoy") and claim.refs == [1]
    assert memo.summary[0].citations[0].quote == sentence


@pytest.fixture(scope="module")
def seeds_memo(seeds_ingested):
    store, stored = seeds_ingested
    return briefing.memo_for_articles(store, stored, using=ExtractiveWriter())


def test_the_bottom_line_opens_on_the_event_the_headline_names(seeds_memo):
    """The seed memo's headline named the treaty signing, but its bottom line opened on an
    interview and a phone call from another year; the signing was the fourth key point."""
    memo = seeds_memo
    first = memo.summary[0]
    assert first.kind == "bottom-line"
    assert "signed" in memo.headline.text and "signed" in first.text
    assert {c.article_id for c in first.citations} >= {c.article_id for c in memo.headline.citations}
    for claim in memo.summary:
        assert not describes_reporting(claim.text), claim.text
        assert not claim.text.startswith(("However", "But ", "Meanwhile")), claim.text


@pytest.mark.parametrize("sentence, headline", [
    # the verb's own "to" after an auxiliary is no purpose clause: "won't lead" said nothing
    ("The arrest of Anwar Ibrahim won't lead to massive social unrest or frighten away investors, "
     "Malaysia's trade minister said Thursday.", None),
    # the point of "obtained new evidence" is what it links
    ("The United States has obtained new evidence to link the owner of a Sudanese factory destroyed in a "
     "U.S. cruise missile strike last month to a terrorist group backed by Osama bin Laden, according to "
     "U.S. intelligence officials.", None),
    # a participle cut from its "by" reads as the verb: "A campaign mailer sent out"; the participle
    # and its agent go, the main clause stays
    ("A campaign mailer sent out by a Republican candidate for a state Senate seat in Connecticut is being "
     "widely denounced for using anti-Semitic tropes in an illustration of his Democratic challenger.",
     "A campaign mailer is being widely denounced for using anti-Semitic tropes"),
    # "would not bring an end": the "to" opens what the end is of
    ("Prime Minister Yevgeny Primakov said Friday that the economic crisis would not bring an end to the "
     "government, which faces a vote of no confidence next week.", None),
    # "died after being left": where she was left is the point
    ("The 1-year-old girl died after being left in a car seat all day in a pickup truck parked at her "
     "family's home, according to police.", None),
    # "this businesslike city": the place is in a dateline the reader does not see
    ("In little more than a week, the world's leaders will converge on this businesslike city in the heart "
     "of Southeast Asia for the annual meeting of the Asia Pacific Economic Cooperation forum.", None),
    ("Most recently, Israel's Cabinet put off a vote to ratify the accord after a suicide bombing Friday in "
     "Jerusalem that killed the two assailants and injured 21 Israelis.",
     "Israel's Cabinet put off a vote to ratify the accord after a suicide bombing"),
])
def test_a_headline_cut_keeps_what_the_sentence_is_about(sentence, headline):
    assert shorten(sentence) == headline


def test_a_headline_keeps_a_list_whole_and_names_someone():
    """"The nonprofit examined the health systems of Australia" cut a list of ten countries after
    its first; "The soda company also ran a campaign online" said "also" with nothing before it
    and named no one."""
    assert shorten("The nonprofit examined the health systems of Australia, Canada, France, Germany, the "
                   "Netherlands and the United Kingdom, and it found that the U.S. was last in health access.") is None
    assert shorten("In addition to running a spot during the Super Bowl, the soda company also ran a campaign "
                   "online called \"Coke Chase,\" in which three teams competed.") == \
        "The soda company ran a campaign online called \"Coke Chase\""
    assert not names_someone("The nonprofit examined the health systems")
    assert names_someone("Coca-Cola ran a campaign online") and names_someone("Rebels clashed with troops in Congo")


def test_a_caption_naming_who_made_a_picture_is_no_claim():
    """"Campaign mailer sent by GOP state Senate candidate Ed Charamut." opened a bottom line: a
    caption with no verb of its own."""
    assert not is_usable("Campaign mailer sent by GOP state Senate candidate Ed Charamut.")
    for sentence in ("The letter sent by Khan to the officials described the deal in detail.",
                     "Two men were killed by the flood in the north of the country.",
                     "The company owned by Musk makes cars in Texas and California."):
        assert is_usable(sentence), sentence


def test_a_leading_phrase_is_not_cut_between_two_adjectives():
    """"After an unusual, one-on-one chat Tuesday night, the Philippine and Indonesian presidents
    ..." gave "One-on-one chat, the Philippine and Indonesian presidents were considering ...":
    the first comma was inside the leading phrase."""
    text = shorten("After an unusual, one-on-one chat Tuesday night, the Philippine and Indonesian presidents "
                   "were considering staying away from an Asia-Pacific summit in Malaysia.")
    assert text is None or not text.lower().startswith("one-on-one")
    assert shorten("After talks in Moscow, the ministers agreed to extend the treaty for five years.") == \
        "The ministers agreed to extend the treaty for five years"


def test_a_connective_inside_a_claim_goes_too():
    assert clean_claim_text("Iran, however, has its own approach to Crimea and the conflict in Ukraine.") == \
        "Iran has its own approach to Crimea and the conflict in Ukraine."
    assert clean_claim_text("The vote, officials said, was postponed until March.") == \
        "The vote, officials said, was postponed until March."


@pytest.mark.parametrize("sentence", [
    # what was said first, then who said it: a quotation that lost its marks
    "We need an agenda first of all, he said.",
    "Matt Barker flew back to Nashville, arriving late Wednesday, police said.",
    # the reference inside another clause, or followed by what was announced
    "After Netanyahu made the announcement Friday, a reporter asked whether he had diminished the threat.",
    "Hodler, who made the allegations Saturday, said he has since been muzzled by the IOC president.",
    "The outgoing emir made the announcement to hand over power to Sheikh Tamim in an address to the nation.",
    "The soundbite surfaced on her podcast Women of the Hour, where the star discussed stories of abortion.",
])
def test_what_was_said_before_its_speaker_is_a_claim(sentence):
    assert not describes_reporting(sentence)
