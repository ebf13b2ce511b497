"""briefing: news articles in, stories and cited briefing memos out.

Library use:

    import briefing
    with briefing.open_store("news.db") as store:
        report = briefing.ingest(store, ["articles/"])
        briefing.cluster(store)
        for story in briefing.stories(store):
            print(story.id, story.title, story.article_ids)
"""
from .api import cluster, ingest, open_store, stories
from .models import Article, Duplicate, IngestReport, Rejection, Sentence, Story
from .store import Store, StoreError

__version__ = "0.1.0"

__all__ = ["open_store", "ingest", "cluster", "stories", "Article", "Sentence", "Story", "IngestReport",
           "Rejection", "Duplicate", "Store", "StoreError", "__version__"]
