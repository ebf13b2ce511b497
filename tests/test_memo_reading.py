"""What a reader of the example memos would stumble on (issue 17): a statement shown twice, a
quotation with no speaker, a plan fused with the event, a title kept in a speaker's name."""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

import briefing
from briefing.memo.attribution import attributions
from briefing.memo.citations import build_memo
from briefing.memo.framing import describes_reporting, strip_connective
from briefing.memo.fusion import conflicts, same_fact
from briefing.memo.central import word_spread
from briefing.memo.headline import names_event, names_someone, shorten, subject_head, word_count
from briefing.memo.salience import clean_claim_text, is_usable, stem
from briefing.memo.evidence import content_words
from briefing.semantic import similarity
from briefing.memo.timeline import short_event
from briefing.render.pages import corroboration_label, render_memo
from briefing.writers.extractive import ExtractiveWriter, _headline_centrality

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


def _attributed_sentence(sentence: str, published: str):
    """One article's only sentence, with its speaker read as the memo reads it."""
    e = make_evidence(("a1", published, [sentence])).sentences[0]
    e.said_by = attributions([sentence])[0]
    return e


def test_a_timeline_entry_drops_the_said_before_it():
    sentence = "The council's engineering office said construction should begin in June and last about eighteen months."
    e = _attributed_sentence(sentence, "2026-03-04")
    assert short_event(e) == "Construction should begin and last about eighteen months"


# -- who said what: one entry per person, a role without honorifics, a statement that reads alone ----

def test_spellings_of_one_name_are_one_speaker_under_the_commoner_spelling():
    from briefing.memo.attribution import story_speakers

    said = [("Sergey Lavrov", "Russia's Foreign Minister"), ("Sergey Lavrov", None), ("Sergei Lavrov", "Russian Foreign Minister"),
            ("Lavrov", None), ("Mohammad Zarif", "Iranian Foreign Minister"), ("Muhammad Zarif", None)]
    names = story_speakers(said)
    assert {names[n][0] for n in ("Sergey Lavrov", "Sergei Lavrov", "Lavrov")} == {"Sergey Lavrov"}
    assert names["Sergei Lavrov"][1] in ("Russia's Foreign Minister", "Russian Foreign Minister")
    assert names["Muhammad Zarif"][0] == names["Mohammad Zarif"][0] == "Mohammad Zarif"   # the first spelling, on a tie
    # a name and its feminine form, two short names, or two roles that share nothing: two people
    apart = story_speakers([("Daniel Ortega", "President"), ("Daniela Ortega", None), ("Ivan Smith", None),
                            ("Evan Smith", None), ("Sergey Ivanov", "Defense Minister"), ("Sergei Ivanov", "goalkeeper")])
    assert len({full for full, _ in apart.values()}) == 6


def test_an_honorific_is_neither_name_nor_role():
    from briefing.memo.attribution import display_role, find_attribution, story_speakers

    raisi = find_attribution("Iranian President Ayatollah Seyed Ebrahim Raisi said Iran was ready to expand trade.")
    assert story_speakers([(raisi.speaker, raisi.role)]) == {"Ebrahim Raisi": ("Ebrahim Raisi", "Iranian President")}
    assert display_role("Supreme Leader Grand Ayatollah") == "Supreme Leader"
    assert display_role("Mr.") is None and display_role("Sheikh") is None
    assert display_role("Secretary of State") == "Secretary of State"


@pytest.mark.parametrize("sentence, statement", [
    # "said how ...": a question word's complement is no statement; the quotation closing the sentence is
    ('Lavrov said on Thursday how there would be even closer cooperation with Tehran, telling the audience in '
     'the Belarusian capital of Minsk, "a serious factor in strengthening Russian-Iranian relations will be the '
     'upcoming treaty on comprehensive strategic partnership between Russia and Iran."',
     "“A serious factor in strengthening Russian-Iranian relations will be the upcoming treaty on comprehensive "
     "strategic partnership between Russia and Iran.”"),
    # "X, role, commented on ..., saying that CONTENT": the content, not the heading's name and role again
    ("Ali Bahadori Jahromi, the Iranian government spokesman, recently commented on the president's planned visit "
     "to Russia, saying that bilateral issues and trade and economic cooperation between Tehran and Moscow will be "
     "discussed during the visit.",
     "Bilateral issues and trade and economic cooperation between Tehran and Moscow will be discussed during the visit."),
    # a leading "However," points at a sentence the reader does not see
    ("However, Iran's relationship with Russia could be affected by the outcome of the U.S. election next week, "
     "Hamidreza Azizi, research fellow at the German Institute, told Newsweek.",
     "Iran's relationship with Russia could be affected by the outcome of the U.S. election next week."),
])
def test_a_statement_reads_on_its_own(sentence, statement):
    from briefing.memo.attribution import find_attribution, statement_text
    from briefing.verify.checks import check

    got = statement_text(sentence, find_attribution(sentence))
    assert got == statement
    assert check(got, [sentence]).supported


