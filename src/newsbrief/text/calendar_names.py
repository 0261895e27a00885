"""Month and weekday names as news copy writes them: the one source of the patterns that
find them, for cleaning (timeline list items), sentence splitting ("9 a.m. | Tuesday") and
the dates of :mod:`newsbrief.facts.dates`.

News agencies shorten months before a day ("Jan. 5", "Sept. 30") and most keep the full
stop; a timeline list writes them bare too ("Jan 2023 - ...").

>>> import re
>>> [bool(re.fullmatch(MONTH, w)) for w in ("March", "Sept.", "Sept", "May")]
[True, True, False, True]
>>> [bool(re.fullmatch(MONTH_IN_LISTS, w)) for w in ("Sept", "Jun", "Mayor")]
[True, True, False]
>>> MONTH_NUMBERS["sept."], MONTH_NUMBERS["june"]
(9, 6)
"""

from __future__ import annotations

import calendar

__all__ = ["MONTH_NAMES", "WEEKDAY_NAMES", "MONTH_SHORT_FORMS", "MONTH", "MONTH_IN_LISTS", "WEEKDAY", "MONTH_NUMBERS"]

MONTH_NAMES: tuple[str, ...] = tuple(calendar.month_name[1:])
WEEKDAY_NAMES: tuple[str, ...] = tuple(calendar.day_name)

# Shortened forms and their months; March to July are mostly written whole.
_SHORT = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
    "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
#: "Jan", "Sept", ...: the shortened forms, written with a full stop or without.
MONTH_SHORT_FORMS: tuple[str, ...] = tuple(_SHORT)

#: A month in running text: the whole name, or a shortened one with its full stop.
MONTH = "(?:" + "|".join(MONTH_NAMES) + "|(?:" + "|".join(sorted(_SHORT, key=len, reverse=True)) + r")\.)"
#: A month as lists and timelines write it too: shortened forms without the full stop.
MONTH_IN_LISTS = (
    "(?:" + "|".join(MONTH_NAMES) + "|(?:" + "|".join(sorted(_SHORT, key=len, reverse=True)) + r")\.?)(?![a-z])"
)
WEEKDAY = "(?:" + "|".join(WEEKDAY_NAMES) + ")"
#: Month numbers by lower-case name and shortened form with its full stop ("sept.": 9).
MONTH_NUMBERS: dict[str, int] = {
    **{name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)},
    **{f"{short.lower()}.": i for short, i in _SHORT.items()},
}
