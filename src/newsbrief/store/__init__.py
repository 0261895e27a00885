"""Store: the local SQLite database behind ``newsbrief ingest``, ``stories`` and ``show``."""

from newsbrief.store.sqlite import SCHEMA_VERSION, Store, StoryMatch

__all__ = ["SCHEMA_VERSION", "Store", "StoryMatch"]