def test_a_statement_pointing_back_gives_way_to_one_that_reads_alone():
    ulyanov = ["Mikhail Ulyanov, the Russian ambassador in Vienna, said the talks on the nuclear deal must resume soon.",
               "“We believe that they are absolutely illegitimate and extremely counter-productive,” Ulyanov said.",
               "Ulyanov said the sanctions on Iran had hurt ordinary people and blocked the trade in medicine."]
    evidence = make_evidence(("a1", "2025-01-10", ulyanov))
    evidence.summary = [1]
    evidence.sentences[1].salience = 0.995      # the pronoun statement is the more salient one
    for e, att in zip(evidence.sentences, attributions(ulyanov)):
        e.said_by = att
    claims = ExtractiveWriter._statements(evidence)
    assert claims and claims[0].speaker == "Mikhail Ulyanov"
    assert claims[0].text == "The sanctions on Iran had hurt ordinary people and blocked the trade in medicine."


# -- the timeline: the date of what happened, not of who said it ------------------------------------

def test_a_date_that_opens_a_speech_is_not_the_event_date():
    sentence = ("On January 14, Russian Presidential Spokesman Dmitry Peskov said that the Comprehensive Strategic "
                "Partnership Treaty between Russia and Iran would be signed following the presidents' talks on January 17.")
    e = _attributed_sentence(sentence, "2025-01-15")
    assert e.date.label() == "17 January 2025" and e.date.future
    assert short_event(e) == ("The Comprehensive Strategic Partnership Treaty between Russia and Iran would be signed "
                              "following the presidents' talks")


def test_dates_a_reader_cannot_place_come_last():
    from briefing.memo.timeline import timeline_entries

    texts = ["Officials met in Geneva on January 17, 2025 to draft the cease-fire terms for the region.",
             "The two sides signed the cease-fire agreement on February 3, 2025 after weeks of talks.",
             "However, the monitors will arrive in the border villages next week to check the withdrawal."]
    evidence = make_evidence(("a1", None, texts))
    evidence.summary = []
    entries = timeline_entries(evidence)
    assert [en.lead.sentence for en in entries] == [0, 1, 2]   # the one a reader cannot place comes last
    assert short_event(entries[2].lead) == "The monitors will arrive in the border villages to check the withdrawal"
    said = "The monitors will arrive in the border villages next week, the observer mission's chief Anna Berg said."
    stated = make_evidence(("a1", None, texts[:2] + [said]))
    stated.summary = []
    stated.sentences[2].said_by = attributions([said])[0]
    assert [en.lead.sentence for en in timeline_entries(stated)] == [0, 1]     # nor a statement naming its speaker


def test_a_statement_pointing_back_comes_after_what_it_points_at():
    ulyanov = ["Mikhail Ulyanov, the Russian ambassador in Vienna, said, “In our national capacity, we are fully on "
               "the side of Iran.",
               "We don’t recognize extraterritorial sanctions.",
               "We believe that they are absolutely illegitimate and extremely counter-productive.",
               "But the reality is that we need to find a solution acceptable for everybody.”"]
    evidence = make_evidence(("a1", "2025-01-10", ulyanov))
    evidence.summary = [1, 4]
    for e, att in zip(evidence.sentences, attributions(ulyanov)):
        e.said_by = att
    for e in evidence.sentences[:2] + evidence.sentences[3:]:
        e.usable = False                          # too short, or quotation marks left open: no claims of their own
    [claim] = ExtractiveWriter._statements(evidence)
    assert claim.speaker == "Mikhail Ulyanov"
    assert claim.text == ("We don’t recognize extraterritorial sanctions. We believe that they are absolutely "
                          "illegitimate and extremely counter-productive.")
    assert claim.refs == [2, 3]


