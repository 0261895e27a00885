"""Unicode normalisation and removal of page furniture from article text.

Article text arrives from ``.txt`` files, JSON records and HTML extractors with
the web page still clinging to it: "Share" and "Advertisement" labels, photo
credits, bylines, newsletter prompts and a tail of related-story headlines.
:func:`clean_text` removes them and returns one paragraph per line, paragraphs
separated by a blank line, which is the form every later stage expects.

Input contract: one paragraph (or one sentence) per line, as an HTML extractor or
a JSON record gives it. Text hard-wrapped at a fixed width (wire copy, e-mail,
``fmt``) is unwrapped first (:func:`unwrap_lines`), or the lines cut in
mid-sentence would look like captions.

Two kinds of rules, both conservative (a piece of furniture left in costs one
odd sentence, a real sentence removed costs a fact):

* :data:`FURNITURE`, a table of regular expressions, each matched against a
  *whole* line, so a real paragraph that merely contains "share" or "read more"
  never matches.
  Among them: cookie notices, newsletter prompts and confirmations (in a few
  languages), navigation bars ("Home | World | Tech | Travel"), copyright
  footers and wire contributor credits ("... contributed to this report.").
* Two layout rules for lines that are *not prose*: short (at most
  :data:`SHORT_LINE_WORDS` words and :data:`SHORT_LINE_CHARS` characters) and not
  ending in sentence punctuation (``. ! ? … : ;`` and their CJK, Devanagari and
  Arabic forms, or a comma, maybe followed by a closing quote or bracket).

  - *Lone captions and crossheads*: a non-prose line in the body is a photo
    caption, a credit or a section heading, not a sentence of the story, and is
    dropped. Kept are the first line (the title, when the text carries one),
    list items (lines starting with a bullet, a dash or "1.", and timeline
    entries: "March 2023 - inspectors warn of faulty wiring") and lines that start in lower case or are followed by one that
    does (a sentence running over a line break).
  - *Trailing related links*: the run of non-prose lines (list items included,
    and list items in title case whatever they end with: "- Is Using the Snooze
    Button Bad for You?") at the end of the text, after the last prose paragraph,
    is a list of related-story headlines. It is kept when the paragraph before it ends with a
    colon, because then the body introduced it as a list.

A caption that is a full sentence ("The video shows the moment the bridge gave
way.") cannot be told from a sentence of the story by its text, and is kept.

>>> page = ["Share", "Quake hits city", "A quake hit the city.", "Advertisement",
...         "Rescuers are searching.", "Storm hits coast"]
>>> clean_text("\\n".join(page)).split("\\n\\n")
['Quake hits city', 'A quake hit the city.', 'Rescuers are searching.']
"""

from __future__ import annotations

import re
import unicodedata

from newsbrief.text.calendar_names import MONTH_IN_LISTS, MONTH_NAMES, MONTH_SHORT_FORMS, WEEKDAY_NAMES

__all__ = [
    "normalise_unicode",
    "unwrap_lines",
    "clean_text",
    "is_furniture",
    "says_only_when",
    "FURNITURE",
    "LIST_BULLETS",
    "SHORT_LINE_WORDS",
    "SHORT_LINE_CHARS",
]

