"""Who said what (briefing.memo.attribution): patterns, roles, article-level resolution, the seeds and DUC."""
from __future__ import annotations

import json

import pytest

from briefing.memo.attribution import Attribution, attributions, find_attribution, full_names, statement_text, story_speakers
from briefing.ingest.text import split_sentences


def who(sentence: str, context: list[str] | None = None) -> tuple:
    a = find_attribution(sentence, context)
    return (a.speaker, a.verb, a.quote) if a else None


@pytest.mark.parametrize("sentence, expected", [
    ("Hun Sen said on Friday that the opposition was wrong.", ("Hun Sen", "said", False)),
    ('"It is over," said John Smith, a spokesman for the ministry.', ("John Smith", "said", True)),
    ("It's over, said the statement.", None),   # a document whose author the article does not name: no speaker
    ("Ayatollah Raisi told President Putin that the change is not acceptable.", ("Raisi", "told", False)),
    ("The treaty matters, Professor Ruhollah Modabber has told TASS.", ("Ruhollah Modabber", "told", False)),
    ("The deal covers energy, according to Foreign Minister Abbas Araghchi.", ("Abbas Araghchi", "according to", False)),
    ("Bin Laden met Sudanese leaders, according to U.S. officials.", ("U.S. officials", "according to", False)),
    ("Jane Roe added that the risks were high.", ("Jane Roe", "added", False)),
    ("Jane Roe stressed the risks.", ("Jane Roe", "stressed", False)),
    ("Sen. Bob Kerrey noted the risks.", ("Bob Kerrey", "noted", False)),
    ("Jane Roe stated that the risks are high.", ("Jane Roe", "stated", False)),
    ("Jane Roe believes the risks are high.", ("Jane Roe", "believes", False)),
    ("Jane Roe warned of a crisis.", ("Jane Roe", "warned", False)),
    ("Netscape announced Tuesday that it earned $2.7 million.", ("Netscape", "announced", False)),
    ('"We are ready," Ayatollah Raisi told President Putin.', ("Raisi", "told", True)),
    ("“The visit is a very important event,” Russian Foreign Minister Sergei Lavrov said on Friday.",
     ("Sergei Lavrov", "said", True)),
    ("``We want to reach an agreement,'' the union's executive director, Billy Hunter, said.",
     ("Billy Hunter", "said", True)),
    ("Hun Sen, however, said no.", ("Hun Sen", "said", False)),
    ("A Western diplomat said 120 vehicles have been pulled out.", ("A Western diplomat", "said", False)),
    ("Such a move is essential, American diplomats said, to create a good atmosphere.",
     ("American diplomats", "said", False)),
])
def test_patterns(sentence, expected):
    assert who(sentence) == expected


@pytest.mark.parametrize("sentence, role", [
    ("Moscow and Tehran will agree a deal, Russia's Foreign Minister Sergey Lavrov has said.", "Russia's Foreign Minister"),
    ("Iran’s ambassador to Russia Kazem Jalali said the treaty runs for 20 years.", "Iran’s ambassador to Russia"),
    ("On January 14, Russian Presidential Spokesman Dmitry Peskov said that it would be signed.",
     "Russian Presidential Spokesman"),
    ("The deal may change, Hamidreza Azizi, research fellow at the German Institute for International and "
     "Security Affairs, told Newsweek.", "research fellow at the German Institute for International and Security Affairs"),
    ('"It is over," said John Smith, a spokesman for the ministry.', "spokesman for the ministry"),
    ("As Iranian Foreign Ministry spokesman Saeed Khatibzadeh said on Monday, talks are needed.",
     "Iranian Foreign Ministry spokesman"),
    ("In an interview on January 11, Mikhail Ulyanov, the Russian ambassador in Vienna, said, “We are on Iran's side.”",
     "Russian ambassador in Vienna"),
])
def test_roles(sentence, role):
    a = find_attribution(sentence)
    assert a is not None and a.role == role
    assert a.speaker[0].isupper() and not a.speaker.startswith(("President", "Professor", "Foreign", "Mr"))


@pytest.mark.parametrize("sentence", [
    "The agreement covers trade, energy and defense.",
    "That is more easily said than done.",
    "Newsweek has contacted the Iranian and Russian foreign ministries for comment.",
    "The talks failed, they said.",          # no named speaker: nothing is invented
    "It said the talks failed.",
    "Tehran and Moscow concluded the agreement at a time of sanctions.",
    "Russia and China, citing threats, said no.",
])
def test_not_attributed(sentence):
    assert find_attribution(sentence) is None


