"""False alarms of the citation check found by reading refused DUC reference sentences
(benchmarks/data/reference_refusals.jsonl), each with the wrong claim the fix must still refuse."""
from __future__ import annotations

import pytest

from briefing.verify import check
from briefing.verify.checks import contradicted, ordinary_words, story_words, unanchored
from briefing.verify import meaning

DEAL = ("The deal, which will make Hun Sen prime minister and Ranariddh president of the National Assembly, "
        "ended more than three months of political deadlock.")
CARTER = ("Former U.S. President Jimmy Carter could have won the coveted Nobel Peace Prize in 1978 had it not "
          "been for strict deadline rules for nominations.")
SHARON = ("Sharon has been quoted as saying he would refuse to shake the hand of Palestinian leader Yasser Arafat.")
CONGO = "In October, rebels fought to overthrow President Kabila and Congo was again in turmoil."


def test_a_role_given_by_make_x_prime_minister_is_the_persons_role():
    assert check("Hun Sen remains prime minister, Ranariddh is president of the national assembly.", [DEAL]).supported
    wrong = check("Hun Sen remains foreign minister, Ranariddh is president of the national assembly.", [DEAL])
    assert any(p.startswith("role:") for p in wrong.problems), wrong.problems


def test_had_it_not_been_for_is_not_a_negation():
    v = check("Strict deadline rules for nominations cost Jimmy Carter the 1978 Nobel Peace Prize.", [CARTER])
    assert v.supported, v.problems
    # a real negation of the same words is still one
    assert not check("Strict deadline rules for nominations cost Jimmy Carter the 1978 Nobel Peace Prize.",
                     ["Jimmy Carter won the 1978 Nobel Peace Prize, with no strict deadline rules for nominations."]).supported


def test_not_only_is_not_a_negation():
    v = check("The strike was not only a failure but a disaster for the union.",
              ["The strike was a failure and a disaster for the union."])
    assert v.supported, v.problems


def test_a_year_or_month_the_dateline_gives_is_accepted_and_no_other():
    claim = "Congo was again in turmoil in October 1998 as rebels fought to overthrow President Kabila."
    assert check(claim, [CONGO], dated=["1998-10-12T08:00:00Z"]).supported
    assert not check(claim, [CONGO]).supported
    assert not check(claim.replace("1998", "1996"), [CONGO], dated=["1998-10-12"]).supported
    # the sentences' own year wins over the dateline's: "in 1978" of a 1998 article is not "in 1998"
    assert not check("Carter could have won the Nobel Peace Prize in 1998.", [CARTER], dated=["1998-10-09"]).supported
    # a day with its month is the date's own
    opened = ["Arafat greeted the arrivals as the airport opened on Tuesday."]
    assert check("The airport opened on November 24 with Arafat greeting the arrivals.", opened,
                 dated=["1998-11-24"]).supported
    assert not check("The airport opened on November 25 with Arafat greeting the arrivals.", opened,
                     dated=["1998-11-24"]).supported


def test_a_weekday_written_short_is_the_weekday():
    src = ["The players proposed a tax system, a proposal the owners said they would respond to by Friday."]
    assert check("Owners to respond by Fri.", src).supported
    assert not check("Owners to respond by Sat.", src).supported


def test_a_flipped_negation_refused_to_is_refused():
    assert not check("Sharon vowed to shake Yasser Arafat's hand.", [SHARON]).supported
    assert check("Sharon would not shake Yasser Arafat's hand.", [SHARON]).supported
    assert check("Sharon refused to shake Yasser Arafat's hand.", [SHARON]).supported


def test_gathered_sentences_must_not_deny_the_claim():
    food = "He said they had crossed into China seeking food, not because of political repression in North Korea."
    asylum = "Yonhap reported that 150 North Koreans had been sent home from China despite petitions for political asylum."
    assert contradicted("More are fleeing to China, seeking food and political freedom.", [food, asylum])
    assert not contradicted("More are fleeing to China, seeking food, not political freedom.", [food, asylum])


def test_a_swapped_place_beside_other_names_only_is_unanchored():
    claim = "Though Milosevic moved some units from the Christopher province, U.S. special envoy Holbrooke called the situation serious."
    sources = ["The United States and Russia are pressing Yugoslav President Slobodan Milosevic to end the crisis in Kosovo.",
               "U.S. special envoy Richard Holbrooke said the situation in the southern Serbian province was serious.",
               "Holbrooke and the U.S. ambassador to Macedonia, Christopher Hill, discussed a document with Milosevic."]
    assert "Christopher" in unanchored(claim, sources)
    assert "Christopher" not in unanchored(claim.replace("Christopher", "Kosovo"), sources[:2] + [
        "Milosevic moved some units out of the Kosovo province on Monday."])


