"""Tables behind :mod:`newsbrief.text.normalise`: aliases, spellings, stop words.

Kept as plain data so users and later stages (entities, facts) share one
source of truth. Phrases are lower-case word tuples as produced by
:func:`newsbrief.text.normalise.words`.
"""

from __future__ import annotations

__all__ = [
    "ALIASES",
    "SPELLING",
    "STOP_WORDS",
    "ALIAS_GROUPS",
    "SYNONYMS",
    "SYNONYM_GROUPS",
    "CAPITALS_ONLY",
]

# Each group: canonical token, then the phrases that name the same thing.
# Demonyms map to their country: "Russian forces" and "Russia's forces" match.
ALIAS_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("united_states", ("u.s.", "us", "u.s.a.", "usa", "united states", "united states of america",
                       "america", "american", "americans", "the states")),
    ("united_kingdom", ("uk", "u.k.", "united kingdom", "britain", "great britain", "british")),
    ("russia", ("russia", "russian federation", "russian", "russians")),
    ("european_union", ("eu", "e.u.", "european union")),
    ("united_nations", ("un", "u.n.", "united nations")),
    ("islamic_state", ("is", "isis", "isil", "islamic state", "daesh", "islamic state group",
                       "the islamic state", "islamic state of iraq and the levant",
                       "islamic state of iraq and syria")),
    ("nato", ("nato", "north atlantic treaty organization", "north atlantic treaty organisation")),
    ("france", ("france", "french")),
    ("germany", ("germany", "german", "germans")),
    ("china", ("china", "chinese", "people's republic of china", "prc")),
    ("syria", ("syria", "syrian")),
    ("iraq", ("iraq", "iraqi")),
    ("iran", ("iran", "iranian", "islamic republic of iran")),
    ("israel", ("israel", "israeli")),
    ("ukraine", ("ukraine", "ukrainian")),
    ("turkey", ("turkey", "turkish", "turkiye")),
    ("saudi_arabia", ("saudi arabia", "saudi", "saudis", "kingdom of saudi arabia", "ksa")),
    ("uae", ("uae", "united arab emirates", "emirates")),
    ("fbi", ("fbi", "federal bureau of investigation")),
    ("cia", ("cia", "central intelligence agency")),
    ("who", ("who", "world health organization", "world health organisation")),
    ("unicef", ("unicef", "united nations children's fund", "un children's fund", "un children's agency")),
    ("ecb", ("ecb", "european central bank")),
    ("imf", ("imf", "international monetary fund")),
    ("wto", ("wto", "world trade organization", "world trade organisation")),
    ("opec", ("opec", "organization of the petroleum exporting countries")),
    ("iaea", ("iaea", "international atomic energy agency")),
    ("fda", ("fda", "food and drug administration")),
    ("epa", ("epa", "environmental protection agency")),
    ("cdc", ("cdc", "centers for disease control and prevention", "centers for disease control")),
    ("associated_press", ("ap", "associated press", "the associated press")),
    ("afp", ("afp", "agence france-presse", "agence france presse")),
    ("numerous", ("numerous", "many", "many of the", "a lot of", "lots of", "plenty of", "countless")),
    ("percent", ("percent", "per cent", "%")),
)

# Aliases that are also everyday English words: "US" and "IS" name a country
# and a group, "us" and "is" do not. They are aliases only when written in capitals.
CAPITALS_ONLY: frozenset[str] = frozenset({"is", "us", "un", "ap", "who"})

ALIASES: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): canonical for canonical, phrases in ALIAS_GROUPS for phrase in phrases
}

# British -> American spellings common in news copy.
SPELLING: dict[str, str] = {
    "defence": "defense", "offence": "offense", "licence": "license", "centre": "center",
    "centres": "centers", "metre": "meter", "metres": "meters", "kilometre": "kilometer",
    "kilometres": "kilometers", "theatre": "theater", "colour": "color", "favour": "favor",
    "honour": "honor", "labour": "labor", "neighbour": "neighbor", "neighbours": "neighbors",
    "neighbourhood": "neighborhood", "neighbourhoods": "neighborhoods", "rumour": "rumor",
    "harbour": "harbor", "armour": "armor", "behaviour": "behavior", "programme": "program",
    "programmes": "programs", "organisation": "organization", "organisations": "organizations",
    "organise": "organize", "organised": "organized", "recognise": "recognize",
    "recognised": "recognized", "criticise": "criticize", "criticised": "criticized",
    "apologise": "apologize", "realise": "realize", "realised": "realized", "analyse": "analyze",
    "travelled": "traveled", "travelling": "traveling", "cancelled": "canceled",
    "grey": "gray", "tyre": "tire", "tyres": "tires", "jewellery": "jewelry", "cheque": "check",
    "aluminium": "aluminum", "mum": "mom", "whilst": "while", "amongst": "among",
}

STOP_WORDS: frozenset[str] = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in into it
    it's its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    said says say told tell according per via mr mrs ms dr is us""".split()
)

# Words that news copy and article spinners swap for each other, as Porter
# stems: each group folds to its first stem. Kept to near-synonyms in news
# use, so folding them rarely joins sentences that say different things.
SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("prevent", "bar", "block", "stop", "forbid", "hinder"),
    ("civilian", "peopl", "resid", "inhabit", "popul", "citizen"),
    ("militant", "fighter", "extremist", "jihadist", "insurg", "gunmen", "terrorist"),
    ("attack", "strike", "assault", "raid", "airstrik", "bomb"),
    ("kill", "slain", "slay", "murder"),
    ("die", "dead", "death", "perish"),
    ("injur", "wound", "hurt"),
    ("possibl", "potenti", "like"),
    ("big", "larg", "huge", "major", "massiv"),
    ("small", "littl", "minor", "tini"),
    ("help", "assist", "aid", "support"),
    ("begin", "start", "commenc", "launch"),
    ("end", "finish", "conclud"),
    ("buy", "purchas", "acquir"),
    ("show", "reveal", "indic", "demonstr"),
    ("need", "requir"),
    ("tri", "attempt", "endeavor", "seek"),
    ("import", "signific", "crucial", "key"),
    ("quick", "rapid", "fast", "swift"),
    ("offici", "author"),
    ("town", "citi"),
    ("car", "vehicl", "automobil"),
    ("answer", "repli", "respond"),
    ("declar", "announc", "state"),
    ("rise", "rose", "risen", "increas", "hike", "rais", "boost"),
    ("quak", "earthquak", "tremor", "temblor"),
    # Months as news agencies shorten them ("Sept. 30"); "Jan", "Mar", "May" are names or words too.
    ("februari", "feb"), ("april", "apr"), ("august", "aug"), ("septemb", "sept", "sep"), ("octob", "oct"),
    ("novemb", "nov"), ("decemb", "dec"),
)

SYNONYMS: dict[str, str] = {stem: group[0] for group in SYNONYM_GROUPS for stem in group}
