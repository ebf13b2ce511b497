"""Headlines (issue 17, item 3; issue 20, "headlines are headlines"): at most 14 words, no final
full stop, the story's main event, cited and verified; a title-case headline is checked by its
words, not taken for a row of names."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import briefing
from briefing.memo.compose import compose
from briefing.memo.headline import HEADLINE_MAX_WORDS, names_event, shorten, title_text, word_count
from briefing.memo.evidence import Evidence
from briefing.verify.checks import check
from briefing.writers.base import Draft, DraftClaim, Writer
from briefing.writers.extractive import ExtractiveWriter

TREATY_HEADLINE = "Russia and Iran Sign Comprehensive Strategic Partnership Treaty"
# seed 000, sentence 1 (after its dateline), and seed 001's signing sentence
TREATY_LEDE = ("The Comprehensive Strategic Partnership Treaty between Moscow and Tehran, to be signed later this "
               "week, is aimed at expanding economic cooperation, which will let both countries mitigate the negative "
               "impact of US sanctions, Iranian political scientist and leading expert on Russia in Iran, Professor "
               "Ruhollah Modabber has told TASS.")
SIGNED = ('On January 17, Iranian President Masoud Pezeshkian and his Russian counterpart signed a long-term '
          'partnership deal known as the "Comprehensive Strategic Agreement" to strengthen the relations between the '
          'two nations.')
MUSK = ("Two days ago, SpaceX CEO and Tesla founder Elon Musk unveiled plans to send humans to Mars by 2024 using a "
        "giant rocket that would also carry passengers around the Earth.")
HUN_SEN = ("Cambodian leader Hun Sen on Friday rejected opposition parties demands for talks outside the country, "
           "accusing them of trying to internationalize the political crisis.")


def _headline_ok(text: str) -> None:
    assert word_count(text) <= HEADLINE_MAX_WORDS, text
    assert not text.endswith("."), text


# -- the verifier ----------------------------------------------------------------------------------
def test_a_title_case_headline_is_checked_by_its_words():
    """The model's correct headline was refused ("name: 'Sign' is not in the cited sentences",
    "the claim is a fragment") and replaced by a 30-word sentence."""
    plain = check(TREATY_HEADLINE, [TREATY_LEDE])
    assert "statement" in plain.failed and "name" in plain.failed   # as an ordinary claim: refused
    verdict = check(TREATY_HEADLINE, [TREATY_LEDE], headline=True)
    assert verdict.supported, verdict.problems


@pytest.mark.parametrize("invented, problem", [
    (TREATY_HEADLINE + " in Cairo", "name"),                              # a place no cited sentence has
    ("Russia and Egypt Sign Comprehensive Strategic Partnership Treaty", "name"),
    ("Russia and Iran Sign Comprehensive Strategic Partnership Treaty in March", "date"),
    ("Russia and Iran Sign 30-Year Comprehensive Strategic Partnership Treaty", "number"),
    ("Russia and Iran Do Not Sign Comprehensive Strategic Partnership Treaty", "negation"),
])
def test_a_title_case_headline_keeps_the_hard_checks(invented, problem):
    verdict = check(invented, [TREATY_LEDE], headline=True)
    assert not verdict.supported and problem in verdict.failed, verdict.problems


@pytest.mark.parametrize("junk", ["The headliner is", "Russia's President", "Iran and"])
def test_a_headline_that_says_nothing_is_still_a_fragment(junk):
    verdict = check(junk, ["Russia's President Vladimir Putin signed the treaty with Iran."], headline=True)
    assert "statement" in verdict.failed


class TitleCaseWriter(Writer):
    """The extractive memo with a model's title-case headline citing seed 000's lede (a fake model
    answer: a unit test of the verifier's handling of what a model writes)."""

    name = "title-case"

    def write(self, evidence: Evidence) -> Draft:
        draft = ExtractiveWriter().write(evidence)
        lede = next(e.number for e in evidence.sentences if "to be signed later this week" in e.text)
        draft.headline = DraftClaim(TREATY_HEADLINE, [lede], kind="headline")
        return draft


def test_a_memo_keeps_a_correct_title_case_headline(seeds_ingested):
    store, stored = seeds_ingested
    articles, _ = store.canonical_articles(stored)
    memo = compose(TitleCaseWriter(), "s-title", "Iran and Russia", articles)
    assert memo.headline.text == TREATY_HEADLINE
    assert memo.headline.repair is None and memo.headline.verdict == "supported"
    assert memo.title == TREATY_HEADLINE
    assert "to be signed later this week" in memo.headline.citations[0].quote


def test_briefing_verify_accepts_the_title_case_headline_of_a_memo_file(seeds_ingested, tmp_path):
    store, stored = seeds_ingested
    articles, _ = store.canonical_articles(stored)
    memo = compose(TitleCaseWriter(), "s-title", "Iran and Russia", articles)
    path = tmp_path / "memo.json"
    path.write_text(briefing.render_memo(memo, "json"), encoding="utf-8")
    report = briefing.api.verify_memo(store, path)
    headline = next(c for c in report.claims if c.part == "headline")
    assert headline.text == TREATY_HEADLINE and headline.supported, headline.problems


# -- shortening a lede -----------------------------------------------------------------------------
@pytest.mark.parametrize("lede, expected", [
    (MUSK, "SpaceX CEO and Tesla founder Elon Musk unveiled plans to send humans to Mars"),
    (HUN_SEN, "Cambodian leader Hun Sen rejected opposition parties demands for talks outside the country"),
    (SIGNED, 'Iranian President Masoud Pezeshkian and his Russian counterpart signed the "Comprehensive Strategic '
             'Agreement"'),
    ("According to the Russian state TV, President Vladimir Putin will receive his Iranian counterpart Seyyed "
     "Ebrahim Raisi in the coming week.",
     "President Vladimir Putin will receive his Iranian counterpart Seyyed Ebrahim Raisi"),
    ("Toronto Police Det.-Sgt. Susan Gomes, the officer in charge of the case, updated reporters Friday in a short "
     "briefing.", "Toronto Police Det.-Sgt. Susan Gomes updated reporters in a short briefing"),
    ("At least 231 people have been confirmed dead in Honduras from former-hurricane Mitch, bringing the storm's "
     "death toll in the region to 357, the National Emergency Commission said Saturday.",
     "At least 231 people have been confirmed dead in Honduras from former-hurricane Mitch"),
])
def test_a_long_lede_is_cut_to_its_main_clause(lede, expected):
    assert word_count(lede) > HEADLINE_MAX_WORDS
    text = shorten(lede)
    assert text == expected
    _headline_ok(text)
    assert check(text, [lede], headline=True).supported


@pytest.mark.parametrize("lede", [
    # a subject with no verb left ("The CIA's findings that Russia intervened ...")
    "The CIA's findings that Russia intervened in the 2016 election to help Donald Trump win the presidency are both "
    "“stunning and not surprising,” the next leader of Senate Democrats said, raising the need.",
    # what follows the leading phrase is the point; cut anywhere it says nothing
    "Unlike other sections of the southern San Andreas, this region — about a 100-mile section of the fault — had not "
    "been studied in detail before, and scientists did not know what earthquakes occurred there.",
    # a reporting verb whose report would be cut off ("... said the military situation")
    "U.S. special envoy Richard Holbrooke said Monday the military situation in Kosovo was as bad now as two weeks ago.",
    '"We cannot wait for the next flood," Ruiz told reporters after the vote.',   # a quotation
])
def test_a_lede_without_a_short_main_clause_gives_none(lede):
    assert shorten(lede) is None


def test_a_short_sentence_is_not_copied_word_for_word():
    """A headline over ten words that is its source sentence whole is a copied sentence."""
    sentence = "Israel's Cabinet decided Friday to suspend indefinitely its ratification of the agreement."
    text = shorten(sentence)
    assert text == "Israel's Cabinet decided to suspend indefinitely its ratification of the agreement"
    sentence = "Jose Saramago became the first writer in Portuguese to win the Nobel Prize for Literature."
    text = shorten(sentence)
    _headline_ok(text)
    assert word_count(text) <= 10 and sentence.startswith(text)


@pytest.mark.parametrize("title, expected", [
    ("Russia and Iran Sign Comprehensive Strategic Partnership Treaty | Reuters", TREATY_HEADLINE),
    ("INTERVIEW- South Carolina massacre suspect had apparent interest in white supremacy",
     "South Carolina massacre suspect had apparent interest in white supremacy"),
    ("Millbrook council approves flood barrier in 7-2 vote.", "Millbrook council approves flood barrier in 7-2 vote"),
    ("Photo by Scott Olson/Getty Images", None),
    ("(Metropolitan Nashville Police Department)", None),
    ("Will the barrier hold?", None),
    ("Two days ago, SpaceX CEO and Tesla founder Elon Musk unveiled plans to send humans to Mars by 2024", None),
])
def test_titles_fit_to_show(title, expected):
    assert title_text(title) == expected


# -- the extractive writer ---------------------------------------------------------------------------
def _story(store, tmp_path: Path, articles: list[dict]):
    path = tmp_path / "story.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    report = briefing.ingest_paths(store, [path])
    return briefing.memo_for_articles(store, report.stored)


MARS = [
    {"id": "a1", "text": MUSK + " The rocket would be built in California, he said. Musk said the first cargo "
                           "flights to Mars could start in 2022. The plan depends on reusable rockets."},
    {"id": "a2", "text": "SpaceX founder Elon Musk on Friday unveiled plans for a giant rocket that could carry "
                         "humans to Mars by 2024 and fly passengers between cities on Earth. Musk said the rocket "
                         "would be built in California. The first cargo flights to Mars could start in 2022."},
]


def test_without_titles_the_headline_is_a_short_verified_lede_clause(store, tmp_path):
    memo = _story(store, tmp_path, MARS)
    head = memo.headline
    _headline_ok(head.text)
    assert head.verdict == "supported" and head.repair is None
    assert all(c.sentence < 3 for c in head.citations)   # from a lede
    assert head.citations and all(head.text != c.quote for c in head.citations)
    assert check(head.text, [c.quote for c in head.citations], headline=True).supported


def test_an_article_title_is_the_headline_when_its_article_bears_it_out(store, tmp_path):
    titled = [dict(a, title=t) for a, t in zip(MARS, [
        "Elon Musk Unveils Plan to Send Humans to Mars by 2024",
        "Musk's giant rocket could fly humans to Mars"])]
    memo = _story(store, tmp_path, titled)
    assert memo.headline.text in ("Elon Musk Unveils Plan to Send Humans to Mars by 2024",
                                  "Musk's giant rocket could fly humans to Mars")
    assert memo.headline.repair is None
    quote = memo.headline.citations[0].quote
    assert quote in (MUSK, MARS[1]["text"].split(". ")[0] + ".")   # the lede that bears it out


def test_a_title_the_articles_do_not_bear_out_is_not_used(store, tmp_path):
    titled = [dict(a, title="Musk Quits SpaceX After Board Revolt") for a in MARS]
    memo = _story(store, tmp_path, titled)
    assert memo.headline.text != "Musk Quits SpaceX After Board Revolt"
    _headline_ok(memo.headline.text)


# -- the main event, not a clause cut short ------------------------------------------------------------
IRAN_STEP = ("Iran and Russia took one step closer to finalizing a comprehensive document on long-term cooperation "
             "à la the one finalized between Tehran and Beijing.")


def test_a_cut_keeps_what_the_step_is_towards():
    """"Iran and Russia took one step closer" lost the event: the cut before "to finalizing" is
    not a purpose clause; the cut comes before the adjunct that follows the object."""
    assert shorten(IRAN_STEP, cut=False) is None   # no cut that keeps the event without a preposition cut
    text = shorten(IRAN_STEP)
    assert text == "Iran and Russia took one step closer to finalizing a comprehensive document"
    _headline_ok(text)
    assert check(text, [IRAN_STEP], headline=True).supported


@pytest.mark.parametrize("lede, expected", [
    ("U.S.-based cereal maker Kellogg Co (K.N) on Tuesday pulled out of Venezuela due to the country’s deep "
     "economic crisis, and an angry President Nicolas Maduro said its units would be taken over.",
     "U.S.-based cereal maker Kellogg Co pulled out of Venezuela"),
    ("Sudanese President Omar al-Bashir , a man accused of war crimes and genocide, has left South Africa.",
     "Sudanese President Omar al-Bashir has left South Africa"),
])
def test_adjuncts_and_asides_after_a_name_go(lede, expected):
    assert shorten(lede) == expected


@pytest.mark.parametrize("text, event", [
    ("Iran and Russia took one step closer to finalizing a comprehensive document", True),
    ("Pinochet was arrested in London", True),
    ("The visit is undoubtedly a turning point in relations between the two countries", False),
    ("A mailer sent out by Republican state Senate candidate Ed Charamut", False),
])
def test_a_headline_names_an_event(text, event):
    assert names_event(text) is event


def test_a_cut_does_not_end_inside_a_fixed_phrase():
    lede = ("A 41-year-old Mountain View man has been arrested in connection with an attack on a security robot "
            "in a parking garage in the city.")
    assert shorten(lede) != "A 41-year-old Mountain View man has been arrested in connection"