# Typographic variants mapped to one form, so copies of a sentence compare equal
# whatever the outlet's typesetting. Decisions:
# * curly double quotes (and the low/reversed forms) become ``"``, curly single
#   quotes and apostrophes become ``'``: outlets differ only in typesetting there.
#   Guillemets « » are kept: they are the quotes of French, Russian and other
#   languages, not a typographic variant of ``"``.
# * hyphen-like marks become ``-`` (the Unicode hyphen, non-breaking hyphen and
#   the minus sign, so "−5" reads as a number), the figure dash becomes ``–``
#   and the horizontal bar ``—``. En and em dashes are kept as they are: they
#   separate clauses, ranges and list items, and mapping them to ``-`` would
#   merge them with the hyphen of "Col.-Gen." or "UK-based".
# * spaces of every width (no-break, thin, ideographic, ...) and tabs become a
#   plain space.
# * invisible characters that only steer line breaking are removed: zero-width
#   space, word joiner, byte-order mark, soft hyphen, Mongolian vowel separator.
#   The zero-width (non-)joiners are kept because they change spelling in
#   Persian and Indic scripts and in emoji.
# * line and paragraph separators and form feeds become newlines.
_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys("“”„‟″〝〞＂", '"'),
        **dict.fromkeys("‘’‚‛′＇", "'"),
        **dict.fromkeys("\u2010\u2011\u2212", "-"),
        "\u2012": "–",
        "\u2015": "—",
        **dict.fromkeys(
            "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
            "\u202f\u205f\u3000",
            " ",
        ),
        **dict.fromkeys("\u200b\u2060\ufeff\u00ad\u180e", None),
        **dict.fromkeys("\u2028\v\f\x1c\x1d\x1e", "\n"),
        "\u2029": "\n\n",
        # C1 control characters in news text are Windows-1252 punctuation decoded
        # as Latin-1; they are given the character the writer typed.
        **dict.fromkeys("\x91\x92", "'"),
        **dict.fromkeys("\x93\x94", '"'),
        "\x85": "…",
        "\x96": "–",
        "\x97": "—",
    }
)
# Other control characters carry nothing readable and are removed.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_LINE_ENDS = re.compile(r"\r\n?")
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_LINE_RUN = re.compile(r"\n{3,}")


def normalise_unicode(text: str) -> str:
    """Normalise characters and white space, keeping the paragraph layout.

    Applies Unicode NFC (composed accents), maps typographic variants as listed in
    the module (curly quotes to straight ones, odd spaces to a space, invisible
    characters dropped; en and em dashes kept), turns CRLF and CR into LF, strips
    every line, collapses runs of spaces and keeps at most one blank line between
    paragraphs. NFKC is *not* applied: it would rewrite "2½" as "21⁄2" and "km²"
    as "km2", which corrupts figures.

    >>> normalise_unicode("“Hi,”\\u00a0she   said.\\r\\n\\r\\n\\r\\nIt’s\\u200b over ")
    '"Hi," she said.\\n\\nIt\\'s over'
    """
    text = unicodedata.normalize("NFC", _LINE_ENDS.sub("\n", text)).translate(_TRANSLATION)
    # Runs of spaces never cross a line, so they are collapsed over the whole text at once.
    text = _SPACE_RUN.sub(" ", _CONTROL.sub("", text))
    lines = (line.strip() for line in text.split("\n"))
    return _BLANK_LINE_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