@pytest.mark.skipif(not meaning.available(), reason="the embedding model is not installed")
def test_names_alone_are_not_said_in_other_words():
    source = ("Moussa said Mubarak had consulted by phone on Saturday with Assad and also conveyed a message through "
              "Turkey's ambassador to Egypt, Yasser Yakis.")
    v = check("Assad was to visit Yasser.", [source])
    assert not v.supported, v


# -- capitalised words the story writes as words -------------------------------------------------------
KILLED = "Officials estimate that more than 10,000 people were killed in Central America."
STORY = [KILLED, "The latest reports came in on Monday.", "Heavy rain fell as Hodler spoke in Lausanne."]


def test_a_sentence_opener_the_story_writes_in_lower_case_is_a_word():
    claim = "Latest reports estimate over 10,000 killed in Central America."
    assert any(p.startswith("name:") for p in check(claim, [KILLED]).problems)   # without the story: a name
    with story_words(ordinary_words(STORY)):
        assert check(claim, [KILLED]).supported
        # a name the story writes capitalised mid-sentence stays a name
        wrong = check("Hodler reports estimate over 10,000 killed in Central America.", [KILLED])
        assert "name" in wrong.failed, wrong.problems


def test_a_word_capitalised_mid_sentence_is_no_name_when_the_story_never_capitalises_it():
    src = ["The king praised the coalition of the country's top two political parties."]
    words = ordinary_words(src + ["Prime Minister Hun Sen signed."])
    with story_words(words):
        assert check("The king praised the coalition of the Country's top two political parties.", src).supported
        assert "name" in check("The king praised the coalition of Sen's top two political parties.", src).failed


def test_british_and_american_spellings_are_one_word():
    src = ["The planet's most daring construction job began Friday as the shuttle Endeavour carried six astronauts into orbit."]
    assert check("On Friday the shuttle Endeavor carried six astronauts into orbit.", src).supported
    assert check("The union defended the labor agreement.", ["The union defended the labour agreement."]).supported
    assert "name" in check("On Friday the shuttle Atlantis carried six astronauts into orbit.", src).failed


def test_a_title_by_its_initials_is_the_title():
    src = ["Prime minister Benjamin Netanyahu vowed to build Jewish neighborhoods in Jerusalem."]
    assert check("PM Netanyahu vows to build Jewish neighborhoods in Jerusalem.", src).supported
    assert "name" in check("PM Sharon vows to build Jewish neighborhoods in Jerusalem.", src).failed


def test_a_negation_inside_a_condition_or_whether_or_not_states_nothing():
    src = ["An arbitrator will decide Monday whether NBA players with guaranteed contracts are paid during the lockout."]
    v = check("An arbitrator will decide on Monday whether or not NBA players with guaranteed contracts are paid.", src)
    assert "negation" not in v.failed, v.problems
    # a stated negation is still one
    assert "negation" in check("An arbitrator will not decide on Monday on NBA players with guaranteed contracts.", src).failed
    loan = ["Primakov said the plan would be dependent on the IMF loan, not the other way around."]
    assert "negation" in check("An IMF loan was not on the way.", loan).failed


def test_a_title_standing_for_its_holder_must_be_in_the_sources():
    src = ["In rites building to a fiery cauldron lighting, Thailand's king opened the Asian Games Sunday night."]
    assert check("Thailand's king opened the Asian Games.", src).supported
    v = check("Thailand's chairman opened the Asian Games.", src)
    assert "role" in v.failed, v.problems


def test_a_weekday_lent_by_a_sentence_of_another_event_is_refused():
    opened = "Taking a major step toward statehood, the Palestinians on Tuesday inaugurated Gaza International Airport."
    flight = ("The first Palestinian commercial flight landed at Amman's Marka Airport on Saturday, inaugurating an air "
              "route between Jordan and the autonomous Gaza Strip.")
    assert unanchored("Saturday, a Palestinian flight inaugurated an air route between Gaza and Jordan.", [opened, flight]) == []
    assert "Tuesday" in unanchored("Tuesday, a Palestinian flight inaugurated an air route between Gaza and Jordan.",
                                   [opened, flight])