def test_who_said_what_does_not_retell_a_timeline_entry():
    texts = ["On January 14, Russian Presidential Spokesman Dmitry Peskov said that the partnership treaty between "
             "Russia and Iran would be signed following the presidents' talks on January 17.",
             "Peskov said that Moscow attaches great importance to the upcoming signing of the document."]
    evidence = make_evidence(("a1", "2025-01-15", texts))
    evidence.summary = []
    for e, att in zip(evidence.sentences, attributions(texts)):
        e.said_by = att
    [event] = ExtractiveWriter._timeline(evidence)
    assert event.date == "17 January 2025" and event.text.endswith("following the presidents' talks")
    [said] = ExtractiveWriter._statements(evidence)[:1]
    assert said.speaker == "Dmitry Peskov"
    assert said.text == "Moscow attaches great importance to the upcoming signing of the document."


def test_a_plan_and_its_event_on_one_yearless_day_are_one_entry_led_by_the_event():
    from briefing.memo.timeline import timeline_entries

    plan = ("On January 14, Russian Presidential Spokesman Dmitry Peskov said that the Comprehensive Strategic "
            "Partnership Treaty between Russia and Iran would be signed following the presidents' talks on January 17.")
    done = ("On January 17, Iranian President Masoud Pezeshkian and his Russian counterpart signed a long-term "
            "partnership deal known as the \"Comprehensive Strategic Agreement\" to strengthen the relations between "
            "the two nations.")
    evidence = make_evidence(("a1", None, [plan]), ("a2", None, [done]))
    evidence.summary = []
    [entry] = timeline_entries(evidence)
    assert entry.lead.text == done and [e.text for e in entry.others] == [plan]
    assert entry.lead.date.label() == "17 January (year not stated)"


def test_the_day_someone_spoke_is_not_an_event():
    from briefing.memo.timeline import timeline_entries

    blair = ("Despite everything that has been written, this is not a decision for the British government or the "
             "Spanish government, British Prime Minister Tony Blair said in an interview published Wednesday by a "
             "Spanish newspaper.")
    evidence = make_evidence(("a1", "1998-10-22", [blair]))
    evidence.summary = []
    evidence.sentences[0].said_by = attributions([blair])[0]
    assert evidence.sentences[0].date is not None           # a date is there: it is the interview's
    assert timeline_entries(evidence) == []


def test_a_timeline_entry_keeps_the_said_before_a_pronoun():
    sentence = "Public prosecutor Bernard Bertossa said he had issued a warrant for Pinochet's arrest on Oct. 14."
    e = _attributed_sentence(sentence, "1998-10-22")
    assert short_event(e) == "Public prosecutor Bernard Bertossa said he had issued a warrant for Pinochet's arrest"


@pytest.mark.parametrize("sentence, speaker", [
    ("Officials in Honduras said at least 231 people died in the floods.", "Officials in Honduras"),
    ("Weekend newspaper reports in Spain said a Spanish judge has issued a petition.",
     "Weekend newspaper reports in Spain"),
    ("But relief workers in Nicaragua said the roads to the villages were gone.", "relief workers in Nicaragua"),
])
def test_people_in_a_place_are_the_speaker_not_the_place(sentence, speaker):
    assert attributions([sentence])[0].speaker == speaker


def test_a_thing_added_to_something_is_no_statement():
    assert attributions(["First lady Hillary Rodham Clinton added Nicaragua and Honduras to a trip she plans "
                         "to the region beginning Nov. 16."]) == [None]
    assert attributions(["Smith added the government had to act to the best of its ability."])[0].speaker == "Smith"


@pytest.mark.parametrize("sentence, statement", [
    ("President Carlos Flores declared Hurricane Mitch had set back Honduras development by 50 years.",
     "Hurricane Mitch had set back Honduras development by 50 years."),
    ("Aznar has promised his government will rubber stamp a formal extradition request to the British government.",
     "His government will rubber stamp a formal extradition request to the British government."),
    ("Musk announced the Falcon Heavy’s cargo in December, capitalizing on an opportunity for marketing.",
     "Musk announced the Falcon Heavy’s cargo in December, capitalizing on an opportunity for marketing."),
])
def test_a_clause_after_declared_or_promised_is_the_statement(sentence, statement):
    from briefing.memo.attribution import find_attribution, statement_text

    assert statement_text(sentence, find_attribution(sentence)) == statement