def test_pronoun_and_surname_resolve_to_the_person_introduced_earlier():
    article = ["Russia's Foreign Minister Sergey Lavrov spoke in Minsk on Thursday.",
               "He said the treaty was ready.",
               "The audience applauded.",
               "Lavrov added that it would be signed soon.",
               "The treaty is long, he noted."]
    out = attributions(article)
    assert out[0] is None and out[2] is None
    for a in (out[1], out[3], out[4]):
        assert (a.speaker, a.role) == ("Sergey Lavrov", "Russia's Foreign Minister")
    assert [a.verb for a in (out[1], out[3], out[4])] == ["said", "added", "noted"]


def test_people_places_and_organisations_are_told_apart():
    a = find_attribution("But Rep. David Dreier of California, the incoming Rules Committee chairman, said no.")
    assert (a.speaker, a.role) == ("David Dreier", "Rep. of California")
    a = find_attribution("Rep. Matt Salmon, R-Ariz., said : I can not vote for him.")
    assert (a.speaker, a.role) == ("Matt Salmon", "Rep., R-Ariz")
    assert who("The aid will be sent, the EU executive Commission said in a statement.") == \
        ("the EU executive Commission", "said", False)
    assert find_attribution("The children are suffering, even dying, said the Rev.") is None   # a bare title
    assert find_attribution("A diplomat familiar with the themes he planned to stress to Milosevic said no.") is None
    assert who("Yesterday the lawyer of Salt Lake City said it was over.") == ("the lawyer of Salt Lake City", "said", False)
    a = find_attribution("At the United Nations, Secretary-General Kofi Annan said forces had attacked.")
    assert (a.speaker, a.role) == ("Kofi Annan", "Secretary-General")
    a = find_attribution("Secretary of State Madeleine Albright said NATO must act.")
    assert (a.speaker, a.role) == ("Madeleine Albright", "Secretary of State")
    out = attributions(["Microsoft argued in court that the deal hurt the case.",
                        "The industry moves fast, he suggested."])
    assert out[0].speaker == "Microsoft" and out[1] is None          # "he" is never a company


def test_pronoun_goes_to_the_most_recently_mentioned_person():
    article = ["Iranian President Ayatollah Seyed Ebrahim Raisi thanked his Russian counterpart Vladimir Putin.",
               "Ayatollah Raisi told President Putin that change was not acceptable.",
               "Putin also expressed concern over Karabakh, according to the Iranian statement.",
               "He also said, “We seek a 3+3 mechanism.”"]
    out = attributions(article)
    assert out[1].speaker == "Ebrahim Raisi" and "Iranian President" in out[1].role
    assert out[2] is None   # a statement is no speaker; its author is not named
    assert (out[3].speaker, out[3].quote) == ("Vladimir Putin", True)


def test_descriptors_resolve_to_the_matching_person_or_the_last_speaker():
    article = ['"The treaty is unique," Professor Ruhollah Modabber, an Iranian political scientist, said.',
               '"Tehran must act," the political analyst added.',
               "Iranian President Ebrahim Raisi met Iranian Foreign Minister Hossein Amir-Abdollahian.",
               "The Iranian president stressed the need for talks.",
               "The Russian president disagreed, according to the Kremlin official."]
    out = attributions(article)
    assert out[1].speaker == "Ruhollah Modabber" and out[1].verb == "added"
    assert find_attribution("Iranian officials said no.", article).speaker == "Iranian officials"   # plural: a group
    assert out[3].speaker == "Ebrahim Raisi"
    assert out[4].speaker == "Ebrahim Raisi"      # "the Kremlin official": generic, so the last speaker


def test_quotations_spanning_sentences_take_their_speaker():
    article = ['"The treaty is a unique opportunity.',
               'It will counter sanctions," Modabber said.',
               "Jane Doe, a senior analyst, said the talks had failed.",
               '"We expected more."',
               "Prices rose in June.",
               '"Nobody saw it coming."']
    out = attributions(article)
    assert out[0].speaker == out[1].speaker == "Modabber" and out[0].quote
    assert (out[3].speaker, out[3].verb, out[3].quote) == ("Jane Doe", "continued", True)
    assert out[3].role == "senior analyst"
    assert out[4] is None and out[5] is None        # a quotation after an unattributed sentence stays unattributed


