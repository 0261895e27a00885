"""The HTML pages of a web crawl: WARC files (``.warc``, ``.warc.gz``), read with warcio.

Only ``response`` records of HTTP 200 with an HTML payload are pages; requests,
metadata, ``warcinfo``, revisits, other statuses (404, redirects) and other
media (PDF, images) are what a crawl holds besides, and are passed over. A record
cut short (a truncated download) or that is not a WARC record (a corrupt file)
stops the reading with an :class:`~newsbrief.errors.InputError` naming the file
and the record's byte offset: the pages before it were read, nothing after it can
be trusted to begin where it should.
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsbrief.errors import InputError

__all__ = ["CrawledPage", "crawled_pages", "tally"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


@dataclass(frozen=True)
class CrawledPage:
    """One HTML page of a crawl: its ``html`` as served (content and transfer
    encodings undone), its ``url`` (WARC-Target-URI), when it was fetched
    (``crawled``: WARC-Date, as written), the byte of the file its record starts at and the
    ``charset`` its HTTP ``Content-Type`` states, if any."""

    url: str
    crawled: str | None
    offset: int
    html: bytes
    charset: str | None = None


def _records(handle: Any) -> Any:
    """warcio's iterator over ``handle``, quiet: it writes a warning of its own to
    stderr for a record not followed by the blank lines its length promises, which
    :func:`crawled_pages` reports instead (from ``err_count``)."""
    from warcio.archiveiterator import ArchiveIterator  # imported late, as only crawls need it

    class QuietIterator(ArchiveIterator):  # type: ignore[misc]
        INC_RECORD = ""

    return QuietIterator(handle)


def _skipped(record: Any, media: str) -> str:
    """Why ``record``, of HTTP media type ``media``, is not a page ("" when it is one)."""
    if record.rec_type != "response":
        return f"{record.rec_type} record"
    if record.http_headers is None:  # a dns: or other non-HTTP response
        return "not HTTP"
    status = record.http_headers.get_statuscode()
    if status != "200":
        return f"HTTP {status}"
    return "" if media in _HTML_TYPES or not media else "not HTML"  # untyped: judged by its bytes


def tally(counts: Counter[str]) -> str:
    """What was passed over, as messages say it ("2 HTTP 404, 1 not HTML"; "none").

    >>> tally(Counter({"not HTML": 1, "HTTP 404": 2}))
    '2 HTTP 404, 1 not HTML'
    """
    return ", ".join(f"{count} {why}" for why, count in sorted(counts.items())) or "none"


def _content_type(record: Any) -> tuple[str, str | None]:
    """The media type of a record's HTTP ``Content-Type`` ("" if none) and its charset."""
    if record.http_headers is None:
        return "", None
    media, *parameters = (record.http_headers.get_header("Content-Type") or "").split(";")
    charset = next((value.strip().strip("\"'") for name, _, value in (p.partition("=") for p in parameters)
                    if name.strip().lower() == "charset" and value.strip()), None)
    return media.strip().lower(), charset


def _undecodable_encoding(record: Any, supported: Container[str]) -> str:
    """The HTTP ``Content-Encoding`` of a response that warcio cannot undo (not in
    ``supported``: "br" without the ``brotli`` package, "zstd"), or ""."""
    encoding = (record.http_headers.get_header("Content-Encoding") or "").strip().lower()
    return encoding if encoding not in ("", "identity") and encoding not in supported else ""


def _looks_like_html(payload: bytes) -> bool:
    """Whether an untyped payload is an HTML page: it opens with a doctype or ``<html>``."""
    return payload.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].lower().startswith((b"<!doctype html", b"<html"))


