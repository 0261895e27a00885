"""Web: a small read-only web app over the local store (``newsbrief serve``)."""

from newsbrief.web.app import StoreApp, serve

__all__ = ["StoreApp", "serve"]
