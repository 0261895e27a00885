"""Reading every supported format, and reporting every kind of bad input."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsbrief.errors import InputError, InputWarning
from newsbrief.ingest import IngestOptions, read_articles

BODY = (
    "The harbour authority closed the east pier on Monday after a crane collapsed onto the quay. "
    "Nobody was hurt, the authority said, but ferries were diverted to the west dock for two days."
)


def collect(*paths: Path, **kw: object) -> tuple[list, list[InputError]]:
    problems: list[InputError] = []
    return list(read_articles(paths, on_error=problems.append, **kw)), problems


def test_text_file_title_is_first_meaningful_line(tmp_path: Path) -> None:
    path = tmp_path / "pier.txt"
    path.write_text(f"Share\n\nCrane collapses on east pier\n\n{BODY}\n\nAdvertisement\n", encoding="utf-8")
    [article], problems = collect(path)
    assert problems == []
    assert article.title == "Crane collapses on east pier"
    assert "Share" not in article.text and "Advertisement" not in article.text
    assert article.text.startswith("The harbour authority")
    assert article.source == "pier"


def test_a_text_file_of_one_short_line_is_a_headline(tmp_path: Path) -> None:
    short, long = tmp_path / "short.txt", tmp_path / "long.txt"
    short.write_text("Crane collapses on east pier at Velm docks\n", encoding="utf-8")
    long.write_text(BODY.replace("\n", " ") + "\n", encoding="utf-8")
    headline, untitled = read_articles([short, long])
    assert headline.title == headline.text == "Crane collapses on east pier at Velm docks" and headline.headline_only
    assert untitled.title == "" and untitled.text.startswith("The harbour authority")


def test_a_dateline_where_the_title_should_be_is_no_title_but_may_give_the_date(tmp_path: Path) -> None:
    text = tmp_path / "pier.txt"
    text.write_text(f"Friday, June 7, 2013\n\nCrane collapses on east pier\n\n{BODY}", encoding="utf-8")
    records = tmp_path / "pier.jsonl"
    records.write_text(json.dumps({"id": "r1", "title": "April 27, 2009", "text": BODY}) + "\n"
                       + json.dumps({"id": "r2", "title": "8: 24am:", "text": BODY, "published": "2009-04-28"}) + "\n"
                       + json.dumps({"id": "r3", "title": "3 dead as crane falls", "text": BODY}) + "\n", encoding="utf-8")
    pier, dated, timed, kept = read_articles([text, records])
    assert pier.title == "Crane collapses on east pier" and pier.text.startswith("The harbour authority")
    assert pier.published == datetime(2013, 6, 7, tzinfo=timezone.utc) and pier.date_only and pier.published_from == "dateline"
    # A record's date is its date fields': its dateline title only goes.
    assert (dated.title, dated.published) == ("", None)
    assert (timed.title, timed.published) == ("", datetime(2009, 4, 28, tzinfo=timezone.utc))
    assert kept.title == "3 dead as crane falls" and kept.published is None


def test_a_short_chinese_text_file_is_an_article(tmp_path: Path) -> None:
    # Chinese has no spaces between words: its characters are counted against min_words.
    path = tmp_path / "flood.txt"
    path.write_text("武汉暴雨\n\n暴雨导致长江水位上涨。数千名居民已经撤离。多座桥梁暂时关闭。\n", encoding="utf-8")
    [article] = read_articles([path])
    assert article.title == "武汉暴雨"
    assert article.text.startswith("暴雨导致")


def test_folder_outlet_comes_from_subfolder(tmp_path: Path) -> None:
    (tmp_path / "quay-gazette").mkdir()
    (tmp_path / "quay-gazette" / "a.txt").write_text(f"Pier closed\n{BODY}", encoding="utf-8")
    [article], _ = collect(tmp_path)
    assert article.source == "quay-gazette"


PAGE = ("<html><head><title>Crane collapses on east pier</title>{head}</head><body><article>"
        "<h1>Crane collapses on east pier</h1><p>{body}</p><p>{body}</p></article></body></html>")


@pytest.mark.parametrize(("head", "outlet"), [
    ("<meta property='og:site_name' content='Quay Gazette'>", "Quay Gazette"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Crane collapses on east pier",'
     ' "publisher": {"@type": "Organization", "name": "The Quay Gazette"}}</script>', "The Quay Gazette"),
    ("", "downloads"),  # the page names none: its folder's name
])
def test_an_html_page_s_own_outlet_name_wins_over_its_folder(tmp_path: Path, head: str, outlet: str) -> None:
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "pier.html").write_text(PAGE.format(head=head, body=BODY), encoding="utf-8")
    [article], problems = collect(tmp_path)
    assert problems == [] and article.source == outlet


def test_jsonl_records_keep_id_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [
        {"id": "r1", "title": "Pier closed", "text": BODY, "source": "Quay Gazette", "url": "https://q.example/1",
         "published": "2024-05-06T08:30:00+02:00"},
        {"id": "r2", "title": "Other", "text": BODY.replace("east", "north"), "source": "Dock Daily"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    articles, problems = collect(path)
    assert problems == []
    assert [a.id for a in articles] == ["r1", "r2"]
    assert articles[0].published is not None and articles[0].published.utcoffset().total_seconds() == 7200
    assert articles[0].published_from == "record" and articles[1].published is None


def test_a_date_without_a_time_is_read_as_a_day(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    rows = [{"title": "Pier closed", "text": BODY, "published": "2024-04-07"},
            {"title": "Pier open", "text": BODY.replace("closed", "opened"), "published": "2024-04-07T00:00:00Z"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    day, midnight = collect(path)[0]
    assert day.published == midnight.published == datetime(2024, 4, 7, tzinfo=timezone.utc)
    assert day.date_only and not midnight.date_only


def test_a_day_written_with_its_month_name_is_read_as_a_day(tmp_path: Path) -> None:
    path = tmp_path / "days.jsonl"
    given = ["March 12, 2024", "Tuesday, March 12, 2024", "12 March 2024", "Sept. 12, 2024", "12/03/2024"]
    path.write_text("".join(json.dumps({"id": str(i), "title": "Pier shut", "text": BODY, "published": g}) + "\n"
                            for i, g in enumerate(given)), encoding="utf-8")
    articles, problems = collect(path)
    assert [(a.published and a.published.date().isoformat(), a.date_only) for a in articles] == [
        ("2024-03-12", True), ("2024-03-12", True), ("2024-03-12", True), ("2024-09-12", True), (None, False)]
    [warning] = problems  # day first or month first: not guessed
    assert warning.line == 5 and "12/03/2024" in warning.reason


def test_a_record_source_given_as_a_list_or_an_object_is_named(tmp_path: Path) -> None:
    path = tmp_path / "outlets.jsonl"
    sources = [["Reuters", "AP"], {"name": "Quay Gazette", "url": "https://q.example"}, "Dock Daily", None]
    path.write_text("".join(json.dumps({"id": str(i), "title": "Pier shut", "text": BODY, "source": s}) + "\n"
                            for i, s in enumerate(sources)), encoding="utf-8")
    assert [a.source for a in read_articles([path])] == ["Reuters, AP", "Quay Gazette", "Dock Daily", "outlets"]  # none: the file's name


def test_json_list_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"articles": [{"title": "Pier closed", "text": BODY}]}), encoding="utf-8")
    [article], problems = collect(path)
    assert problems == [] and article.title == "Pier closed"


def test_a_bad_record_in_a_json_list_loses_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps([{"title": "Pier closed", "text": BODY}, 5, {"id": "x"}]), encoding="utf-8")
    [article], problems = collect(path)
    assert article.title == "Pier closed"
    assert [p.reason for p in problems] == [
        "record 2 of 3: record is not a JSON object",
        "record 3 of 3: record has no title nor text (one of text, body, content, maintext)",
    ]
    assert all(p.path == str(path) for p in problems)


def test_html_page_main_text_title_date_site(tmp_path: Path) -> None:
    page = f"""<html><head><title>Crane collapses on east pier | Quay Gazette</title>
    <meta property="og:site_name" content="Quay Gazette">
    <meta property="article:published_time" content="2024-05-06T09:15:00+00:00"></head>
    <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>Crane collapses on east pier</h1><p>{BODY}</p>
    <p>Engineers will inspect the remaining cranes this week before the pier reopens to traffic.</p></article>
    <footer>Copyright Quay Gazette. All rights reserved.</footer></body></html>"""
    path = tmp_path / "pier.html"
    path.write_text(page, encoding="utf-8")
    [article], problems = collect(path)
    assert problems == []
    assert "crane collapsed" in article.text and "Home" not in article.text
    assert article.source == "Quay Gazette"
    assert article.published is not None and article.published.hour == 9


def _page(head: str) -> str:
    return (f"<html><head><title>Crane collapses on east pier</title>{head}</head><body><article>"
            f"<h1>Crane collapses on east pier</h1><p>{BODY}</p>"
            "<p>Engineers will inspect the remaining cranes this week before the pier reopens to traffic.</p></article></body></html>")


def test_html_date_keeps_its_time_and_offset_from_json_ld(tmp_path: Path) -> None:
    ld = {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"},
          {"@type": "NewsArticle", "headline": "Crane collapses", "datePublished": "2018-10-06T08:57:00+02:00"}]}
    path = tmp_path / "pier.html"
    path.write_text(_page(f'<script type="application/ld+json">{json.dumps(ld)}</script>'), encoding="utf-8")
    [article], problems = collect(path)
    assert problems == [] and not article.date_only
    assert article.published == datetime(2018, 10, 6, 8, 57, tzinfo=timezone(timedelta(hours=2)))
    assert article.published is not None and article.published.utcoffset() == timedelta(hours=2)


def test_html_date_found_without_a_time_is_a_day(tmp_path: Path) -> None:
    path = tmp_path / "pier.html"
    path.write_text(_page('<meta name="date" content="2018-10-06">'), encoding="utf-8")
    [article], _ = collect(path)
    assert article.date_only and article.published == datetime(2018, 10, 6, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("head", "language"),
    [
        ('<html lang="es-ES"><head>', "es-ES"),
        ('<html><head><meta http-equiv="content-language" content="lv">', "lv"),
        ('<html><head><meta http-equiv="Content-Language" content="lv">', "lv"),
        ('<html xml:lang="de"><head>', "de"),
        ('<html><head><meta property="og:locale" content="pt_BR">', "pt-BR"),
        ("<html><head>", None),
    ],
)
def test_html_page_declared_language(tmp_path: Path, head: str, language: str | None) -> None:
    path = tmp_path / "pier.html"
    path.write_text(f"{head}<title>Pier closed</title></head><body><article><p>{BODY}</p></article></body></html>",
                    encoding="utf-8")
    [article], problems = collect(path)
    assert problems == [] and article.language == language


def test_rss_feed_items(tmp_path: Path) -> None:
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Dock Daily</title>
    <item><title>Pier closed</title><link>https://d.example/1</link>
    <pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;{BODY}&lt;/p&gt;</description></item>
    </channel></rss>"""
    path = tmp_path / "feed.xml"
    path.write_text(feed, encoding="utf-8")
    [article], problems = collect(path)
    assert problems == []
    assert article.source == "Dock Daily" and article.url == "https://d.example/1"
    assert article.published is not None and article.published.day == 6 and "<p>" not in article.text


