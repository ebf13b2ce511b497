"""Clean claims (issue 17, item 4): no dateline of any form, kicker, video or share label in a
claim's text, while its citation quotes the stored sentence exactly; photo captions, gallery
widgets and bylines are never claims."""
from __future__ import annotations

import json

import pytest

import briefing
from briefing.memo.page_noise import is_page_furniture, strip_prefix
from briefing.memo.salience import clean_claim_text, is_usable

STORY = "Japan's economy shrank by 2.1 percent in the third quarter as exports to China fell sharply."


@pytest.mark.parametrize("prefix", [
    "TOKYO - ", "TOKYO – ", "TOKYO — ", "TOKYO -- ", "TOKYO—", "TOKYO: ", "TOKYO (Reuters) - ",
    "TOKYO/SEOUL (Reuters) - ", "TOKYO/SEOUL, ", "TOKYO, Japan (AP) — ", "TOKYO, January 15. /TASS/. ",
    "TOKYO, Jan. 15, 2019 /Kyodo/ ", "(Reuters) - ", "UPDATE — 4:57 p.m. ET: ", "INTERVIEW- ", "CLOSE ",
    "Share this story ", "1 of 62 Full Screen ", "PHILADELPHIA (CBS) — ",
])
def test_every_dateline_and_label_is_dropped_from_the_claim_text(prefix):
    assert strip_prefix(prefix + STORY) == STORY
    assert clean_claim_text(prefix + STORY) == STORY


@pytest.mark.parametrize("sentence", [
    "US-China trade talks resumed in Beijing on Monday after a two-month pause.",
    "NATO-led forces attacked the positions before dawn.",
    "U.S.-based cereal maker Kellogg Co pulled out of Venezuela on Tuesday.",
    "Share prices fell sharply after the announcement.",
    "Close to 100 people died in the floods.",
    "AIDS remains a leading cause of death in the region.",
])
def test_sentences_that_only_look_like_a_prefix_keep_their_words(sentence):
    assert strip_prefix(sentence) == sentence


@pytest.mark.parametrize("sentence", [
    "Hide Caption 5 of 76 Photos: Photos: Emotions run high in Ferguson U.S. Attorney General Eric Holder meets "
    "with Capt. Ron Johnson of the Missouri State Highway Patrol.",
    "FILE - In this June 14, 2012 file photo, President Barack Obama speaks in Cleveland.",
    "A box of corn flakes made by Kellogg is seen on a shopping cart inside a local shop in Caracas, Venezuela May "
    "15, 2018.",
    "Airline passengers arriving from Hong Kong are greeted in the international arrivals area at Newark Liberty "
    "Airport, Monday, June 17, 2013, in Newark, N.J.",
    "In this undated photo released by the Naval Special Warfare Center shows Seaman James Lovelace.",
    "Keith Klein, right, and Eileen Blair assess the damage caused by a fire in the borough of Queens.",
    "1 of 62 Full Screen Autoplay Close Skip Ad × Trump continues his post-election tour.",
    "(Photo: Metro Nashville Police)",
    "JUST WATCHED Chief: Officer maybe saw stolen cigars Replay More Videos...",
    "By Emily Flitter and Jonathan Allen",
])
def test_captions_widgets_and_bylines_are_not_claims(sentence):
    assert is_page_furniture(sentence)
    assert not is_usable(sentence)


@pytest.mark.parametrize("sentence", [
    "He is seen as the front-runner for the nomination in May.",
    "The treaty was signed on May 15, 2018.",
    "By Monday the storm had passed and the roads were open again.",
    "The photographs were taken by a neighbour, police said.",
])
def test_reporting_is_not_mistaken_for_a_caption(sentence):
    assert not is_page_furniture(sentence)


def test_memo_claims_are_clean_and_their_quotes_exact(store, tmp_path):
    articles = [
        {"id": "a", "text": "TOKYO/SEOUL (Reuters) - North Korea fired a ballistic missile into the sea off its east "
                            "coast on Tuesday, the South Korean military said. The missile flew about 600 km before "
                            "landing in the sea. Japan protested the launch through diplomatic channels."},
        {"id": "b", "text": "TOKYO - North Korea fired a ballistic missile into the sea off its east coast on Tuesday, "
                            "Japan's defence ministry said. CLOSE The missile flew about 600 km, officials said. "
                            "Photos: Photos: North Korea's missile launches over the years. "
                            "Japan protested the launch, the government said."},
        {"id": "c", "text": "MOSCOW, January 15. /TASS/. North Korea fired a ballistic missile on Tuesday, the South "
                            "Korean military said. The missile flew about 600 km. Japan protested the launch."},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    report = briefing.ingest_paths(store, [path])
    memo = briefing.memo_for_articles(store, report.stored)
    claims = memo.claims()
    assert claims
    for claim in claims:
        for bad in ("TOKYO", "SEOUL", "Reuters", "MOSCOW", "TASS", "CLOSE", "Photos"):
            assert bad not in claim.text, claim.text
        for c in claim.citations:
            article = store.get_article(c.article_id)
            sentence = article.sentences[c.sentence]
            assert article.text[sentence.start:sentence.end] == c.quote   # the quote is the stored sentence
    quotes = [c.quote for claim in claims for c in claim.citations]
    assert any(q.startswith(("TOKYO", "MOSCOW")) for q in quotes)   # cleaned text, exact quote
    assert not any(q.startswith("Photos") for q in quotes)


def test_page_time_stamps_and_picture_date_lines_are_dated_furniture():
    from briefing.memo.page_noise import is_dated_furniture
    for s in ("First published April 25, 8:32 p.m. PT.", "Update, 8:46 p.m.: Adds comment from Knightscope.",
              "UPDATE — 4:57 p.m.", "(Published Wednesday, July 26, 2017)", "Updated at 10:30 p.m.",
              "The article was first published on August 5, 2015.", "— This story was last updated at 3:39 p.m.",
              "A post shared by Serena Williams (@serenawilliams) on Jul 16, 2017 at 6:12am PDT",
              "Dec. 17, 2016 President-elect Donald Trump waves as he is greeted by Azalea Trail Maids.",
              "News anchor Megyn Kelly speaks on Oct. 13, 2015, in Washington.",
              "A handout photo from the U.S. Embassy Beijing Press office shows blind activist Chen Guangcheng."):
        assert is_dated_furniture(s), s
    for s in ("Budweiser also posted the ad on its Facebook Page.", "Updated figures show the economy grew in May.",
              "The report was published on Tuesday by the agency and found 200 deaths.",
              "The senator speaks on Oct. 13, 2015, in Washington about taxes.",
              "Oct. 9, 1998 : Netanyahu appoints him foreign minister."):
        assert not is_dated_furniture(s), s
