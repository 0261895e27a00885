"""newsbrief: from a pile of news articles to attributed story briefs.

>>> import newsbrief
>>> articles = newsbrief.read_articles(["examples/corpus"])          # doctest: +SKIP
>>> for story in newsbrief.build_briefs(articles):                  # doctest: +SKIP
...     print(story.headline, [s.sources for s in story.brief])

The names below are imported when first used, not with the package: the
``newsbrief`` command (which imports it first) then answers Ctrl-C during its
start-up, while numpy, scipy and the rest load, with one line, not a traceback.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers see; at run time, _MODULES
    from newsbrief.brief.rank import BriefOptions, write_brief
    from newsbrief.errors import (
        AmbiguousStory,
        InputError,
        InputWarning,
        NewsbriefError,
        NotAnArticle,
        StoreError,
        StoryNotFound,
    )
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

_MODULES = {
    "newsbrief.model": ("Article", "ArticleText", "BriefSentence", "CopyLink", "Disagreement", "Fact", "NearDuplicate",
                        "Sentence", "SentenceRef", "Story", "StoryBrief"),
    "newsbrief.errors": ("NewsbriefError", "InputError", "InputWarning", "NotAnArticle", "StoreError", "StoryNotFound",
                         "AmbiguousStory"),
    "newsbrief.ingest.readers": ("IngestOptions", "read_articles"),
    "newsbrief.reuse.detect": ("CopyOptions", "find_copies"),
    "newsbrief.stories.cluster": ("StoryOptions", "StoryClusterer", "cluster_stories"),
    "newsbrief.brief.rank": ("BriefOptions", "write_brief"),
    "newsbrief.pipeline": ("Options", "build_briefs", "brief_story", "prepare", "ingest_into", "story_brief_from_store"),
    "newsbrief.store.sqlite": ("Store",),
}
_HOME = {name: module for module, names in _MODULES.items() for name in names}

__all__ = list(_HOME)

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``newsbrief.NAME``, imported from its module at first use."""
    if name not in _HOME:
        raise AttributeError(f"module 'newsbrief' has no attribute {name!r}")
    value = getattr(import_module(_HOME[name]), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