# Pieces shared by several rules below.
_SOCIAL_LABEL = (
    r"(?:share(?:\s+(?:this|the))?(?:\s+(?:article|story|page|post|video|gallery))?"
    r"(?:\s+(?:on|via)\s+\w+)?|tweet|e-?mail|print|pin(?:\s+it)?|save|copy(?:\s+link)?"
    r"|facebook|twitter|linkedin|whatsapp|reddit|messenger|telegram|flipboard|comments?)"
    r"(?:\s*\(?\d+\)?)?"  # a counter: "Share 12", "Comments (3)"
)
_NAME = r"[A-Z][\w'.-]*"
_NAMES = rf"{_NAME}(?:\s+{_NAME}){{0,3}}"
_AGENCY = r"(?:AP|AFP|Reuters|EPA|Getty(?:\s+Images)?|Bloomberg|PA|Xinhua|dpa|ANSA|TASS|UPI|AAP|Shutterstock)"
_ANY_CASE = re.IGNORECASE
# Newsletter words, sign-up phrases and confirmations in English, French, German,
# Spanish, Italian and Latvian.
_NEWSLETTER = (
    r"newsletters?|inbox|briefings?|digest|e-?mail\s+(?:alerts?|updates)|news\s+alerts?|lettre\s+d'information"
    r"|boletín|pasta\s+saņemšan\w*|vēstkop\w*|jaunum\w*"
)
_SIGN_UP = (
    r"sign\s+up|subscribe|register|get\s+(?:our|the)|don't\s+miss|abonnez|inscri\w+|suscr[ií]b\w*|iscriviti"
    r"|abonnieren|anmelden|piesakies|pierakst\w*|parakst\w*"
)
_CONFIRMED = (
    r"thanks?\b|thank\s+you|you(?:'re|\s+are|\s+have)\s+(?:now\s+)?(?:subscribed|signed)|confirm\w*"
    r"|check\s+your\s+inbox|merci|danke|bestätig\w*|gracias|confirma\w*|grazie|paldies|izdevās|apstiprin\w*"
)
_COOKIE = r"cookies?\b|sīkdat[nņ]|sīkfail|slapuk|ciasteczk|küpsis|evästei|куки|файлы\s+cookie"
_COOKIE_CONSENT = (
    r"you|your|we\s+use|(?:this|our)\s+(?:site|website)\s+uses|by\s+(?:continuing|using)|vous|nous\s+utilisons"
    r"|sie|wir\s+verwenden|usted|utilizamos|usamos|acepta\w*|accetti|utilizziamo|jūs|turpinot|izmanto\w*"
    r"|вы|мы\s+используем|продолжая"
)
# Cookie notices: a cookie word and a word addressing the reader or the site's own use
# ("By continuing you agree ...", "We use cookies", Latvian "Turpinot lietot šo portālu,
# Jūs piekrītat ... sīkdatnes"), on a line of at most 400 characters. A news sentence
# about cookies rarely says "you" or "we use".
_COOKIE_NOTICE = (rf"(?=.{{0,400}}$)(?=.*(?:{_COOKIE}))(?=.*\b(?:{_COOKIE_CONSENT})\b).*", _ANY_CASE)
_NAV_ITEM = r"[^\W\d_][^|\d]{0,30}"
_CONTRIBUTED = (r"(?=.{0,240}$).*\bcontributed\s+(?:reporting|to\s+this\s+(?:report|story|article))(?![\w'’])(?:\s+from\s+[^.]{1,60})?", _ANY_CASE)
_SITE_NOTE = (
    r"(?:editor'?s\s+note\s*:\s*this\s+(?:story|article|report)\s+(?:has\s+been|was)\s+updated\b.{0,160}"
    r"|this\s+(?:story|article|report)\s+(?:has\s+been|was)\s+updated(?:\s+(?:to|with)\s+[^.]{1,120})?)"
    r"|our\s+standards\s*:.{0,80}|thanks?(?:\s+you)?\s+for\s+(?:signing\s+up|subscribing)\b.{0,80}"
    r"|loading\b.{0,40}(?:\.\.\.|…)",
    _ANY_CASE,
)
_CAPTION_CREDIT = (rf"(?=.{{0,400}}$).*\((?:{_AGENCY})(?:\s+Photo)?\s*/\s*[\w .'-]{{1,60}}\)", 0)

#: Lines that are page furniture, each a regular expression matched against the
#: whole line (after :func:`normalise_unicode`), so it never fires inside prose.
#: Leading and trailing punctuation ("-- By ...", "Read more »") is allowed.
def _whole_line(pattern: str, flags: int) -> re.Pattern[str]:
    """A furniture rule: ``pattern`` as the whole line, leading and trailing punctuation allowed."""
    return re.compile(rf"[\W_]*(?:{pattern})[\W_]*", flags)


