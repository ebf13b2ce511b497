"""Who said what, scored against labelled statements of the dev sets.

benchmarks/data/speakers.jsonl holds one labelled statement a line, by ids only:
`{"set", "cluster", "article", "sentence", "speaker": [accepted forms] or null, "role"?, "note"?, "batch"}`.
`set` is `duc2004_dev` / `multinews_dev` (../shared/bench/summaries, `cluster` = cluster_id,
`article` = the article's id) or `giveme5w1h` (../shared/bench/clustering/giveme5w1h, `cluster` =
the gold event id, `article` = the file name without .json); `sentence` indexes the article's
sentences as `briefing` splits them (the `sentence` of a memo citation). `speaker` is the person or
organisation the sentence's statement comes from, written as the memo should show them (the fullest
name the story uses); null when the sentence attributes nothing to anyone. Labels were made by
reading each sentence with the sentences before it (and, for a surname, the story's other
articles), not by copying the tool's output. Batch 1 (86 statements, the issue's hard cases among
them) was drawn and labelled first and the rules were improved on it; batch 2 (33) was drawn at
random afterwards from the attributed sentences of both dev sets, so its first score (24/33) says
how the rules generalise; batch 3 (26) was drawn the same way after the fixes batch 2 prompted,
first score 24/26. Batch 4 (17, DUC) holds the cases of the issue "speakers are people or
organisations; a quote goes to the person who said it": a document speaking for its author, a
place that only kept a position, a son named by his given name, speakers whose statement has an
audience or a second frame; 11/17 before the fixes it prompted, 16/17 after. Two batch 3 labels
"the statement" became the statement's author, as its article names them. The per-batch figures
are printed.

The benchmark reads the sentences from ../shared/bench exactly as ingest does, runs
`attribution.attributions` over each article of the labelled story and `attribution.story_speakers`
over the story (as the extractive writer does), and prints the share of statements whose speaker
is right (target >= 95%), the roles that match where a role is labelled, and every miss.

    .venv/bin/python benchmarks/speakers.py [--data benchmarks/data/speakers.jsonl] [-v]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(os.environ.get("BENCH_DATA", ROOT.parent / "shared" / "bench"))
sys.path.insert(0, str(ROOT))

from briefing.memo.analysis import article_texts  # noqa: E402
from briefing.memo.attribution import attributions, full_names, story_speakers  # noqa: E402
from briefing.ingest.decode import InputError  # noqa: E402
from briefing.ingest.jsonarticles import _article_from_object  # noqa: E402


def stories(items: list[dict]) -> dict[tuple[str, str], dict[str, dict]]:
    """(set, cluster) -> article id -> the article's record, for the labelled stories only."""
    wanted = {(i["set"], i["cluster"]) for i in items}
    out: dict[tuple[str, str], dict[str, dict]] = {}
    for name in ("duc2004_dev", "multinews_dev"):
        if not any(s == name for s, _ in wanted):
            continue
        with open(BENCH / "summaries" / f"{name}.jsonl", encoding="utf-8") as f:
            for line in f:
                c = json.loads(line)
                if (name, c["cluster_id"]) in wanted:
                    out[(name, c["cluster_id"])] = {a["id"]: a for a in c["articles"]}
    if any(s == "giveme5w1h" for s, _ in wanted):
        for path in sorted((BENCH / "clustering" / "giveme5w1h").glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            key = ("giveme5w1h", str(record["newsCluster"]["EventId"]))
            if key in wanted:
                out.setdefault(key, {})[path.stem] = record
    return out


def story_attributions(records: dict[str, dict]) -> tuple[dict, dict]:
    """Per article id: its sentences and attributions; and the story's speaker names."""
    per_article, pairs, texts_all = {}, [], []
    for art_id in sorted(records):
        try:
            article = _article_from_object(records[art_id], default_id=art_id, source_path=art_id)
        except InputError:
            continue   # the tool rejects it too (boilerplate, no text)
        texts = article_texts(article)
        atts = attributions(texts)
        per_article[art_id] = (texts, atts)
        pairs += [(a.speaker, a.role) for a in atts if a is not None]
        texts_all += texts
    single = {s for s, _ in pairs if len(s.split()) == 1 and s[:1].isupper()}
    return per_article, story_speakers(pairs, full_names(single, texts_all))


def norm(s: str | None) -> str:
    s = re.sub(r"[\[\]\"“”'‘’.,]", "", (s or "").lower())
    return " ".join(re.sub(r"^(?:the|a|an)\s+", "", s.strip()).split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT / "benchmarks" / "data" / "speakers.jsonl"))
    parser.add_argument("-v", "--verbose", action="store_true", help="print every statement, not only misses")
    args = parser.parse_args()
    items = [json.loads(x) for x in Path(args.data).read_text(encoding="utf-8").splitlines() if x.strip()]
    records = stories(items)
    cache: dict = {}
    right = role_right = roles = 0
    batches: dict[int, list[int]] = {}
    for item in items:
        key = (item["set"], item["cluster"])
        if key not in cache:
            cache[key] = story_attributions(records[key])
        per_article, names = cache[key]
        texts, atts = per_article[item["article"]]
        att = atts[item["sentence"]]
        got, role = names[att.speaker] if att else (None, None)
        gold = item["speaker"]
        ok = got is None if gold is None else norm(got) in {norm(g) for g in gold}
        right += ok
        b = batches.setdefault(item.get("batch", 1), [0, 0])
        b[0] += ok
        b[1] += 1
        if "role" in item:
            roles += 1
            role_right += norm(role) == norm(item["role"])
        if args.verbose or not ok:
            print(f"{'ok  ' if ok else 'MISS'} {item['set']} {item['cluster']} {item['article']} #{item['sentence']}: "
                  f"got {got!r} ({role!r}), label {gold!r}")
            if not ok:
                print(f"     {texts[item['sentence']][:160]!r}")
    n = len(items)
    for b, (ok_, all_) in sorted(batches.items()):
        print(f"  batch {b}: {ok_}/{all_} = {ok_ / all_:.1%}")
    print(f"speaker correct: {right}/{n} = {right / n:.1%} (target >= 95%)")
    if roles:
        print(f"role correct where labelled: {role_right}/{roles}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