def test_an_rss_1_feed_in_a_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "dock.rdf").write_text(f"""<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
    <channel rdf:about="https://d.example/"><title>Dock Daily</title></channel>
    <item rdf:about="https://d.example/1"><title>Pier closed</title><link>https://d.example/1</link>
    <description>{BODY}</description></item></rdf:RDF>""", encoding="utf-8")
    [article], problems = collect(tmp_path)
    assert problems == [] and article.title == "Pier closed" and article.source == "Dock Daily"


def rss(channel: str, *items: str) -> str:
    """An RSS 2.0 feed of ``items`` (their markup, not closed for them)."""
    return f"<rss version='2.0'><channel><title>{channel}</title>\n" + "\n".join(items) + "\n</channel></rss>"


def test_a_feed_item_without_tags_has_its_entities_read(tmp_path: Path) -> None:
    # An RSS description is HTML even with no tag in it: "&amp;" is "&".
    feed = tmp_path / "news.xml"
    feed.write_text(rss("Dock Daily", f"<item><title>Pier shut</title><description>Oil &amp;amp; gas: {BODY}</description></item>"),
                    encoding="utf-8")
    [article] = read_articles([feed])
    assert article.text.startswith("Oil & gas: The harbour authority")


def test_a_feed_item_or_record_with_a_short_description_is_kept(tmp_path: Path) -> None:
    # Its title and description are one report: together they have the words a page needs.
    feed = tmp_path / "news.xml"
    feed.write_text(rss("Dock Daily", "<item><title>Velm station stabbing: suspect detained</title>"
                                      "<description>Three injured in attack</description></item>"), encoding="utf-8")
    [item] = read_articles([feed])
    assert (item.title, item.text) == ("Velm station stabbing: suspect detained", "Three injured in attack")
    records = tmp_path / "news.jsonl"
    records.write_text(json.dumps({"title": "Velm station stabbing: suspect detained", "text": "Three injured."}) + "\n"
                       + json.dumps({"title": "Menu", "text": "Home page"}) + "\n", encoding="utf-8")
    problems: list[InputError] = []
    assert [a.text for a in read_articles([records], on_error=problems.append)] == ["Three injured."]
    assert [p.line for p in problems] == [2]  # a title and a body of four words in all say nothing
    # A page is judged by its text alone: "Page not found" under a title is no article.
    page = tmp_path / "gone.html"
    page.write_text("<html><head><title>Velm station stabbing: suspect detained</title></head>"
                    "<body><p>Page not found</p></body></html>", encoding="utf-8")
    assert list(read_articles([page], on_error=problems.append)) == []


