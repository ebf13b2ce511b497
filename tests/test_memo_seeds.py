"""The memo of the five seed articles (../shared/seeds) reads as a briefing: the facts a policy
analyst needs are there, each with citations that resolve to the stored sentences."""
from __future__ import annotations

import pytest

import briefing
from briefing.models import Claim, Memo

from test_memo import assert_citations_resolve


@pytest.fixture(scope="module")
def seeds_memo(seeds_ingested) -> tuple[Memo, object]:
    store, stored = seeds_ingested
    return briefing.memo_for_articles(store, stored), store


def _find(claims: list[Claim], *needles: str) -> list[Claim]:
    return [c for c in claims if all(n.lower() in c.text.lower() for n in needles)]


def test_every_claim_cites_real_sentences(seeds_memo):
    memo, store = seeds_memo
    assert_citations_resolve(store, memo)


def test_headline_is_about_the_treaty(seeds_memo):
    memo, _ = seeds_memo
    text = memo.headline.text.lower()
    assert "comprehensive strategic" in text and any(w in text for w in ("treaty", "agreement", "deal"))


def test_core_facts_are_stated(seeds_memo):
    memo, _ = seeds_memo
    claims = memo.claims()
    assert _find(claims, "January 17", "sign"), "the signing on January 17"
    assert _find(claims, "20 years") or _find(claims, "20-year"), "the 20-year term"
    assert _find(claims, "defense alliance") or _find(claims, "mutual defense"), "not a mutual-defence alliance"


def test_timeline_runs_from_the_call_to_the_signing(seeds_memo):
    memo, _ = seeds_memo
    timeline = memo.section("timeline").claims
    assert _find(timeline, "telephone conversation") or _find(timeline, "phone call"), "the 2021 phone call"
    # the 2022 visit, dated only "in the coming week", is no timeline entry where the core already tells it
    claims = memo.claims()
    assert _find(claims, "Raisi") and (_find(claims, "visit") or _find(claims, "receive")), "the 2022 visit"
    assert _find(timeline, "Kazan"), "the Kazan announcement"
    # a sentence the core or who said what already shows is not shown again elsewhere
    shown = timeline + memo.summary + memo.section("statements").claims
    assert _find(shown, "Lavrov"), "Lavrov's remarks"
    assert any(c.date.startswith("17 January") and "sign" in c.text for c in timeline), "the signing"
    assert all(c.date for c in timeline), "every timeline entry shows its date as the sources give it"
    kazan = _find(timeline, "Kazan")[0]
    # the date stands beside the entry, not in its text; the seeds are undated: no year may be invented
    assert kazan.date == "23 October (year not stated)" and "October 23" not in kazan.text


def test_statements_are_attributed_with_outlets(seeds_memo):
    memo, _ = seeds_memo
    statements = memo.section("statements").claims
    outlets = {}
    for c in statements:
        outlets.setdefault(c.speaker.split()[-1], set()).add(c.outlet)
    # a statement the core or the timeline already shows is not shown again in who said what: there
    # it cites the article of its outlet
    by_id = {s.article_id: s.outlet for s in memo.sources}
    shown = memo.summary + memo.section("timeline").claims
    for name in ("Modabber", "Azizi"):
        for c in (c for c in shown if name in c.text and name not in outlets):
            outlets.setdefault(name, set()).add(by_id[c.citations[0].article_id])
    assert outlets.get("Modabber") == {"TASS"}
    assert outlets.get("Markedonov") == {"Mehr News Agency"}
    assert outlets.get("Azizi") == {"Newsweek"}
    assert "Lavrov" in outlets
    lavrov = next(c for c in statements if c.speaker.endswith("Lavrov"))
    assert "Foreign Minister" in (lavrov.role or "")


def test_sources_list_every_article_with_its_outlet(seeds_memo):
    memo, _ = seeds_memo
    assert len(memo.sources) == 5
    assert {s.outlet for s in memo.sources} == {"TASS", "Mehr News Agency", "Newsweek"}
    assert memo.coverage["articles"] == 5 and memo.coverage["first_published"] is None
