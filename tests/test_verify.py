"""The citation verifier: each hard check, the support score, and the memo-level repairs
(re-cite, rewrite, drop) on the real seed articles, whatever the writer wrote."""
from __future__ import annotations

import re

import pytest

import briefing
from briefing.memo.compose import compose
from briefing.memo.evidence import Evidence
from briefing.verify import check
from briefing.writers.base import Draft, DraftClaim, Writer
from briefing.writers.extractive import ExtractiveWriter

from test_memo import assert_citations_resolve

SIGNED = ('On January 17, Iranian President Masoud Pezeshkian and his Russian counterpart signed a long-term '
          'partnership deal known as the "Comprehensive Strategic Agreement" to strengthen the relations '
          'between the two nations.')
MARKEDONOV = ("Sergey Markedonov, Senior Fellow of the Institute for International Studies at the MGIMO University, "
              "made the remarks in an interview for Mehr News Agency.")
JALALI = "Iran’s ambassador to Russia Kazem Jalali said that the new Russian-Iranian treaty will be concluded for 20 years."
ARAGHCHI = "Iranian Foreign Minister Abbas Araghchi said the agreement was not directed against third countries."


# -- hard checks ---------------------------------------------------------------------------------
def test_a_sentence_supports_itself_and_its_shortened_form():
    for s in (SIGNED, MARKEDONOV, JALALI, ARAGHCHI):
        v = check(s, [s])
        assert v.supported and v.score == 1.0, v
    assert check("Stephen M. Case, the chairman of America Online, said the deal was key.",
                 ["Stephen M. Case, 40, the chairman of America Online, said the deal was key."]).supported


def test_a_person_the_source_does_not_name_fails():
    v = check(SIGNED.replace("Masoud Pezeshkian", "Ebrahim Raisi"), [SIGNED])
    assert not v.supported and v.failed == ["name"], v.problems


def test_a_name_made_of_two_people_fails():
    source = "Sergey Lavrov met Markedonov in Moscow on Friday to discuss the treaty."
    assert not check("Sergey Markedonov met officials in Moscow on Friday to discuss the treaty.", [source]).supported


@pytest.mark.parametrize("claim", [
    "Sergey Markedonov, the Russian President, made the remarks in an interview for Mehr News Agency.",
    "Russian President Masoud Pezeshkian and his Iranian counterpart signed a long-term partnership deal.",
    "Iran’s spokesman to Russia Kazem Jalali said that the new Russian-Iranian treaty will be concluded for 20 years.",
])
def test_a_role_the_source_gives_someone_else_or_nobody_fails(claim):
    v = check(claim, [SIGNED, MARKEDONOV, JALALI])
    assert not v.supported and "role" in v.failed, v.problems


@pytest.mark.parametrize("claim,source", [
    (JALALI.replace("20", "25"), JALALI),
    ("The treaty will be concluded for twenty-five years.", "The treaty will be concluded for 20 years."),
    ("Some 2,000 troops were sent.", "Some 1,000 troops were sent."),
])
def test_a_number_the_source_lacks_fails(claim, source):
    v = check(claim, [source])
    assert not v.supported and v.failed[0] == "number", v.problems


@pytest.mark.parametrize("claim,source", [
    ("The treaty will be concluded for twenty years.", "The treaty will be concluded for 20 years."),
    ("One thousand troops were sent to the border.", "Some 1,000 troops were sent to the border."),
    ("Prices rose 5 percent in March.", "Prices rose 5% in March."),
    ("The budget is 2.5 billion dollars this year.", "The budget is 2,500 million dollars this year."),
])
def test_the_same_number_written_another_way_passes(claim, source):
    v = check(claim, [source])
    assert v.supported, v.problems


def test_a_number_said_of_something_else_fails():
    source = ("Hurricane Mitch punished Honduras with 120-mph winds, flooding neighborhoods and killing at least "
              "32 people.")
    v = check("Mitch killed at least 120 people in Honduras.", [source])
    assert v.failed == ["number"] and "120 'people'" in v.problems[0]
    assert check("Mitch killed at least 32 people in Honduras.", [source]).supported


def test_a_moved_year_month_or_weekday_fails():
    assert check(SIGNED.replace("On January 17", "In 2021"), [SIGNED]).failed == ["number"]
    assert "date" in check(SIGNED.replace("January", "March"), [SIGNED]).failed
    said = "Lavrov said on Thursday that the treaty was ready."
    assert "date" in check(said.replace("Thursday", "Monday"), [said]).failed