FURNITURE: tuple[re.Pattern[str], ...] = tuple(
    _whole_line(pattern, flags)
    for pattern, flags in (
        # Social buttons, alone or in a row: "Share", "Share this article",
        # "Facebook Twitter Email", "Share on WhatsApp", "Comments (3)".
        (rf"{_SOCIAL_LABEL}(?:[\s|/·•,]+{_SOCIAL_LABEL})*", _ANY_CASE),
        # Follow prompts: "Follow us on Twitter", "Like us on Facebook".
        (r"(?:follow|like)\s+(?:us|me)\s+on\s+\w+.{0,40}", _ANY_CASE),
        # Advertising slots and their "continues below" notes.
        (
            r"advertisement|advertising|ad|sponsored(?:\s+content)?|paid\s+(?:content|post)"
            r"|(?:story|article)\s+continues\s+(?:below|after).*|continue\s+reading.{0,40}"
            r"|scroll\s+(?:down\s+)?to\s+continue.*",
            _ANY_CASE,
        ),
        # Navigation and links: "Skip to content", "Read more: ...", "Related: ...",
        # "See also ...", "Click here ...", "Most read", "Back to top".
        (
            r"(?:skip|jump)\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|comments|section|top)\b.*"
            r"|skip\s+navigation|back\s+to\s+top|(?:read|see|watch|listen)"
            r"\s+(?:more|next|also)\b.*|(?:also\s+read|read|watch|listen|more|related|see\s+also)\s*:.*"
            r"|related(?:\s+(?:stories|articles|content|coverage|links|topics|news))?"
            r"|more\s+(?:on\s+this\s+story|from\s+\w+(?:\s+\w+)?|stories)|most\s+(?:read|popular|viewed)"
            r"|trending(?:\s+now)?|recommended(?:\s+for\s+you)?|(?:click|tap)\s+here\b.*"
            r"|(?:view|show|hide)\s+(?:\d+\s+)?comments?|open\s+in\s+app|sign\s+in|log\s*in",
            _ANY_CASE,
        ),
        # Newsletter prompts and confirmations, on a short line: a newsletter word and
        # either a sign-up phrase first (maybe after a question: "Want more news like this?
        # Sign up for our newsletter.") or a confirmation/thanks anywhere ("Thanks for
        # signing up to our newsletter", Latvian "Tev izdevās parakstīties uz LSM pasta
        # saņemšanu!"). A few languages: the words are listed in _NEWSLETTER etc.
        (
            rf"(?=.{{0,160}}$)(?=.*\b(?:{_NEWSLETTER}))"
            rf"(?:(?:[^.?!]{{0,80}}\?\s+)?(?:{_SIGN_UP})\b.*|(?=.*\b(?:{_CONFIRMED})).*)",
            _ANY_CASE,
        ),
        _COOKIE_NOTICE,
        # Navigation bars: four or more short items between pipes, without digits
        # ("Home | Video | World | U.S. | Tech"); a table row of figures is not one.
        (rf"\|?\s*{_NAV_ITEM}(?:\s*\|\s*{_NAV_ITEM}){{3,}}\s*\|?", 0),
        # Site policy links ("Learn more about our Privacy Policy.") and typo-report
        # prompts ("Found a mistake? Select it and press Ctrl+Enter").
        (
            r"(?:learn\s+more\s+about|read|see)\s+our\s+(?:privacy|cookie|terms).{0,60}"
            r"|(?=.{0,200}$).*\bctrl\s*\+\s*enter\b.*",
            _ANY_CASE,
        ),
        # Contributor credits of wire copy: "Associated Press writer Jane Doe in Kabul
        # contributed to this report." Case-sensitive on the names.
        (
            rf"(?:{_NAMES}\s+)?(?:[Ww]riters?|[Rr]eporters?|[Cc]orrespondents?|[Ss]taff)\b.{{0,300}}"
            rf"\bcontributed(?:\s+reporting)?(?:\s+to\s+this\s+(?:report|story|article))?\.?",
            0,
        ),
        # ... and any credit of that form: "CNN's Jason Carroll contributed to this report.",
        # "Reuters' Jane Doe in London contributed reporting."
        _CONTRIBUTED,
        # Update notes and other site lines: "This story has been updated.", "Editor's note:
        # this article was updated to ...", "Our Standards: The Thomson Reuters Trust Principles.",
        # "Thank you for signing up!", "Loading weather data ...".
        _SITE_NOTE,
        # Bylines: "By Jane Doe", "By Jane Doe and John Roe, Reuters",
        # "-- By Jane Doe Follow @jdoe". Case-sensitive: names are capitalised,
        # while "By one estimate, ..." is not a byline.
        (
            rf"(?:By|BY|Written\s+by)\s+{_NAMES}(?:\s*(?:,|and|&)\s*{_NAMES})*"
            rf"(?:\s*[,|/–—-]\s*{_NAMES})?(?:\s+(?:Follow\s+)?@\w+)*",
            0,
        ),
        # Wire credit lines: "Reporting by Jane Doe; Editing by John Roe".
        (rf"(?:(?:Additional\s+)?(?:Reporting|Writing|Editing|Research)\s+by\s+{_NAMES}[;,\s]*)+", 0),
        # Photo captions and credits with a label: "Photo: ...", "Image | ...".
        (
            r"(?:file\s+)?(?:photo(?:graph)?|image|picture|pic|video|graphic|illustration|caption"
            r"|credit|gallery)s?(?:\s+credit)?\s*[:|].*",
            _ANY_CASE,
        ),
        # Photo credits naming someone: "Photo by Jane Doe/AFP", "Picture courtesy of
        # Acme". Case-sensitive, so "Pictures by the hundred were posted." stays.
        (
            rf"(?:[Pp]hoto(?:graph)?|[Ii]mage|[Pp]icture|[Vv]ideo)s?\s+(?:by|courtesy(?:\s+of)?|credit)"
            rf"\s*:?\s+{_NAMES}(?:\s*[/|,]\s*{_NAMES})*",
            0,
        ),
        # Lone agency credits: "(Reuters)", "AFP/Getty Images", "(AP Photo/Jane Doe)", and a
        # caption ending in a photo credit: "A firefighter sprays the depot. (AP Photo/Jane Doe)".
        (rf"\(?{_AGENCY}(?:\s+Photo)?(?:\s*[/|]\s*[\w .'-]+)*\)?", 0),
        _CAPTION_CREDIT,
        # Image file names left by extractors: "google.JPG".
        (r"\S+\.(?:jpe?g|png|gif|webp|svg)", _ANY_CASE),
        # Copyright footers: "Copyright © 2015 ...", "© AFP 2015", "All rights reserved."
        (
            r"(?:copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4}).*|(?=.{0,120}$).*\ball\s+rights\s+reserved\b.*"
            r"|this\s+material\s+may\s+not\s+be\s+published.*",
            _ANY_CASE,
        ),
        # Separators: lines with no letter or digit ("* * *", "---", "•").
        (r"", 0),
    )
)

