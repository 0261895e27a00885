"""Ingest: read articles from files, folders, JSONL/JSON records, HTML pages and RSS/Atom feeds.

>>> from newsbrief.ingest import read_articles
>>> problems = []
>>> articles = list(read_articles(["examples/corpus"], on_error=problems.append))  # doctest: +SKIP
"""

from newsbrief.ingest.readers import IngestOptions, one_name_per_outlet, read_articles

__all__ = ["IngestOptions", "one_name_per_outlet", "read_articles"]
