"""Turn files and folders into :class:`~newsbrief.model.Article` records.

One reader per format, chosen by file suffix; every reader yields cleaned
articles and reports what it cannot read as an :class:`~newsbrief.errors.InputError`
(with the file and, for line-based formats, the line) through ``on_error``,
so one bad record never stops or loses the others.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from html.entities import html5
from pathlib import Path
from urllib.parse import urlsplit
from typing import Any, BinaryIO

from newsbrief.errors import InputError, InputNotice, InputWarning, NotAnArticle, place
from newsbrief.ingest.html import Page, read_page
from newsbrief.ingest.warc import CrawledPage, crawled_pages, tally
from newsbrief.model import Article, content_id, outlet_names, utc_key
from newsbrief.text.clean import clean_text, normalise_unicode, says_only_when
from newsbrief.text.normalise import word_count

__all__ = [
    "IngestOptions", "read_articles", "one_name_per_outlet", "JsonlRange", "jsonl_ranges", "read_jsonl_range", "parse_date",
    "refuse_binary_file", "SUFFIXES",
]

ErrorHandler = Callable[[InputError], None]

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
JSON_SUFFIXES = (".json",)
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")  # .rdf: RSS 1.0
WARC_SUFFIXES = (".warc", ".warc.gz")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + JSON_SUFFIXES + FEED_SUFFIXES + WARC_SUFFIXES


def _suffix(path: str | Path) -> str:
    """The suffix that says how ``path`` is read, in lower case: the last one, or
    both of a gzipped WARC's.

    >>> _suffix("crawl.WARC.gz"), _suffix("a.b.jsonl"), _suffix("notes.gz")
    ('.warc.gz', '.jsonl', '.gz')
    """
    path = Path(path)
    both = "".join(path.suffixes[-2:]).lower()
    return both if both in WARC_SUFFIXES else path.suffix.lower()


@dataclass(frozen=True)
class IngestOptions:
    """How to read inputs.

    ``max_bytes`` caps a single-article file (HTML, text, JSON, feed); JSONL files
    are streamed line by line and may be any size, each line capped by
    ``max_bytes``. ``min_words`` drops records with less text than that (menus,
    video pages, section fronts; a feed item's or a record's title counts with
    its text); a headline-only feed item or record (whose text is its headline)
    needs ``min_headline_words``. A publication date more
    than ``max_future`` after ``now`` (default: the time of reading) is a typo or a
    broken feed, not news: the article is kept undated, with a warning (``None``:
    every date is believed). Taken as given, one such date would be the stream's
    "now" and put every story to sleep.
    """

    max_bytes: int = 20_000_000
    min_words: int = 5
    min_headline_words: int = 4
    max_future: timedelta | None = timedelta(days=2)
    now: datetime | None = None


def _believed(
    article: Article, options: IngestOptions, report: ErrorHandler, path: Path, line: int | None = None,
    offset: int | None = None,
) -> Article:
    """``article``, undated (and said so) if its date lies further in the future than
    ``options.max_future`` allows; ``line`` and ``offset``: where in ``path`` it was read,
    if known (else its origin says)."""
    if article.published is None or options.max_future is None:
        return article
    now = options.now or datetime.now(timezone.utc)
    if article.published <= now + options.max_future:
        return article
    where = str(path) if line is not None or offset is not None else article.origin or str(path)
    report(InputWarning(f"date {article.published_iso} is in the future: read as undated", where, line, offset))
    return replace(article, published=None, published_from=None, date_only=False)


def _too_short(article: Article, options: IngestOptions, itemised: bool = False) -> bool:
    """Whether an article says too little to be news. ``itemised``: a feed item or a
    record, whose title and short description ("Berlin station stabbing: suspect
    detained" / "Three injured in attack") are one report and count together; a page
    is judged by its text alone (a "Page not found" body under a title is none)."""
    least = min(options.min_words, options.min_headline_words) if article.headline_only else options.min_words
    words = word_count(article.text)
    if itemised and words and not article.headline_only:
        words += word_count(article.title)
    return words < least


def _reporter(on_error: ErrorHandler | None) -> ErrorHandler:
    """Pass problems to ``on_error``; without one, raise the first error (a warning,
    whose input was read, passes)."""

    def report(error: InputError) -> None:
        if on_error is None:
            if isinstance(error, InputWarning):
                return
            raise error
        on_error(error)

    return report


def read_articles(
    paths: Iterable[str | Path],
    *,
    options: IngestOptions | None = None,
    on_error: ErrorHandler | None = None,
) -> Iterator[Article]:
    """Yield the articles found in ``paths`` (files or folders, walked in sorted order).

    Problems are passed to ``on_error``; without one, the first problem is raised,
    but for an :class:`~newsbrief.errors.InputWarning` (its articles are kept).
    """
    options = options or IngestOptions()
    report = _reporter(on_error)

    for given in paths:
        root = Path(given)
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.is_file() and _suffix(p) in SUFFIXES)
            for path in files:
                # Files in a sub-folder take the folder's name as their outlet, unless
                # they name their own (a page's og:site_name, a record's source).
                outlet = path.parent.name if path.parent != root else ""
                yield from _read_file(path, outlet, options, report)
        elif root.is_file():
            yield from _read_file(root, "", options, report)
        else:
            report(InputError("no such file or folder", str(root)))


def one_name_per_outlet(articles: Iterable[Article], known: Iterable[str] = ()) -> list[Article]:
    """``articles``, each outlet under one name however its inputs spell it (a folder
    ``coast-times``, records of "Coast Times"): the best of its spellings there and in
    ``known`` (a store's), as :func:`~newsbrief.model.outlet_names` picks it. Ids are
    unchanged: they tell outlets apart as names do here.

    >>> from newsbrief.model import Article
    >>> read = [Article.create(title="Pier shut", text="The pier shut.", source=name) for name in ("coast-times", "Coast Times")]
    >>> [article.source for article in one_name_per_outlet(read)]
    ['Coast Times', 'Coast Times']
    """
    articles = list(articles)
    names = outlet_names([*known, *(article.source for article in articles)])
    return [article if names[article.source] == article.source else replace(article, source=names[article.source])
            for article in articles]


def _read_file(path: Path, outlet: str, options: IngestOptions, report: ErrorHandler) -> Iterator[Article]:
    suffix = _suffix(path)
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, outlet, options, report)
            return
        if suffix in WARC_SUFFIXES:
            # Streamed (a crawl may be any size): the pages before a corrupt record are kept.
            yield from _warc_articles(path, options, report)
            return
        raw = _read_bytes(path, options)
        if suffix in TEXT_SUFFIXES:
            articles = [_text_article(path, outlet, _decode(raw, path))]
        elif suffix in HTML_SUFFIXES:
            articles = [_html_article(path, outlet, raw, options)]
        elif suffix in JSON_SUFFIXES:
            articles = list(_json_articles(path, outlet, _decode(raw, path), report))
        elif suffix in FEED_SUFFIXES:
            articles = list(_feed_articles(path, outlet, raw, report))
        else:
            raise InputError(f"unsupported file type {suffix or '(none)'}", str(path))
    except InputError as error:
        report(error)
        return
    yield from _checked(articles, path, options, report, itemised=suffix in FEED_SUFFIXES or suffix in JSON_SUFFIXES)


def _checked(
    articles: Iterable[Article], path: Path, options: IngestOptions, report: ErrorHandler, itemised: bool = False
) -> Iterator[Article]:
    """``articles`` read from ``path``, but those too short to be news (reported), their
    dates believed or not (:func:`_believed`)."""
    for article in articles:
        if _too_short(article, options, itemised):
            report(InputError("no article text found", article.origin or str(path)))
        else:
            yield _believed(article, options, report, path)


def _read_bytes(path: Path, options: IngestOptions) -> bytes:
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise InputError(f"file too large ({size:,} bytes > {options.max_bytes:,})", str(path))
        raw = path.read_bytes()
    except OSError as error:
        raise _unreadable(error, path) from error
    if not raw.strip():
        raise InputError("empty file", str(path))
    _refuse_binary(raw, path)
    return raw


_SNIFF_BYTES = 8192


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _refuse_binary(head: bytes, path: Path, whole: bool = True) -> None:
    """One report for a binary file (an image, an archive, UTF-16) instead of
    one "not valid UTF-8" per line: NUL bytes, which text has none of, at least two
    and 0.2% of its first bytes (random bytes hold 0.4%, UTF-16 half; a stray NUL
    on one line of a JSONL file is that line's problem)."""
    head = head[:_SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        if not whole:
            raise InputError("UTF-16 text: a file read line by line must be UTF-8 (save it as UTF-8)", str(path))
        return  # a whole file in UTF-16 (as some Windows tools save text) is decoded as such
    nulls = head.count(b"\x00")
    if nulls >= 2 and 500 * nulls >= len(head):
        raise InputError("binary file (not text)", str(path))


def _unreadable(error: OSError, path: str | Path) -> InputError:
    """The error of a file the system will not let us read (missing, a folder, no permission)."""
    return InputError(f"cannot read: {error.strerror}", str(path))


def _refuse_binary_handle(handle: BinaryIO, path: Path) -> None:
    """:func:`_refuse_binary` on the first bytes of ``handle``, just opened, which is
    then back at the start for the caller to read the file."""
    head = handle.read(_SNIFF_BYTES)
    handle.seek(0)
    _refuse_binary(head, path, whole=False)


def refuse_binary_file(path: str | Path) -> None:
    """Raise :class:`~newsbrief.errors.InputError` when ``path`` is a binary file
    (see :func:`_refuse_binary`): what splits a file for workers checks it once."""
    try:
        with open(path, "rb") as handle:
            _refuse_binary_handle(handle, Path(path))
    except OSError as error:
        raise _unreadable(error, path) from error


def _decode(raw: bytes, path: Path, line: int | None = None, start: int = 0) -> str:
    """``raw`` as text: UTF-8 (with or without a byte-order mark), or UTF-16 after its
    byte-order mark. ``line``: the line ``raw`` is (else the line is counted in it);
    ``start``: the byte of the file ``raw`` starts at, so that a problem names the
    file's byte, not the line's."""
    encoding = "utf-16" if raw.startswith(_UTF16_BOMS) else "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        # utf-8-sig counts from after the byte-order mark it dropped; utf-16 from the start.
        byte = error.start + (len(codecs.BOM_UTF8) if encoding == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8) else 0)
        at = line if line is not None else raw.count(b"\n", 0, byte) + 1
        if encoding == "utf-16":
            raise InputError("not valid UTF-16", str(path), at, start + byte) from error
        raise InputError(
            "not valid UTF-8 (perhaps Windows-1252 or Latin-1: save it as UTF-8)", str(path), at, start + byte
        ) from error


def parse_date(value: Any) -> datetime | None:
    """Parse an ISO 8601 or RFC 822 date, seconds since 1970, or a day written with its
    month's English name; naive times are taken as UTC. ``None`` if unparseable.

    >>> parse_date("2024-03-12T08:41:00+01:00").isoformat(), parse_date("1710232860").isoformat()
    ('2024-03-12T08:41:00+01:00', '2024-03-12T08:41:00+00:00')
    >>> parse_date("March 12, 2024").isoformat(), parse_date("12/03/2024")
    ('2024-03-12T00:00:00+00:00', None)
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value).strip()
        if text.isdigit():
            # Seconds (or, with 13 digits, milliseconds) since 1970, as some feeds and APIs
            # give them; other runs of digits but ISO's "20240312" are no date.
            if len(text) in (9, 10, 13):
                return datetime.fromtimestamp(int(text) / (1000 if len(text) == 13 else 1), timezone.utc)
            if len(text) != 8:
                return None
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                parsed = parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                day = _written_day(text)
                if day is None:
                    return None
                parsed = datetime(day.year, day.month, day.day)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


# Days written with the month's English name, as scrapers copy them from pages
# ("March 12, 2024", "12 March 2024", "Mar. 12, 2024"); "12/03/2024" is left
# unread: day first or month first cannot be told.
_WRITTEN_DAY_FORMATS = ("%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y")


def _written_day(text: str) -> date | None:
    """The day of a date written with its month's name, or ``None``."""
    text = " ".join(text.replace(".", " ").replace("Sept ", "Sep ").split())
    if text.count(",") > 1:  # "Tuesday, March 12, 2024": the weekday
        text = text.split(",", 1)[1].strip()
    for form in _WRITTEN_DAY_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def _date_only(value: Any) -> bool:
    """Whether a publication date is a day without a time ("2024-04-07")."""
    if isinstance(value, datetime):
        return False
    text = str(value).strip()
    try:
        date.fromisoformat(text)
    except ValueError:
        # A time ("Tue, 03 Jun 2025 11:00:00 GMT") is no day alone, and spares the six
        # formats of a written day, tried on every record otherwise.
        return ":" not in text and _written_day(text) is not None
    return True


def _make_article(
    *, title: str, body: str, source: str, file_name: str, origin: str, url: str | None = None,
    published: Any = None, published_from: str | None = None, language: str | None = None,
    article_id: str | None = None,
) -> Article:
    title = normalise_unicode(title).strip()
    if says_only_when(title):
        title = ""  # a scraped page's date in the title's place says no headline
    text = clean_text(body)
    # Pages often repeat the headline as the body's first line.
    first, _, rest = text.partition("\n\n")
    if title and first.strip() == title and rest:
        text = rest
    when = parse_date(published)
    # Where the input names no outlet, its file's name stands in, but is no outlet: two
    # files holding one article are one article.
    outlet = source.strip()
    fields = {"title": title, "text": text, "source": outlet or file_name, "url": url or None, "published": when,
              "published_from": published_from if when else None, "language": language, "origin": origin,
              "date_only": when is not None and _date_only(published)}
    if article_id:
        # A record's own id is kept as given: users join our output back to their data by it.
        return Article(id=str(article_id), **fields)
    return Article(id=content_id(title, text, outlet), **fields)


_HEADLINE_WORDS = 25
"""A text file of one line this short is a headline (its title and all it says)."""


def _text_article(path: Path, outlet: str, raw: str) -> Article:
    # The first meaningful line is the title; furniture such as "Share" may come first.
    lines = clean_text(raw).split("\n\n")
    dateline = None
    if len(lines) > 1 and says_only_when(lines[0]):  # "Posted March 12, 2024" above the title
        dateline = lines[0]
        # Cleaned again without it: the title must be the first line (a short line below
        # the first reads as a caption and is dropped).
        given = raw.splitlines()
        at = next((i for i, line in enumerate(given) if normalise_unicode(line).strip() == dateline), None)
        lines = clean_text("\n".join(given[:at] + given[at + 1 :])).split("\n\n") if at is not None else lines[1:]
    if len(lines) > 1:
        title, body = lines[0], "\n\n".join(lines[1:])
    else:
        title, body = (lines[0] if word_count(lines[0]) <= _HEADLINE_WORDS else ""), lines[0]
    when = dateline if dateline is not None and parse_date(dateline) is not None else None
    return _make_article(title=title, body=body, source=outlet, file_name=path.stem, origin=str(path),
                         published=when, published_from="dateline" if when else None)


def _html_article(path: Path, outlet: str, raw: bytes, options: IngestOptions) -> Article:
    """The article of HTML page ``raw`` of file ``path`` (see :func:`_page_article`)."""
    return _page_article(read_page(raw, str(path)), path, outlet, None, str(path), None, options)


def _page_article(
    page: Page, path: Path, outlet: str, url: str | None, origin: str, crawled: str | None, options: IngestOptions
) -> Article:
    """The article of ``page``: of file ``path``, or found at ``origin`` in it (a crawl's
    record) with its ``url``, the time it was ``crawled``, its date when the page gives
    none (it was published by then). Its outlet: the name the page states, else
    ``outlet`` (its folder's), else the site read from the page (trafilatura's guess, its host).
    A page too short to be news is :class:`~newsbrief.errors.NotAnArticle`: a stub, or the
    media page (a video, a gallery) it says it is."""
    # The page's own timestamps, else the day it was crawled (it was published by then:
    # a bound, so a day, not the crawler's second, which would order reports falsely),
    # else trafilatura's guess from its address or footer ("/2025/03/": the 1st).
    published = next((stamp for stamp in page.published if parse_date(stamp) is not None), None)
    published_from = "html metadata"
    if published is None and (fetched := parse_date(crawled)) is not None:
        published, published_from = fetched.date().isoformat(), "crawl date"
    elif published is None and parse_date(page.guessed) is not None:
        published = page.guessed
    article = _make_article(
        title=page.title, body=page.text, source=page.publisher or outlet or page.site, file_name=path.stem, origin=origin,
        url=_page_url(url, page.url), published=published, published_from=published_from, language=page.language,
    )
    if _too_short(article, options, itemised=False):
        raise NotAnArticle("no article text found in HTML" + (f" ({page.media})" if page.media else ""), origin,
                           kind="media" if page.media else "stub")
    return article


def _page_url(fetched: str | None, stated: str | None) -> str | None:
    """A page's address: the one it states (its canonical URL) where it is of the host it
    was fetched from (a crawl's address may carry tracking parameters or be a redirect's),
    else the one it was fetched at.

    >>> _page_url("https://q.example/a?utm_source=x", "https://q.example/a"), _page_url("https://q.example/a", "https://r.example/b")
    ('https://q.example/a', 'https://q.example/a')
    """
    if fetched and stated and urlsplit(stated).netloc.lower() == urlsplit(fetched).netloc.lower():
        return stated
    return fetched or stated


def _warc_articles(path: Path, options: IngestOptions, report: ErrorHandler) -> Iterator[Article]:
    """The articles of a crawl's HTML pages (:mod:`newsbrief.ingest.warc`), each read as
    an ``.html`` file is; a page that cannot be read is reported by its record's offset.
    A crawl holds section fronts and index pages beside its articles: those are passed
    over (and said once, if the crawl holds nothing else). A page's outlet is its site,
    never the folder's name: a crawl holds many sites.

    A page captured more than once (an article updated in place) is one article, its
    latest capture (:func:`_latest_capture`), yielded once its last capture is read:
    a first, quick reading of the file counts the captures of each address."""
    passed: Counter[str] = Counter()
    found = False
    captures_of = _captures_per_url(path, options)
    read_of: Counter[str] = Counter()
    held: dict[str, list[tuple[Article, CrawledPage, tuple[str, ...]]]] = {}

    def kept(captures: list[tuple[Article, CrawledPage, tuple[str, ...]]]) -> Article:
        article, offset = _latest_capture(path, captures, report)
        return _believed(article, options, report, path, offset=offset)

    try:
        for page in crawled_pages(path, report, options.max_bytes):
            # Only a page captured again waits for its other captures.
            again = captures_of.get(page.url, 0) > 1
            read_of[page.url] += 1
            origin = place(str(path), offset=page.offset)
            try:
                read = read_page(page.html, origin, page.url or None, page.charset)
                article = _page_article(read, path, "", page.url or None, origin, page.crawled, options)
            except NotAnArticle as error:
                passed[error.kind] += 1
                article = None
            except InputError as error:
                report(error)
                article = None
            if article is not None:
                found = True
                if not again:
                    yield _believed(article, options, report, path, offset=page.offset)
                    continue
                held.setdefault(page.url, []).append((article, page, read.modified))
            if again and read_of[page.url] >= captures_of[page.url] and page.url in held:
                yield kept(held.pop(page.url))
    except InputError:
        for captures in held.values():  # the captures read before the file's fault
            yield kept(captures)
        raise
    for captures in held.values():  # the file changed between the two readings
        yield kept(captures)
    if passed and not found:
        report(InputError(f"no article in its HTML pages ({tally(passed)})", str(path)))


def _captures_per_url(path: Path, options: IngestOptions) -> dict[str, int]:
    """How many HTML pages of crawl ``path`` each address (WARC-Target-URI) has, up to
    a fault of the file (which the reading proper reports)."""
    captures: Counter[str] = Counter()
    try:
        for page in crawled_pages(path, lambda error: None, options.max_bytes):
            if page.url:
                captures[page.url] += 1
    except InputError:
        pass
    return dict(captures)


def _latest_capture(path: Path, captures: list[tuple[Article, CrawledPage, tuple[str, ...]]],
                    report: ErrorHandler) -> tuple[Article, int]:
    """The article of the latest of ``captures`` of one page (its article, its crawled
    page and the modification times it states), dated as first published, and the byte
    of the file its record starts at; the others dropped, which is said. Latest: by the
    modification time the page states, else by when it was crawled (WARC-Date), else
    the later in the file."""

    def when(capture: tuple[Article, CrawledPage, tuple[str, ...]]) -> tuple[datetime, int]:
        _, page, modified = capture
        stated = next((stamp for value in modified if (stamp := parse_date(value)) is not None), None)
        fetched = stated or parse_date(page.crawled)
        return (utc_key(fetched) if fetched else datetime.min, page.offset)

    ordered = sorted(captures, key=when)
    latest, page, _ = ordered[-1]
    if len(ordered) > 1:
        dropped = ", ".join(f"byte {other.offset}" for _, other, _ in sorted(ordered[:-1], key=lambda c: c[1].offset))
        report(InputNotice(f"{page.url} was captured {len(ordered)} times: kept this capture, the latest;"
                           f" dropped the one(s) at {dropped}", str(path), offset=page.offset))
    dated = [article for article, _, _ in captures if article.published is not None]
    stated = [article for article in dated if article.published_from == "html metadata"] or dated
    if not stated:
        return latest, page.offset
    first = min(stated, key=lambda article: utc_key(article.published))  # type: ignore[arg-type]
    return replace(latest, published=first.published, published_from=first.published_from,
                   date_only=first.date_only), page.offset


_RECORD_TEXT_KEYS = ("text", "body", "content", "maintext")
_RECORD_DATE_KEYS = ("published", "date", "date_publish", "published_at", "pubDate")


def _record_date(record: dict[str, Any]) -> Any:
    """The record's publication date as given (the first of the date fields set), or ``None``."""
    return next((record[k] for k in _RECORD_DATE_KEYS if record.get(k)), None)


def _record_outlet(record: dict[str, Any]) -> str:
    """A record's outlet: its ``source`` (or ``outlet``) field, a list's names joined
    ("Reuters, AP"), an object's ``name`` or ``title`` (as some crawls nest it)."""
    given = record.get("source") or record.get("outlet")
    if isinstance(given, list):
        return ", ".join(str(part) for part in given if part not in (None, ""))
    if isinstance(given, dict):
        return str(given.get("name") or given.get("title") or "")
    return str(given) if given else ""


def _record_article(record: Any, path: Path, outlet: str, line: int | None) -> Article:
    origin = place(str(path), line)
    if not isinstance(record, dict):
        raise InputError("record is not a JSON object", str(path), line)
    text = next((record[k] for k in _RECORD_TEXT_KEYS if isinstance(record.get(k), str)), None)
    if text is None and not isinstance(record.get("title"), str):
        raise InputError(f"record has no title nor text (one of {', '.join(_RECORD_TEXT_KEYS)})", str(path), line)
    return _make_article(
        title=str(record.get("title") or ""), body=text or _headline_body(record.get("title")),
        source=_record_outlet(record) or outlet, file_name=path.stem,
        origin=origin, url=record.get("url"), published=_record_date(record),
        published_from="record", language=record.get("language"), article_id=record.get("id"),
    )


def _read_jsonl(path: Path, outlet: str, options: IngestOptions, report: ErrorHandler) -> Iterator[Article]:
    try:
        handle = path.open("rb")
    except OSError as error:
        raise _unreadable(error, path) from error
    seen = [False]
    with handle:
        _refuse_binary_handle(handle, path)
        yield from _jsonl_records(handle, 1, 0, path, outlet, options, report, seen)
    if not seen[0]:
        raise InputError("empty file", str(path))


def _jsonl_records(
    lines: Iterable[bytes], first_line: int, first_byte: int, path: Path, outlet: str, options: IngestOptions,
    report: ErrorHandler, seen: list[bool],
) -> Iterator[Article]:
    """The articles of JSONL ``lines``, the first being line ``first_line`` of
    ``path``, starting at its byte ``first_byte``; ``seen[0]`` is set when a line
    is not blank."""
    start = first_byte
    for number, raw in enumerate(lines, start=first_line):
        start, line_start = start + len(raw), start
        if not raw.strip():
            continue
        seen[0] = True
        try:
            if len(raw) > options.max_bytes:
                raise InputError(f"line too long ({len(raw):,} bytes)", str(path), number)
            # A column on this line, not the next; a byte of the file, not of the line.
            text = _decode(raw.rstrip(b"\r\n"), path, number, line_start)
            try:
                record = json.loads(text)
            except json.JSONDecodeError as error:
                bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
                raise InputError(f"malformed JSON: {error.msg} (column {error.colno})", str(path), number,
                                 line_start + bom + len(text[: error.pos].encode("utf-8"))) from error
            article = _record_article(record, path, outlet, number)
            if _too_short(article, options, itemised=True):
                raise InputError("no article text found", str(path), number)
        except InputError as error:
            # Said of the line's first byte unless it names a closer one.
            report(error if error.offset is not None else error.at(error.path, error.line, line_start))
            continue
        if article.published is None and (given := _record_date(record)) is not None:
            report(InputWarning(f"unreadable date {str(given)[:40]!r}: read as undated", str(path), number, line_start))
        yield _believed(article, options, report, path, number, line_start)


@dataclass(frozen=True)
class JsonlRange:
    """Bytes ``start`` to ``end`` of JSONL file ``path``: whole lines, the first being line ``first_line``."""

    path: str
    start: int
    end: int
    first_line: int


def jsonl_ranges(path: str | Path, size: int = 8_000_000) -> list[JsonlRange]:
    """Cut JSONL file ``path`` into ranges of whole lines of about ``size`` bytes,
    to be read apart (by several processes) with :func:`read_jsonl_range`.

    Raises :class:`~newsbrief.errors.InputError` as :func:`read_articles` reports
    it for the file: unreadable, binary, or empty (no line that is not blank).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.jsonl"
    >>> _ = path.write_text('{"id": "a", "text": "one two three four five"}\\n\\n{"id": "b"}\\n')
    >>> [(r.start, r.end, r.first_line) for r in jsonl_ranges(path, size=10)]
    [(0, 47, 1), (47, 60, 2)]
    """
    if size < 1:
        raise ValueError(f"size must be at least 1, got {size}")
    ranges: list[JsonlRange] = []
    blank = True
    try:
        with open(path, "rb") as handle:
            _refuse_binary_handle(handle, Path(path))
            start, line = 0, 1
            while block := handle.read(size):
                # Up to the end of the line the block stops in.
                block += handle.readline()
                blank = blank and not block.strip()
                ranges.append(JsonlRange(str(path), start, start + len(block), line))
                start += len(block)
                line += block.count(b"\n")
    except OSError as error:
        raise _unreadable(error, path) from error
    if blank:
        raise InputError("empty file", str(path))
    return ranges


def read_jsonl_range(
    part: JsonlRange, *, options: IngestOptions | None = None, on_error: ErrorHandler | None = None
) -> Iterator[Article]:
    """The articles of one :func:`jsonl_ranges` range, as :func:`read_articles`
    reads them from the whole file (line numbers, origins and problems alike).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "a.jsonl"
    >>> _ = path.write_text('{"id": "a", "text": "one two three four five"}\\n\\n{"id": "b"}\\n')
    >>> problems = []
    >>> last = jsonl_ranges(path, size=10)[-1]
    >>> list(read_jsonl_range(last, on_error=problems.append)), problems[0].line
    ([], 3)
    """
    options = options or IngestOptions()
    report = _reporter(on_error)

    path = Path(part.path)
    try:
        handle = path.open("rb")
    except OSError as error:
        report(_unreadable(error, path))
        return
    with handle:
        handle.seek(part.start)
        # Split at "\\n" only, as iterating over the file does.
        lines = io.BytesIO(handle.read(part.end - part.start))
    yield from _jsonl_records(lines, part.first_line, part.start, path, "", options, report, [False])


def _json_articles(path: Path, outlet: str, raw: str, report: ErrorHandler) -> Iterator[Article]:
    """The records of a .json file; one that cannot be read is reported, by its place
    in the list, and the others are kept (as a JSONL file's lines are)."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(f"malformed JSON: {error.msg}", str(path), error.lineno) from error
    records = data.get("articles", [data]) if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise InputError("expected an object, a list of objects or {\"articles\": [...]}", str(path))
    for number, record in enumerate(records, start=1):
        try:
            yield _record_article(record, path, outlet, None)
        except InputError as error:
            where = f"record {number} of {len(records)}" if len(records) > 1 else "the record"
            report(InputError(f"{where}: {error.reason}", error.path, error.line))


def _harmless(error: Exception | None) -> bool:
    """Feed flaws that lose nothing: a declared encoding that is not the real one,
    a server's text/html content type, an entity XML does not know (&nbsp;)."""
    import feedparser

    if isinstance(error, (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)):
        return True
    return _undefined_entity(error)


def _undefined_entity(error: Exception | None) -> bool:
    return "undefined entity" in str(error)


# XML's own entities, left as they are; CDATA sections and comments are skipped whole
# (an entity there is literal text, not a reference).
_XML_ENTITIES = frozenset({b"amp", b"lt", b"gt", b"quot", b"apos"})
_ENTITY_OUTSIDE_CDATA = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|&([A-Za-z][A-Za-z0-9]*);", re.DOTALL)


def _html_entities_as_references(raw: bytes) -> bytes:
    """``raw`` with each HTML named entity XML does not know (``&nbsp;``) written as
    the character references it stands for (``&#160;``): ASCII, so the feed's own
    encoding, whichever it is, still holds."""

    def reference(match: re.Match[bytes]) -> bytes:
        name = match.group(1)
        text = None if name is None or name in _XML_ENTITIES else html5.get(name.decode("ascii") + ";")
        if text is None:
            return match.group(0)  # a CDATA section, a comment, one of XML's own or an unknown entity
        return "".join(f"&#{ord(c)};" for c in text).encode("ascii")

    return _ENTITY_OUTSIDE_CDATA.sub(reference, raw)


def _parse_feed(raw: bytes) -> tuple[Any, Exception | None]:
    """feedparser's reading of ``raw``, and its flaw that may have lost items (``None`` if none).

    feedparser names only its first flaw, so a harmless &nbsp; would hide a cut or broken
    feed after it: such a feed is read again with its HTML entities as character references,
    and the reading with more items is kept."""
    import feedparser

    if raw.startswith(_UTF16_BOMS):
        # The byte-order mark says what the declaration may not (Windows tools save UTF-16
        # under an "UTF-8" declaration): read as UTF-8, the declaration is then a harmless flaw.
        raw = raw.decode("utf-16", errors="replace").encode("utf-8")
    feed = feedparser.parse(raw)
    error = feed.get("bozo_exception") if feed.bozo else None
    if _undefined_entity(error):
        again = feedparser.parse(_html_entities_as_references(raw))
        error = again.get("bozo_exception") if again.bozo else None
        feed = again if len(again.entries) >= len(feed.entries) else feed
    return feed, None if _harmless(error) else error


def _feed_articles(path: Path, outlet: str, raw: bytes, report: ErrorHandler) -> Iterator[Article]:
    feed, error = _parse_feed(raw)
    if error is not None:
        reason = error.getMessage() if hasattr(error, "getMessage") else str(error)
        if not feed.entries:
            raise InputError(f"not a readable RSS/Atom feed: {reason}", str(path))
        # feedparser reads on past a syntax error: keep what it read, but say the feed is broken.
        # (Not at which line: feedparser counts lines of its re-encoded copy, which may have one more.)
        report(InputWarning(f"feed parsed with errors, {len(feed.entries)} item(s) read anyway: {reason}", str(path)))
    elif not feed.version:
        # Well-formed XML that is neither RSS nor Atom (feedparser then finds no version).
        raise InputError("not an RSS or Atom feed", str(path))
    channel = feed.feed.get("title", "") if feed.get("feed") else ""
    for number, entry in enumerate(feed.entries, start=1):
        content = entry.get("content") or []
        markup = content[0].get("value", "") if content else entry.get("summary", "")
        body = _html_fragment_text(markup) or _headline_body(entry.get("title"))
        # The date as written keeps its offset ("+0200"); feedparser's parsed one is UTC.
        # (dict.get: feedparser's own get maps a missing "updated" to "published", with a warning.)
        written = dict.get(entry, "published") or dict.get(entry, "updated")
        stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        published = parse_date(written) or (datetime(*stamp[:6], tzinfo=timezone.utc) if stamp else None)
        if written and published is None:
            report(InputWarning(f"unreadable date {str(written)[:40]!r}: read as undated", f"{path}#item{number}"))
        # An aggregator's item names its own outlet (RSS <source>, Atom <source><title>).
        item_source = (entry.get("source") or {}).get("title", "")
        title = entry.get("title", "")
        if "html" in (entry.get("title_detail") or {}).get("type", ""):  # Atom's <title type="html">
            title = " ".join(_html_fragment_text(title).split())
        yield _make_article(
            title=title, body=body, source=item_source or outlet or channel, file_name=path.stem,
            origin=f"{path}#item{number}", url=entry.get("link"), published=published,
            published_from="feed",
        )


def _headline_body(title: Any) -> str:
    """The text of a headline-only feed item or record: its headline is all it says.
    (A web page with a title and no text is furniture, not news: it gets no such text.)"""
    return title if isinstance(title, str) else ""


def _html_fragment_text(markup: str) -> str:
    """Paragraph text of a feed item's HTML fragment (feeds carry no page furniture to
    strip): tags out, entities read ("Oil &amp; gas" is "Oil & gas", tags or none)."""
    import html

    import lxml.html

    if "<" not in markup:
        return html.unescape(markup)
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    blocks = root.xpath(".//p|.//li|.//h1|.//h2|.//h3|.//blockquote")
    if not blocks:
        return root.text_content()
    return "\n\n".join(b.text_content().strip() for b in blocks if b.text_content().strip())
