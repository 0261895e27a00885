"""One HTML page to its article: main text (trafilatura) and metadata.

Rules:

* Headline: the first candidate that is a headline once the site's name is
  stripped from either end ("Storm ends | CNN", "LinkNaija: Storm ends"). The
  candidates, in order: trafilatura's title, the JSON-LD ``headline``,
  ``og:title``, ``twitter:title``, the hNews/hAtom ``entry-title``, ``<h1>``
  and ``<title>``. A candidate naming only the site ("LinkNaija", "News from
  The Associated Press") is not a headline.
* Site: ``og:site_name``, else the JSON-LD ``publisher``'s ``name`` (the outlet's
  own name, ``publisher`` on the page), else the hNews ``source-org`` (the
  organisation the story comes from), else trafilatura's guess or the host name.
  Only a stated name disqualifies a headline: trafilatura guesses a missing one from the title.
* Markup is tidied before extraction:

  - a line break in the page's source is a space, as a browser shows it
    (outside ``<pre>``): trafilatura keeps it, and the line cut at the source's
    newline would then look like a caption to :func:`~newsbrief.text.clean.clean_text`;
  - reader comments are removed from containers whose id or class has a
    ``comment`` word (``sf_comment_list``, ``post-comments``): trafilatura only
    knows names *starting* with "comment". A container holding a headline,
    ``<article>`` or the article body, or most of the page's text, is kept;
  - a layout table (a cell holding two or more paragraphs) becomes plain
    blocks: trafilatura would flatten each cell into one "| ... |" line.
* A section front is not an article (its teasers would be briefed as one
  story): a page whose own canonical URL (``<link rel="canonical">``, else
  ``og:url``) is a site's root and whose ``og:type`` is not "article", whose JSON-LD calls it a ``CollectionPage``
  or ``ItemList`` and names no article, or whose ``og:type`` is another
  ("website") while it states no publication time nor JSON-LD article and its
  address is a folder's ("/news/") or a listing's ("/tag/fire"), is
  :class:`~newsbrief.errors.NotAnArticle` of kind "listing"; a page with no article
  text is one of kind "media" when it says it is a video, a recording or a gallery
  (``og:type`` "video..."/"music...", JSON-LD ``VideoObject``, ``ImageGallery``...), else "stub".
* Publication time: the page's own timestamps, which keep the time of day that
  trafilatura's date search drops (ordering same-day reports needs it): meta tags,
  then JSON-LD ``datePublished`` (an article's before a related one's), then ``<time>``.
* Modification time (of a page updated in place): meta tags (``article:modified_time``,
  ``og:updated_time``), then JSON-LD ``dateModified``, an article's first.
* Language: ``<html lang>``, ``xml:lang``, ``Content-Language`` or ``og:locale``.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from newsbrief.errors import InputError, NotAnArticle

__all__ = ["Page", "read_page", "strip_site_name", "strip_site_suffix"]


@dataclass(frozen=True)
class Page:
    """What one HTML page says: its article text and metadata (empty strings when unknown).

    ``published`` holds the timestamps the page states, best first, as written, and
    ``modified`` those of its last change; ``guessed`` the date trafilatura finds in
    its address or text ("/2025/03/", "© 2025"), a guess to take only when nothing
    better is known. ``publisher`` is the outlet's name as the page itself states it
    (``og:site_name``, JSON-LD ``publisher``), "" if it states none; ``media`` what
    media page (a video, a gallery) it says it is, "" if none."""

    title: str
    text: str
    site: str
    url: str | None
    published: tuple[str, ...]
    language: str | None
    guessed: str | None = None
    modified: tuple[str, ...] = ()
    publisher: str = ""
    media: str = ""


_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def _mislabelled_as_cp1252(raw: bytes) -> bytes | str:
    """``raw``, or its text read as Windows-1252 when it is not the UTF-8 it declares
    (or declares no charset): the common mislabel of pages saved by older tools.
    A page declaring another charset is left for the parser to decode as declared."""
    try:
        raw.decode("utf-8")
        return raw
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(raw[:4096])
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return raw
    return raw.decode("cp1252", errors="replace")


def _served_as(raw: bytes, charset: str | None) -> bytes | str:
    """``raw`` decoded as the charset its server stated (an HTTP header outranks the
    page's own ``<meta charset>``), else as :func:`_mislabelled_as_cp1252` reads it."""
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown or wrong label: read as if none were stated
    return _mislabelled_as_cp1252(raw)


def read_page(raw: bytes, origin: str, url: str | None = None, charset: str | None = None) -> Page:
    """The article of HTML page ``raw``; :class:`~newsbrief.errors.NotAnArticle` (about
    ``origin``) when it holds none, :class:`~newsbrief.errors.InputError` when it cannot be parsed.
    ``charset``: the one its server stated (a crawl's HTTP ``Content-Type``), if known."""
    import trafilatura  # imported late: it is slow to import and only HTML needs it

    try:
        tree = trafilatura.load_html(_served_as(raw, charset))
    except Exception as error:  # trafilatura raises many types on broken markup
        raise InputError(f"cannot parse HTML: {error}", origin) from error
    if tree is None:  # not HTML at all (a feed, a bare redirect)
        raise NotAnArticle("no article text found in HTML", origin, kind="stub")
    linked_data = list(_json_ld(tree))  # read once: the front test, headlines and dates all use it
    _tidy(tree)
    # The page's own timestamps keep the time of day that trafilatura's date search
    # drops: meta tags, then JSON-LD (schema.org datePublished), then <time>.
    published = [
        *(str(value) for xpath in _PUBLISHED_XPATH for value in tree.xpath(xpath)),
        *_json_ld_dates(linked_data),
        *(str(value) for value in tree.xpath(_TIME_XPATH)),
    ]
    modified = (*(str(value) for xpath in _MODIFIED_XPATH for value in tree.xpath(xpath)),
                *_json_ld_dates(linked_data, "dateModified"))
    front = _section_front(tree, linked_data, url, bool(published))
    if front:
        raise NotAnArticle(f"not an article page: a section front ({front})", origin, kind="listing")
    # Read before extraction, which prunes the tree in place.
    headlines = list(_headline_candidates(tree, linked_data))
    stated_site = (_text(next(iter(tree.xpath("//meta[@property='og:site_name']/@content")), ""))
                   or _json_ld_publisher(linked_data))
    source_org = _first_text(tree, "//*[contains(concat(' ', @class, ' '), ' source-org ')]")
    # The declared language ("es", "en-US"), which trafilatura does not report: entity
    # tagging skips pages in a language its model does not read.
    language = next(
        (tag for xpath in _LANGUAGE_XPATH for value in tree.xpath(xpath) if (tag := str(value).strip().replace("_", "-"))),
        None,
    )
    media = _media_page(tree, linked_data)
    try:
        doc = trafilatura.bare_extraction(tree, url=url, with_metadata=True, include_comments=False)
    except Exception as error:
        raise InputError(f"cannot parse HTML: {error}", origin) from error
    if doc is None or not (doc.text or "").strip():
        if media:
            raise NotAnArticle(f"no article text found in HTML ({media})", origin, kind="media")
        raise NotAnArticle("no article text found in HTML", origin, kind="stub")
    # trafilatura guesses a missing site name from the title: only a stated one may disqualify a headline.
    site = stated_site or source_org or doc.hostname or ""
    return Page(
        title=_headline([doc.title or "", *headlines], site), text=doc.text,
        site=stated_site or source_org or doc.sitename or doc.hostname or "", url=doc.url or url,
        published=tuple(published), guessed=doc.date or None, language=language or doc.language,
        modified=modified, publisher=stated_site, media=media,
    )


_SOURCE_LINE_BREAK = re.compile(r"[ \t]*\r?\n\s*")
_COMMENT_NAME = re.compile(r"(?:[a-z0-9]+[_-])*comments?(?:[_-][a-z0-9]+)*", re.IGNORECASE)
_TABLE_TAGS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")


def _tidy(tree: Any) -> None:
    """Fix the markup that trafilatura misreads (see the module), in place."""
    preformatted = {id(node) for pre in tree.iter("pre", "textarea") for node in pre.iter()}
    for element in tree.iter():
        if id(element) not in preformatted and element.text:
            element.text = _SOURCE_LINE_BREAK.sub(" ", element.text)
        if id(element.getparent()) not in preformatted and element.tail:
            element.tail = _SOURCE_LINE_BREAK.sub(" ", element.tail)
    page_text = len(tree.text_content())
    for element in tree.xpath("//body//*[self::div or self::section or self::aside or self::ul or self::ol]"):
        names = [element.get("id") or "", *(element.get("class") or "").split()]
        if (
            any(_COMMENT_NAME.fullmatch(name) for name in names)
            and not element.xpath(".//h1|.//article|.//*[@itemprop='articleBody']")
            and 2 * len(element.text_content()) < page_text
            and element.getparent() is not None
        ):
            element.drop_tree()
    for table in tree.xpath("//table[.//td[count(.//p) >= 2]]"):
        for element in table.iter(*_TABLE_TAGS):
            element.tag = "div"


_ROOT_PATHS = ("", "/", "/index.html", "/index.htm", "/index.php")
_COLLECTION_TYPES = frozenset({"CollectionPage", "ItemList"})
_ARTICLE_TYPE = re.compile(r"Article|Posting|Report")
_LISTING_FOLDERS = frozenset({"tag", "tags", "topic", "topics", "category", "categories", "section", "sections",
                              "author", "authors", "archive", "archives", "search"})


def _section_front(tree: Any, linked_data: list[dict[str, Any]], url: str | None = None, own_time: bool = False) -> str:
    """Why the page is a section front (see the module), or "" when it is not known to be one;
    ``url``: where it was found, if known (its own URL, if it states one, comes first);
    ``own_time``: whether the page states a publication time of its own."""
    own_url = next(iter(tree.xpath("//link[@rel='canonical']/@href|//meta[@property='og:url']/@content")), "")
    parts = urlsplit(own_url.strip())
    stated = [str(kind).strip().lower() for kind in tree.xpath("//meta[@property='og:type']/@content")]
    # og:type "article" wins: some sites give every page the home page as canonical URL.
    if parts.netloc and parts.path in _ROOT_PATHS and not parts.query and "article" not in stated:
        return "the site's home page"
    types = {kind for item in linked_data for kind in _as_list(item.get("@type")) if isinstance(kind, str)}
    names_article = any(_is_article(item) for item in linked_data)
    if types & _COLLECTION_TYPES and not names_article:
        return "a collection of links"
    # A section or topic page is typed "website", has no time of its own (an article
    # has one) and lives at a folder's address ("/news/", "/topics/lake-tarrow/") or
    # under a listing's ("/tag/fire"): all three, as some articles are typed "website".
    path = urlsplit((own_url or url or "").strip()).path
    if (stated and not any(kind.startswith("article") for kind in stated) and not names_article and not own_time
            and (path.endswith("/") or not _LISTING_FOLDERS.isdisjoint(path.lower().split("/")))):
        return f"a page of type {stated[0]!r} at a section's address, with no publication time"
    return ""


_MEDIA_TYPES = frozenset({"VideoObject", "AudioObject", "ImageObject", "ImageGallery", "MediaGallery", "PodcastEpisode"})


def _media_page(tree: Any, linked_data: list[dict[str, Any]]) -> str:
    """What media the page says it is ("a page of type 'video.other'"),
    "" if it does not or says it is an article: a page with no text of its own
    that is a video, a recording or a gallery is such a page, not a stub."""
    if any(_is_article(item) for item in linked_data):
        return ""
    stated = [str(kind).strip().lower() for kind in tree.xpath("//meta[@property='og:type']/@content")]
    if stated and stated[0].startswith(("video", "music")):
        return f"a page of type {stated[0]!r}"
    kind = next((kind for item in linked_data for kind in _as_list(item.get("@type")) if kind in _MEDIA_TYPES), "")
    return f"a page of JSON-LD type {kind!r}" if kind else ""


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    return re.sub(r"\s+", " ", value).strip() if isinstance(value, str) else ""


def _first_text(tree: Any, xpath: str) -> str:
    return next((text for element in tree.xpath(xpath) if (text := _text(element.text_content()))), "")


def _json_ld(tree: Any) -> Iterator[dict[str, Any]]:
    """Every object in the page's JSON-LD blocks (``@graph`` members and nested objects
    too), outer ones first: the page's own article before the related ones it lists."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            queue = deque([json.loads(script)])
        except ValueError:
            continue
        while queue:
            item = queue.popleft()
            if isinstance(item, dict):
                yield item
                queue.extend(item.values())
            elif isinstance(item, list):
                queue.extend(item)


def _is_article(item: dict[str, Any]) -> bool:
    return any(isinstance(kind, str) and _ARTICLE_TYPE.search(kind) for kind in _as_list(item.get("@type")))


def _json_ld_dates(linked_data: list[dict[str, Any]], key: str = "datePublished") -> list[str]:
    """The JSON-LD ``key`` (``datePublished``, ``dateModified``) values, an article's (``NewsArticle``...) first."""
    dated = [item for item in linked_data if isinstance(item.get(key), str)]
    return [item[key] for item in sorted(dated, key=lambda item: not _is_article(item))]


def _json_ld_publisher(linked_data: list[dict[str, Any]]) -> str:
    """The name of the JSON-LD ``publisher`` (an object's ``name``, or a plain name), an article's first."""
    for item in sorted(linked_data, key=lambda item: not _is_article(item)):
        for publisher in _as_list(item.get("publisher")):
            name = _text(publisher.get("name") if isinstance(publisher, dict) else publisher)
            if name:
                return name
    return ""


def _headline_candidates(tree: Any, linked_data: list[dict[str, Any]]) -> Iterator[str]:
    for item in linked_data:
        yield _text(item.get("headline"))
    for xpath in (
        "//meta[@property='og:title']/@content", "//meta[@name='twitter:title']/@content",
        "//meta[@property='twitter:title']/@content",
    ):
        yield from (_text(value) for value in tree.xpath(xpath))
    for xpath in ("//*[contains(concat(' ', @class, ' '), ' entry-title ')]", "//h1", "//title"):
        yield from (_text(element.text_content()) for element in tree.xpath(xpath))


# Words a page title adds to a site's name without naming a story ("News from ...", "... Home page").
_GENERIC_TITLE_WORDS = frozenset(
    "the a of and from to on at news latest breaking top headlines stories home homepage page site website "
    "online official welcome com www".split()
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _headline(candidates: list[str], site: str) -> str:
    """The first candidate that is a headline once the site's name is stripped."""
    site_words = _words(site) | _GENERIC_TITLE_WORDS
    for candidate in candidates:
        title = strip_site_name(candidate, site)
        if title and not _words(title) <= site_words:
            return title
    return ""


_TITLE_SEPARATOR = re.compile(r"\s+(\||-|–|—|::|»)\s+")
_LEADING_SEPARATOR = re.compile(r"\s*(?:\||-|–|—|::|:|»)\s+")


def strip_site_name(title: str, site: str) -> str:
    """Drop the site's name from either end of a title (see :func:`strip_site_suffix`).

    >>> strip_site_name("Quay Gazette: Storm ends", "Quay Gazette")
    'Storm ends'
    """
    if site and title.lower().startswith(site.lower()):
        separator = _LEADING_SEPARATOR.match(title, len(site))
        if separator:
            title = title[separator.end():]
    return strip_site_suffix(title, site)


def strip_site_suffix(title: str, site: str) -> str:
    """Drop the outlet's name and section trail that pages append to their titles.

    "Storm ends | CNN Politics" -> "Storm ends". A trailing part after " | " or
    " » " (a breadcrumb trail) of at most five words, and shorter than what it
    follows, is dropped, repeatedly; after a dash only when it names the site.

    >>> strip_site_suffix("Storm ends - The Quay Gazette", "Quay Gazette")
    'Storm ends'
    >>> strip_site_suffix("Storm ends - and the pier reopens", "Quay Gazette")
    'Storm ends - and the pier reopens'
    >>> strip_site_suffix("Storm ends on the coast » Local » News » Quay Gazette", "QG")
    'Storm ends on the coast'
    """
    site_words = _words(site) - {"the", "com", "www"}
    while True:
        last = None
        for last in _TITLE_SEPARATOR.finditer(title):
            pass
        if last is None:
            return title
        head, separator, tail = title[: last.start()], last.group(1), title[last.end():]
        if separator in "|»" and len(tail.split()) <= min(5, len(head.split()) - 1):
            title = head.strip()
        else:
            return head.strip() if site_words & _words(tail) else title


_PUBLISHED_XPATH = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@name='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='pubdate']/@content",
)
_MODIFIED_XPATH = (
    "//meta[@property='article:modified_time']/@content",
    "//meta[@name='article:modified_time']/@content",
    "//meta[@itemprop='dateModified']/@content",
    "//meta[@property='og:updated_time']/@content",
)
_TIME_XPATH = "//time[@datetime]/@datetime"
_LANGUAGE_XPATH = (
    "/html/@lang",
    "/html/@*[name()='xml:lang']",  # the HTML parser keeps it as a plain attribute
    "//meta[translate(@http-equiv, 'CONTENTLANGUAGE', 'contentlanguage')='content-language']/@content",
    "//meta[@property='og:locale']/@content",
)

