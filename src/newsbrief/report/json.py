"""JSON output, documented in ``docs/json.md``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from newsbrief.model import Article, CopyLink, StoryBrief

__all__ = ["briefs_to_dict", "render_json", "JSON_FORMAT_VERSION"]

JSON_FORMAT_VERSION = 1


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _article(a: Article) -> dict[str, Any]:
    return {"id": a.id, "title": a.title, "source": a.source, "url": a.url, "published": _when(a.published)}


def _copy(link: CopyLink) -> dict[str, Any]:
    return {
        "kind": link.kind,
        "score": link.score,
        "first": link.first,
        "a": {"article": link.a.article, "sentence": link.a.sentence, "text": link.a.text},
        "b": {"article": link.b.article, "sentence": link.b.sentence, "text": link.b.text},
    }


def briefs_to_dict(briefs: Sequence[StoryBrief]) -> dict[str, Any]:
    """The JSON document as plain Python data."""
    return {
        "newsbrief": JSON_FORMAT_VERSION,
        "stories": [
            {
                "id": b.story.id,
                "headline": b.headline,
                "first_seen": _when(b.story.first_seen),
                "last_seen": _when(b.story.last_seen),
                "articles": [_article(a) for a in b.articles],
                "brief": [
                    {"text": s.text, "sources": list(s.sources), "article": s.article, "sentence": s.sentence, "score": s.score}
                    for s in b.brief
                ],
                "copies": [_copy(link) for link in b.copies],
                "near_duplicates": [{"a": d.a, "b": d.b, "similarity": d.similarity} for d in b.near_duplicates],
                "facts": [
                    {"kind": f.kind, "value": f.value, "number": f.number, "what": f.what, "text": f.text,
                     "sources": list(f.sources)}
                    for f in b.facts
                ],
            }
            for b in briefs
        ],
    }


def render_json(briefs: Sequence[StoryBrief]) -> str:
    return json.dumps(briefs_to_dict(briefs), ensure_ascii=False, indent=2) + "\n"