def test_find_attribution_uses_context():
    ctx = ["Sergey Markedonov, Senior Fellow of the Institute for International Studies, made the remarks."]
    a = find_attribution("The treaty is wider, Markedonov emphasized.", ctx)
    assert (a.speaker, a.role, a.verb) == ("Sergey Markedonov", "Senior Fellow of the Institute for International Studies",
                                           "emphasized")
    assert find_attribution("The treaty is wider, he said.", ctx).speaker == "Sergey Markedonov"
    assert find_attribution("The treaty is wider, he said.") is None


def test_attribution_is_a_frozen_value():
    a = Attribution("Jane Roe", None, False, "said")
    with pytest.raises(AttributeError):
        a.speaker = "x"  # type: ignore[misc]


# --- real articles, read in place -------------------------------------------------------------------------

def _seed(seeds_dir, prefix: str) -> tuple[list[str], list[Attribution | None]]:
    text = next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    sents = [text[s.start:s.end] for s in split_sentences(text)]
    return sents, attributions(sents)


def _at(sents, atts, needle: str) -> Attribution | None:
    return next(a for s, a in zip(sents, atts) if needle in s)


def test_seed_000_modabber(seeds_dir):
    sents, atts = _seed(seeds_dir, "000")
    first = _at(sents, atts, "Professor Ruhollah Modabber has told TASS")
    assert (first.speaker, first.verb) == ("Ruhollah Modabber", "told")
    assert "Iranian political scientist" in first.role and "Professor" in first.role
    for needle in ('Modabber said', "He believes that", "the political analyst added", "Their beliefs are wrong"):
        a = _at(sents, atts, needle)
        assert a.speaker == "Ruhollah Modabber", needle
    assert _at(sents, atts, "Kazem Jalali said").speaker == "Kazem Jalali"
    assert _at(sents, atts, "According to the Kremlin official").speaker == "Dmitry Peskov"
    assert _at(sents, atts, "Russia-Iran treaty") is None


def test_seed_001_markedonov(seeds_dir):
    sents, atts = _seed(seeds_dir, "001")
    marked = [a for a in atts if a and a.speaker == "Sergey Markedonov"]
    assert len(marked) >= 8
    assert all(a.role == "Senior Fellow of the Institute for International Studies at the MGIMO University" for a in marked)
    assert _at(sents, atts, "This aspect may be one").speaker == "Sergey Markedonov"      # "..., he said, adding"
    assert _at(sents, atts, "It's wider").speaker == "Sergey Markedonov"                # inside his quotation
    assert _at(sents, atts, "The agreement covers vast areas") is None


def test_seed_003_lavrov_and_azizi(seeds_dir):
    sents, atts = _seed(seeds_dir, "003")
    lavrov = _at(sents, atts, "Lavrov added")
    assert (lavrov.speaker, lavrov.role, lavrov.quote) == ("Sergey Lavrov", "Russia's Foreign Minister", True)
    azizi = _at(sents, atts, "told Newsweek")
    assert azizi.speaker == "Hamidreza Azizi" and azizi.role.startswith("research fellow at the German Institute")
    assert _at(sents, atts, "Of course, that is more easily said").speaker == "Hamidreza Azizi"
    assert _at(sents, atts, "Putin had announced").speaker == "Vladimir Putin"
    assert _at(sents, atts, "Newsweek has contacted") is None


def test_seed_004_raisi_and_putin(seeds_dir):
    sents, atts = _seed(seeds_dir, "004")
    raisi = _at(sents, atts, "Ayatollah Raisi told President Putin")
    assert (raisi.speaker, raisi.verb, raisi.quote) == ("Ebrahim Raisi", "told", True)
    assert "Iranian President" in raisi.role
    assert _at(sents, atts, "the Iranian president stressed").speaker == "Ebrahim Raisi"
    assert _at(sents, atts, "He also said").speaker == "Vladimir Putin"
    assert _at(sents, atts, "The Russian president, in turn").speaker == "Vladimir Putin"
    assert _at(sents, atts, "President Putin noted").speaker == "Vladimir Putin"


