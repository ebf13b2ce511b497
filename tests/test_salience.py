"""Sentence selection for the extractive memo writer (briefing.memo.salience)."""
from briefing.memo import salience
from briefing.memo.salience import can_open, clean_claim_text, is_usable, select_summary, sentence_salience
from briefing.ingest.text import split_sentences

STORY = [
    "The central bank raised interest rates by half a point on Tuesday to fight rising inflation. "
    "Officials said inflation had reached its highest level in a decade. "
    "Markets fell sharply after the central bank raised interest rates. "
    "The decision surprised several economists who expected a smaller move.",
    "WASHINGTON (AP) — The central bank raised interest rates on Tuesday, its largest increase in years. "
    "Inflation reached its highest level in a decade last month, officials said. "
    "Stock markets fell sharply after the announcement of the rate increase. "
    "Advertisement",
    "Rising inflation pushed the central bank to raise interest rates on Tuesday. "
    "Consumer prices have climbed for six straight months, according to government data. "
    "Several economists said the central bank raised interest rates too late. "
    "Click here to subscribe to our newsletter for more updates today.",
]


def _docs(texts):
    return [[t[s.start:s.end] for s in split_sentences(t)] for t in texts]


def _words(docs, chosen):
    return sum(len(clean_claim_text(docs[d][i]).split()) for d, i in chosen)


def test_respects_budget_and_returns_valid_unique_indices():
    docs = _docs(STORY)
    for budget in (15, 30, 60, 100, 260):
        chosen = select_summary(docs, budget)
        assert _words(docs, chosen) <= budget
        assert len(set(chosen)) == len(chosen)
        for d, i in chosen:
            assert 0 <= d < len(docs) and 0 <= i < len(docs[d])
    assert select_summary(docs, 60)


def test_deterministic():
    docs = _docs(STORY)
    first = select_summary(docs, 40)
    assert all(select_summary(docs, 40) == first for _ in range(3))
    assert sentence_salience(docs) == sentence_salience(docs)


def test_larger_budget_starts_with_the_100_word_summary():
    docs = _docs(STORY * 4)
    short = select_summary(docs, 100)
    long = select_summary(docs, 260)
    assert long[:len(short)] == short


def test_repeated_sentence_is_chosen_once():
    shared = "The storm destroyed more than two hundred homes along the northern coast on Sunday."
    docs = _docs([
        shared + " Rescue teams searched the northern coast for survivors of the storm on Monday.",
        "Rescue teams found survivors after the storm destroyed homes on the northern coast. " + shared,
        "The storm destroyed homes along the northern coast, officials said on Sunday evening.",
    ])
    chosen = select_summary(docs, 260)
    texts = [docs[d][i] for d, i in chosen]
    assert texts.count(shared) == 1


def test_junk_is_filtered_and_never_selected():
    assert not is_usable("Advertisement")
    assert not is_usable("Click here to subscribe to our newsletter for more updates today.")
    assert not is_usable("By John Smith and Jane Doe, Associated Press writers today.")
    assert not is_usable("Is this the end of the road for the central bank's policy?")
    assert not is_usable('"We will not stop raising rates until inflation falls, she said.')
    assert not is_usable("Too short.")
    assert not is_usable("STOCKS FALL AS THE CENTRAL BANK RAISES RATES AGAIN TODAY.")
    assert is_usable("The central bank raised interest rates by half a point on Tuesday.")
    docs = _docs(STORY)
    for d, i in select_summary(docs, 260):
        assert is_usable(docs[d][i])


def test_clean_claim_text_drops_dateline_and_what_adds_nothing():
    assert clean_claim_text("WASHINGTON (AP) — The bank  raised\nrates.") == "The bank raised rates."
    assert clean_claim_text("MOSCOW, Jan. 5. /TASS/. Talks resumed on Monday.") == "Talks resumed on Monday."
    assert clean_claim_text("The bank raised rates.") == "The bank raised rates."
    assert clean_claim_text("WASHINGTON (AP) — The Federal Reserve (FR) raised rates, its chair, 61, said Monday.") == \
        "The Federal Reserve raised rates, its chair said."