def crawled_pages(
    path: str | Path, report: Callable[[InputError], None], max_bytes: int = 20_000_000
) -> Iterator[CrawledPage]:
    """The HTML pages of WARC file ``path``, gzipped (one member per record) or not, in order.

    A page over ``max_bytes`` is passed to ``report`` and left out. A truncated or
    corrupt record raises :class:`~newsbrief.errors.InputError` with its offset,
    after the pages before it; so does a file without a page (saying what its records were).

    >>> import io, tempfile
    >>> from warcio.statusandheaders import StatusAndHeaders
    >>> from warcio.warcwriter import WARCWriter
    >>> path = Path(tempfile.mkdtemp()) / "crawl.warc.gz"
    >>> with open(path, "wb") as handle:
    ...     writer = WARCWriter(handle, gzip=True)
    ...     for url, kind in (("https://q.example/a", "text/html"), ("https://q.example/a.pdf", "application/pdf")):
    ...         http = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
    ...         writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(b"<p>Hi</p>"),
    ...                                                       http_headers=http))
    >>> [(page.url, page.offset, page.html) for page in crawled_pages(path, report=print)]
    [('https://q.example/a', 0, b'<p>Hi</p>')]
    """
    name = str(path)
    passed: Counter[str] = Counter()
    pages = 0
    try:
        handle = open(path, "rb")
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", name) from error
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if not size:
            raise InputError("empty file", name)
        records = _records(handle)
        supported = _decoders()
        for record in _parsed(records, name):
            media, charset = _content_type(record)
            why = _skipped(record, media)
            try:
                html = b"" if why else record.content_stream().read(max_bytes + 1)
                # Read to its end (which finds where the next record begins), then checked
                # whole: warcio hands out a record cut short without a word.
                offset, errors = records.get_record_offset(), records.err_count
            except (zlib.error, EOFError, ValueError, OSError) as error:  # a gzip member or chunk that is broken
                raise InputError(f"corrupt WARC record ({error})", name, offset=records.offset) from error
            # Headers cut short may lack a Content-Length (warcio then reads on as if it were 0).
            if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
                raise InputError("truncated or corrupt WARC record: no Content-Length", name, offset=offset)
            if record.raw_stream.limit > 0:
                raise InputError("truncated WARC record: the file ends inside it", name, offset=offset)
            if errors:
                raise InputError("corrupt WARC record: its length does not end where the next record begins",
                                 name, offset=offset)
            if not why and (encoding := _undecodable_encoding(record, supported)):
                # warcio would hand out the compressed bytes as the page, read as no article.
                report(InputError(f"page served in a content encoding that cannot be decoded here ({encoding})",
                                  name, offset=offset))
                passed[f"{encoding}-encoded"] += 1
                continue
            if not why and not media and not _looks_like_html(html):
                why = "not HTML"
            if why:
                passed[why] += 1
            elif len(html) > max_bytes:
                report(InputError(f"page too large (over {max_bytes:,} bytes)", name, offset=offset))
            else:
                pages += 1
                yield CrawledPage(record.rec_headers.get_header("WARC-Target-URI") or "",
                                  record.rec_headers.get_header("WARC-Date"), offset, html, charset)
        # A record cut within its first bytes (a gzip member's header) ends warcio's
        # reading as if the file ended there.
        if records.offset < size:
            raise InputError("truncated WARC record: the file ends inside it", name, offset=records.offset)
    if not pages:
        raise InputError(f"no HTML page (HTTP 200) in this WARC file; its records: {tally(passed)}", name)


def _decoders() -> frozenset[str]:
    """The HTTP content encodings warcio can undo here."""
    from warcio.bufferedreaders import BufferedReader

    return frozenset(name.lower() for name in BufferedReader.get_supported_decompressors())


def _parsed(records: Any, name: str) -> Iterator[Any]:
    """The records of warcio's iterator ``records``; one it cannot parse raises
    :class:`~newsbrief.errors.InputError` with its offset."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    read = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        # AttributeError: warcio reads on in headers cut short and trips over a missing one.
        except (ArchiveLoadFailed, StatusAndHeadersParserException, zlib.error, EOFError, ValueError,
                AttributeError) as error:
            # A file gzipped whole leaves warcio's offset before the file's start.
            raise InputError(_corruption(error, read), name, offset=max(records.offset, 0)) from error
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror}", name, offset=records.offset) from error
        if record.format != "warc":  # warcio reads any line of words as an ARC file's record
            raise InputError("not a WARC file" if not read else "corrupt WARC record (not a WARC record)", name,
                             offset=records.offset)
        read += 1
        yield record


def _corruption(error: Exception, read: int) -> str:
    """One line on a record warcio could not parse; ``read``: the records before it."""
    said = str(error)
    if "non-chunked gzip" in said:
        return "the WARC file is gzipped whole, not record by record (`warcio recompress` fixes it)"
    if not read and "Unknown archive format" in said:
        return "not a WARC file"
    first = next((line.strip() for line in said.splitlines() if line.strip()), type(error).__name__)
    return f"corrupt WARC record ({first[:80]})"