@pytest.mark.parametrize("sentence, statement", [
    # what follows "that" after whom, when and where it was said
    ("Billy Hunter, the union's executive director, warned the owners this week that a prolonged lockout could "
     "destroy the league's popularity.", "A prolonged lockout could destroy the league's popularity."),
    ("Alexis Tambwe Mwamba, one of rebel leaders, said from the rebel stronghold at Goma, 380 kilometers northeast "
     "of Kalima, that fighters had intercepted government radio messages in Kindu.",
     "Fighters had intercepted government radio messages in Kindu."),
    # the reporting verb beside the speaker's name, not the "said" inside the statement
    ("As we said from the time of the Aug. 20 strike, the objective was to disrupt the training of the network at "
     "the Khost camps, said David C. Leavy, a spokesman for the National Security Council at the White House.",
     "As we said from the time of the Aug. 20 strike, the objective was to disrupt the training of the network at "
     "the Khost camps."),
    # an appositive before the name is part of the frame
    ("An important man with close links to bin Laden seems to have fallen into the enemy's hands, the operative, "
     "Haroun Fazil, wrote in his summary.",
     "An important man with close links to bin Laden seems to have fallen into the enemy's hands."),
    # a short opening clause with its verb, before "said NAME, role"
    ("Mitch is closing in, said Monterrey Cardenas, mayor of Utila, an island 20 miles off the Honduran coast.",
     "Mitch is closing in."),
    ("People misunderstood political freedoms for anarchy, said Safari Ngezayo, a farmer and hotel owner.",
     "People misunderstood political freedoms for anarchy."),
    # ", adding that X": X, not a fragment opening on "Adding"
    ("It's very impressive, David said, adding that Finance Minister Tarrin Nimmanahaeminda promised Parliament "
     "would pass reform measures in months, not years.",
     "Finance Minister Tarrin Nimmanahaeminda promised Parliament would pass reform measures in months, not years."),
    # what someone denied is not what they said
    ("But Pendry denied that Idris owned any businesses with the Military Industrial Corp.",
     "Pendry denied that Idris owned any businesses with the Military Industrial Corp."),
])
def test_the_statement_leaves_the_frame_out_and_nothing_else(sentence, statement):
    from briefing.memo.attribution import find_attribution, statement_text

    assert statement_text(sentence, find_attribution(sentence)) == statement


def test_a_role_is_not_a_quote_mark():
    from briefing.memo.attribution import display_role

    assert display_role("'' deputy commissioner") == "deputy commissioner"


def test_a_date_after_for_stays_in_the_entry():
    sentence = "The prime minister jailed Anwar in September, scheduling his trial for Nov. 2."
    evidence = make_evidence(("a1", "1998-10-20", [sentence]))
    assert not short_event(evidence.sentences[0]).endswith(" for")


def test_few_dates_a_reader_cannot_place_when_nothing_else_is_dated():
    from briefing.memo.timeline import UNPLACED_MAX, timeline_entries

    texts = ["Negotiators for the league met union leaders in a Manhattan hotel on Monday.",
             "The arbitrator ruled on Tuesday that guaranteed contracts must be honoured during the lockout.",
             "Hundreds of fans protested outside the arena on Wednesday, waving banners against the owners.",
             "Two television networks cancelled their broadcast schedules on Thursday after the talks collapsed.",
             "Several star players signed short contracts with European clubs on Friday to stay in shape."]
    evidence = make_evidence(("a1", None, texts))
    evidence.summary = []
    assert len(timeline_entries(evidence)) == UNPLACED_MAX


def test_a_short_form_of_a_given_name_is_the_same_speaker():
    from briefing.memo.attribution import find_attribution, statement_text, story_speakers

    names = story_speakers([("Matthew Lesser", "Rep."), ("Matt Lesser", "Democrat"), ("Jean Dupont", None),
                            ("Jeanne Dupont", None)])
    assert names["Matt Lesser"][0] == names["Matthew Lesser"][0]
    assert names["Jean Dupont"][0] != names["Jeanne Dupont"][0]
    sentence = "Allan Greenspan, the campaign treasurer, admitted the image of Lesser’s face was altered by the printer."
    assert statement_text(sentence, find_attribution(sentence)) == "The image of Lesser’s face was altered by the printer."