#: A line of at most this many words ...
SHORT_LINE_WORDS = 15
#: ... and at most this many characters (wide CJK characters count twice, as a
#: CJK word is one or two characters and has no spaces), without sentence
#: punctuation at its end, is not prose (a caption, crosshead or headline).
#: Longer unpunctuated lines are kept: they are paragraphs that lost their full stop.
SHORT_LINE_CHARS = 120

# Sentence punctuation, and the comma of a sentence that runs on into the next
# line, maybe followed by closing quotes or brackets (with the stray space some
# detokenisers leave: 'hard. "').
_PROSE_END = re.compile(r"[.!?…。！？｡।॥؟۔:;,，、][\s\"')\]»›」』）]*$")
#: The marks that open a list item ("- ", "• ", "– ").
LIST_BULLETS = "-–—•*·▪●◦‣"
# A list item: a bullet, a dash or "1.", or a timeline entry, a date and a dash ("March 2023 -
# inspectors warn of faulty wiring", "April 1, 2024 – fire destroys 31 buses", "1998: ...").
_LIST_ITEM = re.compile(
    rf"(?:[{re.escape(LIST_BULLETS)}]|\d{{1,2}}[.)])\s"
    rf"|(?:{MONTH_IN_LISTS}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{MONTH_IN_LISTS}(?:\s+\d{{4}})?|{MONTH_IN_LISTS}\s+\d{{4}}|\d{{4}})"
    r"\s*(?:[-–—]\s|:\s)"
)
_PARAGRAPH_BREAK = re.compile(r"\n+")
# The "| " and " |" an extractor puts around a table cell's text ("| KABUL (AP) -- ... |").
_CELL_EDGE = re.compile(r"^\|(?:\s+|$)|\s+\|$")


# Every rule in one pattern (each with its own flags): a whole line matches it
# exactly when it matches one of the rules, and one call costs less than one per rule.
# Rules that scan a whole line before they can fail (a case-blind lookahead, a leading
# ".*") are left out of it and tried only on lines holding their cue, which a search of
# the lower-cased line finds fast (the cookie rule inside this pattern tripled the time
# of the whole table).
_COOKIE_WORD = re.compile(_COOKIE)  # searched in the lower-cased line: a case-blind search is slow
_CUED_RULES = tuple(
    (_whole_line(*rule), cue)
    for rule, cue in (
        (_COOKIE_NOTICE, _COOKIE_WORD),
        (_CONTRIBUTED, re.compile("contributed")),
        (_SITE_NOTE, re.compile("updated|standards|thank|loading")),
        (_CAPTION_CREDIT, re.compile("/")),
    )
)
_CUED_PATTERNS = frozenset(rule.pattern for rule, _ in _CUED_RULES)
_ANY_FURNITURE = re.compile(
    "|".join(
        f"(?{'i' if rule.flags & re.IGNORECASE else ''}:{rule.pattern})"
        for rule in FURNITURE if rule.pattern not in _CUED_PATTERNS
    )
)


