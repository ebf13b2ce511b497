"""Fused and corroborated core claims, short by default, no sentence shown twice (issue 17, items 1 and 2).

The examples are the issue's: "The reading room has a new skylight" [1] and "The reading room now
has a skylight" [2] were two key points; the mayor's "four hundred homes" twice.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import briefing
from briefing.memo.fusion import drop_reshown, same_fact, sentence_count
from briefing.models import Citation, Claim, Memo, Section
from briefing.render.pages import render_memo
from briefing.semantic import similarity
from briefing.writers import WriterError, get_writer
from briefing.writers.extractive import ExtractiveWriter

LEDGER = {"id": "ledger-1", "source": "Daily Ledger", "published": "2026-03-02", "title": "Hartwell library reopens",
          "text": "The Hartwell public library reopened on Monday after a two-year renovation. "
                  "The reading room has a new skylight. "
                  "Librarian Mara Quinn said visitor numbers doubled in the first week. "
                  "The renovation cost 3 million dollars, paid by the county. "
                  "The mayor promised four hundred homes near the library by 2028."}
VALLEY = {"id": "valley-1", "source": "Valley News", "published": "2026-03-03", "title": "Library back in business",
          "text": "Hartwell's public library opened again on Monday following two years of renovation work. "
                  "The reading room now has a skylight. "
                  "The county paid the 3 million dollars the work cost. "
                  "Children's story hours will resume in the spring, the library said. "
                  "The mayor promised four hundred homes near the library by 2028."}
HERALD = {"id": "herald-1", "source": "Hartwell Herald", "published": "2026-03-04", "title": "New library hours",
          "text": "The Hartwell library will now stay open until nine on weekdays. "
                  "The longer hours are paid for by a state grant of 200,000 dollars. "
                  "A cafe run by volunteers opens in the lobby next month. "
                  "Parking near the library remains scarce, residents said."}


def _ingest(tmp_path: Path, store, articles: list[dict]) -> list[str]:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return briefing.ingest_paths(store, [path]).stored


def _core_articles(claim: Claim) -> set[str]:
    return {c.article_id for c in claim.citations}


# -- the same fact ------------------------------------------------------------------------------
def test_paraphrase_is_the_same_fact():
    a, b = "The reading room has a new skylight.", "The reading room now has a skylight."
    assert same_fact(a, b, similarity(a, b))
    assert same_fact(b, a, similarity(b, a))


@pytest.mark.parametrize("claim, other", [
    ("The mayor promised four hundred homes near the library.", "The mayor promised five hundred homes near the library."),
    ("The storm killed 40 people in the valley.", "The storm killed 45 people in the valley."),
    ("Mayor Ellis opened the new reading room on Monday.", "Mayor Brandt opened the new reading room on Monday."),
    ("The council approved the skylight for the reading room.",
     "The council did not approve the skylight for the reading room."),
    ("The council did not approve the skylight for the reading room.",
     "The council approved the skylight for the reading room."),
])
def test_number_name_and_negation_variants_are_not_the_same_fact(claim, other):
    cosine = similarity(claim, other)
    assert cosine > 0.7, "these share nearly every word: only the hard checks can tell them apart"
    assert not same_fact(claim, other, cosine)


# -- fused, corroborated --------------------------------------------------------------------------
@pytest.fixture
def library_memo(tmp_path, store) -> Memo:
    ids = _ingest(tmp_path, store, [LEDGER, VALLEY, HERALD])
    return briefing.memo_for_articles(store, ids, using=ExtractiveWriter())


def test_a_fact_two_outlets_state_is_one_claim_citing_both(library_memo):
    core = library_memo.summary
    skylight = [c for c in core if "skylight" in c.text]
    homes = [c for c in core if "four hundred homes" in c.text]
    assert len(skylight) <= 1 and len(homes) <= 1, [c.text for c in core]
    fused = skylight + homes
    assert fused, [c.text for c in core]
    for claim in fused:
        assert _core_articles(claim) == {"ledger-1", "valley-1"}, claim.to_dict()
        assert claim.corroboration == {"outlets": 2, "articles": 2}
    for claim in core:  # each citation is still the exact sentence of its article
        for c in claim.citations:
            assert c.quote in {LEDGER["id"]: LEDGER, VALLEY["id"]: VALLEY, HERALD["id"]: HERALD}[c.article_id]["text"]


def test_corroboration_in_json_md_html_and_txt(library_memo):
    core = library_memo.summary
    assert all(c.corroboration for c in core)
    data = json.loads(render_memo(library_memo, "json"))
    assert [c["corroboration"] for c in data["memo"]["summary"]] == [c.corroboration for c in core]
    single = [c for c in core if c.corroboration["outlets"] == 1]
    multi = [c for c in core if c.corroboration["outlets"] >= 2]
    assert single and multi, [(c.text, c.corroboration) for c in core]
    for fmt in ("md", "html", "txt"):
        out = render_memo(library_memo, fmt)
        assert "2 outlets" in out and "single source" in out, fmt
        assert out.count("single source") == len(single), fmt


def test_core_stays_within_limits_and_the_setting_raises_them(tmp_path, store):
    facts = ["Hartwell opened a ferry terminal on the east bank of the river.",
             "Bus fares in the county fall by a third from April.",
             "A bakery chain announced forty jobs at its new Hartwell plant.",
             "Floodlights were installed at the cricket ground behind the school.",
             "The hospital hired nine midwives to shorten waiting lists for births.",
             "Farmers reported the wettest harvest season since records began.",
             "The museum received a Roman coin hoard found by a metal detectorist.",
             "A cycling lane now links the station with the university campus.",
             "Police closed the market square for a weekend music festival.",
             "Engineers repaired the cracked arch of the medieval bridge.",
             "The zoo welcomed two snow leopard cubs born in captivity.",
             "Volunteers planted three thousand oak saplings along the motorway."]
    articles = [{"id": f"a{i}", "source": f"Outlet {i}", "published": "2026-03-02",
                 "text": " ".join(facts[i * 4:(i + 1) * 4])} for i in range(3)]
    ids = _ingest(tmp_path, store, articles)
    memo = briefing.memo_for_articles(store, ids, using=ExtractiveWriter())
    assert sum(sentence_count(c.text) for c in memo.bottom_line) <= 3
    assert len(memo.key_points) <= 6
    assert len(memo.summary) == len(memo.bottom_line) + len(memo.key_points)
    more = briefing.memo_for_articles(store, ids, using=get_writer("extractive", key_points="9"))
    assert len(more.key_points) > 6
    fewer = briefing.memo_for_articles(store, ids, using=get_writer("extractive", key_points=2, bottom_line=1))
    assert len(fewer.key_points) <= 2 and sum(sentence_count(c.text) for c in fewer.bottom_line) <= 1
    with pytest.raises(WriterError):
        get_writer("extractive", key_points="many")
    with pytest.raises(WriterError):
        get_writer("extractive", bottom_line=0)


def test_cli_setting_raises_key_points(tmp_path, run_cli):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in (LEDGER, VALLEY, HERALD)), encoding="utf-8")
    r = run_cli("memo", str(path), "--one-story", "--json", "--writer", "extractive", "-O", "key_points=1")
    assert r.returncode == 0, r.stderr
    assert len([c for c in json.loads(r.stdout)["memo"]["summary"] if c["kind"] == "key-point"]) <= 1


# -- no sentence shown twice ----------------------------------------------------------------------
def _claim(text: str, article: str, sentence: int, kind: str, **kw) -> Claim:
    return Claim(text=text, kind=kind, citations=[Citation(article_id=article, sentence=sentence, quote=text)], **kw)


def test_a_claim_shown_in_the_core_is_not_shown_again():
    core = _claim("The reading room has a new skylight.", "a", 1, "key-point")
    timeline_same = _claim("The reading room has a new skylight.", "a", 1, "event", date="2 March 2026")
    timeline_short = _claim("Library reopens", "a", 1, "event", date="2 March 2026")
    timeline_said = _claim("Quinn said the cafe opens in May.", "b", 6, "event", date="May 2026")
    statement_dated = _claim("Quinn said the cafe opens in May.", "b", 6, "statement", speaker="Mara Quinn")
    statement_same = _claim("“The reading room has a new skylight,” Quinn said.", "b", 3, "statement")
    statement_twice = _claim("“The reading room has a new skylight,” Quinn said.", "b", 3, "statement")
    side_a = _claim("The reading room has a new skylight.", "a", 1, "difference", group=1)
    side_b = _claim("The reading room has no skylight.", "c", 2, "difference", group=1)
    other_a = _claim("The work cost 3 million dollars.", "a", 4, "difference", group=2)
    other_b = _claim("The work cost 4 million dollars.", "c", 5, "difference", group=2)
    memo = Memo(story_id="s", title="t", headline=None, summary=[core], sources=[], coverage={}, writer="x",
                sections=[Section("timeline", "Timeline", [timeline_same, timeline_short, timeline_said]),
                          Section("statements", "Who said what", [statement_same, statement_twice, statement_dated]),
                          Section("differences", "Where sources differ", [side_a, side_b, other_a, other_b])])
    drop_reshown(memo)
    assert memo.section("timeline").claims == [timeline_short], "a short form of a shown sentence stays"
    # a named person's statement stays in who said what; the timeline does not show it again
    assert memo.section("statements").claims == [statement_same, statement_dated]
    assert memo.section("differences").claims == [other_a, other_b], "a pair that loses a side goes whole"


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def test_no_text_shown_twice_and_a_three_article_memo_is_shorter_than_its_sources(library_memo):
    shown = [" ".join(re.findall(r"\w+", c.text.lower())) for c in library_memo.summary
             + [c for s in library_memo.sections for c in s.claims]]
    assert len(shown) == len(set(shown)), shown
    memo_words = sum(_words(c.text) for c in library_memo.claims())
    assert memo_words < sum(_words(a["text"]) for a in (LEDGER, VALLEY, HERALD))