def test_a_condition_after_said_is_a_statement():
    from briefing.memo.attribution import find_attribution, statement_text

    sentence = ("His lawyer, Clive Nicholls, said that if a bid to extradite the general succeeded, Queen Elizabeth II "
                "could be extradited to Argentina.")
    assert statement_text(sentence, find_attribution(sentence)) == \
        "If a bid to extradite the general succeeded, Queen Elizabeth II could be extradited to Argentina."
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
    interview and a phone call from another year. The bottom line opens on the signing among the
    sentences the summary chose (a sentence it did not choose is not pushed in front)."""
    memo = seeds_memo
    first = memo.summary[0]
    assert first.kind == "bottom-line"
    assert "signed" in memo.headline.text and "signed" in first.text
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


# -- headline, bottom line and core a reader wants to read -------------------------------------------
def _bench_memo(bench_dir, tmp_path, name: str, index: int):
    """The extractive memo of one benchmark cluster (read in place, never copied)."""
    rows = (bench_dir / "summaries" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    cluster = json.loads(rows[index])
    path = tmp_path / "cluster.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in cluster["articles"]), encoding="utf-8")
    store = briefing.open_store(tmp_path / "b.db")
    try:
        report = briefing.ingest_paths(store, [path])
        return briefing.memo_for_articles(store, report.stored, using=ExtractiveWriter())
    finally:
        store.close()


SIHANOUK = ("King Norodom Sihanouk on Tuesday praised agreements by Cambodia's top two political parties previously "
            "bitter rivals to form a coalition government led by strongman Hun Sen.")


@pytest.mark.parametrize("sentence", [
    # DUC dev d30001t: the cut kept an appositive and dropped the event, the coalition government
    SIHANOUK,
    # the point of "forced NASA" is what NASA had to do
    "A last-minute alarm forced NASA to halt Thursday's launching of the space shuttle Endeavour, on a mission "
    "to start assembling the international space station.",
    # "The last time ...", "marked the first time since 1934" and "the Act went" are no statements
    "The last time the Asia-Pacific region held its annual summit to promote free trade, Japan's prime minister "
    "assured everyone that his economy wouldn't be the next victim of Asia's financial crisis.",
    "The Democratic surge marked the first time since 1934 that the president's party had gained seats in a midterm "
    "election, and it whittled the Republican House majority down to a mere six votes.",
    "The data for the 2014 report was collected before the Affordable Care Act went into full effect, and the "
    "U.S. may improve.",
])
def test_a_headline_cut_never_drops_the_event(sentence):
    text = shorten(sentence)
    assert text is None, text


def test_a_headline_cut_keeps_what_was_announced_and_who_did_it():
    assert shorten("Gingrich announced in two conference calls to other Republicans that he would not run for "
                   "re-election as speaker.") != "Gingrich announced in two conference calls to other Republicans"
    assert not names_event("The man accused of orchestrating the U.S. embassy bombings")
    assert names_event("Kellogg Co pulled out of Venezuela")


def test_the_duc_cambodia_headline_names_no_praise_cut_from_its_event(bench_dir, tmp_path):
    """DUC dev cluster 0 (d30001t): "King Norodom Sihanouk praised agreements by Cambodia's top two
    political parties previously bitter rivals" from a sentence about the coalition government."""
    memo = _bench_memo(bench_dir, tmp_path, "duc2004_dev", 0)
    assert memo.headline is not None
    assert not memo.headline.text.endswith("previously bitter rivals"), memo.headline.text
    assert word_count(memo.headline.text) <= 14 and not memo.headline.text.endswith(".")


def test_a_side_event_scores_below_the_main_one():
    """What most articles share is the main event: "Pinochet was arrested" over "The wife of
    Pinochet appealed for his release", whose subject only one article names."""
    evidence = make_evidence(
        ("a1", "1998-10-17", ["Pinochet was arrested in London at the request of a Spanish judge.",
                              "The wife of former dictator Augusto Pinochet appealed for his release."]),
        ("a2", "1998-10-18", ["Chile protested the arrest of Pinochet in London."]),
        ("a3", "1998-10-19", ["Spain asked Britain to hand over Pinochet after his arrest in London."]))
    spread = word_spread(evidence)
    assert spread[stem("pinochet")] == 1.0 and spread[stem("wife")] == pytest.approx(1 / 3)
    assert subject_head("The wife of former dictator Augusto Pinochet appealed for his release") == "wife"
    assert subject_head("A 300-pound egg-shaped security robot was punched to the ground") == "robot"
    arrested = "Pinochet was arrested in London"
    wife = "The wife of former dictator Augusto Pinochet appealed for his release"
    assert _headline_centrality(arrested, spread) > _headline_centrality(wife, spread)