def test_seed_speakers_are_clean(seeds_dir):
    titles = ("President", "Professor", "Ayatollah", "Prime", "Foreign", "Mr", "Dr")
    for prefix in ("000", "001", "002", "003", "004"):
        for a in _seed(seeds_dir, prefix)[1]:
            if a is None:
                continue
            assert a.speaker and a.speaker.split()[0] not in titles + ("He", "She", "The", "he", "she")
            assert a.speaker[-1].isalnum(), a.speaker
            assert a.role is None or a.role == a.role.strip(" ,.")


def test_duc_article(bench_dir):
    with open(bench_dir / "summaries" / "duc2004_dev.jsonl", encoding="utf-8") as f:
        article = json.loads(f.readline())["articles"][0]
    text = article["text"]
    sents = [text[s.start:s.end] for s in split_sentences(text)]
    atts = attributions(sents)
    told = _at(sents, atts, "Hun Sen told reporters")
    assert (told.speaker, told.role, told.verb) == ("Hun Sen", "Cambodian leader", "told")
    assert _at(sents, atts, "sovereignty of Cambodia, he said").speaker == "Hun Sen"
    # "The Sam Rainsy Party, in a statement released Friday, accused ...": the statement speaks for the party
    assert _at(sents, atts, "said the statement").speaker == "the Sam Rainsy Party"
    assert _at(sents, atts, "People's Party won 64") is None


# --- issue 17, item 7: who said what, right ------------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "If all goes according to plan, China will have done something no other space-faring superpower has done.",
    "The 1970 Fair Credit Reporting Act, signed by President Richard Nixon, says credit reporting companies may "
    "not furnish consumer data to unauthorized third parties.",
    "Pittsburgh added a touchdown on a 1-yard run by Roosevelt Nix on the ensuing possession.",
    "All told, marijuana occupies about 2.6 percent of all warehouse space in Denver.",
    "Who said practicality had to be inspiring?",
])
def test_no_speaker_is_a_plan_a_law_or_a_phrase(sentence):
    assert find_attribution(sentence) is None


def test_to_francis_creighton_is_francis_creighton():
    article = ["“If you have a requirement like this, I believe the bureaus will do more,” Taff-Rice says.",
               "To Francis Creighton, president of the Consumer Data Industry Association, that’s a nonstarter "
               "because it singles out the credit bureaus his trade group represents.",
               "“This isn’t just a credit bureau problem, it’s a national problem of how we deal with breaches,” he says."]
    out = attributions(article)
    for a in out[1:]:
        assert (a.speaker, a.role) == ("Francis Creighton", "president of the Consumer Data Industry Association")


@pytest.mark.parametrize("sentence, speaker, role", [
    ("In a statement, US Secretary of State Rex Tillerson said the missile test was the second time.",
     "Rex Tillerson", "US Secretary of State"),
    ("Diplomatic efforts appeared to bear fruit as Japanese Foreign Affairs Secretary of State Nobutaka Machimura "
     "said King Norodom Sihanouk has called on them to return.", "Nobutaka Machimura",
     "Japanese Foreign Affairs Secretary of State"),
    ("SpaceX CEO Elon Musk said this midnight cherry Tesla Roadster will launch atop the Falcon Heavy.", "Elon Musk",
     "SpaceX CEO"),
    ("According to SpaceX founder Elon Musk: 'Destination is Mars orbit.", "Elon Musk", "SpaceX founder"),
    ("U.S. Ambassador to the United Nations Nikki Haley said the launch was “absolutely unacceptable”.",
     "Nikki Haley", "Ambassador to the United Nations"),
    ("Washington's ambassador to the United Nations Nikki Haley, speaking before an emergency session in New York "
     "today, said: \"I think enough is enough.", "Nikki Haley", "Washington's ambassador to the United Nations"),
    ("Already seeing some of the possibilities, Rep. Peter King of Long Island, N.Y., said Republicans would gain.",
     "Peter King", "Rep. of Long Island"),
    ("We have to avert a clash with the whole world, Montenegro's pro-Western president, Milo Djukanovic, said in "
     "a statement.", "Milo Djukanovic", "Montenegro's pro-Western president"),
    ("John S. Wolf, the U.S. ambassador for APEC, recently acknowledged that it won't be easy to meet in Malaysia.",
     "John S. Wolf", "U.S. ambassador for APEC"),
])
def test_a_speaker_is_a_name_and_a_role_is_a_role(sentence, speaker, role):
    a = find_attribution(sentence)
    assert (a.speaker, a.role) == (speaker, role)


