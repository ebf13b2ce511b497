"""Every list of words that the code leaves out or counts as function words, each for its job.

ENGLISH: clustering's term counts leave out scikit-learn's ENGLISH_STOP_WORDS (the Glasgow
Information Retrieval Group's list, as scikit-learn 1.x ships it; BSD-3-Clause), held here so that
counting terms at ingest does not import scikit-learn (about 1.7 s) in every process.
tests/test_stopwords.py checks that it is the installed scikit-learn's list.
"""
ENGLISH = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also although
    always am among amongst amoungst amount an and another any anyhow anyone anything anyway
    anywhere are around as at back be became because become becomes becoming been before beforehand
    behind being below beside besides between beyond bill both bottom but by call can cannot cant co
    con could couldnt cry de describe detail do done down due during each eg eight either eleven
    else elsewhere empty enough etc even ever every everyone everything everywhere except few
    fifteen fifty fill find fire first five for former formerly forty found four from front full
    further get give go had has hasnt have he hence her here hereafter hereby herein hereupon hers
    herself him himself his how however hundred i ie if in inc indeed interest into is it its itself
    keep last latter latterly least less ltd made many may me meanwhile might mill mine more
    moreover most mostly move much must my myself name namely neither never nevertheless next nine
    no nobody none noone nor not nothing now nowhere of off often on once one only onto or other
    others otherwise our ours ourselves out over own part per perhaps please put rather re same see
    seem seemed seeming seems serious several she should show side since sincere six sixty so some
    somehow someone something sometime sometimes somewhere still such system take ten than that the
    their them themselves then thence there thereafter thereby therefore therein thereupon these
    they thick thin third this those though three through throughout thru thus to together too top
    toward towards twelve twenty two un under until up upon us very via was we well were what
    whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever
    whether which while whither who whoever whole whom whose why will with within without would yet
    you your yours yourself yourselves
    """.split()
)

# clustering also leaves out the words of reporting itself, found in every story
NEWS_WORDS = frozenset({"said", "says", "say", "mr", "mrs", "ms", "just", "like", "year", "years", "new", "told",
                        "according", "also", "would", "could", "one", "two"})

# words a claim's meaning does not rest on: sentence selection marks them, the checks skip them
FUNCTION_WORDS = frozenset("""a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself yourselves said says say also s t one two
new mr mrs ms may might""".split())

# words that say nothing about what two sentences share (evidence's `content_words` overlap)
OVERLAP_STOP = frozenset("""the and for that with was were are has have had his her its their this these those from
but not been will would could should said says also into about than then there them they who whom which what
when where while after before over under more most some such only other our out all any can may one two new""".split())

# the commonest English words: their share of a text's words says it is English (`guess_language`)
ENGLISH_MARKERS = frozenset("the of and to in a is that for on with as was by it said at from his he be are has have".split())

# the words before a role noun that end its description, read back from the noun ("..., said the
# former deputy minister": the description is "former deputy"): function words and reporting verbs
# (`memo.attribution`)
ROLE_DESCRIPTION_ENDS = frozenset("""as but and while that the his her their its a an with by of to for in on at said
told says when after before from is was were has had have will would who which this also then however nor neither
or""".split())

# the tokens that end the phrase a number stands in, conjunctions and punctuation ("59 people were
# killed, and 200 hurt": "59" counts the killed only) (`memo.differences`)
NUMBER_PHRASE_ENDS = frozenset({"and", "or", "but", ",", ";", ":", "(", ")", ".", "while", "whereas", "including"})
