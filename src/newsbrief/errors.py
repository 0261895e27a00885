"""newsbrief's errors: one hierarchy, so callers can catch ``NewsbriefError``.

    NewsbriefError
    ├── InputError        an input file or record cannot be read (has ``path`` and ``line``)
    │   └── InputWarning  an input read only in part: what could be read is kept
    ├── StoreError        the local store cannot be opened or written
    └── StoryNotFound     a story id that the store does not know
        └── AmbiguousStory  a story id prefix that several stories start with
"""

from __future__ import annotations

__all__ = ["NewsbriefError", "InputError", "InputWarning", "StoreError", "StoryNotFound", "AmbiguousStory"]


class NewsbriefError(Exception):
    """Base class of every error newsbrief raises on purpose."""


class InputError(NewsbriefError):
    """An input (file, record, feed) that newsbrief cannot read.

    ``path`` and, where it applies, ``line`` (1-based) say where.
    """

    def __init__(self, message: str, path: str = "", line: int | None = None) -> None:
        self.reason = message
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}" if where else message)

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, int | None]]:
        # Pickled whole, its kind kept: problems found on workers travel back as they are.
        return (type(self), (self.reason, self.path, self.line))

    def moved(self, path: str, line: int | None) -> InputError:
        """The same problem (of the same kind) said of another place: a partition's
        line as the line of the file it was cut from."""
        return type(self)(self.reason, path, line)


class InputWarning(InputError):
    """An input read in spite of a problem (a feed with a syntax error): the
    articles that could be read from it are kept, the problem is reported."""


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
