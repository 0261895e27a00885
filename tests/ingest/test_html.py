"""HTML pages: headline choice, site name (newsbrief.ingest.html)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from newsbrief.errors import InputError, NotAnArticle
from newsbrief.ingest import read_articles
from newsbrief.ingest.html import strip_site_name, strip_site_suffix

PARAGRAPHS = (
    "<p>The harbour authority closed the east pier on Monday after a crane collapsed onto the quay.</p>"
    "<p>Nobody was hurt, the authority said, but ferries were diverted to the west dock for two days.</p>"
    "<p>Engineers will inspect the remaining cranes this week before the pier reopens to traffic.</p>"
)


def read_page(tmp_path: Path, head: str, body: str = f"<article>{PARAGRAPHS}</article>"):
    path = tmp_path / "page.html"
    path.write_text(f"<html><head>{head}</head><body>{body}</body></html>", encoding="utf-8")
    [article] = read_articles([path])
    return article


@pytest.mark.parametrize(
    "head",
    [
        # The site's name before the headline in og:title.
        '<title>Crane collapses on east pier</title><meta property="og:site_name" content="Quay Gazette | Port news">'
        '<meta property="og:title" content="Quay Gazette | Port news: Crane collapses on east pier">',
        # A <title> naming only the site gives way to the JSON-LD headline.
        '<title>Quay Gazette</title><meta property="og:site_name" content="Quay Gazette">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Crane collapses on east pier"}</script>',
    ],
)
def test_headline_is_not_the_site_name(tmp_path: Path, head: str) -> None:
    assert read_page(tmp_path, head).title == "Crane collapses on east pier"


def test_hnews_entry_title_and_source_org(tmp_path: Path) -> None:
    # A syndicated story page: a generic <title>, the story's headline and source in hNews classes.
    body = (
        f'<div class="hnews"><span class="entry-title">Crane collapses on east pier</span>{PARAGRAPHS}'
        '<p>&copy; 2024 <span class="source-org vcard"><span class="org fn">The Quay Wire</span></span>.</p></div>'
    )
    article = read_page(tmp_path, "<title>News from The Quay Wire</title>", body)
    assert article.title == "Crane collapses on east pier"
    assert article.source == "The Quay Wire"


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Storm ends | CNN Politics", "CNN", "Storm ends"),
        ("Storm ends on the coast » Local » News » Quay Gazette", "QG", "Storm ends on the coast"),
        ("Quay Gazette - Storm ends", "Quay Gazette", "Storm ends"),
        ("Storm ends - and the pier reopens", "Quay Gazette", "Storm ends - and the pier reopens"),
        ("Live | Storm ends | Gazette", "QG", "Live | Storm ends"),
    ],
)
def test_strip_site_name(title: str, site: str, expected: str) -> None:
    assert strip_site_name(title, site) == expected


def test_strip_site_suffix_keeps_a_prefix() -> None:
    assert strip_site_suffix("Quay Gazette - Storm ends", "Quay Gazette") == "Quay Gazette - Storm ends"


@pytest.fixture(scope="module")
def pages(shared: Path) -> Path:
    return shared / "data" / "html-pages"


def test_real_pages_headlines(pages: Path) -> None:
    [divs] = read_articles([pages / "html" / "article_with_divs.html"])
    meta = json.loads((pages / "metadata" / "article_with_divs.json").read_text(encoding="utf-8"))
    assert divs.title == meta["title"]
    [ap] = read_articles([pages / "html" / "ap_meta_refresh.html"])
    assert (ap.title, ap.source) == ("Father of Orlando gunman known for rambling political videos", "The Associated Press")


def test_line_breaks_of_the_page_source_are_spaces(tmp_path: Path) -> None:
    body = (
        "<article><div><span>Veteran actor Sam Ode, who in 2008 won the\nGolden Reel award, has taken\n to the stage "
        f"again.</span></div>{PARAGRAPHS}</article>"
    )
    text = read_page(tmp_path, "<title>Ode returns</title>", body).text
    assert "who in 2008 won the Golden Reel award, has taken to the stage again." in text


def test_reader_comments_are_removed(tmp_path: Path) -> None:
    said = ["this crane was unsafe and nobody at the harbour ever listened to us", "the ferries are late every day anyway"]
    comments = "".join(f'<div class="xy_comment"><span>Reader {n}</span><p>I have been saying for years that {words}.</p></div>'
                       for n, words in enumerate(said))
    # The page's wrapper has a "comments" class too: it holds the story, and stays.
    body = f'<div class="page has-comments"><div class="story">{PARAGRAPHS}<div id="xy_comment_list">{comments}</div></div></div>'
    article = read_page(tmp_path, "<title>Crane collapses</title>", body)
    assert "crane collapsed" in article.text and "saying for years" not in article.text


def test_layout_table_paragraphs_stay_paragraphs(tmp_path: Path) -> None:
    body = f"<table><tr><td>Menu</td><td><span>Crane collapses</span>{PARAGRAPHS}</td></tr></table>"
    paragraphs = read_page(tmp_path, "<title>Crane collapses</title>", body).text.split("\n\n")
    assert paragraphs[-3:] == [p.removeprefix("<p>") for p in PARAGRAPHS.split("</p>")[:3]]


HOME = "not an article page: a section front (the site's home page)"
COLLECTION = "not an article page: a section front (a collection of links)"


@pytest.mark.parametrize(
    ("head", "problem"),
    [
        ('<link rel="canonical" href="https://quay.example/">', HOME),
        ('<meta property="og:url" content="https://quay.example/index.html">', HOME),
        ('<script type="application/ld+json">{"@type": "CollectionPage", "mainEntity": {"@type": "ItemList"}}</script>',
         COLLECTION),
        ('<link rel="canonical" href="https://quay.example/2024/05/crane-collapses">', None),
        ('<link rel="canonical" href="https://quay.example/"><meta property="og:type" content="article">', None),
        ('<script type="application/ld+json">[{"@type": "NewsArticle"}, {"@type": "ItemList"}]</script>', None),
    ],
)
def test_section_front_is_reported(tmp_path: Path, head: str, problem: str | None) -> None:
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>Quay Gazette</title>{head}</head><body><article><h1>Crane collapses</h1>"
                    f"{PARAGRAPHS}</article></body></html>", encoding="utf-8")
    problems: list[InputError] = []
    articles = list(read_articles([path], on_error=problems.append))
    assert [p.reason for p in problems] == ([problem] if problem else [])
    assert [p.kind for p in problems] == (["listing"] if problem else [])  # type: ignore[attr-defined]
    assert len(articles) == (0 if problem else 1)


@pytest.mark.parametrize(
    ("head", "body", "kind", "reason"),
    [
        ('<meta property="og:type" content="video.other">', "<nav><a href='/'>Home</a></nav><video src='v.mp4'></video>",
         "media", "no article text found in HTML (a page of type 'video.other')"),
        ('<script type="application/ld+json">{"@type": "ImageGallery", "name": "Storm pictures"}</script>',
         "<nav><a href='/'>Home</a></nav><img src='a.jpg'>", "media", "no article text found in HTML (a page of JSON-LD type 'ImageGallery')"),
        ("", "<nav><a href='/'>Home</a></nav>", "stub", "no article text found in HTML"),
        ("", "<article><p>Back soon.</p></article>", "stub", "no article text found in HTML"),  # too short to be news
    ],
)
def test_a_page_without_an_article_says_what_it_is(tmp_path: Path, head: str, body: str, kind: str, reason: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><title>Storm pictures</title>{head}</head><body>{body}</body></html>", encoding="utf-8")
    problems: list[InputError] = []
    assert list(read_articles([path], on_error=problems.append)) == []
    [problem] = problems
    assert isinstance(problem, NotAnArticle) and (problem.kind, problem.reason) == (kind, reason)
    # Its kind travels with it, to a worker's caller and to another place.
    assert pickle.loads(pickle.dumps(problem)).kind == problem.at("crawl.warc", offset=9).kind == kind


def test_the_pages_own_json_ld_date_comes_before_a_related_articles(tmp_path: Path) -> None:
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "headline": "Pier reopens", "datePublished": "2024-04-07T10:00:00+02:00",
         "hasPart": {"@type": "ItemList", "itemListElement": [
             {"@type": "NewsArticle", "headline": "Pier closed", "datePublished": "2019-01-01T00:00:00Z"}]}}]}
    page = (f'<html><head><title>Pier reopens</title><script type="application/ld+json">{json.dumps(ld)}</script></head>'
            "<body><article><h1>Pier reopens</h1><p>The harbour authority reopened the east pier on Sunday after "
            "repairs to the crane rails were finished ahead of schedule.</p></article></body></html>")
    path = tmp_path / "pier.html"
    path.write_text(page, encoding="utf-8")
    [article] = read_articles([path])
    assert article.published is not None and article.published.year == 2024


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [
        ('<meta charset="utf-8">', "cp1252"),  # mislabelled: saved as Windows-1252
        ("", "cp1252"),  # no charset, not UTF-8
        ('<meta charset="iso-8859-1">', "latin-1"),  # declared right: decoded as declared
        ('<meta charset="utf-8">', "utf-8"),
    ],
)
def test_a_page_is_read_in_the_charset_it_is_written_in(tmp_path: Path, declared: str, encoding: str) -> None:
    title = "Café owners in Zürich protest new rent rules"
    path = tmp_path / "page.html"
    page = f"<html><head>{declared}<title>{title}</title></head><body><article><h1>{title}</h1>{PARAGRAPHS}</article></body></html>"
    path.write_bytes(page.encode(encoding))
    [article] = read_articles([path])
    assert article.title == title

