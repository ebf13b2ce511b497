"""Mutation benchmark of the citation verifier: does it flag wrong claims and keep right ones?

Claims: every claim the extractive writer makes for the seed articles (../shared/seeds, one
memo) and for the DUC 2004 dev clusters (../shared/bench/summaries/duc2004_dev.jsonl, one memo
each), built through the library on a temporary database, *before* the memo's verification
(select -> write -> build_memo), each with the sentences it cites. These are the untouched
claims: "kept" is the share the verifier passes (`briefing.verify.check` against the cited
sentences).

Wrong copies are made automatically from the claims that pass, one kind at a time, and each
wrong copy keeps the original citation (a random but seeded choice where there are several):

- person:   a person's name replaced by another person of the same story that the cited
            sentences do not name;
- role:     a title or role word next to a name replaced by another (President -> Foreign Minister,
            spokesman -> ambassador), or its nationality by another of the story (Iranian -> Russian);
- number:   a number changed (not a year), digits or words (20 -> 21, two -> three);
- date:     a year moved (1998 -> 1996), a month or a weekday replaced by another;
- negation: a negation removed ("was not directed" -> "was directed") or added after the first
            auxiliary verb ("will be" -> "will not be");
- place:    a place, organisation or nationality replaced by another capitalised one of the story
            that the cited sentences do not hold (Moscow -> Kazan);
- moved:    the citation moved to an unrelated sentence of the same story (content-word Jaccard
            < 0.2 with the cited one).

A replacement is never one that the cited sentences hold (so a copy is wrong by construction).
"flagged" is the share of wrong copies the verifier does not pass. Targets: flagged >= 95% for
every kind, kept >= 95%.

    .venv/bin/python benchmarks/verify_mutations.py [--limit N] [--json]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from briefing import api  # noqa: E402
from briefing.memo.attribution import NAME_RUN, split_run  # noqa: E402
from briefing.memo.compose import adhoc_story_id  # noqa: E402
from briefing.memo.dates import MONTHS, WEEKDAYS  # noqa: E402
from briefing.memo.citations import build_memo  # noqa: E402
from briefing.memo.evidence import content_words, overlap, select_evidence  # noqa: E402
from briefing.verify import check, features  # noqa: E402
from briefing.verify.checks import _NOT_NEGATING, _THING_HEADS, _variants  # noqa: E402
from briefing.writers import get_writer  # noqa: E402

KINDS = ("person", "role", "number", "date", "negation", "place", "moved")
ROLES = ["President", "Foreign Minister", "Prime Minister", "spokesman", "ambassador", "Secretary", "Governor",
         "Senator", "General", "Professor", "director", "King", "Defense Minister", "chairman"]
_ROLE_RX = re.compile(r"\b(" + "|".join(sorted(ROLES, key=len, reverse=True)) + r")\b")
_MONTHS = list(MONTHS)[:12]
_WEEKDAYS = list(WEEKDAYS)
_MONTH_ABBRS = ["Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]   # AP style: "Oct. 27"
_MONTH_RX = re.compile(r"\b(" + "|".join(_MONTHS) + "|" + "|".join(re.escape(m) for m in _MONTH_ABBRS) + r")(?!\w)")
_WEEKDAY_RX = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_YEAR_RX = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMBER_RX = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
_WORDNUM = "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred".split()
_WORDNUM_RX = re.compile(r"\b(" + "|".join(_WORDNUM) + r")\b", re.I)
_NEG_RX = re.compile(r"\b(?:not|never) |n't\b|\b[Nn]o (?=[a-z])")
_AUX_RX = re.compile(r"\b(is|are|was|were|will|would|can|could|should|has|have|had|must|did|does)\b (?!not\b)")
_NOT_PLACE = set(_MONTHS) | set(_WEEKDAYS) | {w for r in ROLES for w in r.split()} | set(
    "The A An In On At For But And Or He She It They We I His Her Its Their This That These Those Mr Mrs Ms Dr "
    "However Meanwhile According After Before When While As If Also Still Yet So Thus Both Many Some".split())


# -- claims ----------------------------------------------------------------------------------------
def story_inputs(limit: int | None):
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        yield "seeds", [seeds]
    duc = SHARED / "bench" / "summaries" / "duc2004_dev.jsonl"
    rows = [json.loads(line) for line in duc.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows[:limit]:
        yield row["cluster_id"], row["articles"]


def claims_of(store, name: str, source, tmp: Path):
    """(claim text, cited quotes, evidence) of the extractive memo, before its verification."""
    if isinstance(source, list) and source and isinstance(source[0], dict):
        path = tmp / f"{name}.jsonl"
        path.write_text("".join(json.dumps(a) + "\n" for a in source), encoding="utf-8")
        source = [path]
    report = api.ingest_paths(store, source)
    ids = report.stored + report.unchanged + [d.ext_id for d in report.duplicates]
    articles, duplicates = store.canonical_articles(ids)
    evidence = select_evidence(adhoc_story_id(a.ext_id for a in articles), "", articles)
    draft = get_writer("extractive").write(evidence)
    memo = build_memo(evidence, draft, "extractive", all_articles=articles, duplicates=duplicates)
    return [(c.text, [q.quote for q in c.citations], c.kind) for c in memo.claims()], evidence


def story_people(evidence) -> list[str]:
    people: set[str] = set()
    for e in evidence.sentences:
        if e.said_by and len(e.said_by.speaker.split()) >= 2 and all(w[:1].isupper() for w in e.said_by.speaker.split()):
            people.add(e.said_by.speaker)
        for m in NAME_RUN.finditer(e.text):
            name, title = split_run(m.group(0))
            if title and len(name.split()) >= 2 and all(w[:1].isupper() and w.isalpha() for w in name.split()) \
                    and name.split()[-1].lower() not in _THING_HEADS:   # "Labor Party" is no person
                people.add(name)
    return sorted(people)


def story_places(evidence) -> list[str]:
    words: set[str] = set()
    for e in evidence.sentences:
        toks = re.findall(r"[A-Za-z][\w-]*", e.text)
        for i, t in enumerate(toks):
            if i and t[:1].isupper() and t[1:].islower() and len(t) > 3 and t not in _NOT_PLACE:
                words.add(t)
    return sorted(words)


# -- mutations -----------------------------------------------------------------------------------
def _absent(word: str, quotes: list[str]) -> bool:
    """The cited sentences hold no part of `word`, in any form (Iran/Iranian, twenty/20)."""
    joined = " ".join(quotes).lower()
    src = features(" ".join(quotes))
    for part in re.findall(r"\w+", word):
        if part.lower() in joined or _variants(part.lower()) & src.lowers:
            return False
    return not (features(word).numbers & src.numbers)


def mutate(kind: str, text: str, quotes: list[str], ctx: dict, rng: random.Random) -> str | None:
    if kind == "person":
        names = [p for p in ctx["people"] if p in text or p.split()[-1] in text.split()]
        others = [p for p in ctx["people"] if _absent(p, quotes) and p.split()[-1] not in text]
        if not names or not others:
            return None
        old = rng.choice(names)
        new = rng.choice(others)
        return text.replace(old, new) if old in text else re.sub(rf"\b{re.escape(old.split()[-1])}\b",
                                                                  new.split()[-1], text)
    if kind == "role":
        hits = [m for m in _ROLE_RX.finditer(text) if NAME_RUN.search(text[m.end():m.end() + 40])]
        demonyms = [m for m in re.finditer(r"\b([A-Z][a-z]+(?:ian|an|ese|ish|i))\b (?=(?:President|Foreign|Prime|"
                                           r"Defense|[a-z]+ (?:minister|president|leader)|minister|president|"
                                           r"leader|counterpart|ambassador|spokesman))", text)]
        options = [("role", m) for m in hits] + [("demonym", m) for m in demonyms]
        if not options:
            return None
        what, m = rng.choice(options)
        if what == "role":
            pool = [r for r in ROLES if r != m.group(1) and _absent(r, quotes)]
        else:
            pool = [d for d in ctx["demonyms"] if d != m.group(1) and _absent(d, quotes)]
        if not pool:
            return None
        return text[:m.start(1)] + rng.choice(pool) + text[m.end(1):]
    if kind == "number":
        found = [m for m in _NUMBER_RX.finditer(text) if not _YEAR_RX.fullmatch(m.group(1))]
        words = list(_WORDNUM_RX.finditer(text))
        if not found and not words:
            return None
        options = [("d", m) for m in found] + [("w", m) for m in words]
        what, m = rng.choice(options)
        if what == "d":
            raw = m.group(1).replace(",", "")
            value = float(raw)
            for _ in range(10):
                new = value + rng.choice([1, 2, 3, 5, 10]) * rng.choice([1, -1]) if value > 3 else value + rng.choice([1, 2, 3])
                new = new if new > 0 else value + 1
                shown = (f"{int(new):,}" if "," in m.group(1) else str(int(new))) if "." not in raw else f"{new:.1f}"
                if _absent(shown, quotes) and shown.replace(",", "") not in " ".join(quotes).replace(",", ""):
                    return text[:m.start(1)] + shown + text[m.end(1):]
            return None
        pool = [w for w in _WORDNUM if w != m.group(1).lower() and _absent(w, quotes)]
        new = rng.choice(pool)
        new = new.capitalize() if m.group(1)[0].isupper() else new
        return text[:m.start(1)] + new + text[m.end(1):]
    if kind == "date":
        options = [("y", m) for m in _YEAR_RX.finditer(text)] + [("m", m) for m in _MONTH_RX.finditer(text)] + \
                  [("w", m) for m in _WEEKDAY_RX.finditer(text)]
        if not options:
            return None
        what, m = rng.choice(options)
        if what == "y":
            pool = [str(int(m.group(1)) + d) for d in (-3, -2, -1, 1, 2, 3)]
        else:
            pool = (_MONTH_ABBRS if m.group(1).endswith(".") else _MONTHS) if what == "m" else _WEEKDAYS
        full = {a: f for f in _MONTHS for a in _MONTH_ABBRS if f.startswith(a[:3])}   # "Oct." is October
        pool = [p for p in pool if p != m.group(1) and p not in " ".join(quotes) and full.get(p, p) not in " ".join(quotes)]
        if not pool:
            return None
        return text[:m.start(1)] + rng.choice(pool) + text[m.end(1):]
    if kind == "negation":
        idle = [m.span() for m in _NOT_NEGATING.finditer(text)]   # "whether or not", "not only": no negation to remove
        neg = next((m for m in _NEG_RX.finditer(text) if not any(a <= m.start() < b for a, b in idle)), None)
        if neg:   # "was not directed" -> "was directed", "had no plans" -> "had some plans"
            some = "some " if neg.group(0).lower() == "no " else ""
            return text[:neg.start()] + some + text[neg.end():]
        aux = _AUX_RX.search(text)
        if not aux:
            return None
        return text[:aux.end(1)] + " not" + text[aux.end(1):]
    if kind == "place":
        person_words = {w for p in ctx["people"] for w in p.split()}
        toks = [m for m in re.finditer(r"\b[A-Z][a-z][\w-]*\b", text)
                if m.start() > 0 and m.group(0) in ctx["places_set"] and m.group(0) not in person_words]
        pool = [p for p in ctx["places"] if _absent(p, quotes) and p not in text and p not in person_words]
        if not toks or not pool:
            return None
        m = rng.choice(toks)
        pool = [p for p in pool if not _variants(p.lower()) & _variants(m.group(0).lower())]   # Syrians is Syria
        if not pool:
            return None
        return text[:m.start()] + rng.choice(pool) + text[m.end():]
    raise ValueError(kind)


def moved_citation(text: str, quotes: list[str], evidence, rng: random.Random) -> list[str] | None:
    words = content_words(" ".join(quotes))
    pool = [e.text for e in evidence.sentences if e.usable and e.text not in quotes
            and overlap(words, content_words(e.text)) < 0.2]
    return [rng.choice(pool)] if pool else None


# -- the run -----------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="DUC clusters to use (default: all 25)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show", type=int, default=0, help="print this many missed wrong copies per kind")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    untouched = kept = 0
    rejected: list[tuple[str, list[str]]] = []
    results = {k: {"n": 0, "flagged": 0, "missed": []} for k in KINDS}
    stories = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in story_inputs(args.limit):
            with api.open_store(Path(tmp) / f"{name}.db") as store:
                claims, evidence = claims_of(store, name, source, Path(tmp))
            stories += 1
            people = story_people(evidence)
            places = story_places(evidence)
            demonyms = sorted({p for p in places if re.fullmatch(r"[A-Z][a-z]+(?:ian|an|ese|ish|i)", p)})
            ctx = {"people": people, "places": places, "places_set": set(places), "demonyms": demonyms}
            seen: set[str] = set()
            for text, quotes, kind in claims:
                if text in seen:
                    continue
                seen.add(text)
                untouched += 1
                if not check(text, quotes).supported:
                    rejected.append((text, quotes))
                    continue
                kept += 1
                for k in KINDS:
                    if k == "moved":
                        new_quotes = moved_citation(text, quotes, evidence, rng)
                        if new_quotes is None:
                            continue
                        wrong, cites = text, new_quotes
                    else:
                        wrong = mutate(k, text, quotes, ctx, rng)
                        if wrong is None or wrong == text:
                            continue
                        cites = quotes
                    results[k]["n"] += 1
                    v = check(wrong, cites)
                    if not v.supported:
                        results[k]["flagged"] += 1
                    else:
                        results[k]["missed"].append((wrong, cites[0][:200]))
    seconds = time.perf_counter() - started
    figures = {
        "stories": stories, "untouched": untouched, "kept": kept, "kept_pct": round(100 * kept / max(1, untouched), 1),
        "kinds": {k: {"n": r["n"], "flagged": r["flagged"], "flagged_pct": round(100 * r["flagged"] / max(1, r["n"]), 1)}
                  for k, r in results.items()},
        "seconds": round(seconds, 1),
    }
    total_n = sum(r["n"] for r in results.values())
    total_f = sum(r["flagged"] for r in results.values())
    figures["all_wrong"] = {"n": total_n, "flagged": total_f, "flagged_pct": round(100 * total_f / max(1, total_n), 1)}
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"verifier mutation benchmark: {stories} memos (seeds + duc2004_dev), extractive claims, {seconds:.1f}s")
    print(f"{'set':<12}{'n':>6}{'flagged':>10}{'kept':>8}")
    print(f"{'untouched':<12}{untouched:>6}{'':>10}{figures['kept_pct']:>7.1f}%")
    for k in KINDS:
        f = figures["kinds"][k]
        print(f"{k:<12}{f['n']:>6}{f['flagged_pct']:>9.1f}%")
    print(f"{'all wrong':<12}{total_n:>6}{figures['all_wrong']['flagged_pct']:>9.1f}%")
    if args.show:
        for text, quotes in rejected[:args.show]:
            print("\nREJECTED untouched:", text, "\n   cites:", quotes[0][:200], "\n  ", check(text, quotes).problems)
        for k in KINDS:
            for wrong, quote in results[k]["missed"][:args.show]:
                print(f"\nMISSED {k}:", wrong, "\n   cites:", quote)
    return 0


if __name__ == "__main__":
    sys.exit(main())