def test_feed_dates_keep_their_offset(tmp_path: Path) -> None:
    from datetime import timedelta

    feed = tmp_path / "news.xml"
    feed.write_text(rss("Dock Daily", f"<item><title>Pier shut</title><description>{BODY}</description>"
                                      "<pubDate>Sat, 06 Oct 2018 08:57:00 +0200</pubDate></item>"), encoding="utf-8")
    [article] = read_articles([feed])
    assert article.published is not None and article.published.utcoffset() == timedelta(hours=2)
    assert article.published.hour == 8


def test_feed_item_source_names_its_outlet(tmp_path: Path) -> None:
    feed = tmp_path / "news.xml"
    feed.write_text(rss(
        "Aggregated News",
        f"<item><title>Pier closed</title><source url='https://dp.example/rss'>Denver Post</source>"
        f"<description>{BODY}</description></item>",
        f"<item><title>Pier shut</title><description>{BODY.replace('east', 'west')}</description></item>",
    ), encoding="utf-8")
    atom = tmp_path / "news.atom"
    atom.write_text(
        f"<feed xmlns='http://www.w3.org/2005/Atom'><title>Aggregated News</title>"
        f"<entry><title>Pier closed</title><source><id>q</id><title>Quay Gazette</title></source>"
        f"<summary>{BODY}</summary></entry></feed>",
        encoding="utf-8",
    )
    articles, problems = collect(feed, atom)
    assert problems == []
    # An item without its own <source> is the channel's.
    assert [a.source for a in articles] == ["Denver Post", "Aggregated News", "Quay Gazette"]


