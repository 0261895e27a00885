"""newsbrief: from a pile of news articles to attributed story briefs.

>>> import newsbrief
>>> articles = newsbrief.read_articles(["examples/corpus"])          # doctest: +SKIP
>>> for story in newsbrief.build_briefs(articles):                  # doctest: +SKIP
...     print(story.headline, [s.sources for s in story.brief])
"""

from newsbrief.brief.rank import BriefOptions, write_brief
from newsbrief.errors import AmbiguousStory, InputError, InputWarning, NewsbriefError, StoreError, StoryNotFound
from newsbrief.ingest.readers import IngestOptions, read_articles
from newsbrief.model import (
    Article,
    ArticleText,
    BriefSentence,
    CopyLink,
    Disagreement,
    Fact,
    NearDuplicate,
    Sentence,
    SentenceRef,
    Story,
    StoryBrief,
)
from newsbrief.pipeline import Options, brief_story, build_briefs, ingest_into, prepare, story_brief_from_store
from newsbrief.reuse.detect import CopyOptions, find_copies
from newsbrief.store.sqlite import Store
from newsbrief.stories.cluster import StoryClusterer, StoryOptions, cluster_stories

__all__ = [
    "Article", "ArticleText", "BriefSentence", "CopyLink", "Disagreement", "Fact", "NearDuplicate", "Sentence", "SentenceRef",
    "Story", "StoryBrief",
    "NewsbriefError", "InputError", "InputWarning", "StoreError", "StoryNotFound", "AmbiguousStory",
    "IngestOptions", "read_articles", "prepare",
    "CopyOptions", "find_copies",
    "StoryOptions", "StoryClusterer", "cluster_stories",
    "BriefOptions", "write_brief",
    "Options", "build_briefs", "brief_story",
    "Store", "ingest_into", "story_brief_from_store",
]

__version__ = "0.1.0"
