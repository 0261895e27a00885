"""A read-only web app over a newsbrief store, on the standard library's HTTP server.

Pages (HTML, rendered by :mod:`newsbrief.report.html`, so every piece of article
text is escaped) and a JSON API over the same data:

=====================  ====================================================
``/``                  stories, largest first; ``?q=words`` filters headlines
``/story/<id>``        one story: brief, facts, copies, sources
``/api/stories``       the story list as JSON
``/api/story/<id>``    one story in the documented JSON format (docs/json.md)
=====================  ====================================================

A story's id may be shortened to a prefix; one that several stories start with
is answered with 300 Multiple Choices: a page (or, from the API, JSON) naming them.

The app opens the store per request and never writes to it. It answers one
request at a time (the NER model is not safe to share across threads; pages
are small), and binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import json
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from newsbrief.errors import AmbiguousStory, StoreError, StoryNotFound
from newsbrief.facts.entities import EntityTagger
from newsbrief.facts.story import entity_tagger
from newsbrief.pipeline import Options, story_brief_from_store
from newsbrief.report.html import html_page, story_section
from newsbrief.report.common import counted, story_list
from newsbrief.report.json import briefs_to_dict
from newsbrief.store.sqlite import Store

__all__ = ["StoreApp", "serve"]

# A connection that sends nothing for this long is closed.
_IDLE_SECONDS = 30

_STORY_PATH = re.compile(r"^/(api/)?story/([A-Za-z0-9_.:-]{1,80})$")


@dataclass(frozen=True)
class Response:
    status: HTTPStatus
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()  # besides the type, length and security ones every answer has


@dataclass(frozen=True)
class StoreApp:
    """Answers GET requests from a store file; usable without a server (see :meth:`get`).

    >>> app = StoreApp(Path(":memory:"))
    >>> app.get("/nowhere").status
    <HTTPStatus.NOT_FOUND: 404>
    """

    store: Path
    options: Options = Options()
    # Made once by serve(): loading the NER model per request would cost seconds.
    tagger: EntityTagger | None = None

    def get(self, target: str) -> Response:
        """The response to ``GET target`` (a path with an optional query); a store that
        cannot be read is a 500 saying why (in JSON under ``/api/``)."""
        api = urlsplit(target).path.startswith("/api/")
        try:
            return self._get(target)
        except StoreError as error:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(error), api)

    def _get(self, target: str) -> Response:
        url = urlsplit(target)
        query = parse_qs(url.query)
        if url.path == "/":
            return self._html("newsbrief", self._story_list(query.get("q", [""])[0]))
        if url.path == "/api/stories":
            return self._json(self._stories())
        match = _STORY_PATH.match(url.path)
        if match:
            try:
                with Store.for_reading(self.store) as store:
                    found = store.find_story(match.group(2))
                    brief = story_brief_from_store(store, found, self.options, self.tagger)
            except AmbiguousStory as error:
                return self._choices(error, api=bool(match.group(1)))
            except StoryNotFound:
                return self._not_found(api=bool(match.group(1)))
            if match.group(1):
                return self._json(briefs_to_dict([brief]))
            nav = '<p class="meta"><a href="/">← all stories</a></p>'
            if found.merged:  # an old link to a story that has since been merged into this one
                merged = ", ".join(found.matched) or match.group(2)
                nav += f'<p class="meta">Story {escape(merged)} was merged into this one ({escape(found.id)}).</p>'
            # The section's own h2 is the headline; the page heading stays the site's name.
            return self._html(brief.headline, nav + story_section(brief), heading="newsbrief")
        return self._not_found(api=url.path.startswith("/api/"))

    def _stories(self) -> list[dict[str, object]]:
        with Store.for_reading(self.store) as store:
            found = store.stories()
        return story_list(found, Options().stories.window)

    def _story_list(self, q: str) -> str:
        words = q.lower().split()
        rows = [s for s in self._stories() if all(w in str(s["title"]).lower() for w in words)]
        form = (
            '<form method="get" action="/"><input name="q" type="search" placeholder="Filter stories" '
            f'value="{escape(q)}" aria-label="Filter stories"> <button type="submit">Filter</button></form>'
        )
        if not rows:
            return form + "<p>No stories.</p>"
        items = "".join(
            f'<li><a href="/story/{quote(str(s["id"]))}">{escape(str(s["title"]) or str(s["id"]))}</a> '
            f'<span class="meta">{counted(int(str(s["articles"])), "article")}'
            f'{" · " + escape(str(s["last_seen"])[:10]) if s["last_seen"] else ""} · {s["status"]}</span></li>'
            for s in rows
        )
        return f'{form}<ol class="stories">{items}</ol>'

    @staticmethod
    def _html(title: str, body: str, heading: str | None = None) -> Response:
        return Response(HTTPStatus.OK, "text/html; charset=utf-8", html_page(title, body, heading).encode("utf-8"))

    @staticmethod
    def _json(data: object) -> Response:
        return Response(HTTPStatus.OK, "application/json", json.dumps(data, ensure_ascii=False).encode("utf-8"))

    @staticmethod
    def _choices(error: AmbiguousStory, api: bool) -> Response:
        """The stories an ambiguous prefix matches, as links (or JSON from the API)."""
        if api:
            body = json.dumps({"error": error.args[0], "matches": list(error.matches)}, ensure_ascii=False)
            return Response(HTTPStatus.MULTIPLE_CHOICES, "application/json", body.encode("utf-8"))
        links = "".join(f'<li><a href="/story/{quote(m)}">{escape(m)}</a></li>' for m in error.matches)
        page = html_page("Several stories", f"<p>{escape(error.args[0])}</p><ul>{links}</ul>")
        return Response(HTTPStatus.MULTIPLE_CHOICES, "text/html; charset=utf-8", page.encode("utf-8"))

    @staticmethod
    def _not_found(api: bool = False) -> Response:
        if api:
            return StoreApp._error(HTTPStatus.NOT_FOUND, "no such story or page", api=True)
        return Response(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8",
                        html_page("Not found", '<p>No such page. <a href="/">All stories</a></p>').encode("utf-8"))

    @staticmethod
    def _error(status: HTTPStatus, message: str, api: bool) -> Response:
        if api:
            return Response(status, "application/json", json.dumps({"error": message}, ensure_ascii=False).encode("utf-8"))
        page = html_page(status.phrase, f"<p>{escape(message)}</p>")
        return Response(status, "text/html; charset=utf-8", page.encode("utf-8"))


def _handler(app: StoreApp, log: Callable[[str], None] | None) -> type[BaseHTTPRequestHandler]:
    # Each connection has its thread, so one that sends nothing (a browser's preconnect)
    # holds up no other; answers are made one at a time, as the tagger's model is shared.
    answering = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        timeout = _IDLE_SECONDS

        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            self._answer(body=True)

        def do_HEAD(self) -> None:  # noqa: N802
            self._answer(body=False)

        def _refuse(self) -> None:
            # Read-only: 405 with what is allowed (the stdlib would answer 501, as to an unknown verb).
            refused = StoreApp._error(HTTPStatus.METHOD_NOT_ALLOWED, "read-only: GET and HEAD only", self.path.startswith("/api/"))
            self._answer(body=True, response=replace(refused, headers=(("Allow", "GET, HEAD"),)))

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse  # noqa: N815

        def _answer(self, body: bool, response: Response | None = None) -> None:
            if response is None:
                with answering:
                    response = app.get(self.path)
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if body:
                self.wfile.write(response.body)

        def log_message(self, format: str, *args: object) -> None:
            if log is not None:
                log(format % args)

    return Handler


def serve(store: Path, host: str = "127.0.0.1", port: int = 8000, log: Callable[[str], None] | None = None) -> HTTPServer:
    """A server for ``store`` bound to ``host:port`` (port 0 picks a free one); call ``serve_forever()``."""
    options = Options()
    # Bound first: a port taken is said at once, not after the entity model has loaded.
    server = _Server((host, port), BaseHTTPRequestHandler)
    server.log = log
    server.RequestHandlerClass = _handler(StoreApp(Path(store), options, entity_tagger(options.facts)), log)
    return server


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # Ctrl-C does not wait for idle connections
    log: Callable[[str], None] | None = None

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        # A client that hangs up mid-answer is no server error; anything else is one line, not a traceback.
        error = sys.exc_info()[1]
        if self.log is not None and not isinstance(error, ConnectionError):
            self.log(f"error answering {client_address[0]}: {error!r}")