def test_a_quote_goes_to_who_said_it_not_to_the_subject_before():
    article = ["But Kim's New Year address also included a warning to the US that he has a 'nuclear button' on his "
               "table, prompting a furious response from President Trump via Twitter.",
               "'North Korean Leader Kim Jong Un just stated that the 'Nuclear Button is on his desk at all times.'",
               "'Will someone from his depleted and food starved regime please inform him that I too have a Nuclear "
               "Button, but it is a much bigger & more powerful one than his, and my Button works!' he said.",
               "Trump's remarks came as his ambassador to the United Nations Nikki Haley dismissed Seoul's offer."]
    assert attributions(article)[2].speaker == "Trump"
    article = ["The war of words ramped up with US ambassador to the UN Nikki Haley declaring 'enough is enough'.",
               "Washington's ambassador to the United Nations Nikki Haley said: \"I think enough is enough.",
               "\"No country should have missiles flying over them like those 130 million people in Japan.\"",
               "Earlier Trump declared \"we've heard North Korea's message loud and clear\" after the launch."]
    out = attributions(article)
    assert [a.speaker for a in out[1:]] == ["Nikki Haley", "Nikki Haley", "Trump"]   # not "UN Nikki Haley"


def test_a_quote_left_open_does_not_run_on():
    article = ["“#ChicagoPolice are working with federal partners, and there is no elevated threat level,’’ the "
               "department said on its Twitter site.",
               "Other cities reporting similar threats were Oklahoma City, Seattle, Detroit and Buffalo."]
    assert attributions(article)[1] is None
    article = ['Jane Doe said: "It starts here.', *[f"Caption number {i} shows the launch." for i in range(12)]]
    assert attributions(article)[-1] is None


def test_the_judge_is_the_judge_just_quoted():
    article = ['"Her remorse, I believe, is genuine," said Justice Kristine Eidsvik.',
               "But the judge said she's not sure there has been a sincere shift in Lovett's beliefs."]
    assert attributions(article)[1].speaker == "Kristine Eidsvik"
    article = ["European Central Bank chief, Wim Duisenberg, gave no hint of the cuts.",
               "The European Central Bank said in a statement that the move was decided on Tuesday."]
    assert attributions(article)[1].speaker == "the European Central Bank"    # the bank, not its chief


def test_one_speaker_per_person_across_a_story():
    said = [("Elon Musk", "SpaceX CEO"), ("Musk", None), ("Elon Musk", "SpaceX founder"), ("Elon Musk", "SpaceX CEO"),
            ("Trump", "President"), ("Donald Trump", None), ("Ivanka Trump", None), ("officials", None),
            ("the Southwest Research Institute’s Alan Stern", None), ("Alan Stern", None)]
    names = story_speakers(said)
    assert {names[s][0] for s in ("Elon Musk", "Musk")} == {"Elon Musk"}
    assert names["Musk"][1] == "SpaceX CEO"                      # the role given most often
    assert names["Trump"][0] == "Trump"                          # Donald or Ivanka: not guessed
    assert names["the Southwest Research Institute’s Alan Stern"][0] == "Alan Stern"
    assert names["officials"] == ("officials", None)
    assert story_speakers(list(reversed(said))) == names         # the order of the input does not matter
    assert story_speakers([("Eidsvik", None)], full_names({"Eidsvik"}, ["Justice Kristine Eidsvik ruled."])) == \
        {"Eidsvik": ("Kristine Eidsvik", None)}


@pytest.mark.parametrize("sentence, statement", [
    ("“It’s just for fun and to get the public excited,” Musk said Monday in an interview with CBS News.",
     "“It’s just for fun and to get the public excited.”"),
    ("Musk said the launch vehicle will blast off at the end of the month on an unmanned mission.",
     "The launch vehicle will blast off at the end of the month on an unmanned mission."),
    ("Hun Sen told reporters on Friday that the opposition was wrong about the vote.",
     "The opposition was wrong about the vote."),
    ("We have to avert a clash with the whole world, a confrontation which we are bound to lose, Montenegro's "
     "pro-Western president, Milo Djukanovic, said in a statement.",
     "We have to avert a clash with the whole world, a confrontation which we are bound to lose."),
    ("The toll rose to 40 people on Sunday, according to local police officials.", "The toll rose to 40 people on Sunday."),
    ("To Francis Creighton, president of the Consumer Data Industry Association, that’s a nonstarter because it "
     "singles out the credit bureaus.", "That’s a nonstarter because it singles out the credit bureaus."),
    ("The sports car will go into a “precessing Earth-Mars elliptical orbit around the sun,” SpaceX officials wrote.",
     "The sports car will go into a “precessing Earth-Mars elliptical orbit around the sun.”"),
    ("Musk announced the Falcon Heavy’s cargo in December, capitalizing on an opportunity for marketing.",
     "Musk announced the Falcon Heavy’s cargo in December, capitalizing on an opportunity for marketing."),
    ("Cambodia's ruling party responded Tuesday to criticisms of its leader in the U.S. Congress.",
     "Cambodia's ruling party responded Tuesday to criticisms of its leader in the U.S. Congress."),
])
def test_the_statement_is_what_was_said_and_the_verifier_accepts_it(sentence, statement):
    from briefing.verify.checks import check

    got = statement_text(sentence, find_attribution(sentence))
    assert got == statement
    assert check(got, [sentence]).supported


