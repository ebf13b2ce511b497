"""Where sources differ, only when they do (issue 17, item 6): the same point with numbers or
polarity that disagree, after normalising number words, thousands separators and quotes; the
ones that matter most first; the later report named."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.memo.differences import (OTHER_COUNT_MEANING, SAME_POINT_MEANING, TIED_MEANING, TIED_OTHER_MEANING,
                                       disagreement, find_differences, quantities)
from briefing.memo.citations import build_memo
from briefing.render.pages import render_memo
from briefing.writers.base import Draft, DraftSection
from briefing.writers.extractive import ExtractiveWriter

from evidence_helpers import make_evidence

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("a, b", [
    ("The cost estimate left out maintenance.", "The cost estimate did not include maintenance."),
    ("The drive from the border took four hours.", "The drive from the border took 4 hours."),
    ("\u201cWe won\u2019t stop,\u201d the mayor said of the protests.", "\"We won't stop,\" the mayor said of the protests."),
    ("The storm destroyed 1,000 homes in the province.", "The storm destroyed one thousand homes in the province."),
    ("The mayor promised four hundred homes by spring.", "The mayor promised 400 homes by spring."),
])
def test_the_same_thing_said_two_ways_is_agreement(a, b):
    assert disagreement(a, b) is None


@pytest.mark.parametrize("a, b, kind", [
    ("At least 59 people were killed and 527 injured in the attack on the concert.",
     "The gunman killed 50 people and wounded 400 in the attack on the concert.", "dead"),
    ("Officials evacuated 150 residents from the flooded district.",
     "About 200 people were evacuated from the flooded district.", "evacuated"),
    ("The city will spend $2 million on the new bridge.", "The city will spend $3.5 million on the new bridge.", "money"),
    ("The minister did not attend the summit in Vienna.", "The minister attended the summit in Vienna.", "polarity"),
])
def test_disagreements_are_found_with_what_they_are_about(a, b, kind):
    found = disagreement(a, b)
    assert found is not None and found.kind == kind


def test_numbers_must_count_the_same_thing():
    # two numbers, but one counts hours and the other parks: no disagreement
    assert disagreement("The council debated the new parks for 7 hours.",
                        "The council approved 4 new parks after a long debate.") is None
    assert [(q.value, q.kind) for q in quantities("killing at least 59 and injuring 527")] == \
        [(59, "dead"), (527, "injured")]
    assert [(q.value, q.kind) for q in quantities("two crew found dead, three yachts missing")] == \
        [(2, "dead"), (3, "missing yacht")]


def test_different_years_or_actors_are_different_events():
    assert disagreement("In 1997, an earthquake killed more than 100 people in the region.",
                        "The earthquake killed at least 241 people in the region.") is None
    assert disagreement("President Bill Clinton ordered $30 million in aid for Honduras and Nicaragua.",
                        "Taiwan said it will donate $2.6 million in aid for Honduras and Nicaragua.") is None


def test_numbers_that_share_what_they_are_about_need_less_alike_sentences():
    # the disputed figures share "truck" and "reached": the same point even when the sentences differ
    # elsewhere; the outside high of 89 degrees is not tied to it
    found = disagreement("So the temperature inside the truck could have reached nearly 120 degrees.",
                         "The high yesterday was 89 degrees, which means the interior of the truck could've "
                         "easily reached between 130-170 degrees.")
    assert found is not None and found.tied and found.meaning_needed == TIED_OTHER_MEANING < OTHER_COUNT_MEANING
    # a conversion in brackets is part of what the number measures
    found = disagreement("Fighting died down after the rebels fired a barrage into the air base, four kilometers "
                         "(two miles) away.",
                         "Fighting subsided after rebels launched an artillery barrage into the airfield, two miles "
                         "(three kilometers) away.")
    assert found is not None and found.kind == "kilometer" and found.tied
    # two amounts with nothing in common around them keep the stricter bar
    found = disagreement("Jordan earned $30 million with the Bulls.", "But Michael Jordan made $33 million.")
    assert found is not None and not found.tied and found.meaning_needed == SAME_POINT_MEANING


def test_a_rate_an_increase_or_the_parts_of_a_whole_are_not_the_total():
    assert disagreement("Michael Jordan exercised the clause, earning more than $30 million per season.",
                        "But Michael Jordan made $33 million.") is None
    assert [q.kind for q in quantities("figures more than $5 million more than a team may spend")] == ["money more"]
    assert [q.kind for q in quantities("another 12 people were killed")] == ["dead more"]
    assert disagreement("Wind and solar generated 10 percent of the electricity in March.",
                        "Wind generated 8 percent of the electricity in March and solar 2 percent.") is None


def test_a_past_figure_or_another_actor_is_not_the_same_point():
    # "from March 2016" dates the figure to the past, as "in 1997" does
    assert disagreement("Wind and solar will contribute more than 10 percent of the total electricity produced in "
                        "April.",
                        "The findings represent a marked increase from March 2016, when wind and solar generated 8.6 "
                        "percent of total U.S. electricity.") is None
    # a name opening the sentence before a verb is its actor ("Russia wants the ...")
    assert disagreement("Russia wants the IMF to release the second $4.3 billion installment of a loan.",
                        "In recent months, Kuchma has prompted the IMF to release the first installment of a "
                        "long-awaited $2.2 billion loan.") is None
    # but two sources estimating one figure differ
    found = disagreement("Baker estimates that for every dollar an investor earns, the public receives the "
                         "equivalent of $5 of value.",
                         "Conard concludes that for every dollar an investor gets, the public reaps up to $20 in value.")
    assert found is not None and found.kind == "money" and found.tied and found.meaning_needed == TIED_MEANING


def _casualty_story():
    return make_evidence(
        ("early", "2017-10-02", ["At least 50 people were killed and 400 injured in the shooting at the festival.",
                                 "\u201cIt was chaos,\u201d a witness told reporters at the scene."]),
        ("later", "2017-10-03", ["The shooting at the festival killed 59 people and injured 527, police said.",
                                 "\"It was chaos,\" a witness told reporters at the scene.",
                                 "The festival organisers did not cancel the final day of the event."]),
        ("third", "2017-10-03", ["The festival organisers cancelled the final day of the event.",
                                 "The festival cost $2 million to stage this year, the organisers said."]),
        ("fourth", "2017-10-04", ["The festival cost $5 million to stage this year, the organisers said."]),
    )


def test_the_casualty_counts_come_first_and_the_later_report_is_named():
    found = find_differences(_casualty_story())
    kinds = [d.kind for _, _, d in found]
    assert kinds[0] == "dead" and kinds.index("money") < kinds.index("polarity")
    first, second, _ = found[0]
    assert "50 people" in first.evidence.text and "59 people" in second.evidence.text
    assert (first.published, first.later, second.published, second.later) == \
        ("2017-10-02", False, "2017-10-03", True)
    # the same quote from two outlets, curly and straight, is not a difference
    assert not any("chaos" in side.evidence.text for pair in found for side in pair[:2])


def test_the_memo_says_which_report_is_later():
    evidence = _casualty_story()
    draft = Draft(headline=None, summary=[], sections=[
        DraftSection("differences", "Where sources differ", ExtractiveWriter()._differences(evidence))])
    memo = build_memo(evidence, draft, "extractive")
    claims = memo.to_dict()["memo"]["sections"][0]["claims"]
    assert [(c["group"], c.get("published"), c.get("later")) for c in claims[:2]] == \
        [(1, "2017-10-02", None), (1, "2017-10-03", True)]
    for fmt in ("md", "txt", "html"):
        assert "later report, 2017-10-03" in render_memo(memo, fmt)


def test_the_order_does_not_depend_on_the_hash_seed():
    # issue 18 item 10: the same input gives the same differences in every process
    script = (
        "import json, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]];"
        "from test_differences import _casualty_story;"
        "from briefing.memo.differences import find_differences;"
        "print(json.dumps([[a.evidence.number, b.evidence.number, d.kind] for a, b, d in "
        "find_differences(_casualty_story())]))")
    outs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        r = subprocess.run([sys.executable, "-c", script, str(REPO), str(REPO / "tests")], capture_output=True,
                           text=True, env=env, timeout=300)
        assert r.returncode == 0, r.stderr[-2000:]
        outs.add(r.stdout)
    assert len(outs) == 1 and json.loads(outs.pop())
