"""Web crawls: the HTML pages of WARC files (newsbrief.ingest.warc), read as .html files are."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsbrief.errors import InputError, InputNotice
from newsbrief.ingest import read_articles

CRAWLED = "2024-03-14T09:30:00Z"

PIER = (
    "<html lang='en'><head><title>Crane collapses on east pier | Quay Gazette</title>"
    "<meta property='og:site_name' content='Quay Gazette'>"
    "<meta property='article:published_time' content='2024-03-12T08:41:00+01:00'></head><body><article>"
    "<h1>Crane collapses on east pier</h1>"
    "<p>The harbour authority closed the east pier on Monday after a crane collapsed onto the quay.</p>"
    "<p>Nobody was hurt, the authority said, but ferries were diverted to the west dock for two days.</p>"
    "<p>Engineers will inspect the remaining cranes this week before the pier reopens to traffic.</p>"
    "</article></body></html>"
)
# No date of its own, no site name: the crawl's date and the host stand in.
FERRY = (
    "<html><head><title>Ferries return to the west dock</title></head><body><article>"
    "<h1>Ferries return to the west dock</h1>"
    "<p>Ferry crews moved their morning sailings to the west dock while the east pier stays shut.</p>"
    "<p>Passengers were asked to allow twenty extra minutes for the walk from the town centre.</p>"
    "<p>The operator said the timetable itself was unchanged and no sailing had been cancelled.</p>"
    "</article></body></html>"
)


def response(url: str, html: bytes | str, status: str = "200 OK", kind: str = "text/html; charset=utf-8",
             date: str = CRAWLED) -> dict:
    return {"url": url, "kind": "response", "status": status, "type": kind, "date": date,
            "payload": html.encode() if isinstance(html, str) else html}


PAGES = [
    {"url": "https://gazette.example/", "kind": "request", "payload": b"GET / HTTP/1.1\r\nHost: gazette.example\r\n\r\n"},
    response("https://gazette.example/pier", PIER),
    response("https://gazette.example/timetable.pdf", b"%PDF-1.4 not a page", kind="application/pdf"),
    response("https://gazette.example/crane.png", b"\x89PNG\r\n\x1a\n\x00\x00", kind="image/png"),
    response("https://gazette.example/gone", "<html><body><p>Page not found</p></body></html>", status="404 Not Found"),
    {"url": "https://gazette.example/pier", "kind": "metadata", "type": "application/warc-fields",
     "payload": b"via: https://gazette.example/\r\n"},
    response("https://ferries.example/west-dock", FERRY),
]


def write_warc(path: Path, records: list[dict], gz: bool = True) -> list[int]:
    """Write ``records`` to ``path`` with warcio; the byte offset of each."""
    offsets = []
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        for r in records:
            offsets.append(handle.tell())
            headers = {"WARC-Date": r.get("date", CRAWLED)}
            if r["kind"] == "response":
                http = StatusAndHeaders(r["status"], [("Content-Type", r["type"])], protocol="HTTP/1.1")
                record = writer.create_warc_record(r["url"], "response", payload=io.BytesIO(r["payload"]),
                                                   http_headers=http, warc_headers_dict=headers)
            else:
                record = writer.create_warc_record(r["url"], r["kind"], payload=io.BytesIO(r["payload"]),
                                                   warc_content_type=r.get("type"), warc_headers_dict=headers)
            writer.write_record(record)
    return offsets


def collect(*paths: Path) -> tuple[list, list[InputError]]:
    problems: list[InputError] = []
    return list(read_articles(paths, on_error=problems.append)), problems


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc", "CRAWL.WARC.GZ"])
def test_the_html_pages_of_a_crawl_are_its_articles(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    offsets = write_warc(path, PAGES, gz=name.lower().endswith(".gz"))
    articles, problems = collect(path)
    # The request, the PDF, the image, the 404 and the metadata are passed over without a word.
    assert problems == []
    pier, ferry = articles
    assert (pier.title, pier.source, pier.url) == ("Crane collapses on east pier", "Quay Gazette", "https://gazette.example/pier")
    assert pier.text.startswith("The harbour authority closed the east pier")
    assert pier.published == datetime(2024, 3, 12, 7, 41, tzinfo=timezone.utc) and pier.published_from == "html metadata"
    assert pier.language == "en" and pier.origin == f"{path} (byte {offsets[1]})"
    # A page that gives no date is dated by the day it was crawled (by then it was out); its outlet is its host.
    assert ferry.published == datetime(2024, 3, 14, tzinfo=timezone.utc) and ferry.published_from == "crawl date"
    assert ferry.date_only and not pier.date_only
    assert (ferry.title, ferry.source, ferry.url) == ("Ferries return to the west dock", "ferries.example",
                                                        "https://ferries.example/west-dock")


def test_a_crawl_in_a_folder_is_read_and_its_pages_keep_their_sites(tmp_path: Path) -> None:
    folder = tmp_path / "crawls" / "monday"
    folder.mkdir(parents=True)
    write_warc(folder / "crawl.warc.gz", PAGES)
    articles, problems = collect(tmp_path / "crawls")
    # Not "monday": a crawl holds many sites, each page is its own site's.
    assert problems == [] and [a.source for a in articles] == ["Quay Gazette", "ferries.example"]


def test_a_truncated_crawl_keeps_the_pages_before_the_cut_and_says_where(tmp_path: Path) -> None:
    for gz in (True, False):
        path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
        offsets = write_warc(path, PAGES, gz=gz)
        whole = path.read_bytes()
        # Cut in the middle of the PDF's record (the third), after the pier's page.
        path.write_bytes(whole[: (offsets[2] + offsets[3]) // 2])
        articles, problems = collect(path)
        assert [a.title for a in articles] == ["Crane collapses on east pier"]
        [problem] = problems
        assert (problem.path, problem.line, problem.offset) == (str(path), None, offsets[2])
        assert str(problem) == f"{path} (byte {offsets[2]}): truncated WARC record: the file ends inside it"


def test_a_cut_anywhere_in_a_record_is_found(tmp_path: Path) -> None:
    # warcio reads a record cut short as a short one: every cut inside the ferry's
    # record (the last), but in the blank lines closing it, must be reported at its start.
    for gz in (True, False):
        path = tmp_path / "cut.warc.gz" if gz else tmp_path / "cut.warc"
        offsets = write_warc(path, PAGES, gz=gz)
        whole = path.read_bytes()
        # The closing bytes: a gzip member's trailer (with the end of its deflate data), or the "\r\n\r\n".
        closing = len(gzip.compress(b"")) + 4 if gz else 4
        silent = []
        for end in range(offsets[-1] + 1, len(whole) - closing):
            path.write_bytes(whole[:end])
            articles, problems = collect(path)
            if [a.title for a in articles] != ["Crane collapses on east pier"] or [p.offset for p in problems] != [offsets[-1]]:
                silent.append(end)
        assert silent == [], (gz, silent[:5])


def test_a_corrupt_record_is_an_error_at_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.warc"
    offsets = write_warc(path, PAGES, gz=False)
    whole = path.read_bytes()
    # Bytes dropped from the PDF's payload (the third record): its length now runs into the next record.
    end = offsets[3] - 4  # its closing "\r\n\r\n"
    path.write_bytes(whole[: end - 10] + whole[end - 5 :])
    articles, problems = collect(path)
    assert [a.title for a in articles] == ["Crane collapses on east pier"]
    [problem] = problems
    assert problem.offset == offsets[2] and "corrupt WARC record" in problem.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<html><body><p>Not a crawl at all</p></body></html>", "not a WARC file"),
        (b"", "empty file"),
    ],
)
def test_a_file_that_is_no_crawl_is_reported_once(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "page.warc"
    path.write_bytes(content)
    articles, problems = collect(path)
    assert articles == [] and [(p.path, p.reason) for p in problems] == [(str(path), reason)]


def test_a_crawl_without_pages_says_what_it_holds(tmp_path: Path) -> None:
    path = tmp_path / "nothing.warc.gz"
    write_warc(path, [PAGES[0], PAGES[2], PAGES[4], PAGES[4]])
    articles, problems = collect(path)
    assert articles == [] and [p.reason for p in problems] == [
        "no HTML page (HTTP 200) in this WARC file; its records: 2 HTTP 404, 1 not HTML, 1 request record"
    ]


def test_a_crawl_gzipped_whole_is_said_so(tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    write_warc(plain, PAGES, gz=False)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    articles, problems = collect(path)
    [problem] = problems
    assert "gzipped whole, not record by record" in problem.reason and problem.offset == 0  # where it starts


MENU = response("https://gazette.example/menu", "<html><body><nav>Home</nav></body></html>")
FRONT = response("https://gazette.example/", "<html><head><link rel='canonical' href='https://gazette.example/'>"
                 "<title>Quay Gazette</title></head><body><p>" + "Latest news from the harbour and the town. " * 6
                 + "</p></body></html>")
STUB = response("https://gazette.example/soon", "<html><head><title>Coming soon</title></head><body><p>Check back later.</p></body></html>")


def test_pages_without_an_article_are_passed_over_as_a_crawl_holds_many(tmp_path: Path) -> None:
    # Menus, index pages and stubs are what a crawl holds beside its articles: not
    # problems of the input, or a strict run of a real crawl could never pass.
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [MENU, FRONT, STUB, PAGES[1]])
    articles, problems = collect(path)
    assert [a.title for a in articles] == ["Crane collapses on east pier"] and problems == []


def test_a_topic_page_of_a_crawl_is_passed_over(tmp_path: Path) -> None:
    # Typed "website", no time of its own, at a folder's address: a list of teasers.
    teasers = "".join(f"<div><h2><a href='/news/{n}'>Ferry story {n}</a></h2><p>{FERRY[150:260]}</p></div>" for n in range(4))
    topic = ("<html><head><title>Lake ferries | Quay Gazette</title><meta property='og:type' content='website'>"
             f"<link rel='canonical' href='https://gazette.example/topics/lake-ferries/'></head><body>{teasers}</body></html>")
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [response("https://gazette.example/topics/lake-ferries/", topic), PAGES[1]])
    articles, problems = collect(path)
    assert [a.title for a in articles] == ["Crane collapses on east pier"] and problems == []


def test_an_article_typed_website_at_a_folder_address_is_kept_when_it_has_a_time(tmp_path: Path) -> None:
    # WordPress permalinks end with "/"; a <time> of its own says it is an article.
    page = PIER.replace("<meta property='article:published_time' content='2024-03-12T08:41:00+01:00'>",
                        "<meta property='og:type' content='website'>").replace(
        "<article>", "<article><time datetime='2024-03-12T08:41:00+01:00'>12 March</time>")
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [response("https://gazette.example/2024/03/12/crane-collapses/", page)])
    [pier], problems = collect(path)
    assert pier.title == "Crane collapses on east pier" and problems == []


def test_a_page_keeps_its_canonical_address_of_the_host_it_was_fetched_from(tmp_path: Path) -> None:
    page = PIER.replace("</head>", "<link rel='canonical' href='https://gazette.example/pier'></head>")
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [response("https://gazette.example/pier?utm_source=feed", page)])
    [pier], _ = collect(path)
    assert pier.url == "https://gazette.example/pier"


def test_a_page_in_an_encoding_that_cannot_be_undone_is_reported_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "zstd")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://gazette.example/pier", "response",
                                                      payload=io.BytesIO(b"(\xb5/\xfd compressed"), http_headers=http))
    articles, problems = collect(path)
    assert articles == [] and [(p.offset, p.reason) for p in problems] == [
        (0, "page served in a content encoding that cannot be decoded here (zstd)"),
        (None, "no HTML page (HTTP 200) in this WARC file; its records: 1 zstd-encoded")]


def test_a_page_without_a_time_of_its_own_takes_the_crawl_date_not_a_guess_from_its_address(tmp_path: Path) -> None:
    # trafilatura reads "/2024/03/" as 1 March; the crawl on 14 March is the better bound.
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [response("https://ferries.example/2024/03/west-dock", FERRY.replace("<p>Passengers", "<p>© 2024 Passengers"))])
    [ferry], problems = collect(path)
    assert ferry.published == datetime(2024, 3, 14, tzinfo=timezone.utc) and ferry.published_from == "crawl date"


def test_a_page_is_read_in_the_charset_its_server_stated(tmp_path: Path) -> None:
    # Cyrillic in windows-1251, said only in the HTTP header: read as UTF-8 or
    # windows-1252 it would be mojibake.
    body = ("<html><head><title>Паром вернулся в западный док</title></head><body><article>"
            "<h1>Паром вернулся в западный док</h1>" + "<p>Паромы снова отходят от западного дока каждое утро.</p>" * 4
            + "</article></body></html>")
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [response("https://ferries.example/ru", body.encode("cp1251"), kind="text/html; charset=windows-1251")])
    [page], problems = collect(path)
    assert page.title == "Паром вернулся в западный док" and "западного дока" in page.text and problems == []


def test_an_untyped_response_is_a_page_when_its_bytes_are_html(tmp_path: Path) -> None:
    untyped = [response("https://gazette.example/pier", f"<!DOCTYPE html>{PIER}", kind=""),
               response("https://gazette.example/notes", "plain notes, no markup", kind="")]
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, untyped)
    articles, problems = collect(path)
    assert [a.title for a in articles] == ["Crane collapses on east pier"] and problems == []


def test_a_crawl_without_an_article_says_so_once(tmp_path: Path) -> None:
    path = tmp_path / "fronts.warc.gz"
    write_warc(path, [MENU, FRONT, STUB, MENU])
    articles, problems = collect(path)
    assert articles == [] and [str(p) for p in problems] == [
        f"{path}: no article in its HTML pages (1 listing, 3 stub)"
    ]


# The pier's page updated in place: a figure changed, its modification time stated, and
# (as some sites do) its publication time moved to the update's.
PIER_UPDATED = PIER.replace("ferries were diverted to the west dock for two days", "ferries were diverted to the west dock for four days").replace(
    "<meta property='article:published_time' content='2024-03-12T08:41:00+01:00'>",
    "<meta property='article:published_time' content='2024-03-13T17:05:00+01:00'>"
    "<meta property='article:modified_time' content='2024-03-13T17:05:00+01:00'>")


def test_a_page_captured_twice_is_one_article_its_latest_capture_first_dated(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path, [response("https://gazette.example/pier", PIER, date="2024-03-12T10:00:00Z"), PAGES[-1],
                                response("https://gazette.example/pier", PIER_UPDATED, date="2024-03-14T09:00:00Z")])
    articles, problems = collect(path)
    # One outlet's one article, not two sources contradicting each other on "two days" and "four days".
    ferry, pier = articles
    assert ferry.title == "Ferries return to the west dock"
    assert "four days" in pier.text and pier.origin == f"{path} (byte {offsets[2]})"
    # Dated as first published, not as last updated.
    assert pier.published == datetime(2024, 3, 12, 7, 41, tzinfo=timezone.utc) and pier.published_from == "html metadata"
    [notice] = problems
    assert isinstance(notice, InputNotice) and notice.offset == offsets[2]
    assert str(notice) == (f"{path} (byte {offsets[2]}): https://gazette.example/pier was captured 2 times:"
                           f" kept this capture, the latest; dropped the one(s) at byte {offsets[0]}")


def test_the_latest_capture_is_told_by_the_page_s_modified_time_else_by_when_it_was_crawled(tmp_path: Path) -> None:
    # Two crawls merged: the update comes first in the file; its JSON-LD dateModified says it is the later one.
    updated = PIER_UPDATED.replace("<meta property='article:modified_time' content='2024-03-13T17:05:00+01:00'>",
                                   '<script type="application/ld+json">{"@type": "NewsArticle",'
                                   ' "dateModified": "2024-03-13T17:05:00+01:00"}</script>')
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [response("https://gazette.example/pier", updated, date="2024-03-12T10:00:00Z"),
                      response("https://gazette.example/pier", PIER, date="2024-03-12T11:00:00Z")])
    [pier], [notice] = collect(path)
    assert "four days" in pier.text and "dropped the one(s) at byte" in notice.reason
    # Neither states one: the later WARC-Date wins, wherever it is in the file.
    path = tmp_path / "undated.warc.gz"
    offsets = write_warc(path, [response("https://ferries.example/west-dock", FERRY.replace("twenty", "thirty"),
                                         date="2024-03-15T08:00:00Z"),
                                response("https://ferries.example/west-dock", FERRY, date="2024-03-14T08:00:00Z")])
    [ferry], [notice] = collect(path)
    assert "thirty extra minutes" in ferry.text and notice.offset == offsets[0]
    # Its date: the first capture's crawl day, the earliest bound of its publication.
    assert ferry.published == datetime(2024, 3, 14, tzinfo=timezone.utc) and ferry.published_from == "crawl date"


def test_a_crawl_page_s_date_in_the_future_is_said_of_the_file_and_its_record(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path, [PAGES[-1], response("https://gazette.example/pier", PIER.replace("2024-03-12", "2204-03-12"))])
    _, [problem] = collect(path)
    assert (problem.path, problem.line, problem.offset) == (str(path), None, offsets[1])
    assert str(problem) == f"{path} (byte {offsets[1]}): date 2204-03-12T08:41:00+01:00 is in the future: read as undated"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsbrief", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_brief_and_ingest_read_a_crawl(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    # warcio logs that it mends a URI with a space: the command prints only its own messages.
    write_warc(crawl, [*PAGES, response("https://gazette.example/a page", "<html><body><p>Menu</p></body></html>")])
    briefed = run("brief", str(crawl), "--format", "json", "--no-entities", cwd=tmp_path)
    assert briefed.returncode == 0 and briefed.stderr == "", briefed.stderr
    titles = sorted(story["headline"] for story in json.loads(briefed.stdout)["stories"])
    assert titles == ["Crane collapses on east pier", "Ferries return to the west dock"]
    db = tmp_path / "n.db"
    ingested = run("ingest", str(crawl), "--store", str(db), cwd=tmp_path)
    assert ingested.returncode == 0 and "2 new article(s)" in ingested.stderr, ingested.stderr
    # A menu page does not stop a strict run: it is no problem of the input.
    write_warc(crawl, [MENU, *PAGES])
    strict = run("ingest", str(crawl), "--store", str(db), "--strict", cwd=tmp_path)
    assert strict.returncode == 0 and "0 new article(s), 2 already stored" in strict.stderr, strict.stderr


def test_a_truncated_crawl_is_skipped_or_stops_a_strict_run(tmp_path: Path) -> None:
    crawl = tmp_path / "cut.warc.gz"
    offsets = write_warc(crawl, PAGES)
    crawl.write_bytes(crawl.read_bytes()[: offsets[-1] + 40])
    kept = run("brief", str(crawl), "--format", "json", "--no-entities", cwd=tmp_path)
    assert kept.returncode == 0
    assert f"skipped: {crawl} (byte {offsets[-1]}): truncated WARC record" in kept.stderr
    assert [s["headline"] for s in json.loads(kept.stdout)["stories"]] == ["Crane collapses on east pier"]
    strict = run("ingest", str(crawl), "--store", str(tmp_path / "n.db"), "--strict", cwd=tmp_path)
    assert strict.returncode == 2 and f"error: {crawl} (byte {offsets[-1]})" in strict.stderr
    assert not (tmp_path / "n.db").exists()


def test_a_page_captured_twice_is_said_and_does_not_stop_a_strict_run(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc.gz"
    offsets = write_warc(crawl, [response("https://gazette.example/pier", PIER, date="2024-03-12T10:00:00Z"),
                                 response("https://gazette.example/pier", PIER_UPDATED, date="2024-03-15T09:00:00Z")])
    strict = run("ingest", str(crawl), "--store", str(tmp_path / "n.db"), "--strict", cwd=tmp_path)
    assert strict.returncode == 0 and "1 new article(s)" in strict.stderr, strict.stderr
    assert (f"warning: {crawl} (byte {offsets[1]}): https://gazette.example/pier was captured 2 times:"
            f" kept this capture, the latest; dropped the one(s) at byte {offsets[0]}") in strict.stderr