def _evidence(articles: list[list[str]], summary: list[int] = ()):
    from briefing.memo.evidence import Evidence, EvidenceSentence

    sentences = []
    for a, sents in enumerate(articles):
        for i, (text, att) in enumerate(zip(sents, attributions(sents))):
            sentences.append(EvidenceSentence(len(sentences) + 1, a, i, text, text, 1.0 - 0.01 * len(sentences),
                                              True, said_by=att))
    return Evidence("s", "t", [], sentences, list(summary))


MUSK_STORY = [["SpaceX CEO Elon Musk said this midnight cherry Tesla Roadster will launch atop the Falcon Heavy.",
               "“It’s just for fun and to get the public excited,” Musk said Monday in an interview."],
              ["According to SpaceX founder Elon Musk: 'Destination is Mars orbit around the sun for a billion years.",
               "“They should provide some epic views if they work,” Mr. Musk said."],
              ["CEO Elon Musk said the semi is capable of traveling 500 miles on an electric charge."]]


def test_the_writer_lists_musk_once_with_his_statements():
    from briefing.writers.extractive import ExtractiveWriter

    claims = ExtractiveWriter._statements(_evidence(MUSK_STORY))
    assert {c.speaker for c in claims} == {"Elon Musk"}
    assert claims[0].role in ("SpaceX CEO", "SpaceX founder")
    assert claims[0].text == "This midnight cherry Tesla Roadster will launch atop the Falcon Heavy."


def test_the_writer_does_not_reshow_a_key_point_sentence():
    from briefing.writers.extractive import ExtractiveWriter

    evidence = _evidence(MUSK_STORY, summary=[1])
    claims = ExtractiveWriter._statements(evidence)
    assert all(c.text != evidence.get(1).clean for c in claims)
    assert claims[0].refs != [1]                  # the key point's sentence is left for another statement


def test_who_said_what_does_not_follow_the_hash_seed():
    import os
    import subprocess
    import sys

    script = ("import json, sys; sys.path.insert(0, '.');"
              "from briefing.memo.attribution import attributions, story_speakers;"
              f"story = {MUSK_STORY!r};"
              "said = [(a.speaker, a.role) for s in story for a in attributions(s) if a];"
              "print(json.dumps(sorted(story_speakers(said).items())))")
    outs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outs) == 1 and "Elon Musk" in outs.pop()


def test_a_page_label_is_not_part_of_a_role():
    out = attributions(["CLOSE CEO of Tesla and Space X, Elon Musk gave us all a sneak peek at his rocket.",
                        "SpaceX CEO Elon Musk said this midnight cherry Tesla Roadster will launch atop the rocket."])
    assert (out[1].speaker, out[1].role) == ("Elon Musk", "CEO of Tesla and Space X")


def test_a_statement_the_verifier_would_call_a_fragment_is_shown_whole():
    from briefing.writers.extractive import ExtractiveWriter

    sentence = "That means missing paychecks in November, something Ewing said the players are prepared to do."
    claims = ExtractiveWriter._statements(_evidence([["Patrick Ewing spoke to the union on Friday.", sentence]]))
    assert [c.text for c in claims] == [sentence]


def test_he_in_a_joined_clause_is_the_subject_of_the_same_sentence():
    article = ['US ambassador Nikki Haley said: "I think enough is enough."',
               "South Korea's President Moon Jae ordered the show of force as he admitted sanctions are failing."]
    assert attributions(article)[1].speaker == "Moon Jae"      # not Nikki Haley, quoted before