def test_negation_flipped_either_way_fails():
    assert check(ARAGHCHI.replace("was not directed", "was directed"), [ARAGHCHI]).failed == ["negation"]
    source = "Ministers will sign the treaty in Moscow next week, the spokesman said."
    assert check("Ministers will not sign the treaty in Moscow next week, the spokesman said.", [source]).failed \
        == ["negation"]
    assert check("Ministers won't sign the treaty in Moscow.", ["Ministers will not sign the treaty in Moscow."]).supported


def test_a_place_the_source_lacks_fails_but_a_demonym_of_it_passes():
    source = "Putin announced the agreement during a summit in Kazan with the Iranian president."
    assert check(source.replace("Kazan", "Minsk"), [source]).failed == ["name"]
    assert check("Putin announced the agreement at a summit in Kazan with the president of Iran.", [source]).supported


def test_a_model_looping_over_words_of_its_sources_fails():
    # found in a llama memo: every content word is in one of the two cited sentences, the claim is nonsense
    sources = ["Israel's Cabinet decided Friday to suspend indefinitely its ratification of the land-for-security "
               "agreement with the Palestinians.",
               "The radical group Islamic Jihad claimed responsibility Saturday for the suicide bombing of a "
               "crowded Jerusalem market and promised more attacks to try to block the new peace accord."]
    looping = ("The attack on the market in Jerusalem was a suicide bombing, and the attack on the land-for-security "
               "agreement was a suicide bombing, and the attack on the land-for-security agreement was a suicide bombing.")
    verdict = check(looping, sources)
    assert not verdict.supported and "statement: the claim repeats itself" in verdict.problems
    assert check("Islamic Jihad claimed responsibility for the suicide bombing of a Jerusalem market.",
                 sources).supported


def test_numbers_in_other_scripts_are_read_without_failing():
    assert not check("The plot measures 10² metres, the survey found.", ["The plot measures 100 metres."]).supported
    assert check("The survey found the plot measures 100 metres.", ["The survey found the plot measures 100 metres."]).supported


def test_an_unrelated_citation_fails_on_overlap():
    v = check(SIGNED, [JALALI])
    assert not v.supported and "overlap" in v.failed and v.coverage < 0.5


@pytest.mark.parametrize("headline", ["The headliner is", "Russia's President", "Iran and"])
def test_junk_headlines_are_not_statements(headline):
    v = check(headline, ["Russia's President Vladimir Putin signed the treaty with Iran."])
    assert not v.supported and "statement" in v.failed, v.problems


def test_several_sentences_support_together():
    first = "Kazem Jalali is Iran's ambassador to Russia."
    second = "Jalali said the treaty will be concluded for 20 years."
    claim = "Iran's ambassador to Russia Kazem Jalali said the treaty will be concluded for 20 years."
    assert not check(claim, [second]).supported
    assert check(claim, [first, second]).supported


def test_score_orders_claims_by_support():
    good = check(SIGNED, [SIGNED]).score
    one_problem = check(SIGNED.replace("January", "March"), [SIGNED]).score
    unrelated = check(SIGNED, [JALALI]).score
    assert good > one_problem > unrelated


# -- memos ---------------------------------------------------------------------------------------
class WrongWriter(Writer):
    """The extractive memo with model-like errors put in: a wrong role, a wrong year, a claim on an
    unrelated citation, a junk headline (fakes a model's output: a unit test of the repair logic)."""

    name = "wrong"

    def __init__(self, headline: str, extra: list[tuple[str, str]]):
        self.headline, self.extra = headline, extra

    def write(self, evidence: Evidence) -> Draft:
        draft = ExtractiveWriter().write(evidence)

        def number(prefix: str) -> int:
            return next(e.number for e in evidence.sentences if e.text.startswith(prefix))

        draft.headline = DraftClaim(self.headline, [number("Sergey Markedonov, Senior Fellow")], kind="headline")
        wrong = [DraftClaim(text, [number(cited)], kind="bottom-line") for text, cited in self.extra]
        draft.summary = wrong + draft.summary
        return draft


@pytest.fixture(scope="module")
def seeds(seeds_ingested):
    store, stored = seeds_ingested
    articles, _ = store.canonical_articles(stored)
    return store, articles


def _memo(seeds, headline, extra):
    store, articles = seeds
    return compose(WrongWriter(headline, extra), "s-test", "Iran and Russia", articles)