@pytest.mark.parametrize("name, index, old, words", [
    # Pinochet's arrest, not his wife's appeal
    ("duc2004_dev", 2, "The wife of former Chilean dictator Augusto Pinochet appealed for his release", "arrested"),
    # Anwar Ibrahim's story, not the European Union's concern (earlier: "Mahathir said he could drop dead")
    ("duc2004_dev", 8, "The European Union expressed its deep concern", "Anwar"),
    # the robot knocked down, not the name of the man who did it
    ("multinews_dev", 2, "The accused robo-assailant was identified as Jason Sylvain", "robot"),
])
def test_the_headline_names_the_main_event_not_a_side_one(bench_dir, tmp_path, name, index, old, words):
    memo = _bench_memo(bench_dir, tmp_path, name, index)
    assert memo.headline is not None
    assert memo.headline.text != old and words in memo.headline.text, memo.headline.text


def test_the_bottom_line_stays_on_the_main_event(seeds_memo):
    """The seeds memo's second bottom-line sentence was "According to the Russian state TV,
    President Vladimir Putin will receive his Iranian counterpart Seyyed Ebrahim Raisi in the
    coming week.": a 2022 visit under a story about the 2025 treaty, first because one outlet's two
    articles carry it. The bottom line's later sentences are those more outlets carry, then those
    closest to its first sentence; the visit stays in the memo as a key point."""
    bottom = seeds_memo.bottom_line
    assert len(bottom) >= 2
    assert not any("Raisi" in c.text for c in bottom), [c.text for c in bottom]
    outlets = [c.corroboration["outlets"] for c in bottom[1:]]
    assert outlets == sorted(outlets, reverse=True)
    assert any("Raisi" in c.text for c in seeds_memo.key_points)


def test_corroboration_reads_as_a_reader_says_it():
    """"_(single source (2 articles))_" read badly: one outlet's articles are "one outlet, 2 articles"."""
    assert corroboration_label({"outlets": 1, "articles": 2}) == "one outlet, 2 articles"
    assert corroboration_label({"outlets": 1, "articles": 1}) == "single source"
    assert corroboration_label({"outlets": 3, "articles": 5}) == "3 outlets"
    assert corroboration_label(None) is None


def test_corroboration_wording_in_md_html_and_txt(seeds_memo):
    two = [c for c in seeds_memo.summary if c.corroboration == {"outlets": 1, "articles": 2}]
    assert two, [(c.text, c.corroboration) for c in seeds_memo.summary]
    for fmt in ("md", "html", "txt"):
        out = render_memo(seeds_memo, fmt)
        assert "one outlet, 2 articles" in out and "single source (" not in out, fmt
    data = json.loads(render_memo(seeds_memo, "json"))
    assert {"outlets": 1, "articles": 2} in [c["corroboration"] for c in data["memo"]["summary"]]


