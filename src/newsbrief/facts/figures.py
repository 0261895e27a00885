"""Figures: the numbers a story reports, what they count, and who reports them.

:func:`extract_figures` finds counts, sums of money, percentages and measures in
sentences ("at least 129 people", "$50 million reward", "2.2 pounds of TNT") and
says what each counts ("people killed", "reward", "pounds of TNT").
:func:`merge_figures` folds the same figure reported by several articles into one
fact that names every source.

The extractor is rule-based over a small regular-expression tokeniser rather than a
dependency parse: a story's facts must come in well under a second on one core, and
the few patterns news uses for figures (a number phrase, the noun phrase it counts,
an event verb on either side, or the verb of the figure it is coordinated with) are caught
well by word lists. It prefers missing a figure to inventing one: years, dates, times,
ordinals, ages, scores, labels ("Point 11", "G20"), phone-like digit groups, vague amounts
("dozens of") and the pronoun "one" are not figures, and a number whose counted words
cannot be found is dropped. A minus sign is a figure's only where it starts the number ("-25C", "−30 °C",
"-$4.2 million", "minus 5 degrees"); in "10-12" or "3-2" a dash joins two numbers. "Over"
before a time span is during it ("rose 5 percent over two years": a span of two years),
not "more than", unless a word that measures a length comes before it ("for over two
years") or the span is a subject ("over 40 days were lost").

>>> from newsbrief.model import Sentence
>>> s = Sentence("a1", 0, "The blast killed at least 12 people on Monday.", 0, 46)
>>> [(f.value, f.number, f.what) for f in extract_figures([s])]
[('at least 12', 12.0, 'people killed')]
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from newsbrief.model import Fact, Sentence
from newsbrief.text.calendar_names import MONTH_NAMES, MONTH_SHORT_FORMS

__all__ = ["extract_figures", "merge_figures", "counted_quantity"]

# --------------------------------------------------------------------------- tokens

# A minus sign (hyphen or U+2212) is a sign only at the start of a number that follows a
# space, "(" or nothing, and no number before that space: "-25C", "(-5)", "-$4.2 million",
# never "10-12", "3-2" or "10 -12".
# Temperatures: "30 °C", "−30°F", glued "25C" (a capital, so "5c" stays unread).
_TOKEN = re.compile(
    r"""
    (?P<abbr>(?:[^\W\d_]\.){2,})                                          # a.m.  U.S.
  | (?P<sign>(?<![^\s(])(?<!\d\s)[-−])?
    (?:(?P<currency>(?:(?:US|AU|A|C|HK|NZ|S)?\$(?:US|AUD|AU|A|NZD|NZ|HK|CAD|C)?|[£€¥₹])(?=\s?\d))
      | (?P<num>\d+(?:[.,]\d+)*)                                         # 129  1,500
        (?:(?P<degree>\s?°)(?:\s?(?P<of_degree>[CF])\b)?                  # 30 °C  45°
          | (?P<glued>[CF])(?![^\W\d_])                                   # 25C
          | (?P<suffix>[^\W\d_]+))?)                                      # 3bn  10am
  | (?P<word>[^\W\d_]\w*(?:['’][^\W\d_]+)*(?:-[^\W\d_]\w*(?:['’][^\W\d_]+)*)*)
  | (?P<other>\S)
    """,
    re.VERBOSE,
)

# Digit groups with two separators, or "555-1234": telephone numbers, not figures.
_PHONE = re.compile(r"\+?\(?\d{2,5}\)?[\s.-]\d{2,4}[\s.-]\d{2,4}\b|\b\d{3}-\d{4}\b")


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # for a number, the digits without a glued suffix
    low: str
    start: int
    end: int  # end of the token in the sentence, glued suffix ("3bn", "5km") included
    kind: str  # "abbr", "currency", "num", "word", "code" (letters and digits: "G20"), "other"
    suffix: str = ""  # lower case; "°c", "°f" or "°" for degrees
    negative: bool = False  # a number or currency with a minus sign; ``start`` is the sign's


# A glued "C"/"F" is a temperature only with a sign or a word of weather: "seat 12F",
# "Apartment 4C" and "rated 10F" are labels.
_TEMPERATURE_CUE = re.compile(
    r"\b(?:temperatures?|degrees?|celsius|fahrenheit|lows?|highs?|chill|heat|cold|freezing|frost|warm|hot)\b",
    re.IGNORECASE,
)


_NUMBER_PARTS = frozenset({"suffix", "degree", "of_degree", "glued"})


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    weather: bool | None = None  # looked for once, at the first glued "C"/"F"
    for m in _TOKEN.finditer(text):
        # The last group matched names the kind; a number's parts close after it.
        kind = "num" if m.lastgroup in _NUMBER_PARTS else m.lastgroup or "other"
        token = m.group(kind)
        if kind == "word" and any(c.isdigit() for c in token):
            kind = "code"
        suffix = ""
        if kind == "num":
            glued = m.group("glued")
            if glued and not m.group("sign") and weather is None:
                weather = _TEMPERATURE_CUE.search(text) is not None
            if m.group("degree") or (glued and (m.group("sign") or weather)):
                suffix = "°" + (m.group("of_degree") or glued or "").lower()
            elif glued:
                suffix = glued.lower()  # a label: read as no figure
            else:
                suffix = (m.group("suffix") or "").lower()
        tokens.append(_Token(token, token.lower(), m.start(), m.end(), kind, suffix, m.group("sign") is not None))
    return tokens


# ---------------------------------------------------------------------- word lists

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Abbreviated scales, as words ("50 mln") or glued to digits ("£3bn", "$50m").
_SCALE_ABBREVIATIONS = {"mln": 1e6, "mn": 1e6, "m": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12, "k": 1e3}
_BELOW_HUNDRED = frozenset([*_SMALL, *_TENS])
# Shares written as fractions, read only before "of": "almost half of all cases", "one-third of children".
_FRACTIONS = {
    "half": 1 / 2, "one-half": 1 / 2, "one-third": 1 / 3, "two-thirds": 2 / 3, "one-quarter": 1 / 4,
    "three-quarters": 3 / 4, "one-fifth": 1 / 5, "two-fifths": 2 / 5, "three-fifths": 3 / 5,
    "one-tenth": 1 / 10,
}  # fmt: skip
# A change of a rate, in points of a percentage or hundredths of one: "0.25 percentage point",
# "25 basis points", and as one word "a 0.25 percentage-point cut", "a 25-basis-point cut".
_PERCENTAGE_POINTS, _BASIS_POINTS = "percentage points", "basis points"
_POINT_KINDS = {"percentage": _PERCENTAGE_POINTS, "basis": _BASIS_POINTS}
_POINT_WORDS = frozenset(["point", "points"])
_POINT_COMPOUNDS = {f"{kind}-{point}": unit for kind, unit in _POINT_KINDS.items() for point in _POINT_WORDS}
_BASIS_POINT_ABBREVIATIONS = frozenset(["bps"])  # "30 bps"; "bp" is as often the company
# Fractions of a point: "half a percentage point", "a quarter-point cut", "three-quarters of a point".
_POINT_FRACTIONS = {
    "half": 1 / 2, "one-half": 1 / 2, "quarter": 1 / 4, "one-quarter": 1 / 4, "three-quarter": 3 / 4,
    "three-quarters": 3 / 4,
}  # fmt: skip
_NUMBER_WORDS = frozenset([*_SMALL, *_TENS, *_SCALES, "hundred", "dozen", "and", "a", "an", "half"])
_DOZEN = 12

# Longest first, so "no more than" wins over "more than".
_QUALIFIERS = sorted(
    (
        tuple(q.split())
        for q in (
            "at least", "at most", "more than", "less than", "fewer than", "no more than",
            "no fewer than", "no less than", "not more than", "up to", "as many as",
            "as much as", "as few as", "as little as", "close to", "nearly", "almost",
            "about", "around", "approximately", "roughly", "some", "over", "under",
            "just over", "just under", "well over", "an estimated", "estimated",
            "upwards of", "in excess of", "only", "just", "exactly", "another",
            "a further", "an additional", "between",
        )
    ),
    key=len,
    reverse=True,
)  # fmt: skip
# Words that may start a figure phrase: checked first, so most tokens cost one set look-up.
_STARTERS = frozenset([*_NUMBER_WORDS, *(q[0] for q in _QUALIFIERS), *_POINT_FRACTIONS, "minus"]) - {"and"}
# Qualifiers by their first word (each list still longest first).
_QUALIFIERS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _q in _QUALIFIERS:
    _QUALIFIERS_BY_FIRST.setdefault(_q[0], []).append(_q)
# A sentence without a digit or a number word holds no figure: skip it before tokenising.
_MAY_HOLD_FIGURE = re.compile(
    r"\d|\b(?:" + "|".join(sorted(w for w in [*_NUMBER_WORDS, "quarter"] if len(w) > 2)) + r")", re.IGNORECASE
)

_MONTHS = frozenset(name.lower() for name in (*MONTH_NAMES, *MONTH_SHORT_FORMS))
# Words after which a number names something rather than counting it.
_LABELS = frozenset(
    "no nos number section sec article chapter page pages p pp point item paragraph clause "
    "line route flight room level phase grade gate platform floor version episode season "
    "round stage game week day act verse exit highway interstate junction size model type "
    "mark unit ward district division precinct category aged age".split()
)
_NOT_AFTER = _MONTHS | _LABELS
_TIME_WORDS = frozenset("a.m. p.m. am pm gmt bst utc est edt cet aedt acdt o'clock o’clock hrs".split())
_YEAR_PREPOSITIONS = frozenset(
    "in since by until till from of during before after early late mid through to and "
    "between ’ ' year years fiscal".split()
)

_CURRENCY_WORDS = {
    "dollars": "dollars", "dollar": "dollars", "euros": "euros", "euro": "euros",
    "yen": "yen", "yuan": "yuan", "renminbi": "yuan", "rubles": "rubles", "roubles": "rubles",
    "rupees": "rupees", "rupiah": "rupiah", "francs": "francs", "pesos": "pesos",
    "riyals": "riyals", "dinars": "dinars", "lira": "lira", "sterling": "pounds",
}  # fmt: skip
_PLURAL_UNITS = frozenset(
    "pounds lb lbs kilograms kilogrammes kilos kg grams g milligrams mg tonnes tons ounces oz "
    "kilometres kilometers km miles mi metres meters m centimetres centimeters cm millimetres "
    "millimeters mm feet ft inches yards acres hectares barrels gallons litres liters "
    "megawatts mw gigawatts gw kilowatts kw degrees knots mph kph".split()
)
# Singular units make compound modifiers: "a 20 kilometre containment line".
_SINGULAR_UNITS = frozenset(
    "kilogram kilogramme kilo gram tonne ton ounce kilometre kilometer mile metre meter "
    "centimetre centimeter millimetre millimeter foot inch yard acre hectare barrel gallon "
    "litre liter megawatt degree".split()
)
# Temperatures, written with the degree sign ("30 °C") or glued ("-25C"): what they measure.
_DEGREE_UNITS = {"°": "degrees", "°c": "degrees Celsius", "°f": "degrees Fahrenheit"}
_TEMPERATURE_SCALES = frozenset("celsius fahrenheit centigrade".split())
_UNIT_SUFFIXES = frozenset("km kg mm cm lb lbs ft mph kph mw gw kw m g".split()) | _DEGREE_UNITS.keys()
# Units of a hyphenated compound: "a 15-month war", "a 107-man crew", "a three-member gang".
# "25-year-old" is an age, not a figure: a compound ending in "-old" is never read.
_COMPOUND_UNITS = _SINGULAR_UNITS | frozenset(
    "second minute hour day week month year decade century man member strong seat bed storey story".split()
)
_PERCENT_WORDS = frozenset(["percent", "pct"])
# Nouns a figure is a threshold of: "the toll passed the 1,000 mark".
_MARKS = frozenset("mark threshold barrier level figure milestone".split())

# Event verbs that govern a count: each surface form maps to the past participle shown in
# ``what`` ("killed at least 129 people" -> "people killed").
_EVENT_VERB_FORMS = (
    "killed kill kills killing", "injured injure injures injuring", "wounded wound wounds wounding",
    "hurt hurts hurting", "destroyed destroy destroys destroying", "damaged damage damaging",
    "fired fire firing", "launched launch launches launching", "arrested arrest arresting",
    "detained detain detains detaining", "captured capture captures capturing",
    "seized seize seizes seizing", "abducted abduct abducts abducting",
    "kidnapped kidnap kidnaps kidnapping", "evacuated evacuate evacuates evacuating",
    "displaced displace displaces displacing", "rescued rescue rescues rescuing",
    "freed free frees freeing", "released release releases releasing",
    "deported deport deports deporting", "expelled expel expels expelling",
    "executed execute executes executing", "shot shoot shoots shooting",
    "stabbed stab stabs stabbing", "struck strike striking", "hit hits hitting",
    "raised raise raises raising", "donated donate donates donating",
    "pledged pledge pledges pledging", "spent spend spends spending", "paid pay pays paying",
    "fined fine fines fining", "lost lose loses losing", "infected infect infects infecting",
    "hospitalized hospitalised", "affected affect affects affecting", "stranded strand",
    "trapped trap traps trapping", "charged charge charges charging",
    "convicted convict convicts convicting", "sentenced sentence sentencing",
    "jailed jail jails jailing", "deployed deploy deploys deploying", "dropped drop drops dropping",
    "downed down downing", "claimed claim claims claiming", "recovered recover recovers recovering",
    "buried bury buries burying", "sank sunk sink sinks sinking", "burned burnt burn burns burning",
    "shelled shell shelling", "bombed bomb bombs bombing", "targeted target targets targeting",
    "cancelled canceled cancel cancels cancelling canceling", "cut cuts cutting eliminated eliminate eliminates eliminating axed axe axes axing"
    " slashed slash slashes slashing shed sheds shedding",
    "hired hire hires hiring", "sold sell sells selling",
    # Forms that are nouns too ("saves", "a place", "test results") are left out, and so are verbs
    # as often of anything ("sent one 'strike package'", "moved one step closer", "built 40m towers").
    "pulled pull pulling", "saved save saving", "protected protect protects protecting",
    "placed placing", "treated treat treats treating",
    "vaccinated vaccinate vaccinates vaccinating", "tested testing", "stolen stole steal steals stealing",
    "murdered murdering", "massacred massacre massacring", "beheaded behead beheading",
    "attacked attacking", "ambushed ambush ambushing", "hijacked hijack hijacks hijacking",
    "poisoned poisoning", "sickened sicken sickens sickening", "demolished demolish demolishes demolishing",
    "flattened flatten flattens flattening", "flooded", "looted", "smashed smashing",
    "recalled recall recalls recalling", "grounded", "imprisoned imprison imprisons imprisoning",
    "died", "dead", "missing", "fled", "drowned", "perished",
)  # fmt: skip
_EVENT_VERBS = {form: forms.split()[0] for forms in _EVENT_VERB_FORMS for form in forms.split()}
_PARTICIPLES = frozenset(_EVENT_VERBS.values())
# Verbs with no object: they follow what they count ("20 people died") even without "be".
_INTRANSITIVE = frozenset("died dead missing fled drowned perished injured wounded hurt".split())
# ... and of those, the ones that never take an object ("injured 3,400 others" has one).
_NO_OBJECT = frozenset("died dead missing fled drowned perished".split())

# Function words, common verbs and time words: none of them is part of a counted noun phrase.
_STOP = frozenset(
    """
    a an the of in on at to by for from with without into onto over under near across around along
    after before during since until till and or but nor so as than that which who whom whose
    where when while because if though although whether is are was were be been being am have
    has had having do does did will would shall should can could may might must not no also
    already still now then said says say told according including this these those it its they
    them their he she his her we our you your i me my us there here each all both per about
    outside inside between among against amid via toward towards up down out off again within
    through throughout behind beyond ahead away ago yesterday today tonight tomorrow earlier
    later such more most less fewer many much few several own only just even ever never yet
    very too last next first second third remain remains remained live lived work works
    make made take took taken come came go went get got gave give face faced need needed want
    wanted saying tell think thought believe believed what how why whereas upon cent percent
    whichever whatever apiece respectively overnight plus minus monday tuesday wednesday
    thursday friday saturday sunday late early
    """.split()
)
# Nouns that end in "-ly" (the rest are read as adverbs): "20 family members".
_LY_NOUNS = frozenset(
    "family ally rally assembly supply reply italy july bully anomaly monopoly daily weekly monthly".split()
)
# "-ing" words that are nouns even at the end of a phrase: "£3bn of spending on railways".
_ING_NOUNS = frozenset(
    "spending funding financing housing building clothing training lending borrowing shipping "
    "bombing shooting fighting flooding looting rioting meeting hearing offering earnings".split()
)
_AUXILIARIES = frozenset("have has had were was is are be been being remain remains remained".split())
_BE = frozenset("were was is are be been being".split())
# Words between a counted phrase and its participle: "have all been", "were also", "are now
# confirmed dead", "were reported killed", "are still missing".
_FILLERS = frozenset("also already all now since still confirmed reported believed feared presumed officially".split())
# Modals keep the event: "$600,000 would be spent" (a plan after "to" does not: see :func:`_verb_before`).
_MODALS = frozenset("will would could may might should can must".split())
# Hearsay after which "to have" or "to be" goes on to the participle: "are estimated to have died".
_HEARSAY = frozenset("estimated reported believed feared presumed said thought known".split())
# A phrase that places a counted noun, between it and its verb: "217 people on board are feared dead".
_PLACE_PREPOSITIONS = frozenset("on in at from near inside outside across of".split())
# Verbs of starting: "to start evacuating 116 sailors" is not done yet, as "to evacuate" is not.
_STARTING = frozenset("start begin".split())
# Nouns of a tally: "the death toll hitting 73,700" links the toll to its value, no event.
_TALLIES = frozenset("toll tally number total count".split())
# Words between a number and its subject that say the number is the subject's value:
# "the death toll rose to 129", "a reward of $50 million".
_LINKS = frozenset(
    """
    to at by of reached reach reaches rose rise rises risen climbed climbs jumped fell falls total
    fallen dropped increased decreased grew stood stands stand was is were are has have had been
    now totalled totaled totals topped exceeded surpassed passed soared estimated put set valued
    worth numbered numbers down up hit hits hitting reaching rising climbing
    """.split()
)
# Time nouns are when, not what: "over the past month has reached $2 million".
_TIME_NOUNS = frozenset(
    "minute minutes hour hours day days night nights morning week weeks month months year years decade decades "
    "century centuries time period".split()
)
# Words after which "over" and a time span is more than that long: "for over two years", "was over
# 50 years", "took over a decade". Elsewhere it is during them (see :func:`_parse`).
_LENGTH_BEFORE = _BE | frozenset("for after of within aged took take takes taken lasted lasts lasting spent".split())
_NOT_SUBJECTS = _TIME_NOUNS | _LABELS
_IRREGULAR_PLURALS = frozenset(
    "people men women children police personnel staff crew cattle sheep fish deer aircraft "
    "feet teeth geese mice data media livestock clergy".split()
)
_NOT_PLURAL = frozenset("news series species means gas bus crisis status campus virus analysis basis".split())
_DETERMINERS = frozenset("the a an its their his her our your this these those".split())


def _is_plural(word: str) -> bool:
    low = word.lower()
    if low in _IRREGULAR_PLURALS or (low.endswith("men") and len(low) > 5):
        return True  # "gunmen", "policemen"
    if low in _NOT_PLURAL or "'" in low or "’" in low:
        return False
    return len(low) > 2 and low.endswith("s") and not low.endswith(("ss", "us", "is"))


def _is_adverb(tok: _Token) -> bool:
    return len(tok.low) > 4 and tok.low.endswith("ly") and tok.low not in _LY_NOUNS


def _is_content(tok: _Token | None) -> bool:
    """A word that can be part of a noun phrase."""
    return tok is not None and tok.kind == "word" and tok.low not in _STOP and not _is_adverb(tok)


def _is_quote(tok: _Token) -> bool:
    return tok.kind == "other" and tok.text in "\"'“”‘’«»"


def _skip_quotes(tokens: Sequence[_Token], i: int) -> int:
    while i < len(tokens) and _is_quote(tokens[i]):
        i += 1
    return i


# ------------------------------------------------------------------ number phrases


@dataclass(frozen=True, slots=True)
class _Quantity:
    value: float
    base: float  # the value before any scale ("12" of "12 million")
    start: int  # token indexes, end exclusive
    end: int
    words: bool  # written in words ("Five hundred")
    scaled: bool  # carries a scale ("50 million", "3bn")
    unit: str = ""  # the unit of a hyphenated compound ("month" of "15-month")
    money: bool = False  # a compound with a currency ("37 billion-dollar")


# Thousands marked with points, as much of Europe writes them: "1.500.000"; "3.000"
# only before a count of things ("3.000 people": nobody counts three people so).
_POINT_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")
_COUNTED_MEASURES = frozenset("points seconds minutes hours percent cents pence shares".split())


def _digits_value(tok: _Token, counts_things: bool = False) -> float | None:
    text = tok.text
    if _POINT_GROUPED.fullmatch(text) and (text.count(".") > 1 or counts_things):
        return float(text.replace(".", ""))
    if text.count(".") > 1 or (text.startswith("0") and len(text) > 1 and not text.startswith("0.")):
        return None  # "3.2.1" sections, "020" codes
    if "," in text and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        return None  # "1,5" or "12,34": not a thousands grouping
    return float(text.replace(",", ""))


def _word_number(tokens: Sequence[_Token], i: int) -> _Quantity | None:
    """Read a number written in words at ``tokens[i]`` ("five hundred", "thirty-three")."""
    parts: list[tuple[str, int]] = []  # (word, token index), hyphenated words split
    j = i
    while j < len(tokens) and tokens[j].kind == "word" and len(parts) < 12:
        pieces = tokens[j].low.split("-")
        if not all(p in _NUMBER_WORDS for p in pieces):
            break
        parts.extend((p, j) for p in pieces)
        j += 1
    if not parts:
        return None
    total, current, last, last_scale = 0.0, 0.0, "", float("inf")
    used = k = 0  # parts that form the number; the part being read
    if parts[0][0] in ("a", "an") and len(parts) > 1 and parts[1][0] in ("hundred", "dozen", *_SCALES):
        current, last, k = 1.0, "small", 1  # "a dozen", "a million"
    elif parts[0][0] == "half" and len(parts) > 2 and parts[1][0] in ("a", "an") and parts[2][0] in _SCALES:
        current, last, k = 0.5, "small", 2  # "half a million"
    while k < len(parts):
        word = parts[k][0]
        following = parts[k + 1][0] if k + 1 < len(parts) else ""
        if word in _SMALL and (last in ("", "hundred", "scale", "and") or (last == "tens" and _SMALL[word] < 10)):
            current += _SMALL[word]
            last = "small"
        elif word in _TENS and last in ("", "hundred", "scale", "and"):
            current += _TENS[word]
            last = "tens"
        elif word == "hundred" and last in ("small", "tens") and 0 < current < 100 and current % 1 == 0:
            current *= 100
            last = "hundred"
        elif word in _SCALES and last in ("small", "tens", "hundred") and _SCALES[word] < last_scale:
            total += current * _SCALES[word]
            current, last, last_scale = 0.0, "scale", _SCALES[word]
        elif word == "dozen" and last in ("small", "tens") and current < 100:
            current *= _DOZEN
            last = "dozen"
        elif word == "and" and last in ("hundred", "scale") and following in _BELOW_HUNDRED:
            last = "and"  # "two hundred and fifty"
        else:
            break
        k += 1
        if last != "and":
            used = k
        if last == "dozen":
            break
    if used == 0 or parts[used - 1][0] in ("a", "an", "half", "and"):
        return None
    end = parts[used - 1][1] + 1
    if used < len(parts) and parts[used][1] == end - 1:
        return None  # a hyphenated word read in part: "twenty-one-year"
    scaled = last_scale != float("inf")
    return _Quantity(total + current, total + current, i, end, words=True, scaled=scaled)


def _compound_unit(word: str) -> str:
    """The unit of the end of a compound ("month" of "month", "-month" or "three-member")."""
    pieces = word.lower().split("-")
    return pieces[-1] if pieces[-1] in _COMPOUND_UNITS and "old" not in pieces else ""


def _counts_millions(tokens: Sequence[_Token], i: int) -> bool:
    """Whether "2m" at ``tokens[i]`` is two million rather than two metres: it is
    followed by a currency word ("5m euros") or straight by things counted in the
    plural, perhaps after one name ("3m people", "2m Windows users"). Metres are
    followed by a singular noun, an adjective, words before the plural ("40m steel
    towers") or nothing, and are what a count stands before ("three 100m titles")."""
    if i > 0 and (tokens[i - 1].kind == "num" or tokens[i - 1].low in _NUMBER_WORDS):
        return False
    j = i + 1
    if j < len(tokens) and tokens[j].low in _CURRENCY_WORDS:
        return True
    if j + 1 < len(tokens) and tokens[j].kind == "word" and tokens[j].text[0].isupper():
        j += 1
    return j < len(tokens) and tokens[j].kind == "word" and _is_plural(tokens[j].text)


def _point_fraction(tokens: Sequence[_Token], i: int) -> _Quantity | None:
    """A fraction of a point at ``tokens[i]``: "half a percentage point", "quarter of a basis
    point", "quarter-point" (of "a quarter-point cut"). A point alone is a percentage point:
    news halves and quarters the points of rates and yields, and counts other points whole."""
    low = tokens[i].low
    fraction, _, point = low.rpartition("-")
    if fraction in _POINT_FRACTIONS and point in _POINT_WORDS:
        return _Quantity(_POINT_FRACTIONS[fraction], _POINT_FRACTIONS[fraction], i, i + 1, words=True, scaled=False,
                         unit=_PERCENTAGE_POINTS)  # fmt: skip
    if low not in _POINT_FRACTIONS:
        return None
    j = i + 1
    if j < len(tokens) and tokens[j].low == "of":
        j += 1
    if j < len(tokens) and tokens[j].low in ("a", "an"):
        j += 1
    unit = _PERCENTAGE_POINTS
    if j < len(tokens) and tokens[j].low in _POINT_KINDS:
        unit, j = _POINT_KINDS[tokens[j].low], j + 1
    if j >= len(tokens) or tokens[j].low not in _POINT_WORDS:
        return None
    return _Quantity(_POINT_FRACTIONS[low], _POINT_FRACTIONS[low], i, j + 1, words=True, scaled=False, unit=unit)


def _quantity(tokens: Sequence[_Token], i: int, money: bool) -> _Quantity | None:
    """Read a number at ``tokens[i]``: digits with an optional scale, or words."""
    tok = tokens[i]
    if tok.kind == "word" and (point := _point_fraction(tokens, i)) is not None:
        return point
    if tok.kind == "word" and tok.low in _FRACTIONS and i + 1 < len(tokens) and tokens[i + 1].low == "of":
        return _Quantity(_FRACTIONS[tok.low], _FRACTIONS[tok.low], i, i + 1, words=True, scaled=False, unit="share")
    if tok.kind == "word":
        unit = _compound_unit(tok.low) if "-" in tok.low else ""
        if unit:  # "three-member": read the number before the unit
            head = tok.low.rsplit("-", 1)[0]
            number = _word_number([_Token(head, head, tok.start, tok.start + len(head), "word")], 0)
            if number is None or number.value == 0:
                return None  # "zero-day", "zero-sum": a modifier, not a count
            return _Quantity(number.value, number.base, i, i + 1, words=True, scaled=number.scaled, unit=unit)
        return _word_number(tokens, i)
    if tok.kind != "num":
        return None
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    counts_things = (  # "3.000 people", not "1.085 dollars" (a rate) nor "1.500 metres" (a measure)
        following is not None and following.kind == "word" and _is_plural(following.text)
        and following.low not in _CURRENCY_WORDS and following.low not in _PLURAL_UNITS
        and following.low not in _COUNTED_MEASURES
    )
    value = _digits_value(tok, counts_things)
    if value is None:
        return None
    if tok.negative:
        value = -value  # "-25C", "(-5)"
    if tok.suffix:
        scale = _SCALE_ABBREVIATIONS.get(tok.suffix)
        if scale is not None and (money or tok.suffix != "m" or _counts_millions(tokens, i)):
            return _Quantity(value * scale, value, i, i + 1, words=False, scaled=True)  # "$50m", "3bn"
        if tok.suffix in _UNIT_SUFFIXES:
            return _Quantity(value, value, i, i + 1, words=False, scaled=False)  # "5km": unit read later
        return None  # "10am", "5th", "1990s"
    base, end = value, i + 1
    while end < len(tokens) and tokens[end].kind == "word":
        word = tokens[end].low
        scale = _SCALES.get(word) or (100 if word == "hundred" else None)
        if scale is None and word in _SCALE_ABBREVIATIONS and (money or word not in ("m", "b", "k")):
            scale = _SCALE_ABBREVIATIONS[word]
        if scale is None:
            break
        value *= scale
        end += 1
    dash = tokens[end] if end < len(tokens) else None
    after = tokens[end + 1] if end + 1 < len(tokens) else None
    if dash is not None and after is not None and dash.text == "-" and tokens[end - 1].end == dash.start == after.start - 1:
        unit = (  # "36-percent", "0.25-percentage-point", "25-basis-point"
            "percent" if after.low in _PERCENT_WORDS
            else _POINT_COMPOUNDS.get(after.low) or _compound_unit(after.low)
        )
        if unit:
            return _Quantity(value, base, i, end + 2, words=False, scaled=end > i + 1, unit=unit)  # "15-month"
    if end < len(tokens) and "-" in tokens[end].low and tokens[end].kind == "word":
        scale_word, _, currency = tokens[end].low.partition("-")
        if scale_word in _SCALES and currency.rstrip("s") + "s" in _CURRENCY_WORDS:
            return _Quantity(value * _SCALES[scale_word], base, i, end + 1, words=False, scaled=True, money=True)
    return _Quantity(value, base, i, end, words=False, scaled=end > i + 1)


@dataclass(frozen=True, slots=True)
class _Candidate:
    number: float
    start: int  # first token of the phrase (qualifier or currency included)
    num_start: int  # first token of the number itself
    end: int  # one past the last token of the phrase (scale, unit, currency word)
    kind: str  # "count", "money", "percent", "unit"
    unit: str = ""  # the unit word of a "unit" figure
    qualified: bool = False
    is_range: bool = False
    words: bool = False
    digits: str = ""  # the first number's digits when plain ("2015"), for the year check


def _qualifier_at(tokens: Sequence[_Token], i: int) -> int:
    """How many tokens of a qualifier ("at least", "about") start at ``i``."""
    for q in _QUALIFIERS_BY_FIRST.get(tokens[i].low, ()):
        if i + len(q) <= len(tokens) and all(tokens[i + k].low == w for k, w in enumerate(q)):
            return len(q)
    return 0


def _range_end(tokens: Sequence[_Token], first: _Quantity, between: bool, money: bool) -> _Quantity | None:
    """The second number of "10-12", "10 to 12", "two or three", "between 10 and 12"."""
    j = first.end
    if j + 1 >= len(tokens):
        return None
    link = tokens[j].low
    if between:
        ok = link == "and"
    elif link in ("-", "–", "—"):
        ok = not first.words
    else:
        ok = link in ("to", "or")
    if not ok:
        return None
    k = j + 1
    if money and tokens[k].kind == "currency":
        k += 1
    if k >= len(tokens):
        return None
    second = _quantity(tokens, k, money)
    if second is None or second.words != first.words:
        return None
    return second


def _currency_after(tokens: Sequence[_Token], i: int) -> int:
    """The end of "U.S. dollars" / "Hong Kong dollars" starting at ``i``, or 0."""
    for j in range(i, min(i + 3, len(tokens))):
        if tokens[j].low in _CURRENCY_WORDS and j > i:
            return j + 1
        if not (tokens[j].low == "u.s." or (tokens[j].kind == "word" and tokens[j].text[0].isupper())):
            return 0
    return 0


def _parse(tokens: Sequence[_Token], i: int) -> _Candidate | None:
    """Read a figure phrase starting at ``tokens[i]``, or ``None``."""
    q_len = _qualifier_at(tokens, i)
    between = q_len == 1 and tokens[i].low == "between"
    j = _skip_quotes(tokens, i + q_len)
    # "minus 5 degrees", but "10 minus 3" is a sum; "-$4.2 million" carries the sign on the currency.
    negative = j < len(tokens) and tokens[j].low == "minus" and not (j > 0 and tokens[j - 1].kind == "num")
    j += negative
    money = False
    if j < len(tokens) and tokens[j].kind == "currency":
        money, negative, j = True, negative or tokens[j].negative, j + 1
    if j >= len(tokens):
        return None
    first = _quantity(tokens, j, money)
    if first is None:
        return None
    if negative:
        first = replace(first, value=-first.value, base=-first.base)
    second = None
    if between:
        second = _range_end(tokens, first, between=True, money=money)
        if second is None:
            return None  # "between 10" alone: read from the number on
    elif i == 0 or tokens[i - 1].low != "from":  # "rose from 10 to 12" is a change, not a range
        second = _range_end(tokens, first, between=False, money=money)
    low = high = first.value
    end = first.end
    if second is not None:
        high = second.value
        if second.scaled and not first.scaled and second.base:
            low = first.value * second.value / second.base  # "$10-12 million": the scale is shared
        # "3-2" is a score, "13 to 14,000" not a range we can read. After "by", "X to Y" may be a
        # change and its new level ("raise the wage by $1 to $8.25"): read as a range only when
        # its ends are close ("rise by 2 to 6 degrees", "by 50 to 80 million cases").
        changes_by = i > 0 and tokens[i - 1].low == "by" and tokens[first.end].low == "to"
        if low < high <= (5 if changes_by else 10) * low:
            end = second.end
        else:
            second = None
    number = (low + high) / 2 if second is not None else low
    kind, unit = ("money", "") if money or first.money else ("unit", first.unit) if first.unit else ("count", "")
    if first.unit in ("percent", "share"):
        kind, unit = "percent", ""  # "36-percent", "almost half of": a share of something
    nxt = tokens[end] if end < len(tokens) else None
    after = tokens[end + 1] if end + 1 < len(tokens) else None
    if q_len == 1 and tokens[i].low == "over" and kind == "count" and nxt is not None and nxt.low in _TIME_NOUNS:
        # "rose 5 percent over two years", "$300 billion over 10 years": during them, not more
        # than two. No figure starts here: the span is read from its number on, unqualified.
        # A span that is a subject ("over 40 days were lost") is counted: more than 40.
        subject = after is not None and after.low in _AUXILIARIES
        # An age is more than the span too: "children over two years old", "over 65 years of age".
        age = after is not None and (after.low == "old" or (
            after.low == "of" and end + 2 < len(tokens) and tokens[end + 2].low == "age"))
        if not subject and not age and (i == 0 or tokens[i - 1].low not in _LENGTH_BEFORE):
            return None
    if nxt is not None and kind == "count":
        if nxt.text == "%" or nxt.low in _PERCENT_WORDS:
            kind, end = "percent", end + 1
        elif nxt.low == "per" and after is not None and after.low == "cent":
            kind, end = "percent", end + 2
        elif nxt.low in _POINT_KINDS and after is not None and after.low in _POINT_WORDS:
            kind, unit, end = "unit", _POINT_KINDS[nxt.low], end + 2  # "0.25 percentage point" counts them too
        elif nxt.low in _POINT_COMPOUNDS:
            kind, unit, end = "unit", _POINT_COMPOUNDS[nxt.low], end + 1
        elif nxt.low in _BASIS_POINT_ABBREVIATIONS:
            kind, unit, end = "unit", _BASIS_POINTS, end + 1
        elif nxt.low in _CURRENCY_WORDS:
            kind, end = "money", end + 1
        elif currency_end := _currency_after(tokens, end):
            kind, end = "money", currency_end  # "24 million U.S. dollars", "Hong Kong dollars"
        elif nxt.kind == "word" and (nxt.low in _PLURAL_UNITS or nxt.low in _SINGULAR_UNITS):
            kind, unit, end = "unit", nxt.text, end + 1
            if nxt.low.startswith("degree") and after is not None and after.low in _TEMPERATURE_SCALES:
                unit, end = f"{nxt.text} {after.text}", end + 1  # "5 degrees Celsius"
    last = tokens[end - 1]
    if kind == "count" and last.kind == "num" and last.suffix in _UNIT_SUFFIXES and not first.scaled:
        kind, unit = "unit", _DEGREE_UNITS.get(last.suffix, last.suffix)
    return _Candidate(
        number=number,
        start=i,
        num_start=first.start,
        end=end,
        kind=kind,
        unit=unit,
        qualified=q_len > 0,
        is_range=second is not None,
        words=first.words,
        digits=tokens[first.start].text if not first.scaled and not first.words else "",
    )


# ------------------------------------------------------------------ what it counts


def _noun_phrase(tokens: Sequence[_Token], i: int, limit: int = 6) -> tuple[list[_Token], int]:
    """The noun phrase at ``tokens[i]``: up to its first plural noun, a verb or a stop word.

    Returns the phrase's tokens and the index just after it.
    """
    words: list[_Token] = []
    j = _skip_quotes(tokens, i)
    if j < len(tokens) and tokens[j].low in ("more", "fewer", "additional", "further", "extra"):
        j += 1  # "four more people", "9,500 fewer jobs"
    while j < len(tokens) and len(words) < limit and _is_content(tokens[j]):
        tok = tokens[j]
        nxt = tokens[j + 1] if j + 1 < len(tokens) else None
        # A participle that ends the phrase is a verb: "33 militants killed in", "200 paddling
        # across"; but "$1.8 billion in new spending" ends in a noun.
        ends_phrase = not _is_content(nxt) and not _is_plural(tok.text)
        gerund = not words and tok.low.endswith("ing") and tok.low not in _ING_NOUNS
        if ends_phrase and (tok.low in _PARTICIPLES or tok.low.endswith("ed") or gerund):
            break
        if _word_number(tokens, j) is not None or tok.low in _CURRENCY_WORDS:
            break
        words.append(tok)
        j += 1
        if _is_plural(tok.text):
            # The head ("Islamic State group fuel trucks"), unless a compound goes on:
            # "arms dealers", "United States fighter jets".
            k = j
            if tok.text[0].isupper():
                while k < len(tokens) and len(words) + k - j < limit and _is_content(tokens[k]):
                    if _is_plural(tokens[k].text):
                        break
                    k += 1
            compound = k < len(tokens) and _is_content(tokens[k]) and _is_plural(tokens[k].text)
            if compound and tokens[k].low not in _EVENT_VERBS:
                words.extend(tokens[j : k + 1])
                j = k + 1
            break
    return words, j


def _head(words: Sequence[_Token]) -> str:
    """The counted words of a noun phrase: its last word and a lowercase modifier before it."""
    if not words or "'" in words[-1].text or "’" in words[-1].text:
        return ""  # "75 per cent of the club's": the possessor is not what is counted
    last = words[-1].text
    if len(words) > 1 and last.islower() and words[-2].text.islower():
        return f"{words[-2].text} {last}"
    return last


def _of_phrase(tokens: Sequence[_Token], i: int, *, plural: bool = False, money: bool = False) -> str:
    """The head of "of the TNT" / "worth of weapons" (and for ``money`` "in aid", "for reconstruction") at ``tokens[i]``.

    With ``plural``, only a plural head counts ("three of the banks", not "two of those flared").
    """
    j = i
    if j < len(tokens) and tokens[j].low == "worth":
        j += 1
    if j >= len(tokens) or tokens[j].low not in (("of", "in", "for") if money else ("of",)):
        return ""
    if tokens[j].low == "for" and j + 1 < len(tokens) and tokens[j + 1].low in _DETERMINERS:
        return ""  # "for the clinic" is whom it goes to; "for reconstruction" what it is
    j += 1
    while j < len(tokens) and (tokens[j].low in _DETERMINERS or tokens[j].low == "all"):
        j += 1  # "of all infections"
    if plural and j < len(tokens) and (tokens[j].kind == "num" or tokens[j].low in _NUMBER_WORDS):
        j += 1  # "four of its six Concordes", "10 of 12 victims"
    words, end = _noun_phrase(tokens, j)
    if plural and not (words and _is_plural(words[-1].text)):
        return ""
    if tokens[i].low == "in" and end < len(tokens) and tokens[end].kind == "num":
        return ""  # "$124 billion in fiscal 1999": when, not what
    if tokens[i].low in ("in", "for") and len(words) == 1 and (words[0].text[0].isupper() or words[0].low in _TIME_NOUNS):
        return ""  # "$5 million in June", "$2 billion in Ukraine", "$3 million for Tarnby": when, where or whom
    return _head(words)


def _past_modifiers(tokens: Sequence[_Token], i: int) -> int:
    """The index after what may stand between a counted phrase ending at ``i`` and its verb:
    up to two places ("on board", "aboard", "in the area") or coordinated nouns ("homes and
    shops"); ``i`` when there are none."""
    j = i
    for _ in range(2):
        if j < len(tokens) and tokens[j].low == "aboard":
            j += 1
            continue
        if j + 1 < len(tokens) and tokens[j].low in _PLACE_PREPOSITIONS | {"and", "or"}:
            k = j + 1
            while k < len(tokens) and tokens[k].low in _DETERMINERS:
                k += 1
            words, end = _noun_phrase(tokens, k, limit=4)
            # A coordinated noun is counted things too ("homes and shops"); a place is anything.
            if words and (tokens[j].low in _PLACE_PREPOSITIONS or _is_plural(words[-1].text)):
                j = end
                continue
        break
    return j


def _verb_after(tokens: Sequence[_Token], i: int) -> str:
    """An event verb that the counted phrase ending at ``i`` undergoes.

    "fuel trucks have already been destroyed", "militants killed in", "people died",
    "$600,000 would be spent", "people are estimated to have died"; after a place or another
    noun, only a verb after "be" or one with no object: "217 people on board are feared dead",
    "40 homes and shops were destroyed", "12 people in the bus died".
    """
    first = _skip_quotes(tokens, i)
    start = j = _past_modifiers(tokens, first)
    seen_be = False
    while j < len(tokens):
        low = tokens[j].low
        to_have = low == "to" and tokens[j - 1].low in _HEARSAY and j + 1 < len(tokens) and tokens[j + 1].low in ("have", "be")
        auxiliary = low in _AUXILIARIES or low in _MODALS or low in _FILLERS or low in _HEARSAY
        if not (auxiliary or to_have or _is_adverb(tokens[j])):
            break
        seen_be = seen_be or low in _BE
        j += 1
    if j >= len(tokens) or tokens[j].low not in _PARTICIPLES:
        return ""  # only participles follow what they count
    verb = tokens[j].low
    if verb in _INTRANSITIVE or seen_be:
        return verb
    if j == start == first:
        # "33 militants killed in air strikes" (reduced relative), not "20 gunmen killed the guards".
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        if after is None or not (after.kind == "num" or after.low in _DETERMINERS or _word_number(tokens, j + 1)):
            return verb
    return ""


def _verb_before(tokens: Sequence[_Token], start: int, measure: bool = False) -> str:
    """An event verb right before the figure phrase: "which killed 129 people".

    Not one after a tally ("the death toll hitting 73,700": a value) nor, before a
    ``measure``, a passive ("are trapped 354 feet below": where, not what was trapped).
    """
    j = start - 1
    while j >= 0 and (_is_quote(tokens[j]) or tokens[j].low in ("also", "reportedly", "all")):
        j -= 1
    if j >= 2 and [t.low for t in tokens[j - 2 : j + 1]] == ["a", "total", "of"]:
        j -= 3  # "killed a total of 50 people"
    if j < 0 or tokens[j].low in _NO_OBJECT:
        return ""
    before = j - 1
    if before > 0 and tokens[before].low in _STARTING:
        before -= 1
    if before >= 0 and tokens[before].low == "to":
        return ""  # "struggled to rescue 116 sailors", "plans to evacuate 500", "to start evacuating": not done (yet)
    if j > 0 and (tokens[j - 1].low in _TALLIES or (measure and tokens[j - 1].low in _BE)):
        return ""
    return _EVENT_VERBS.get(tokens[j].low, "")


def _coordinated_verb(tokens: Sequence[_Token], start: int) -> str:
    """The event verb of the figure before "and" that this one is coordinated with, in one
    clause: "killing all 109 people on board and four people on the ground"."""
    if start < 2 or tokens[start - 1].low not in ("and", "or"):
        return ""
    for j in range(start - 2, max(-1, start - 12), -1):
        tok = tokens[j]
        if tok.text in _CLAUSE_ENDS or tok.low in _EVENT_VERBS or tok.low in _AUXILIARIES:
            return ""
        if tok.kind == "num" or (tok.kind == "word" and _word_number(tokens, j) is not None):
            # The earlier figure starts at its qualifier: "killed at least 20 soldiers and ...".
            first = next((k for k in range(max(0, j - 3), j) if _qualifier_at(tokens, k) == j - k), j)
            return _verb_before(tokens, first)
    return ""


def _subject_before(tokens: Sequence[_Token], start: int) -> str:
    """What a bare figure is the value of: "the death toll rose to 129" -> "death toll"."""
    j = start - 1
    links = 0
    while j >= 0 and tokens[j].low in _LINKS:
        j, links = j - 1, links + 1
    if links == 0:
        return ""
    if tokens[start - 1].low == "to" and (toll := _toll_before(tokens, j + 1)):
        return toll  # "the death toll in the north rose to 19", "the number of people killed ... rose to 19"
    if j >= 1 and tokens[j].low == "which" and tokens[j - 1].text == ",":
        j -= 2  # "inflation, which was 36.5 percent"
    return _subject_ending(tokens, j)


def _subject_words(tokens: Sequence[_Token], j: int) -> tuple[list[_Token], int]:
    """Up to two lowercase content words ending at ``tokens[j]`` and the index before them."""
    words: list[_Token] = []
    while j >= 0 and len(words) < 2 and _is_content(tokens[j]) and (tokens[j].text.islower() or j == 0):
        if tokens[j].low.endswith(("ed", "ing")) or tokens[j].low in _NUMBER_WORDS:
            break  # "slipped to 2", "one of five"
        words.insert(0, tokens[j])
        j -= 1
    return words, j


# Prepositions of a phrase after a subject's head: "the proportion of deaths per 10,000 vehicles".
_SUBJECT_PREPOSITIONS = frozenset("of in at for per on among across with".split())


def _subject_ending(tokens: Sequence[_Token], j: int) -> str:
    """The subject whose noun phrase ends at ``tokens[j]``: its head, before any phrases after
    it ("infant mortality rate in the country" -> "mortality rate", "new bookings for treatment
    at the clinic" -> "new bookings"), or ``""``."""
    words, j = _subject_words(tokens, j)
    for _ in range(3):
        k = j
        while k >= 0 and (_is_content(tokens[k]) or tokens[k].low in _DETERMINERS or tokens[k].kind == "num"):
            k -= 1  # the rest of the phrase: "the out-patient cardiology clinic", "10,000 vehicles"
        if k < 1 or tokens[k].low not in _SUBJECT_PREPOSITIONS:
            break
        head, before = _subject_words(tokens, k - 1)
        if not head:
            break
        words, j = head, before
    if not words or words[-1].low in _NOT_SUBJECTS or "’" in words[-1].text or "'" in words[-1].text:
        return ""  # "over the past month", "the age of 50", "the club's"
    if j >= 0 and (tokens[j].kind == "num" or _word_number(tokens, j)):
        return ""  # "25 and 75 cents to $8.70": another figure's unit, not a subject
    text = " ".join(w.text for w in words)
    return text[0].lower() + text[1:] if words[0] is tokens[0] else text


_CLAUSE_ENDS = frozenset(",;:()—–")


def _ends_clause(tokens: Sequence[_Token], i: int) -> bool:
    """Whether the clause ends at ``tokens[i]``: the sentence's end, a punctuation mark, "and"/"or"."""
    return i >= len(tokens) or tokens[i].text in _CLAUSE_ENDS or tokens[i].text in ".!?" or tokens[i].low in ("and", "or")


def _toll_before(tokens: Sequence[_Token], end: int) -> str:
    """A toll named earlier in the clause of "... rose to 19": "the death toll of the blast",
    "the number of people killed when the ferry capsized"."""
    for j in range(end - 1, max(-1, end - 16), -1):
        if tokens[j].text in _CLAUSE_ENDS:
            return ""
        if tokens[j].low == "toll":
            return "death toll" if j > 0 and tokens[j - 1].low == "death" else "toll"
        if tokens[j].low == "number" and j + 1 < len(tokens) and tokens[j + 1].low == "of":
            words, after = _noun_phrase(tokens, j + 2)
            if not words or not _is_plural(words[-1].text):
                return ""
            verb = _verb_after(tokens, after)
            return " ".join(w for w in (_head(words), verb) if w)
    return ""


def _change_from_to(tokens: Sequence[_Token], start: int) -> str:
    """The change a bare figure is an end of: what changed, "the rate declined from 30.2 in 1992
    to 25.6" -> "rate", else the change, "declined from 30.2" -> "declined"; the new level of
    "raise the wage by $1 to $8.25" -> "wage"."""
    j = start - 1
    starts = ("from",)  # a bare "by 5" is the change itself, not an end of one
    if j >= 0 and tokens[j].low == "to":
        starts = ("from", "by")
        k = j - 1
        while k >= 0 and j - k <= 8 and tokens[k].low not in starts and tokens[k].text not in _CLAUSE_ENDS:
            k -= 1
        j = k
    if j < 1 or tokens[j].low not in starts:
        return ""
    change = tokens[j - 1]
    if change.kind != "word" or change.low in _STOP:
        return ""
    if tokens[j].low == "from" and (subject := _subject_ending(tokens, j - 2)):
        return subject  # "the proportion of deaths per 10,000 vehicles declined from 30.2": what changed
    return change.low


def _what(tokens: Sequence[_Token], cand: _Candidate) -> tuple[str, str, list[_Token]]:
    """The words a figure counts, its event verb, and the noun phrase they come from."""
    verb = _verb_before(tokens, cand.start, measure=cand.kind == "unit")
    phrase: list[_Token] = []
    if cand.kind == "percent":
        phrase, _ = _noun_phrase(tokens, cand.end)
        noun = _of_phrase(tokens, cand.end) or _head(phrase) or _subject_before(tokens, cand.start)
        return noun or "percent", "", phrase
    if cand.kind == "unit":
        noun = cand.unit
        of = _of_phrase(tokens, cand.end)
        if of:
            noun = f"{noun} of {of}"
        elif cand.unit.lower() in _COMPOUND_UNITS:  # "a 20 kilometre containment line", "a 107-man crew"
            phrase, _ = _noun_phrase(tokens, cand.end)
            noun = " ".join(w for w in (noun, _head(phrase)) if w)
    else:
        phrase, after = _noun_phrase(tokens, cand.end)
        if cand.kind == "count" and phrase and phrase[0].low.endswith("ed") and not _is_plural(phrase[-1].text):
            phrase = []  # "All five denied involvement" is a verb and its object; "21 injured people" not
        noun = _head(phrase)
        if cand.kind == "money" and not noun:
            noun = _of_phrase(tokens, cand.end, money=True)  # "$50 million in aid"
        elif not phrase:
            noun = _of_phrase(tokens, cand.end, plural=True)  # "three of Australia's biggest banks"
        verb = verb or _verb_after(tokens, after)
        if not verb and _ends_clause(tokens, _past_modifiers(tokens, after)):
            verb = _coordinated_verb(tokens, cand.start)
        if not noun and not verb:
            noun = _subject_before(tokens, cand.start) or _change_from_to(tokens, cand.start)
        if not noun and cand.kind == "money":
            noun = "money"
    return " ".join(w for w in (noun, verb) if w), verb, phrase


# ------------------------------------------------------------------------- filters


def _is_figure(
    tokens: Sequence[_Token],
    cand: _Candidate,
    phrase: Sequence[_Token],
    has_verb: bool,
    phone: Sequence[tuple[int, int]],
) -> bool:
    """Whether a number phrase is a reported figure rather than a date, label, code or pronoun."""
    first, last = tokens[cand.num_start], tokens[cand.end - 1]
    if any(a <= first.start < b for a, b in phone):
        return False
    prev = tokens[cand.start - 1] if cand.start > 0 else None
    before_prev = tokens[cand.start - 2] if cand.start > 1 else None
    nxt = tokens[cand.end] if cand.end < len(tokens) else None
    after_next = tokens[cand.end + 1] if cand.end + 1 < len(tokens) else None
    # "Jan. 5", "No. 10": the word before the full stop decides.
    prev_word = before_prev if prev is not None and prev.text == "." else prev
    if prev is not None:
        if prev.end == tokens[cand.start].start and prev.text in "-/:.–":
            return False  # "COVID-19", "9/11", "10:30", "v.2"
        if prev.text in "#§+":
            return False
        if prev.text in "'’" and prev.end == first.start and len(first.text) == 2:
            return False  # "'99": a year
        ratio = before_prev is not None and (before_prev.kind == "num" or before_prev.low in _SMALL)
        if prev.low == "in" and ratio:
            return False  # "one in 20": a ratio
        if prev.low == "for" and before_prev is not None and before_prev.kind == "num":
            return False  # "3 for 89": a cricket score
        base_word = before_prev.low if before_prev is not None else ""
        if prev.low == "per" or (prev.low, base_word) in (("of", "out"), ("every", "of"), ("every", "in")):
            return False  # "per 10,000 vehicles", "one out of 10", "out of every 1,000": the base of a rate
        round_base = cand.kind == "count" and cand.number >= 10 and math.log10(cand.number).is_integer()
        if prev.low == "of" and ratio and round_base:
            return False  # "33 of 1,000 machines": a rate; "10 of 12 victims" counts both
    # "Jan. 5", "November 16-17", "page 5", "No. 10" (but "may 20 people" is a verb)
    if prev_word is not None and prev_word.low in _NOT_AFTER and prev_word.text != "may":
        return False
    if nxt is not None:
        if nxt.start == last.end and nxt.text in "-/:–" and not cand.is_range:
            return False  # "25-year-old", "3-2", "9/11", "10:30"
        if nxt.low.rstrip(".") in _MONTHS and nxt.text[0].isupper():
            return False  # "5 January"
        if nxt.low in _TIME_WORDS or nxt.kind == "num":
            return False  # "10 a.m.", "020 7946"
        if nxt.low == "for" and after_next is not None and after_next.kind == "num":
            return False  # "3 for 89"
    if cand.digits and not cand.qualified and cand.kind == "count":
        value = float(cand.digits.replace(",", ""))
        if len(cand.digits) == 4 and 1900 <= value <= 2100 and nxt is not None and nxt.kind == "word" and nxt.text[0].isupper():
            return False  # "the all-new 2020 Sentra", "the 2016 Olympics": a model year, a name
        if len(cand.digits) == 4 and 1000 <= value <= 2100:
            plural = bool(phrase) and _is_plural(phrase[-1].text)
            if prev is None or prev.low in _YEAR_PREPOSITIONS or not plural:
                return False  # "in 2015", "2015 was"
    if cand.kind == "count" and not cand.qualified and prev is not None:
        # A number after a name labels it ("Point 11", "Flight 17", "Word 2000") unless it counts
        # plural things ("Kenya 40 people": rare; a year-like number never does).
        named = prev.kind == "word" and prev.text[0].isupper() and prev.low not in _STOP
        year_like = len(cand.digits) == 4 and 1900 <= float(cand.digits) <= 2100
        if named and (not phrase or not _is_plural(phrase[-1].text) or year_like):
            return False
    if nxt is not None and nxt.start == last.end and nxt.text in ("'", "’") and after_next is not None and after_next.low == "s":
        return False  # "the 757's static ports": a model's name
    if cand.kind == "count" and cand.number > 1 and phrase and not cand.is_range:
        head = phrase[-1]
        # A count of more than one takes a plural noun; "a former 767 pilot", "the 747 jet" name a
        # model. Capitalised heads may be plural demonyms ("five Sudanese"); "a 20 year sentence"
        # and "the 1,000 mark" are measures; "90 burglary and theft cases" goes on to its noun.
        after = tokens[cand.end + len(phrase)] if cand.end + len(phrase) < len(tokens) else None
        coordinated = after is not None and after.low in (",", "and", "or", "&", "/")
        singular = head.text.isalpha() and head.text.islower() and not _is_plural(head.text)
        measure = phrase[0].low in _COMPOUND_UNITS or head.low in _MARKS or head.low in _PERCENT_WORDS
        # "a 10 point lead", "a 3 bedroom flat": after "a", the figure and noun qualify another.
        indefinite = prev is not None and prev.low in ("a", "an")
        if singular and not (measure or coordinated or cand.qualified or indefinite):
            return False
    after_phrase = cand.end + len(phrase)
    if phrase and after_phrase < len(tokens) and tokens[after_phrase].low == "ago" and phrase[-1].low in _TIME_NOUNS:
        return False  # "10 years ago": a date
    in_name = cand.num_start > 0 and tokens[cand.num_start - 1].kind == "word" and first.text[0].isupper()
    if cand.words and in_name and nxt is not None and nxt.kind == "word" and nxt.text[0].isupper():
        return False  # "Formula One Grand Prix", "the Big Ten Conference": part of a name
    if cand.words and first.text[0].isupper() and _in_title(tokens, cand.end):
        return False  # "Fifty Shades Of Grey" at the start of a sentence: a title
    if cand.kind == "count" and abs(cand.number) <= 1 and not cand.is_range:
        if nxt is not None and nxt.low == "of":
            return False  # "one of them"
        return has_verb  # "one estimate", "one official": only "killed one person" counts
    return True


def _in_title(tokens: Sequence[_Token], i: int) -> bool:
    """Whether the words from ``tokens[i]`` are a Title-Case name: capitalised words with a
    capitalised function word among them ("Shades Of Grey"), which ordinary capitalised
    nouns ("Five Palestinians were", "Two New Zealand soldiers") never have."""
    j = i
    while j < len(tokens) and j - i < 6 and tokens[j].kind == "word" and tokens[j].text[0].isupper():
        if j > i and tokens[j].low in _STOP:
            return True
        j += 1
    return False


def _phone_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PHONE.finditer(text) if sum(c.isdigit() for c in m.group()) >= 7]