def test_an_atom_title_of_type_html_is_read_as_its_text(tmp_path: Path) -> None:
    atom = tmp_path / "news.atom"
    atom.write_text(
        "<feed xmlns='http://www.w3.org/2005/Atom'><title>Quay Gazette</title>"
        "<entry><title type='html'>&lt;img src=x onerror=alert(1)&gt;Pier closed &amp;amp; &lt;b&gt;cleared&lt;/b&gt;</title>"
        f"<summary>{BODY}</summary></entry>"
        f"<entry><title>Pier &lt;shut&gt; again</title><summary>{BODY.replace('east', 'west')}</summary></entry></feed>",
        encoding="utf-8",
    )
    articles, problems = collect(atom)
    # Markup of an html title is dropped; a text title's angle brackets are its words.
    assert problems == [] and [a.title for a in articles] == ["Pier closed & cleared", "Pier <shut> again"]


@pytest.mark.parametrize(
    ("title", "read_as"),
    [
        ("Pier closed", "Pier closed"),
        # feedparser names only its first flaw: a harmless &nbsp; must not hide the unclosed item after it.
        ("Pier&nbsp;closed &amp; &eacute;vacu&eacute;", "Pier closed & évacué"),
    ],
)
def test_malformed_feed_keeps_its_items_and_warns(tmp_path: Path, title: str, read_as: str) -> None:
    path = tmp_path / "cut.xml"
    path.write_text(rss(
        "Dock Daily",
        f"<item><title>{title}</title><description>{BODY}</description></item>",
        f"<item><title>Pier shut</title><description>{BODY.replace('east', 'west')}</description>",  # unclosed
    ), encoding="utf-8")
    articles, problems = collect(path)
    assert [a.title for a in articles] == [read_as, "Pier shut"]
    [warning] = problems
    assert isinstance(warning, InputWarning) and (warning.path, warning.line) == (str(path), None)
    assert warning.reason == "feed parsed with errors, 2 item(s) read anyway: mismatched tag"


def test_an_unreadable_date_is_a_warning_and_the_record_is_kept_undated(tmp_path: Path) -> None:
    path = tmp_path / "dates.jsonl"
    path.write_text(json.dumps({"id": "a", "title": "Pier shut", "text": BODY, "published": "next tuesday-ish"}) + "\n"
                    + json.dumps({"id": "b", "title": "Pier open", "text": BODY, "published": "2024-05-07"}) + "\n",
                    encoding="utf-8")
    articles, problems = collect(path)
    assert [(a.id, a.published is None) for a in articles] == [("a", True), ("b", False)]
    [warning] = problems
    assert isinstance(warning, InputWarning) and warning.line == 1 and "next tuesday-ish" in warning.reason