def test_the_small_models_errors_are_never_published(seeds):
    store, _ = seeds
    wrong_role = "Sergey Markedonov, the Russian President, spoke about the treaty"
    wrong_year = "Iran and Russia signed the Comprehensive Strategic Agreement in 2021."
    memo = _memo(seeds, wrong_role, [(wrong_year, "On January 17, Iranian President")])
    texts = [c.text for c in memo.claims()]
    assert wrong_role not in texts
    for c in memo.claims():   # whatever was kept, its cited sentences support it now
        assert check(c.text, [x.quote for x in c.citations]).supported, c.text
        assert c.verdict == "supported" and all(x.support is not None for x in c.citations)
    assert not any("Markedonov" in t and "President" in t for t in texts)
    year = [c for c in memo.claims() if c.text == wrong_year]
    assert not year or all("2021" in " ".join(x.quote for x in c.citations) for c in year)
    v = memo.verification
    assert v["checked"] == len(memo.claims()) + v["dropped"] + v.get("not_shown", 0)
    assert v["re_cited"] + v["trimmed"] + v["rewritten"] + v["dropped"] >= 2
    assert_citations_resolve(store, memo)
    assert memo.title == (memo.headline.text if memo.headline else "Iran and Russia")


def test_a_junk_headline_is_rewritten_from_the_evidence(seeds):
    memo = _memo(seeds, "The headliner is", [])
    assert memo.headline is not None and memo.headline.text != "The headliner is"
    assert memo.headline.repair["action"] == "rewritten"
    assert memo.headline.repair["original"] == "The headliner is"
    assert memo.headline.text == " ".join(memo.headline.text.split())
    assert len(memo.headline.text.split()) <= 35
    assert memo.title == memo.headline.text


def test_a_right_claim_on_a_wrong_citation_is_re_cited(seeds):
    claim = "Iran’s ambassador to Russia Kazem Jalali said that the new Russian-Iranian treaty will be concluded for 20 years."
    memo = _memo(seeds, "The headliner is", [(claim, "On January 17, Iranian President")])
    fixed = next(c for c in memo.summary if c.text == claim)
    assert fixed.repair["action"] == "re-cited"
    assert [x.quote for x in fixed.citations] == [JALALI]
    assert fixed.citations[0].support == 1.0


def test_citations_a_claim_does_not_need_are_left_out(seeds):
    store, articles = seeds

    class ManyCites(WrongWriter):
        def write(self, evidence):
            draft = super().write(evidence)
            jalali = next(e.number for e in evidence.sentences if e.text == JALALI)
            draft.summary[0].refs = [1, 2, jalali, 3]
            return draft

    claim = "Iran’s ambassador to Russia Kazem Jalali said the treaty will be concluded for 20 years."
    memo = compose(ManyCites("The headliner is", [(claim, "On January 17, Iranian President")]), "s-t", "", articles)
    kept = next(c for c in memo.summary if c.text == claim)
    assert [c.quote for c in kept.citations] == [JALALI] and kept.repair is None


def test_an_unsupported_claim_with_no_better_source_is_dropped(seeds):
    invented = "Iran and Russia agreed to build a joint space station on the Moon by 2030."
    memo = _memo(seeds, "The headliner is", [(invented, "On January 17, Iranian President")])
    texts = [c.text for c in memo.claims()]
    assert invented not in texts
    # a writer's own wording may be replaced by the closest evidence sentence, or the claim dropped
    assert memo.verification["rewritten"] + memo.verification["dropped"] >= 2


def test_an_extractive_memo_passes_untouched(seeds):
    store, articles = seeds
    memo = compose(ExtractiveWriter(), "s-x", "", articles)
    v = memo.verification
    assert v["checked"] == v["supported"] and v["dropped"] == 0
    data = memo.to_dict()["memo"]
    assert data["verification"]["checked"] == v["checked"]
    for c in data["summary"]:
        assert c["verdict"] == "supported", c["text"]
        if re.match(r"[A-Z][\w.' -]+: “", c["text"]):
            # a quotation named by the sentence before it ("Ayatollah Raisi: “...”"): the quote alone
            # lacks the name, the two cited sentences together hold it all
            assert check(c["text"], [x["quote"] for x in c["citations"]]).score > 0.7, c["text"]
        else:
            assert c["citations"][0]["support"] > 0.7, c["text"]


def test_sources_are_renumbered_after_repairs(seeds):
    memo = _memo(seeds, "Sergey Markedonov, the Russian President", [])
    numbers = [s.number for s in memo.sources]
    assert numbers == list(range(1, len(numbers) + 1))
    first_cited: list[int] = []
    for c in memo.claims():
        for m in c.markers:
            if m not in first_cited:
                first_cited.append(m)
    assert first_cited == sorted(first_cited) == list(range(1, len(first_cited) + 1))
    cited = {c.article_id for claim in memo.claims() for c in claim.citations}
    assert {s.article_id for s in memo.sources if s.cited} == cited


def test_the_note_shows_in_every_format(seeds):
    memo = _memo(seeds, "The headliner is", [])
    for fmt in ("md", "txt", "html"):
        text = briefing.render_memo(memo, fmt)
        assert f"Verified: {memo.verification['checked']} claims checked" in text
        assert f"{memo.verification['rewritten']} rewritten" in text