def _may_start(tok: _Token) -> bool:
    if tok.kind in ("num", "currency"):
        return True
    head = tok.low.split("-", 1)[0]  # "thirty-three", "quarter-point"
    return tok.kind == "word" and (tok.low in _STARTERS or head in _NUMBER_WORDS or head in _POINT_FRACTIONS)


# -------------------------------------------------------------------------- public


def extract_figures(sentences: Iterable[Sentence]) -> list[Fact]:
    """Find the figures in sentences: counts, money, percentages and measures.

    Each figure becomes a ``Fact`` of kind ``"figure"`` whose ``value`` is the number
    phrase as written, qualifier and unit included ("at least 129", "$50 million",
    "10-12", "2.2 pounds"), ``number`` its value (the middle of a range), and ``what``
    the words it counts, followed by the event verb that governs it when there is one
    ("people killed", "fuel trucks destroyed", "reward", "pounds of TNT"). Facts come
    in sentence order, then left to right.

    Examples
    --------
    >>> from newsbrief.model import Sentence
    >>> text = "Rebels fired about 20 rockets and Five hundred homes were damaged in 2015."
    >>> s = Sentence(article="a1", index=3, text=text, start=0, end=len(text))
    >>> [(f.value, f.number, f.what) for f in extract_figures([s])]
    [('about 20', 20.0, 'rockets fired'), ('Five hundred', 500.0, 'homes damaged')]
    >>> extract_figures([s])[0].sources, extract_figures([s])[0].sentence
    (('a1',), 3)
    """
    facts: list[Fact] = []
    for sentence in sentences:
        if not _MAY_HOLD_FIGURE.search(sentence.text):
            continue
        tokens = _tokenize(sentence.text)
        phone = _phone_spans(sentence.text)
        i = 0
        while i < len(tokens):
            cand = _parse(tokens, i) if _may_start(tokens[i]) else None
            if cand is None:
                i += 1
                continue
            what, verb, phrase = _what(tokens, cand)
            if what and _is_figure(tokens, cand, phrase, bool(verb), phone):
                facts.append(
                    Fact(
                        kind="figure",
                        value=sentence.text[tokens[cand.start].start : tokens[cand.end - 1].end],
                        what=what,
                        text=sentence.text,
                        sources=(sentence.article,),
                        number=cand.number,
                        article=sentence.article,
                        sentence=sentence.index,
                        span=(tokens[cand.start].start, tokens[cand.end - 1].end),
                    )
                )
            i = cand.end
    return facts