def test_a_date_far_in_the_future_is_a_warning_and_the_article_is_kept_undated(tmp_path: Path) -> None:
    # A typo ("2204") taken as given would be the stream's "now": every story would go to sleep.
    now = datetime(2024, 5, 8, 12, 0, tzinfo=timezone.utc)
    options = IngestOptions(now=now)
    records = tmp_path / "dates.jsonl"
    records.write_text(json.dumps({"id": "typo", "title": "Pier shut", "text": BODY, "published": "2204-05-07"}) + "\n"
                       + json.dumps({"id": "soon", "title": "Pier open", "text": BODY, "published": "2024-05-09T09:00:00Z"}) + "\n",
                       encoding="utf-8")
    feed = tmp_path / "news.xml"
    feed.write_text(rss("Dock Daily", f"<item><title>Pier shut</title><description>{BODY}</description>"
                                      "<pubDate>Sat, 06 Oct 2035 08:57:00 +0200</pubDate></item>"), encoding="utf-8")
    problems: list[InputError] = []
    articles = list(read_articles([records, feed], options=options, on_error=problems.append))
    # A day ahead is within the two days allowed (time zones, embargoed copy); years are not.
    assert [(a.id, a.published) for a in articles[:2]] == [("typo", None), ("soon", datetime(2024, 5, 9, 9, tzinfo=timezone.utc))]
    assert articles[2].published is None and articles[2].published_from is None
    assert [(type(p), p.path, p.line) for p in problems] == [
        (InputWarning, str(records), 1), (InputWarning, f"{feed}#item1", None)]
    assert "2204-05-07 is in the future" in problems[0].reason
    believed = list(read_articles([records], options=IngestOptions(now=now, max_future=None)))
    assert believed[0].published == datetime(2204, 5, 7, tzinfo=timezone.utc)


def test_feed_dates_in_seconds_are_read_and_unreadable_ones_are_said(tmp_path: Path) -> None:
    feed = tmp_path / "news.xml"
    feed.write_text(rss("Dock Daily",
                        f"<item><title>Pier shut</title><description>{BODY}</description><pubDate>1715083200</pubDate></item>",
                        f"<item><title>Pier open</title><description>{BODY.replace('east', 'west')}</description>"
                        "<pubDate>Tue, 07 May 2024 25:99:00 +0000</pubDate></item>"), encoding="utf-8")
    articles, problems = collect(feed)
    assert [a.published for a in articles] == [datetime(2024, 5, 7, 12, tzinfo=timezone.utc), None]
    [warning] = problems
    assert isinstance(warning, InputWarning) and warning.path == f"{feed}#item2" and "25:99:00" in warning.reason


def test_without_a_handler_a_warning_passes_and_its_items_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_text(rss("Dock Daily", f"<item><title>Pier shut</title><description>{BODY}</description>"),
                    encoding="utf-8")
    assert [a.title for a in read_articles([path])] == ["Pier shut"]


