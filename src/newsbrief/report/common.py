"""What every renderer shares: how articles are numbered and cited."""

from __future__ import annotations

from collections.abc import Iterable

from newsbrief.model import StoryBrief

__all__ = ["article_numbers", "cited"]


def article_numbers(brief: StoryBrief) -> dict[str, int]:
    """Article id -> its number in the story's source list (1-based, story order)."""
    return {a.id: i for i, a in enumerate(brief.articles, start=1)}


def cited(ids: Iterable[str], numbers: dict[str, int]) -> list[str]:
    """The ids that belong to the story, in source-list order (so citations read [1] [2] [4])."""
    return sorted((i for i in ids if i in numbers), key=numbers.__getitem__)