def _singular(word: str) -> str:
    low = word.lower()
    if low.endswith("ies") and len(low) > 4:
        return low[:-3] + "y"
    return low[:-1] if low.endswith("s") and _is_plural(low) else low


# Every way news says "people killed": the verbs, the nouns of a toll, and the nouns that
# just mean "people" ("injured 3,400 others").
_DEATH_VERBS = frozenset("killed died dead perished drowned".split())
_TOLL_NOUNS = frozenset(["toll", "death toll", "death", "fatality"])
_PEOPLE = frozenset("people person persons other others".split())
# Nouns news uses for one counted thing: "cuts 150 jobs", "eliminates 150 positions".
_SAME_THING = {"position": "job", "role": "job", "post": "job"}


def counted_quantity(what: str) -> tuple[str, str]:
    """What a figure's ``what`` measures: its counted head noun and its event verb.

    The noun is singular ("person" for "people" and "others", "job" for a position or
    a post), empty when none is said;
    the verb is empty when none is said. "Dead", "died" and a death toll all count
    people killed.

    >>> counted_quantity("fuel trucks destroyed"), counted_quantity("reward")
    (('truck', 'destroyed'), ('reward', ''))
    >>> counted_quantity("people dead"), counted_quantity("death toll"), counted_quantity("killed")
    (('person', 'killed'), ('person', 'killed'), ('', 'killed'))
    >>> counted_quantity("city jobs cut"), counted_quantity("positions cut")
    (('job', 'cut'), ('job', 'cut'))
    """
    words = what.split()
    verb = words.pop() if words and words[-1] in _PARTICIPLES else ""
    noun = _singular(words[-1]) if words else ""
    if " ".join(words[-2:]) in _TOLL_NOUNS or noun in _TOLL_NOUNS:
        return "person", "killed"
    noun = "person" if noun in _PEOPLE else _SAME_THING.get(noun, noun)
    return noun, ("killed" if verb in _DEATH_VERBS else verb)