def test_what_is_new_is_never_shown_twice(tmp_path, seeds_dir):
    """"New since the last briefing" repeated the bottom line's and key points' sentences word for
    word. A core claim only new articles state is marked new in place; the part lists only new
    facts the core does not show."""
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(seeds_dir.iterdir())
    for path in seeds[:4]:
        (folder / path.name).write_bytes(path.read_bytes())
    db, out = tmp_path / "b.db", tmp_path / "out"
    with briefing.session(db) as store:
        briefing.run(store, [folder], out, formats=("md", "json"), using=ExtractiveWriter())
    (folder / seeds[4].name).write_bytes(seeds[4].read_bytes())
    with briefing.session(db) as store:
        briefing.run(store, [folder], out, formats=("md", "json"), using=ExtractiveWriter())
    [memo_json] = (out / "stories").glob("*.json")
    memo = json.loads(memo_json.read_text())["memo"]
    new_id = next(s["article_id"] for s in json.loads(memo_json.read_text())["sources"]
                  if seeds[4].name in (s.get("path") or ""))
    core = memo["summary"]
    marked = [c for c in core if c.get("new")]
    assert marked, "a core claim only the new article states is marked new"
    for c in core:
        only_new = all(ct["article_id"] == new_id for ct in c["citations"])
        assert bool(c.get("new")) == only_new, c
    shown = {" ".join(c["text"].split()) for c in core}
    for part in memo["sections"]:
        if part["key"] == "new":
            assert part["claims"]
            for c in part["claims"]:
                assert " ".join(c["text"].split()) not in shown, c["text"]
                assert all(ct["article_id"] == new_id for ct in c["citations"])
    md = next((out / "stories").glob("*.md")).read_text()
    assert "**New:**" in md
    lines = [line for line in md.splitlines() if line.startswith("- ")]
    sentences = [re.sub(r"\s*(\[\d+\])+.*$", "", line[2:].replace("**New:** ", "")) for line in lines]
    assert len(sentences) == len(set(sentences)), "no sentence shown twice"


# -- who said what: a speaker is a person or an organisation, a statement is what they said ---------------

def _said(sentence: str, context: list[str] | None = None) -> tuple:
    from briefing.memo.attribution import find_attribution, statement_text
    att = find_attribution(sentence, context)
    return (att.speaker if att else None), statement_text(sentence, att)


def test_a_role_set_off_before_the_name_is_no_part_of_the_statement():
    speaker, said = _said(
        "The Comprehensive Strategic Partnership Treaty between Moscow and Tehran, to be signed later this week, is "
        "aimed at expanding economic cooperation, which will let both countries mitigate the negative impact of US "
        "sanctions, Iranian political scientist and leading expert on Russia in Iran, Professor Ruhollah Modabber "
        "has told TASS.")
    assert speaker == "Ruhollah Modabber"
    assert said.endswith("mitigate the negative impact of US sanctions."), said


def test_a_quotation_the_speaker_is_said_to_have_said_is_the_statement_not_its_frame():
    speaker, said = _said(
        "Underlining convergence and synergy between Tehran and Moscow on many international issues, the Iranian "
        "president stressed the need for cooperation between the two countries on regional issues, and said, “We "
        "consider the continued presence of outsiders in Syria against the will of the Syrian people and government "
        "and illegal because it threatens the stability and security of the country,” according to the official "
        "website of the Iranian presidency.",
        ["Iranian President Ayatollah Seyed Ebrahim Raisi spoke with Russian President Vladimir Putin on Tuesday."])
    assert speaker == "Ebrahim Raisi"
    assert said == ("“We consider the continued presence of outsiders in Syria against the will of the Syrian people "
                    "and government and illegal because it threatens the stability and security of the country.”")
    # a quotation running on past the sentence is what was said too, not the interview that frames it
    _, said = _said("In an exclusive interview with Tehran Times on January 11, Mikhail Ulyanov, the Russian "
                    "ambassador in Vienna, said, “In our national capacity, I can tell you that we are fully on the "
                    "side of Iran.")
    assert said == "“In our national capacity, I can tell you that we are fully on the side of Iran.”"


def test_a_document_speaks_for_its_author_or_not_at_all():
    texts = ["The presidents of Iran and Russia had an in-depth telephone conversation on Tuesday.",
             "Putin also expressed concern over the situation in the Nagorno-Karabakh region, according to the "
             "Iranian statement about the call.",
             "Putin spoke about the ceasefire, according to the official website of the Kremlin."]
    _, unnamed, website = attributions(texts)
    assert unnamed is None                        # no author named: no speaker invented
    assert website.speaker == "the Kremlin"
    union = ["The attack took place Tuesday near Cailaco, according to a statement issued by the pro-independence "
             "Christian Democratic Union of East Timor.",
             "Placido dos Santos, a 28-year-old farmer, was killed during the attack, the statement claimed."]
    assert [a.speaker for a in attributions(union)] == ["the pro-independence Christian Democratic Union of East Timor"] * 2
    report = attributions(["A total of 4,299 political opponents died, according to a Chilean government report."])[0]
    assert report.speaker == "the Chilean government"