def is_furniture(line: str) -> bool:
    """Whether a whole (normalised, stripped) line matches a :data:`FURNITURE` rule.

    >>> is_furniture("Share this article"), is_furniture("He declined to share details.")
    (True, False)
    """
    if _ANY_FURNITURE.fullmatch(line) is not None:
        return True
    lower = line.lower()
    return any(cue.search(lower) is not None and rule.fullmatch(line) is not None for rule, cue in _CUED_RULES)


# Words of a line that says only when ("Posted Friday, June 7, 2013 8:24 PM GMT"), besides its numbers.
_WHEN_WORDS = frozenset([
    *(name.lower() for name in (*WEEKDAY_NAMES, *MONTH_NAMES, *MONTH_SHORT_FORMS)),
    *"mon tue tues wed thu thur thurs fri sat sun am pm a.m p.m gmt utc est edt bst cet cest et pt pst pdt ist "
     "posted updated published last on at".split(),
])
_NUMBER_WORD = re.compile(r"\d+(?:st|nd|rd|th|am|pm)?")


def says_only_when(line: str) -> bool:
    """Whether ``line`` says nothing but when: a scraped page's date where a title or a
    first sentence should be (not a wire dateline, see
    :func:`~newsbrief.text.sentences.without_dateline`).

    >>> says_only_when("Friday, June 7, 2013 8:24 PM GMT"), says_only_when("8:24am:"), says_only_when("June 7 vote")
    (True, True, False)
    """
    found = [w.lower().rstrip(".") for w in re.findall(r"[\w.]+", line)]
    return (0 < len(found) <= 12 and any(w[:1].isdigit() for w in found)
            and all(w in _WHEN_WORDS or _NUMBER_WORD.fullmatch(w) for w in found))


def _width(line: str) -> int:
    return len(line) + sum(unicodedata.east_asian_width(char) in "WF" for char in line)


def _is_prose(line: str) -> bool:
    return (
        _PROSE_END.search(line) is not None
        or len(line.split()) > SHORT_LINE_WORDS
        or _width(line) > SHORT_LINE_CHARS
    )


def _is_list_item(line: str) -> bool:
    return _LIST_ITEM.match(line) is not None


def _is_headline_item(line: str) -> bool:
    """A short list item in title case, as related-story links are written, whatever
    it ends with ("- Is Using the Snooze Button Bad for You?")."""
    words = line.split()[1:]
    if not _is_list_item(line) or _width(line) > 2 * SHORT_LINE_CHARS:
        return False
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.7 * len(long_words)


_WRAP_WIDTHS = (40, 100)
"""Widths text is hard-wrapped at (``fmt`` 75, e-mail 72, wire copy 64-80 characters)."""
_WRAP_SLACK = 20
"""A wrapped line ends within about a long word of the width."""


