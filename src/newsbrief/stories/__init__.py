"""Stories: articles grouped by the real-world event they report (batch and stream), and why."""

from newsbrief.stories.cluster import StoryClusterer, StoryOptions, cluster_stories, story_id_for, time_order
from newsbrief.stories.explain import ArticleReason, StoryLink, explain, explain_story, loosest_link
from newsbrief.stories.features import ArticleFeatures, FeatureExtractor, FeatureOptions

__all__ = [
    "StoryOptions",
    "StoryClusterer",
    "cluster_stories",
    "story_id_for",
    "time_order",
    "ArticleFeatures",
    "FeatureExtractor",
    "FeatureOptions",
    "ArticleReason",
    "explain",
    "explain_story",
    "StoryLink",
    "loosest_link",
]