def test_budget_counts_the_shortened_claim_text():
    """Three 12-word sentences whose attributions add 3 words each: only the shortened texts fit
    30 words, so all three are chosen."""
    docs = _docs([
        "Floods destroyed the northern bridge over the river near Millbrook town, officials said on Monday. "
        "Rescue teams reached the flooded villages along the river near Millbrook, police said on Tuesday.",
        "Floods destroyed the northern bridge over the river near Millbrook town, officials said on Monday. "
        "Farmers lost their harvest to floods along the river near Millbrook, aid workers said on Wednesday.",
    ])
    chosen = select_summary(docs, 45)
    assert len(chosen) == 3 and _words(docs, chosen) <= 45
    assert sum(len(" ".join(docs[d][i].split()).split()) for d, i in chosen) > 45


def test_can_open():
    assert can_open("The central bank raised interest rates on Tuesday.")
    assert can_open('"We will not stop," the governor said.')  # first person inside a quote
    assert can_open("These rates are the highest in a decade.")
    assert can_open("Italy's bank followed.") and can_open("Hewlett-Packard cut prices.")
    assert not can_open("He said the bank would raise rates again.")
    assert not can_open("They complained that the organizers were late.")
    assert not can_open("Their car bomb exploded in a market.")
    assert not can_open("I would like to make it clear that the talks must be held here.")  # quote without marks
    assert not can_open("Asked whether he might resign, Hodler said, No, I don't resign.")


def test_first_summary_words_leave_out_sentences_that_cannot_open():
    """A dangling "He ..." sentence carries the story's most shared concepts, yet the 100-word
    summary takes the sentences that say the same on their own, and so does a longer one: a key
    point is read on its own as much as the bottom line ("He believes that ..." named no one)."""
    dangling = "He said the flood barrier across the river would protect thousands of homes in Millbrook."
    docs = _docs([
        "The Millbrook council voted on Tuesday to build a flood barrier across the river. " + dangling,
        "Millbrook approved a flood barrier across the river on Tuesday. " + dangling,
        "A flood barrier across the river in Millbrook was approved on Tuesday. " + dangling,
    ])
    assert not can_open(clean_claim_text(dangling))
    first = select_summary(docs, 100)
    assert first
    assert all(can_open(clean_claim_text(docs[d][i])) for d, i in first)
    assert not any(docs[d][i] == dangling for d, i in select_summary(docs, 260))


def test_lead_weight_fades_with_position():
    """A concept shared by three articles counts most when it is in their ledes, and less the
    later it first appears."""
    filler = [f"Unrelated sentence number {k} mentions item{k} and thing{k} here." for k in range(8)]
    key = "The dam collapsed near Lakeside village."

    def weight(position):
        docs = [filler[:position] + [key] + filler[position:] for _ in range(3)]
        docs = [[s.replace("item", f"item{a}x") for s in d] for a, d in enumerate(docs)]  # articles differ
        cands = salience._read(docs)
        (concept,) = salience._concepts("dam collapsed")
        return salience._concept_weights(cands, docs)[concept]

    assert weight(0) > weight(1) > weight(3) > weight(6) > 0


def test_tex_quotes_count_when_balancing():
    assert is_usable("``The players will not be paid in any circumstance,'' Hunter said on Friday.")
    assert not is_usable("The players aren't going to get paid in any circumstance,'' Hunter said.")


def test_empty_and_tiny_inputs():
    assert select_summary([], 100) == []
    assert select_summary([[]], 100) == []
    assert select_summary([[], []], 100) == []
    assert sentence_salience([]) == []
    assert sentence_salience([[]]) == [[]]
    one = ["The mayor announced a new budget for the city schools on Friday morning."]
    assert select_summary([one], 100) == [(0, 0)]
    assert select_summary([one], 5) == []  # the only sentence does not fit
    assert select_summary([one, one], 100) == [(0, 0)]


def test_salience_shape_and_range():
    docs = _docs(STORY)
    sal = sentence_salience(docs)
    assert [len(r) for r in sal] == [len(d) for d in docs]
    values = [v for row in sal for v in row]
    assert all(0.0 <= v <= 1.0 for v in values) and max(values) == 1.0
    assert sal[1][3] == 0.0  # "Advertisement"


def test_large_story_is_bounded():
    """2,000 articles of 30 sentences each: completes (the reading is capped) and stays in budget."""
    topics = ["flood", "bridge", "election", "vaccine", "strike", "drought", "merger", "wildfire"]
    docs = []
    for a in range(2000):
        t = topics[a % len(topics)]
        docs.append([f"Officials reported that the {t} affected district {a % 37} and nearby towns on day {k}."
                     for k in range(30)])
    chosen = select_summary(docs, 100)
    assert chosen and _words(docs, chosen) <= 100
    sal = sentence_salience(docs)
    assert len(sal) == 2000