def unwrap_lines(text: str) -> str:
    """Join the lines of hard-wrapped paragraphs; text that is not wrapped comes back as it is.

    Text is taken as wrapped at width ``W`` (the 90th percentile of its line lengths,
    40 to 100 characters) when at least three lines, and half of those followed by
    another line, come within :data:`_WRAP_SLACK` characters of ``W``, and most of
    them stop mid-sentence (no sentence punctuation at the end). Each such line is
    then joined to the next; blank lines and shorter lines (a title, a paragraph's
    last line), list items and lines ending in a colon still end paragraphs. A
    paragraph per line is never joined: its lines are longer than any wrap width,
    or end their sentences. Line ends are expected as ``\\n`` (see
    :func:`normalise_unicode`).

    >>> wrapped = ("Dam fails\\n\\nThe Tarn dam gave way early on Tuesday, flooding more than\\n"
    ...            "200 homes in the valley below, the county said in a statement\\n"
    ...            "released at noon. Engineers had warned in March that cracks\\n"
    ...            "in the spillway were growing.\\nRescuers worked through the night.")
    >>> print(unwrap_lines(wrapped))
    Dam fails
    <BLANKLINE>
    The Tarn dam gave way early on Tuesday, flooding more than 200 homes in the valley below, the county said in a statement released at noon. Engineers had warned in March that cracks in the spillway were growing.
    Rescuers worked through the night.
    """
    lines = text.split("\n")
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < 4:
        return text
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if not _WRAP_WIDTHS[0] <= width <= _WRAP_WIDTHS[1]:
        return text
    followed = [i for i in range(len(lines) - 1) if lines[i].strip() and lines[i + 1].strip()]
    # A list item, or a line that introduces one ("...:"), starts a line of its own;
    # a list item goes on only onto an indented line.
    wrapped = {
        i for i in followed
        if len(lines[i].rstrip()) >= width - _WRAP_SLACK and not lines[i].rstrip().endswith(":")
        and not _is_list_item(lines[i + 1].lstrip())
        and not (_is_list_item(lines[i].lstrip()) and not lines[i + 1][:1].isspace())
    }
    mid_sentence = [i for i in wrapped if not _PROSE_END.search(lines[i].rstrip())]
    if len(wrapped) < 3 or 2 * len(wrapped) < len(followed) or 2 * len(mid_sentence) <= len(wrapped):
        return text
    joined, current = [], lines[0].rstrip()
    for i in range(1, len(lines)):
        if i - 1 in wrapped:
            # "well-" + "known": a hyphen after a letter joins; a spaced dash does not.
            hyphen = current.endswith("-") and current[-2:-1].isalpha()
            current += lines[i].strip() if hyphen else " " + lines[i].strip()
        else:
            joined.append(current)
            current = lines[i].rstrip()
    joined.append(current)
    return "\n".join(joined)


# Markdown, as crawlers that turn pages into it write them: an image is furniture, a
# link is its words (only links to a web address: "[sic](...)" in prose stays).
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|/)[^)\s]*(?:\s+\"[^\"\n]*\")?\)")


def clean_text(text: str) -> str:
    """Remove page furniture; return the paragraphs joined by a blank line.

    Markdown images are dropped and Markdown links (to a web address) become their
    words. The text is then passed through :func:`normalise_unicode` and
    :func:`unwrap_lines`. Every line is then a paragraph, without the "| " and
    " |" of a table cell around it. Lines matching :data:`FURNITURE` are dropped, then the layout
    rules of the module drop lone captions and crossheads (short lines without
    sentence punctuation, except the first line and list items) and the trailing
    run of related-story headlines. The result is stable:
    ``clean_text(clean_text(x)) == clean_text(x)``.

    >>> clean_text("Talks resume\\nBy Jane Doe\\nTalks resumed on Monday.\\nPhoto: Reuters\\nShare")
    'Talks resume\\n\\nTalks resumed on Monday.'
    >>> clean_text("Investors rushed to share the news.\\nAdvertisement")
    'Investors rushed to share the news.'
    >>> clean_text("The [port](https://x.example/a) shut, police said. ![Pier](https://x.example/p.png) It reopens.")
    'The port shut, police said. It reopens.'
    """
    if "](" in text:  # most texts have no Markdown: no scan
        text = _MARKDOWN_LINK.sub(r"\1", _MARKDOWN_IMAGE.sub("", text))
    lines = [
        _CELL_EDGE.sub("", line) if line.startswith("|") or line.endswith("|") else line  # the sub scans every line
        for line in _PARAGRAPH_BREAK.split(unwrap_lines(normalise_unicode(text)))
    ]
    lines = [line for line in lines if line and not is_furniture(line)]
    prose = [_is_prose(line) for line in lines]

    # The trailing run of non-prose lines after the last prose line (never the
    # first line): related-story headlines, unless the body announced a list.
    tail_start = len(lines)
    while tail_start > 1 and (not prose[tail_start - 1] or _is_headline_item(lines[tail_start - 1])):
        tail_start -= 1
    if tail_start < len(lines) and (tail_start == 1 or lines[tail_start - 1].endswith(":")):
        tail_start = len(lines)

    # A line that starts in lower case, or is followed by one, is part of a
    # sentence running over a line break, not a caption.
    runs_on = [line[0].islower() for line in lines[1:]] + [False]
    kept = [
        line
        for index, line in enumerate(lines[:tail_start])
        if index == 0 or prose[index] or _is_list_item(line) or line[0].islower() or runs_on[index]
    ]
    return "\n\n".join(kept)
