"""JSON output, documented in ``docs/json.md``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from newsbrief.model import Article, CopyLink, Disagreement, Fact, StoryBrief

__all__ = ["briefs_to_dict", "render_json", "facts_to_dict", "render_facts_json", "JSON_FORMAT_VERSION"]

JSON_FORMAT_VERSION = 1


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _article(a: Article) -> dict[str, Any]:
    return {"id": a.id, "title": a.title, "source": a.source, "url": a.url, "published": a.published_iso}


def _copy(link: CopyLink) -> dict[str, Any]:
    return {
        "kind": link.kind,
        "score": link.score,
        "first": link.first,
        "a": {"article": link.a.article, "sentence": link.a.sentence, "text": link.a.text},
        "b": {"article": link.b.article, "sentence": link.b.sentence, "text": link.b.text},
        "spans": [list(span) for span in link.spans],
    }


def _fact(f: Fact) -> dict[str, Any]:
    return {
        "kind": f.kind, "value": f.value, "number": f.number, "what": f.what, "text": f.text,
        "sources": list(f.sources), "article": f.article, "sentence": f.sentence,
        "span": list(f.span) if f.span else None, "forms": list(f.forms), "mentions": dict(f.mentions),
        "when": {"first": f.when[0].isoformat(), "last": f.when[1].isoformat()} if f.when else None,
        "anchor": f.anchor.isoformat() if f.anchor else None,
    }  # fmt: skip


def _disagreement(d: Disagreement) -> dict[str, Any]:
    return {"what": d.what, "kind": d.kind, "reason": d.reason, "claims": [_fact(c) for c in d.claims]}


def _facts_part(b: StoryBrief) -> dict[str, Any]:
    return {
        "facts": [_fact(f) for f in b.facts],
        "timeline": [_fact(f) for f in b.timeline],
        "disagreements": [_disagreement(d) for d in b.disagreements],
    }


def facts_to_dict(briefs: Sequence[StoryBrief]) -> dict[str, Any]:
    """The facts of each story (``newsbrief facts``): the JSON document with only the
    story's id, headline, articles, facts, timeline and disagreements."""
    return {
        "newsbrief": JSON_FORMAT_VERSION,
        "stories": [
            {"id": b.story.id, "headline": b.headline, "articles": [_article(a) for a in b.articles], **_facts_part(b)}
            for b in briefs
        ],
    }


def render_facts_json(briefs: Sequence[StoryBrief]) -> str:
    return json.dumps(facts_to_dict(briefs), ensure_ascii=False, indent=2) + "\n"


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
                    {"text": s.text, "sources": list(s.sources), "article": s.article, "sentence": s.sentence, "score": s.score,
                     "revises": list(s.revises)}
                    for s in b.brief
                ],
                "copies": [_copy(link) for link in b.copies],
                "near_duplicates": [{"a": d.a, "b": d.b, "similarity": d.similarity} for d in b.near_duplicates],
                **_facts_part(b),
            }
            for b in briefs
        ],
    }


def render_json(briefs: Sequence[StoryBrief]) -> str:
    return json.dumps(briefs_to_dict(briefs), ensure_ascii=False, indent=2) + "\n"
