"""The web app over a real store: HTTP answers, and a real headless Chromium clicking through it."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import pytest

from newsbrief import Article, Store, ingest_into, read_articles
from newsbrief.pipeline import prepare
from newsbrief.reuse.detect import find_copies
from newsbrief.web import serve

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"
HOSTILE_TITLE = 'Pier <img src=x onerror="document.title=\'pwned\'"> reopens'


HOSTILE = Article.create(
    title=HOSTILE_TITLE, source="Quay <b>Gazette</b>",
    text="The east pier reopened on Friday after repairs to the crane rails that took nine weeks. "
         "Harbour officials said ferries would return to the east dock from Monday morning.",
)


def corpus() -> list[Article]:
    return [*read_articles([EXAMPLES]), HOSTILE]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("web") / "store.db"
    with Store(path) as store:
        ingest_into(store, corpus())
    server = serve(path, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_api_lists_stories_and_serves_each(base_url: str) -> None:
    status, body = get(f"{base_url}/api/stories")
    stories = json.loads(body)
    assert status == 200 and len(stories) >= 4
    # The rows of `newsbrief stories --format json`, status included, which the page shows too.
    assert all(set(s) == {"id", "title", "articles", "status", "first_seen", "last_seen"} for s in stories)
    assert all(s["status"] in ("open", "dormant") for s in stories)
    page = get(f"{base_url}/")[1]
    assert page.count(" · open</span>") + page.count(" · dormant</span>") == len(stories)
    assert stories[0]["articles"] >= stories[-1]["articles"]
    status, body = get(f"{base_url}/api/story/{stories[0]['id']}")
    story = json.loads(body)["stories"][0]
    assert status == 200 and story["id"] == stories[0]["id"] and story["brief"]
    # The list names each story by its brief's headline.
    for listed in stories:
        assert json.loads(get(f"{base_url}/api/story/{listed['id']}")[1])["stories"][0]["headline"] == listed["title"]


def _story_copies(base_url: str, story: str) -> list[dict[str, Any]]:
    status, body = get(f"{base_url}/api/story/{story}")
    assert status == 200
    return list(json.loads(body)["stories"][0]["copies"])


def test_stored_links_are_served_with_their_spans(base_url: str) -> None:
    stories = json.loads(get(f"{base_url}/api/stories")[1])
    served = {story["id"]: _story_copies(base_url, story["id"]) for story in stories}
    batch = {(l.a.article, l.a.sentence, l.b.article, l.b.sentence): l for l in find_copies([prepare(a) for a in corpus()]).links}
    links = [c for copies in served.values() for c in copies]
    assert links and all(c["spans"] for c in links)
    assert any(c["kind"] == "reworded" and len(c["spans"]) > 1 for c in links)
    for c in links:
        link = batch[(c["a"]["article"], c["a"]["sentence"], c["b"]["article"], c["b"]["sentence"])]
        assert c["spans"] == [list(span) for span in link.spans]
    # The story page marks each aligned run in both sentences.
    story, copies = next((s, c) for s, c in served.items() if any(link["kind"] == "reworded" for link in c))
    page = get(f"{base_url}/story/{story}")[1]
    for c in copies:
        for a_start, a_end, b_start, b_end in c["spans"]:
            assert f"<mark>{escape(c['a']['text'][a_start:a_end])}</mark>" in page
            assert f"<mark>{escape(c['b']['text'][b_start:b_end])}</mark>" in page


def test_unknown_story_and_path_are_404(base_url: str) -> None:
    assert get(f"{base_url}/story/s-000000000000")[0] == 404
    assert get(f"{base_url}/api/story/..%2f..%2fetc%2fpasswd")[0] == 404
    assert get(f"{base_url}/static/../../etc/passwd")[0] == 404


def test_the_api_answers_errors_in_json_and_head_is_served(base_url: str) -> None:
    status, body = get(f"{base_url}/api/story/s-000000000000")
    assert status == 404 and "error" in json.loads(body)
    request = urllib.request.Request(f"{base_url}/", method="HEAD")
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200 and response.read() == b""
        assert int(response.headers["Content-Length"]) > 0


def test_writes_are_refused_as_not_allowed(base_url: str) -> None:
    # Read-only: 405 with the methods allowed, JSON under /api/ (not the stdlib's 501 page).
    for method, path in (("POST", "/api/stories"), ("DELETE", "/api/story/s-1"), ("PUT", "/")):
        request = urllib.request.Request(f"{base_url}{path}", method=method, data=b"{}")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 405 and refused.value.headers["Allow"] == "GET, HEAD"
        body = refused.value.read().decode("utf-8")
        assert ("error" in json.loads(body)) if path.startswith("/api/") else "GET and HEAD only" in body


def test_a_store_that_cannot_be_read_is_a_500_not_a_dropped_connection(tmp_path: Path) -> None:
    from newsbrief.web.app import StoreApp

    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all, just some bytes" * 100)
    page = StoreApp(broken).get("/")
    api = StoreApp(broken).get("/api/stories")
    assert page.status == 500 and b"broken.db" in page.body
    assert api.status == 500 and "error" in json.loads(api.body)


def test_a_connection_that_sends_nothing_holds_up_no_other(base_url: str) -> None:
    # A browser's preconnect: a connection opened and left silent.
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))):
        with urllib.request.urlopen(base_url + "/api/stories", timeout=5) as response:
            assert response.status == 200 and json.loads(response.read())


def test_serve_on_a_port_taken_says_so(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path):
        pass
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "newsbrief", "serve", "--store", str(path), "--port", str(port)],
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_prefix_of_several_stories_lists_them(base_url: str) -> None:
    ids = sorted(s["id"] for s in json.loads(get(f"{base_url}/api/stories")[1]))
    status, page = get(f"{base_url}/story/s-")
    assert status == 300 and f"matches {len(ids)} stories" in page
    assert all(f'<a href="/story/{i}">' in page for i in ids)
    status, body = get(f"{base_url}/api/story/s-")
    assert status == 300 and json.loads(body)["matches"] == ids
    assert get(f"{base_url}/api/story/{ids[0][:-1]}")[0] == 200


def test_filter_and_escaping(base_url: str) -> None:
    status, page = get(f"{base_url}/?q=pier+reopens")
    assert status == 200 and "Pier &lt;img" in page and "<img" not in page
    assert "Kamchatka" not in page
    status, page = get(f"{base_url}/?q=%22%3E%3Cscript%3E")
    assert "<script>" not in page


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium is missing: `make test` installs it (Debian package chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return found


def test_browser_clicks_through_a_story(base_url: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=_chromium(),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        try:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(base_url + "/")
            links = page.locator("ol.stories a")
            assert links.count() >= 4
            first_title = links.first.inner_text()
            links.first.click()
            page.wait_for_selector("ol.brief li")
            # The list names each story by its first article; the story page lists it among its sources.
            assert first_title in page.locator("section.story").inner_text()
            assert page.locator("ol.brief li").count() >= 2
            assert re.search(r"\[\d+\]", page.locator("ol.brief li").first.inner_text())  # cited sources
            page.screenshot(path=str(tmp_path / "story.png"), full_page=True)
            # The copied text, read back from the store, has its aligned runs marked.
            copies = _story_copies(base_url, page.locator("section.story").get_attribute("id") or "")
            page.click("details summary")
            marks = page.locator("details table mark")
            assert marks.first.is_visible()
            assert marks.count() == 2 * sum(len(c["spans"]) for c in copies) > 0
            a_start, a_end, _, _ = copies[0]["spans"][0]
            assert marks.first.inner_text() == copies[0]["a"]["text"][a_start:a_end]
            # Filter with the form, then open the story whose title is hostile markup.
            page.goto(base_url + "/")
            page.fill("input[name=q]", "pier reopens")
            page.click("button[type=submit]")
            page.wait_for_selector("ol.stories a")
            page.locator("ol.stories a").first.click()
            page.wait_for_selector("h2")
            assert page.locator("h2").first.inner_text() == HOSTILE_TITLE
            assert page.title() == HOSTILE_TITLE
            # The headline is shown once, not as both page heading and section heading.
            assert page.get_by_text(HOSTILE_TITLE, exact=True).count() == 1
            assert page.title() != "pwned" and dialogs == []
            assert page.locator("img").count() == 0
        finally:
            browser.close()


def test_an_old_link_to_a_merged_story_says_it_was_merged(tmp_path: Path) -> None:
    from newsbrief import Story
    from newsbrief.web.app import StoreApp

    path = tmp_path / "s.db"
    with Store(path) as store:
        ingest_into(store, [HOSTILE])
        [live] = store.stories()
        store.assign(Story("s-0ld", (), merged_into=live.id))
    page = StoreApp(path).get("/story/s-0ld")
    assert page.status == 200 and f"Story s-0ld was merged into this one ({live.id})." in page.body.decode()
    assert b"was merged" not in StoreApp(path).get(f"/story/{live.id}").body


def test_a_story_page_looks_its_story_up_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsbrief import Story
    from newsbrief.web.app import StoreApp

    path = tmp_path / "s.db"
    with Store(path) as store:
        ingest_into(store, [HOSTILE])
        [live] = store.stories()
        store.assign(Story("s-0ld", (), merged_into=live.id))
    asked: list[str] = []
    find_story = Store.find_story
    monkeypatch.setattr(Store, "find_story", lambda store, story_id: asked.append(story_id) or find_story(store, story_id))
    for target in ("/story/s-0ld", f"/api/story/{live.id[:8]}"):
        asked.clear()
        page = StoreApp(path).get(target)
        assert page.status == 200 and live.id.encode() in page.body
        assert asked == [target.rsplit("/", 1)[1]]


def test_a_client_that_hangs_up_is_no_error_and_others_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.db"
    with Store(path):
        pass
    logged: list[str] = []
    server = serve(path, port=0, log=logged.append)
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ValueError("bad")):
            try:
                raise error
            except Exception:
                server.handle_error(None, ("127.0.0.1", 5555))
    finally:
        server.server_close()
    assert logged == ["error answering 127.0.0.1: ValueError('bad')"]
    assert "Traceback" not in capsys.readouterr().err