def _named_quantity(what: str) -> tuple[str, str]:
    """:func:`counted_quantity`, with no noun for a bare "percent": a share of what is not said."""
    noun, verb = counted_quantity(what)
    return ("" if noun == "percent" else noun), verb


def _label_rank(what: str) -> tuple[bool, bool]:
    """How much a figure's ``what`` says: its counted noun and its verb, or its noun alone."""
    noun, verb = _named_quantity(what)
    return bool(noun and verb), bool(noun)


def _compatible(a: Fact, b: Fact) -> bool:
    """Same number, and the same counted noun and event verb where both say one."""
    if a.number != b.number:
        return False
    noun_a, verb_a = _named_quantity(a.what)
    noun_b, verb_b = _named_quantity(b.what)
    same_noun = not noun_a or not noun_b or noun_a == noun_b
    same_verb = not verb_a or not verb_b or verb_a == verb_b
    return same_noun and same_verb


def merge_figures(facts: Iterable[Fact]) -> list[Fact]:
    """Fold the same figure reported in several places into one fact per figure.

    Figures with the same ``number`` and compatible ``what`` (the same counted noun,
    singular or plural, and the same event verb where both name one, as
    :func:`counted_quantity` reads them; a bare "percent" names no noun) become one fact:
    the first one met that says both what it counts and its verb (else the first that
    says what it counts: "4.5% interest rate" over "4.5% percent"; else the first one met), with ``sources`` set to
    every article that reports it (sorted, unique). A figure joins a group only if it is compatible with every member, so
    "129 people killed" and "129 people injured" stay apart even if a bare "129 people"
    came first. Facts of other kinds pass through unchanged; order follows first
    appearance.

    Examples
    --------
    >>> from newsbrief.model import Fact
    >>> a = Fact("figure", "at least 129", "people killed", "...", ("b",), 129.0, "b", 4)
    >>> b = Fact("figure", "129", "people killed", "...", ("a",), 129.0, "a", 2)
    >>> c = Fact("figure", "129", "people injured", "...", ("c",), 129.0, "c", 0)
    >>> [(f.value, f.sources) for f in merge_figures([a, b, c])]
    [('at least 129', ('a', 'b')), ('129', ('c',))]
    """
    groups: list[list[Fact]] = []
    slots: list[Fact | list[Fact]] = []  # output order: a passed-through fact or a group
    for fact in facts:
        if fact.kind != "figure":
            slots.append(fact)
            continue
        for group in groups:
            if all(_compatible(member, fact) for member in group):
                group.append(fact)
                break
        else:
            groups.append([fact])
            slots.append(groups[-1])
    merged: list[Fact] = []
    for slot in slots:
        if isinstance(slot, Fact):
            merged.append(slot)
        else:
            sources = sorted({s for member in slot for s in member.sources})
            shown = max(slot, key=lambda m: _label_rank(m.what))  # the first of the best
            merged.append(replace(shown, sources=tuple(sources)))
    return merged
