"""newsbrief's errors: one hierarchy, so callers can catch ``NewsbriefError``.

    NewsbriefError
    ├── InputError        an input file or record cannot be read (has ``path``, ``line`` and ``offset``)
    │   ├── InputWarning  an input read only in part: what could be read is kept
    │   │   └── InputNotice  what was read otherwise than it stands, through no fault of the input
    │   └── NotAnArticle  a web page that holds no article (a section front, no article text)
    ├── StoreError        the local store cannot be opened or written
    └── StoryNotFound     a story id that the store does not know
        └── AmbiguousStory  a story id prefix that several stories start with
"""

from __future__ import annotations

__all__ = ["NewsbriefError", "InputError", "InputWarning", "InputNotice", "NotAnArticle", "PAGE_KINDS", "StoreError", "StoryNotFound", "AmbiguousStory", "place"]


class NewsbriefError(Exception):
    """Base class of every error newsbrief raises on purpose."""


def place(path: str, line: int | None = None, offset: int | None = None) -> str:
    """Where in an input something is, as messages and articles' origins write it:
    the file, its line (1-based) and the byte of the file (0-based).

    >>> place("a.jsonl", 2), place("crawl.warc.gz", offset=1234), place("a.jsonl", 2, 95)
    ('a.jsonl:2', 'crawl.warc.gz (byte 1234)', 'a.jsonl:2 (byte 95)')
    """
    where = f"{path}:{line}" if line is not None else path
    return f"{where} (byte {offset})" if offset is not None else where


class InputError(NewsbriefError):
    """An input (file, record, feed) that newsbrief cannot read.

    ``path`` and, where it applies, ``line`` (1-based) and ``offset`` (the byte
    of the file, 0-based) say where.

    >>> str(InputError("truncated WARC record", "crawl.warc", offset=1234))
    'crawl.warc (byte 1234): truncated WARC record'
    """

    def __init__(self, message: str, path: str = "", line: int | None = None, offset: int | None = None) -> None:
        self.reason = message
        self.path = path
        self.line = line
        self.offset = offset
        where = place(path, line, offset)
        super().__init__(f"{where}: {message}" if where else message)

    def __reduce__(self) -> tuple[type[InputError], tuple[object, ...]]:
        # Pickled whole, its kind kept: problems found on workers travel back as they are.
        return (type(self), self._arguments(self.path, self.line, self.offset))

    def _arguments(self, path: str, line: int | None, offset: int | None) -> tuple[object, ...]:
        """What makes this problem again, said of ``path``, ``line`` and ``offset``."""
        return (self.reason, path, line, offset)

    def at(self, path: str, line: int | None = None, offset: int | None = None) -> InputError:
        """The same problem (of the same kind) said of another place.

        >>> str(InputError("malformed JSON", "a.jsonl", 3).at("a.jsonl", 3, 95))
        'a.jsonl:3 (byte 95): malformed JSON'
        """
        return type(self)(*self._arguments(path, line, offset))

    def moved(self, path: str, lines_before: int = 0, bytes_before: int = 0) -> InputError:
        """The same problem (of the same kind) said of the file ``path`` that the
        input it was found in was cut from, ``lines_before`` lines and
        ``bytes_before`` bytes into it (a partition's line as the file's line).

        >>> str(InputError("malformed JSON", "part-00001.jsonl", 3, 40).moved("all.jsonl", 20_000, 2_400_000))
        'all.jsonl:20003 (byte 2400040): malformed JSON'
        """
        line = None if self.line is None else lines_before + self.line
        offset = None if self.offset is None else bytes_before + self.offset
        return self.at(path, line, offset)


class InputWarning(InputError):
    """An input read in spite of a problem (a feed with a syntax error): the
    articles that could be read from it are kept, the problem is reported."""


class InputNotice(InputWarning):
    """Something read otherwise than it stands that is no fault of the input (a page
    a crawl captured twice, of which the latest capture is kept): said, as a warning
    is, but no reason for ``--strict`` to stop."""


class NotAnArticle(InputError):
    """A web page that holds no article. An ``.html`` file given is reported so; a
    crawl passes over such pages, as it passes over its images and redirects.

    ``kind`` says what the page is instead (one of :data:`PAGE_KINDS`): a "listing"
    (a home page, a section front, a collection of links), a "media" page (a video,
    a gallery: no text of its own) or a "stub" (too little text to be news).

    >>> error = NotAnArticle("not an article page: a section front (the site's home page)", "a.html", kind="listing")
    >>> error.kind, error.at("crawl.warc", offset=120).kind
    ('listing', 'listing')
    """

    def __init__(self, message: str, path: str = "", line: int | None = None, offset: int | None = None,
                 kind: str = "stub") -> None:
        if kind not in PAGE_KINDS:
            raise ValueError(f"kind must be one of {', '.join(PAGE_KINDS)}, got {kind!r}")
        self.kind = kind
        super().__init__(message, path, line, offset)

    def _arguments(self, path: str, line: int | None, offset: int | None) -> tuple[object, ...]:
        return (*super()._arguments(path, line, offset), self.kind)


PAGE_KINDS = ("listing", "media", "stub")
"""What a page that is :class:`NotAnArticle` is instead."""


class StoreError(NewsbriefError):
    """The store cannot be opened, is of a newer schema, or a write failed."""


class StoryNotFound(NewsbriefError, KeyError):
    """No story with that id in the store."""


class AmbiguousStory(StoryNotFound):
    """A story id prefix that several stories start with; ``matches`` are their ids, sorted.

    >>> str(AmbiguousStory("s-8", ("s-81", "s-82", "s-83", "s-84")).args[0])
    "'s-8' matches 4 stories: s-81, s-82, s-83 and 1 more"
    """

    def __init__(self, prefix: str, matches: tuple[str, ...], shown: int = 3) -> None:
        self.prefix = prefix
        self.matches = matches
        listed = ", ".join(matches[:shown]) + (f" and {len(matches) - shown} more" if len(matches) > shown else "")
        super().__init__(f"{prefix!r} matches {len(matches)} stories: {listed}")