@pytest.mark.parametrize(
    "raw",
    [
        # declared ASCII, written in UTF-8
        ('<?xml version="1.0" encoding="us-ascii"?>' + rss("Dock Daily", f"<item><title>Café opens</title>"
                                                              f"<description>{BODY}</description></item>")).encode(),
        # an HTML entity in the XML
        rss("Dock Daily", f"<item><title>Pier&nbsp;closed</title><description>{BODY}</description></item>").encode(),
        # HTML entities, XML's own, one in a CDATA section (literal text there) and one no one defines
        rss("Dock Daily", f"<item><title>Pier&nbsp;closed &amp; &lt;&eacute;&gt; &bogus;</title>"
                          f"<description><![CDATA[<p>{BODY}&nbsp;</p>]]></description></item>").encode(),
        # UTF-16 with its byte-order mark under a declaration of UTF-8 (as Windows tools save it), and declared so
        *(('<?xml version="1.0" encoding="%s"?>' % declared + rss("Dock Daily", f"<item><title>Café opens</title>"
                                                                  f"<description>{BODY}</description></item>")).encode("utf-16")
          for declared in ("UTF-8", "UTF-16")),
    ],
)
def test_harmless_feed_flaws_are_no_problem(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(raw)
    articles, problems = collect(path)
    assert len(articles) == 1 and problems == []


def test_headline_only_items_keep_their_headline_as_text(tmp_path: Path) -> None:
    feed = tmp_path / "headlines.xml"
    feed.write_text(
        "<rss version='2.0'><channel><title>Quay Wire</title>"
        "<item><title>Harbour crane collapses onto cargo ship in Velm</title><link>https://q.example/1</link></item>"
        "<item><title>Crane</title><link>https://q.example/2</link></item>"
        "<item><title>Velm crane inquiry opens</title><link>https://q.example/3</link></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    records = tmp_path / "headlines.jsonl"
    records.write_text(
        json.dumps({"id": "h1", "title": "Velm port shut after crane falls on freighter"}) + "\n"
        + json.dumps({"id": "h2", "source": "Quay Wire"}) + "\n",
        encoding="utf-8",
    )
    articles, problems = collect(feed, records)
    assert [(a.title, a.text) for a in articles] == [
        ("Harbour crane collapses onto cargo ship in Velm", "Harbour crane collapses onto cargo ship in Velm"),
        ("Velm crane inquiry opens", "Velm crane inquiry opens"),  # 4 words: enough for a headline
        ("Velm port shut after crane falls on freighter", "Velm port shut after crane falls on freighter"),
    ]
    # A one-word headline is still too little; a record with neither title nor text is an error.
    assert [(p.path, p.line, p.reason) for p in problems] == [
        (f"{feed}#item2", None, "no article text found"),
        (str(records), 2, "record has no title nor text (one of text, body, content, maintext)"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason", "line"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", None),
        ("empty.txt", b"", "empty file", None),
        ("latin1.txt", "Terraces\n\nCaf\u00e9 owners protest new rules on terraces and music".encode("latin-1"), "not valid UTF-8", 3),
        ("utf16.jsonl", json.dumps({"title": "ok", "text": BODY}).encode("utf-16"), "UTF-16 text", None),
        ("bad.jsonl", (json.dumps({"title": "ok", "text": BODY}) + "\n{not json\n").encode(), "malformed JSON", 2),
        ("nothing.html", b"<html><body><nav>Home</nav></body></html>", "no article text", None),
        ("feed.xml", b"this is not xml at all", "not a readable RSS/Atom feed", None),
        ("notfeed.xml", b"<?xml version='1.0'?><root><a>1</a></root>", "not an RSS or Atom feed", None),
        ("blob.jsonl", bytes(range(256)) * 16, "binary", None),  # one report, not one per "line"
        # One stray NUL is the problem of its line, not a binary file.
        ("stray.jsonl", b'{"id": "a", "text": "one two three four five"}\n{"id": "b\x00"\n', "malformed JSON", 2),
        ("photo.gif", b"GIF89a", "unsupported", None),
    ],
)
def test_bad_input_is_reported_once_with_where(tmp_path: Path, name: str, content: bytes, reason: str, line: int | None) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(f"Pier closed\n{BODY}", encoding="utf-8")
    articles, problems = collect(path, good)
    assert len(problems) == 1
    assert reason in problems[0].reason
    assert problems[0].path == str(path) and problems[0].line == line
    # The good file next to it is still read: one bad input loses nothing else.
    assert [a.title for a in articles][-1] == "Pier closed"


def test_a_text_file_in_utf16_is_read(tmp_path: Path) -> None:
    # As Notepad and some Windows tools save text: a byte-order mark, then two bytes a character.
    for name, encoding in (("le.txt", "utf-16"), ("be.txt", "utf-16-be")):
        raw = f"Caf\u00e9 closed on east pier\n\n{BODY}".encode(encoding)
        (tmp_path / name).write_bytes(raw if encoding == "utf-16" else b"\xfe\xff" + raw)
    articles, problems = collect(tmp_path / "le.txt", tmp_path / "be.txt")
    assert problems == [] and [a.title for a in articles] == ["Caf\u00e9 closed on east pier"] * 2


def test_malformed_json_line_says_the_column_on_that_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_bytes(b'{"id": "x", "title": "T"\r\n')
    _, problems = collect(path)
    assert [(p.line, p.reason) for p in problems] == [(1, "malformed JSON: Expecting ',' delimiter (column 25)")]


def test_every_problem_of_a_jsonl_line_says_its_line_and_byte(tmp_path: Path) -> None:
    good = json.dumps({"title": "Café reopens", "text": BODY}, ensure_ascii=False)
    lines = [
        good,
        "\ufeff" + '{"title": "Café", "text": x}',  # a byte-order mark and "é" (two bytes) before the fault
        "x" * 300,  # over max_bytes
        "[1, 2]",  # not an object
        json.dumps({"title": "Pier shut", "text": BODY, "published": "someday"}),  # an unreadable date
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    starts = [len("\n".join(lines[:k]).encode()) + (1 if k else 0) for k in range(len(lines))]
    assert len(lines[4]) < 250
    _, problems = collect(path, options=IngestOptions(max_bytes=250))
    assert [(p.line, p.offset) for p in problems] == [
        (2, starts[1] + 3 + len('{"title": "Café", "text": '.encode())), (3, starts[2]), (4, starts[3]), (5, starts[4])]
    assert str(problems[1]) == f"{path}:3 (byte {starts[2]}): line too long (301 bytes)"
    assert isinstance(problems[3], InputWarning)


def test_without_handler_the_first_problem_raises(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        list(read_articles([path]))


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Title\n" + BODY * 50, encoding="utf-8")
    _, problems = collect(path, options=IngestOptions(max_bytes=1000))
    assert len(problems) == 1 and "too large" in problems[0].reason


def test_missing_path(tmp_path: Path) -> None:
    _, problems = collect(tmp_path / "nope")
    assert "no such file" in problems[0].reason


def test_same_article_twice_has_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"Pier closed\n{BODY}", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"Pier closed\n\n{BODY}  \n", encoding="utf-8")
    a, b = collect(tmp_path)[0]
    assert a.id == b.id


def test_wire_copy_carried_by_two_outlets_is_two_articles(tmp_path: Path) -> None:
    # Word for word the same, from two outlets' folders and from two records: each
    # outlet carried it and is credited with it, so neither copy is dropped as a repeat.
    for outlet in ("alpha-news", "beta-times"):
        (tmp_path / outlet).mkdir()
        (tmp_path / outlet / "pier.txt").write_text(f"Pier closed\n{BODY}", encoding="utf-8")
    records = tmp_path / "wire.jsonl"
    records.write_text("".join(
        json.dumps({"title": "Pier closed", "text": BODY, "source": outlet}) + "\n" for outlet in ("Gamma", "Delta", "Gamma")
    ), encoding="utf-8")
    articles = collect(tmp_path)[0]
    assert sorted(a.source for a in articles) == ["Delta", "Gamma", "Gamma", "alpha-news", "beta-times"]
    assert len({a.id for a in articles}) == 4  # the repeated Gamma record is one article
    # One outlet however its name is written (a folder's, a record's): one article.
    (tmp_path / "alpha.jsonl").write_text(
        json.dumps({"title": "Pier closed", "text": BODY, "source": "The Alpha News"}) + "\n", encoding="utf-8")
    by_source = {a.source: a.id for a in collect(tmp_path)[0]}
    assert by_source["The Alpha News"] == by_source["alpha-news"]


def test_one_outlet_spelled_two_ways_is_named_as_it_writes_itself(tmp_path: Path) -> None:
    from newsbrief.ingest import one_name_per_outlet

    (tmp_path / "coast-times").mkdir()
    (tmp_path / "coast-times" / "pier.txt").write_text(f"Pier closed\n{BODY}", encoding="utf-8")
    (tmp_path / "the_coast_times.txt").write_text(f"Pier reopens\n{BODY.replace('closed', 'reopened')}", encoding="utf-8")
    (tmp_path / "wire.jsonl").write_text("".join(json.dumps(record) + "\n" for record in [
        {"title": "Ferries diverted", "text": BODY.replace("east", "north"), "source": "Coast Times"},
        {"title": "Dock shut", "text": BODY.replace("east", "south"), "source": "Dock Daily"}]), encoding="utf-8")
    articles = collect(tmp_path)[0]
    assert sorted(a.source for a in articles) == ["Coast Times", "Dock Daily", "coast-times", "the_coast_times"]
    named = one_name_per_outlet(articles)
    assert sorted(a.source for a in named) == ["Coast Times", "Coast Times", "Coast Times", "Dock Daily"]
    assert [a.id for a in named] == [a.id for a in articles]  # ids already told them one outlet
    # A name known elsewhere (a store's) counts among the spellings.
    assert {a.source for a in one_name_per_outlet(articles[:1], known=["The Coast Times"])} == {"The Coast Times"}


def test_seeds_read_clean(seed_paths: list[Path]) -> None:
    articles, problems = collect(*seed_paths)
    assert problems == [] and len(articles) == 2
    assert articles[0].title.startswith("Islamic State fighters killed")
    assert articles[1].title == "33 militants killed in air strikes over Raqqa"
    for article in articles:
        assert "Share" not in article.text.split() and "Advertisement" not in article.text


def test_jsonl_ranges_read_as_the_whole_file(tmp_path: Path) -> None:
    from newsbrief.ingest.readers import jsonl_ranges, read_jsonl_range

    records = [json.dumps({"id": f"r{k}", "title": f"Pier {k}", "text": BODY.replace("east", f"pier {k}")}) for k in range(40)]
    # Blank lines, a bad record, a byte-order mark, a bare carriage return (JSON
    # white space, not a line break) and no newline at the end.
    records[7] = ""
    records[12] = "{not json"
    records[20] = "\ufeff" + records[20]
    records[25] = records[25].replace(', "title"', ',\r "title"')
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(records), encoding="utf-8")
    whole, whole_problems = collect(path)
    ranges = jsonl_ranges(path, size=300)
    assert len(ranges) > 5 and ranges[0].start == 0 and ranges[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in zip(ranges, ranges[1:]))
    parts: list = []
    problems: list[InputError] = []
    for part in ranges:
        parts.extend(read_jsonl_range(part, on_error=problems.append))
    assert parts == whole and len(whole) == 38
    # The byte of the file: the "n" of "{not json", past the twelve lines before it.
    byte = len("\n".join(records[:12]).encode()) + 2
    assert [str(e) for e in problems] == [str(e) for e in whole_problems] == [
        f"{path}:13 (byte {byte}): malformed JSON: Expecting property name enclosed in double quotes (column 2)"]


@pytest.mark.parametrize(("content", "reason"), [(b"\n  \n\n", "empty file"), (b"\x00\x01\n" * 50, "binary file (not text)")])
def test_jsonl_ranges_of_an_unreadable_file(tmp_path: Path, content: bytes, reason: str) -> None:
    from newsbrief.ingest.readers import jsonl_ranges

    path = tmp_path / "a.jsonl"
    path.write_bytes(content)
    _, problems = collect(path)
    with pytest.raises(InputError) as raised:
        jsonl_ranges(path, size=2)
    assert str(raised.value) == str(problems[0]) == f"{path}: {reason}"


def test_the_binary_sniff_reads_the_first_8_kb_and_leaves_the_file_at_its_start(tmp_path: Path) -> None:
    from newsbrief.ingest.readers import _refuse_binary_handle, jsonl_ranges, refuse_binary_file

    record = (json.dumps({"id": "a", "title": "Pier closed", "text": BODY}) + "\n").encode()
    late = tmp_path / "late.jsonl"
    late.write_bytes(record * 100 + b"\x00" * 100 + b"\n")  # text for well over 8 KB, then NULs
    with late.open("rb") as handle:
        _refuse_binary_handle(handle, late)
        assert handle.read() == late.read_bytes()
    refuse_binary_file(late)
    assert jsonl_ranges(late)[0].start == 0
    articles, problems = collect(late)
    assert len(articles) == 100 and [(p.line, "malformed JSON" in p.reason) for p in problems] == [(101, True)]

    early = tmp_path / "early.jsonl"
    early.write_bytes(b"\x00\x01\n" * 50 + record)
    with early.open("rb") as handle, pytest.raises(InputError, match="binary file"):
        _refuse_binary_handle(handle, early)
    with pytest.raises(InputError) as raised:
        refuse_binary_file(early)
    assert str(raised.value) == str(collect(early)[1][0]) == f"{early}: binary file (not text)"


def test_a_jsonl_line_that_is_not_utf8_is_named_by_its_line_and_the_files_byte(tmp_path: Path) -> None:
    from newsbrief.ingest.readers import jsonl_ranges, read_jsonl_range

    lines = [json.dumps({"id": f"r{k}", "title": f"Pier {k}", "text": BODY}).encode() for k in range(30)]
    lines[22] = b'{"id": "r22", "title": "Caf\xe9 owners protest", "text": "one two three four five six"}'
    raw = b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n"  # a byte-order mark before line 1 counts too
    path = tmp_path / "a.jsonl"
    path.write_bytes(raw)
    byte = raw.index(b"\xe9")  # of the file, not of its line
    whole, problems = collect(path)
    assert len(whole) == 29 and [(p.line, p.offset) for p in problems] == [(23, byte)]
    assert str(problems[0]) == f"{path}:23 (byte {byte}): not valid UTF-8 (perhaps Windows-1252 or Latin-1: save it as UTF-8)"
    # Read by ranges (as workers read them), the same place is named.
    in_ranges: list[InputError] = []
    for part in jsonl_ranges(path, size=500):
        list(read_jsonl_range(part, on_error=in_ranges.append))
    assert [str(p) for p in in_ranges] == [str(p) for p in problems]


def test_a_text_file_that_is_not_utf8_is_named_by_its_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    raw = b"\xef\xbb\xbfTerraces\n\nCaf\xe9 owners protest new rules on terraces and music"
    path.write_bytes(raw)
    _, [problem] = collect(path)
    # The byte-order mark, which the decoder drops, is counted: the byte is the file's.
    assert (problem.line, problem.offset) == (3, raw.index(b"\xe9"))