def test_a_place_or_a_kept_position_is_no_speaker():
    # DUC d30003t: "Chile maintained neutrality" made "Chile" (shown as "Chile Spain") a speaker
    assert attributions(["Although Chile maintained neutrality during the war, it was accused of providing "
                         "military intelligence to the British."]) == [None]
    assert attributions(["Jones maintained that the plan was sound."])[0].speaker == "Jones"
    from briefing.memo.attribution import story_speakers
    # "Pinochet's son, Augusto, said": the son, not Augusto Pinochet himself
    names = story_speakers([("Augusto", "Pinochet's son"), ("Augusto Pinochet", None)])
    assert names["Augusto"][0] == "Augusto"


def test_whom_a_speaker_told_is_no_part_of_the_statement():
    speaker, said = _said("Philippine President Joseph Estrada told business and political leaders in Singapore on "
                          "Tuesday that he had not made up his mind.")
    assert (speaker, said) == ("Joseph Estrada", "He had not made up his mind.")
    _, said = _said("Duisenberg told Le Monde, a newspaper that fervently has backed the euro, that the introduction "
                    "of the new currency is the most significant step so far toward European unification.")
    assert said.startswith("The introduction of the new currency is"), said
    _, said = _said("It seems to me that what has happened there is universal meddling, Castro told reporters "
                    "covering the Ibero-American summit being held here Sunday.")
    assert said == "It seems to me that what has happened there is universal meddling."


def test_a_frame_inside_the_sentence_is_left_out():
    context = ["Sergey Markedonov, Senior Fellow at MGIMO University, spoke to the agency."]
    _, said = _said("However, Russia and Iran have had some divergences also, he underlined, pointing to the fact "
                    "that Iran has its own approach to Crimea, Donbas, and Ukrainian conflict in general.", context)
    assert said == ("Russia and Iran have had some divergences also: Iran has its own approach to Crimea, Donbas, "
                    "and Ukrainian conflict in general.")
    _, said = _said("But now Russia and Iran are trying to overcome the negative legacy of the past, he said. adding, "
                    "they try to find new options and new perspectives and it's very important.", context)
    assert said == ("Now Russia and Iran are trying to overcome the negative legacy of the past. They try to find new "
                    "options and new perspectives and it's very important.")
    _, said = _said("Speaking of the features of the agreement, Markedonov said that in many aspects, the agreement "
                    "is a declaration about the deepening relationship between Tehran and Moscow.", context)
    assert said == "In many aspects, the agreement is a declaration about the deepening relationship between Tehran and Moscow."
    _, said = _said("It is important to remember that Putin and Raisi have had several phone calls, but as Iranian "
                    "Foreign Ministry spokesman Saeed Khatibzadeh said on Monday, the two presidents need to discuss "
                    "some issues extensively.")
    assert said == "The two presidents need to discuss some issues extensively."
    _, said = _said("Government spokesman Josep Pique said Prime Minister Jose Maria Aznar had no plans to meet the "
                    "delegation, the state-owned news agency EFE reported.")
    assert said == "Prime Minister Jose Maria Aznar had no plans to meet the delegation."
    _, said = _said("Home Office Minister Alun Michael acknowledged Sunday that Pinochet entered Britain on a "
                    "diplomatic passport, but said, That does not necessarily convey diplomatic immunity.")
    assert said == "Pinochet entered Britain on a diplomatic passport. That does not necessarily convey diplomatic immunity."


def test_a_key_point_quoting_he_said_names_him_as_the_article_does():
    from briefing.writers.extractive import _with_speaker
    texts = ["Referring to the developments in Afghanistan, Ayatollah Raisi reiterated Iran’s position that an "
             "inclusive government should be formed in Kabul.",
             "“The Islamic Republic of Iran seeks to establish an all-inclusive government with the presence of all "
             "ethnic and political groups,” he said."]
    evidence = make_evidence(("a1", None, texts))
    atts = attributions(["Iranian President Ayatollah Seyed Ebrahim Raisi spoke with Putin on Tuesday.", *texts])[1:]
    for e, att in zip(evidence.sentences, atts):
        e.said_by = att
    quote = evidence.sentences[1]
    assert quote.said_by.speaker == "Ebrahim Raisi"
    text, refs = _with_speaker(evidence, quote, quote.clean, [quote.number])
    assert text == ("Ayatollah Raisi: “The Islamic Republic of Iran seeks to establish an all-inclusive government "
                    "with the presence of all ethnic and political groups.”")
    assert refs == [2, 1]
