"""Score copy detection against labelled and constructed data.

Three harnesses, each reading its data at run time (nothing of it is stored):

* :func:`spun_benchmark`: new articles made of sentences from DUC 2006
  articles, some copied verbatim, some *spun* by a substitution procedure,
  mixed with unrelated sentences from other topics; the truth is known by
  construction. Four spinners that know nothing of newsbrief's alias and
  synonym tables: :func:`spin_thesaurus` (what article spinners do: names
  expanded, spellings and number formats changed, common words swapped from a
  small thesaurus written for this benchmark), :func:`spin_noise` (a
  different procedure: a third of the content words replaced by unrelated words
  of similar frequency, some words dropped, neighbours swapped) and
  :func:`spin_paraphrase`, *held out*: never used while tuning newsbrief
  (clauses reordered, function words added and dropped, names and figures
  written another way, WordNet synonyms when a WordNet database is installed)
  and :func:`spin_editor`, also held out (a copy editor's cuts, moves, lead-ins
  and word swaps; it needs no WordNet).
* :func:`clough_stevenson`: the Clough & Stevenson corpus of short answers
  labelled cut / light / heavy / non relative to a source text: accuracy and
  per-class F1 of a fixed rule on the share of each answer's sentences linked to
  its source, and the sentence-level detection rates per class.
* :func:`synth_scores`: links against the ``copied_from`` truth of a generated
  corpus (:mod:`newsbrief.eval.synth`).

Sentence pairs are matched by character offsets, not by sentence numbers, so
a different sentence splitter cannot skew the scores.

>>> found = {(("a", 0), ("b", 1)): "verbatim", (("a", 2), ("c", 0)): "reworded"}
>>> truth = {(("a", 0), ("b", 1)): "verbatim", (("a", 3), ("c", 1)): "reworded"}
>>> s = pair_scores(found, truth)
>>> s["verbatim"].f1, s["reworded"].recall
(1.0, 0.0)
"""

from __future__ import annotations

import bisect
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsbrief.model import Article, ArticleText, CopyLink
from newsbrief.pipeline import prepare
from newsbrief.reuse.detect import CopyOptions, find_copies

__all__ = [
    "Scores",
    "pair_scores",
    "spin_thesaurus",
    "spin_noise",
    "spin_paraphrase",
    "spin_editor",
    "WordNet",
    "SPINNERS",
    "DEVELOPMENT_SPINNERS",
    "SpunCorpus",
    "spun_corpus",
    "spun_benchmark",
    "clough_stevenson",
    "synth_scores",
    "evaluate",
]

Key = tuple[tuple[str, int], tuple[str, int]]


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of one kind of link, with the counts behind them."""

    true_positives: int
    found: int
    expected: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "true_positives": self.true_positives, "found": self.found, "expected": self.expected}


def _key(a: tuple[str, int], b: tuple[str, int]) -> Key:
    return (a, b) if a <= b else (b, a)


def pair_scores(found: Mapping[Key, str], truth: Mapping[Key, str]) -> dict[str, Scores]:
    """Scores per expected kind: a true pair counts for the kind the truth gives
    it, whatever kind was found (a spun copy found as ``verbatim`` is still found);
    a found pair not in the truth is a false positive of the kind it was found as.
    ``"all"`` scores every pair regardless of kind."""
    scores = {}
    for kind in sorted(set(truth.values()) | set(found.values())):
        expected = {k for k, v in truth.items() if v == kind}
        hits = len(expected & found.keys())
        false = sum(1 for k, v in found.items() if v == kind and k not in truth)
        scores[kind] = Scores(hits, hits + false, len(expected))
    hits = len(truth.keys() & found.keys())
    scores["all"] = Scores(hits, len(found), len(truth))
    return scores


def _found(links: Iterable[CopyLink]) -> dict[Key, str]:
    return {_key((l.a.article, l.a.sentence), (l.b.article, l.b.sentence)): l.kind for l in links}


def _sentence_at(text: ArticleText, offset: int) -> int:
    """Index of the sentence of ``text`` holding character ``offset`` (the nearest one before it)."""
    starts = [s.start for s in text.sentences]
    return text.sentences[max(0, bisect.bisect_right(starts, offset) - 1)].index


# --- spinners ----------------------------------------------------------------

_TOKEN = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]+|\s+")

# Written for this benchmark on its own: spinner-style rewrites, not newsbrief's tables.
_EXPANSIONS = {
    "U.S.": "United States", "US": "United States", "U.N.": "United Nations", "UN": "United Nations",
    "Britain": "the United Kingdom", "UK": "United Kingdom", "EU": "European Union",
    "Russia": "the Russian Federation", "China": "the People's Republic of China",
}
_THESAURUS = {
    "said": "stated", "says": "states", "big": "large", "large": "big", "many": "numerous", "help": "assist",
    "start": "begin", "started": "began", "began": "started", "shows": "reveals",
    "showed": "revealed", "buy": "purchase", "bought": "purchased", "need": "require", "needed": "required",
    "try": "attempt", "tried": "attempted", "killed": "slain", "people": "individuals", "city": "town",
    "fast": "rapid", "quickly": "rapidly", "important": "significant", "major": "significant",
    "officials": "authorities", "car": "vehicle", "cars": "vehicles", "answer": "reply", "announced": "declared",
    "end": "finish", "ended": "finished", "also": "additionally", "about": "approximately", "because": "since",
    "but": "however", "get": "obtain", "got": "obtained", "give": "provide", "gave": "provided",
    "use": "utilise", "used": "utilised", "children": "kids", "enough": "sufficient", "show": "demonstrate",
}
_UK_SPELLING = (("ization", "isation"), ("ize", "ise"), ("izing", "ising"), ("ized", "ised"), ("ense", "ence"),
                ("avor", "avour"), ("onor", "onour"), ("abor", "abour"), ("eighbor", "eighbour"), ("center", "centre"))
_NUMBER_WORDS = {"2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight",
                 "9": "nine", "10": "ten", "12": "twelve", "20": "twenty", "100": "one hundred"}


def spin_thesaurus(sentence: str, rng: random.Random, rate: float = 0.8) -> str:
    """Rewrite ``sentence`` as an article spinner would: each word with an entry
    (a name to expand, a thesaurus word, a US spelling, a small number) is
    rewritten with probability ``rate``."""
    out = []
    for piece in _TOKEN.findall(sentence):
        new = piece
        if piece in _EXPANSIONS:
            new = _EXPANSIONS[piece]
        elif piece.lower() in _THESAURUS:
            swap = _THESAURUS[piece.lower()]
            new = swap.capitalize() if piece[:1].isupper() else swap
        elif piece in _NUMBER_WORDS:
            new = _NUMBER_WORDS[piece]
        else:
            for us, uk in _UK_SPELLING:
                if piece.endswith(us) and len(piece) > len(us) + 2:
                    new = piece[: -len(us)] + uk
                    break
        out.append(new if new != piece and rng.random() < rate else piece)
    return "".join(out)


def spin_noise(sentence: str, rng: random.Random, vocabulary: Sequence[str] = (), rate: float = 0.3) -> str:
    """A different procedure: each content word (4+ letters) is replaced with
    probability ``rate`` by a word of ``vocabulary`` (unrelated, as an unknown
    synonym is to a word-overlap detector), short words are dropped with
    probability ``rate / 3``, and one pair of neighbouring words is swapped."""
    words = sentence.split(" ")
    out = []
    for word in words:
        core = word.strip(".,;:!?\"'“”()")
        if core.isalpha() and len(core) >= 4 and vocabulary and rng.random() < rate:
            out.append(word.replace(core, rng.choice(vocabulary)))
        elif core.isalpha() and len(core) < 4 and rng.random() < rate / 3 and len(out) > 0:
            continue
        else:
            out.append(word)
    if len(out) > 4:
        i = rng.randrange(1, len(out) - 2)
        out[i], out[i + 1] = out[i + 1], out[i]
    return " ".join(out)


class WordNet:
    """Synonyms from a WordNet 3.0 database folder (``index.*`` and ``data.*``
    files, as Debian's ``wordnet-base`` installs in ``/usr/share/wordnet``).

    Read directly rather than through NLTK, whose reader wants files that
    package does not ship. ``synonyms(word)`` gives the other lemmas of the
    word's most frequent sense, nouns first, then verbs, adjectives, adverbs.
    """

    PARTS = ("noun", "verb", "adj", "adv")

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._senses: dict[str, tuple[str, int]] = {}  # lemma -> (part, offset of its first synset)
        for part in reversed(self.PARTS):  # earlier parts win
            for line in (folder / f"index.{part}").read_text(encoding="latin-1").splitlines():
                if line.startswith(" "):
                    continue  # the licence header
                fields = line.split()
                count = int(fields[2])
                self._senses[fields[0]] = (part, int(fields[-count]))

    @classmethod
    def find(cls, folders: Sequence[Path] = (Path("/usr/share/wordnet"),)) -> WordNet | None:
        """The first folder of ``folders`` holding a WordNet database, or ``None``."""
        for folder in folders:
            if (folder / "index.noun").exists() and (folder / "data.noun").exists():
                return cls(folder)
        return None

    def synonyms(self, word: str) -> list[str]:
        """Other lemmas of ``word``'s most frequent sense (spaces for underscores).

        >>> wordnet = WordNet.find()
        >>> wordnet is None or "automobile" in wordnet.synonyms("car")
        True
        """
        sense = self._senses.get(word)
        if sense is None:
            return []
        part, offset = sense
        with (self.folder / f"data.{part}").open("rb") as data:
            data.seek(offset)
            fields = data.readline().decode("latin-1").split()
        count = int(fields[3], 16)
        lemmas = [re.sub(r"\(.*\)$", "", fields[4 + 2 * k]).replace("_", " ") for k in range(count)]
        return [lemma for lemma in lemmas if lemma.lower() != word]


_CONTRACTIONS = {"did not": "didn't", "does not": "doesn't", "do not": "don't", "is not": "isn't",
                 "was not": "wasn't", "will not": "won't", "could not": "couldn't", "it is": "it's",
                 "has not": "hasn't", "have not": "haven't", "would not": "wouldn't", "are not": "aren't"}
_SHORT_NAMES = {"United States": "U.S.", "United Nations": "U.N.", "Soviet Union": "USSR",
                "European Union": "EU", "January": "Jan.", "February": "Feb.", "August": "Aug.",
                "September": "Sept.", "October": "Oct.", "November": "Nov.", "December": "Dec.",
                "percent": "%", "Mount": "Mt.", "Street": "St.", "Avenue": "Ave."}
_BRITISH = ((r"yze\b", "yse"), (r"yzed\b", "ysed"), (r"\bgray", "grey"), (r"\bprogram\b", "programme"),
            (r"([^aeiou][aeiou])led\b", r"\1lled"), (r"([^aeiou][aeiou])ling\b", r"\1lling"), (r"\bcatalog\b", "catalogue"),
            (r"ense\b", "ence"), (r"\bcheck\b", "cheque"), (r"\b(cen|thea|li)ter(s?)\b", r"\1tre\2"))
_SENTENCE_OPENERS = frozenset({"The", "A", "An", "In", "On", "At", "It", "It's", "He", "She", "They", "We", "But", "And", "This", "That"})
_SMALL_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _number_words(match: re.Match[str]) -> str:
    """A figure written another way: "5,000" -> "5000" or "five thousand", "7" -> "seven"."""
    digits = match.group(0).replace(",", "")
    value = int(digits)
    if value <= 10:
        return _SMALL_NUMBERS[value]
    for scale, name in ((1_000_000, "million"), (1_000, "thousand")):
        if value % scale == 0 and value // scale <= 10:
            return f"{_SMALL_NUMBERS[value // scale]} {name}"
    return digits if digits != match.group(0) else f"{value:,}"


def spin_paraphrase(sentence: str, rng: random.Random, wordnet: WordNet | None = None, rate: float = 0.35) -> str:
    """A third procedure, the held-out one (never used to tune newsbrief):
    restructuring and lexical swaps of other kinds than the two spinners above.

    Two comma-separated halves of the sentence change places (reported speech
    "X, he said." becomes "He said X."); "that" is added or dropped after
    "said"; "the" is dropped now and then; negations are contracted; names,
    months and units are shortened ("United States" -> "U.S."); figures are
    rewritten ("5,000" -> "five thousand"); spellings turn British by suffix
    rules; and each lower-case word of 4+ letters is, with probability
    ``rate``, replaced by a lemma of its most frequent WordNet sense (when a
    WordNet database is given; plural nouns keep their "s").

    >>> spin_paraphrase("The 5,000 troops left, officials said.", random.Random(1))
    'Officials said that the five thousand troops left.'
    """
    text = sentence.strip()
    end = text[-1] if text[-1:] in ".!?" else ""
    body = text[: len(text) - len(end)]
    halves = body.split(", ", 1)
    if len(halves) == 2 and min(len(h.split()) for h in halves) >= 2 and rng.random() < 0.6:
        first, second = halves
        keep_capital = first.split()[0][:1].isupper() and first.split()[0] not in _SENTENCE_OPENERS
        second = second[:1].upper() + second[1:]
        first = first if keep_capital else first[:1].lower() + first[1:]
        said = re.match(r"^(.*\b(?:said|says|told reporters))$", second)
        body = f"{said.group(1)} {first}" if said else f"{second}, {first}"
    for long, short in _CONTRACTIONS.items():
        body = re.sub(rf"\b{long}\b", short, body) if rng.random() < 0.7 else body
    for name, short in _SHORT_NAMES.items():
        body = re.sub(rf"\b{re.escape(name)}\b", short, body) if rng.random() < 0.7 else body
    body = re.sub(r"\b\d{1,3}(?:,\d{3})+\b|\b(?<![.,$])\d{1,2}\b(?![.,]\d)", _number_words, body) if rng.random() < 0.8 else body
    body = re.sub(r"\b(said|says)( that)?\b", lambda m: m.group(1) + ("" if m.group(2) else " that"), body)
    out: list[str] = []
    for piece in _TOKEN.findall(body):
        new = piece
        if piece == "the" and out and out[-1].isspace() and rng.random() < 0.2:
            out.pop()  # the space before it; the one after stays
            continue
        if piece.isalpha() and piece.islower() and len(piece) >= 4 and wordnet is not None and rng.random() < rate:
            plural = piece.endswith("s") and not piece.endswith("ss") and wordnet.synonyms(piece[:-1])
            choices = wordnet.synonyms(piece) or [w + "s" for w in plural or ()]
            new = rng.choice(choices) if choices else piece
        elif piece.isalpha() and rng.random() < 0.5:
            for pattern, british in _BRITISH:
                new = re.sub(pattern, british, piece)
                if new != piece:
                    break
        out.append(new)
    body = "".join(out)
    return body[:1].upper() + body[1:] + end


_LEAD_INS = ("Meanwhile, ", "Separately, ", "In a statement, ", "According to officials, ", "Earlier, ")
_EDITOR_SWAPS = {"more than": "over", "about": "around", "because": "as", "but": "however,", "will": "is set to",
                 "also": "too", "after": "following", "before": "prior to", "people": "persons",
                 "killed": "left dead", "percent": "per cent", "officials": "authorities", "police": "officers",
                 "government": "administration", "announced": "unveiled", "told": "informed"}
_COMMON_OPENERS = _SENTENCE_OPENERS | {w.capitalize() for w in _EDITOR_SWAPS} | {"Police", "Officials", "Authorities"}
_TRAILING_TIME = re.compile(r"^(?P<body>.+?) (?P<when>(?:on|last|this|early|late) (?:\w+day|week|month|year)(?: \w+)?)$")


def spin_editor(sentence: str, rng: random.Random) -> str:
    """A fourth procedure, held out like :func:`spin_paraphrase` (written after
    the detector was tuned, and never used to tune it): what a copy editor does
    to wire copy. A trailing clause after the last comma is cut; a time phrase
    at the end moves to the front ("... on Tuesday." -> "On Tuesday, ...");
    a lead-in is put before it ("Meanwhile, "); adverbs in -ly are dropped;
    "said" becomes "says" or "added"; common words and phrases are swapped
    from a list of its own (no WordNet needed); "$5 million" becomes "5 million
    dollars".

    >>> spin_editor("Police said 12 people were killed in the blast on Tuesday.", random.Random(3))
    'On Tuesday, officers added 12 persons were left dead in the blast.'
    >>> spin_editor(".", random.Random(1))
    '.'
    """
    text = sentence.strip()
    end = text[-1] if text[-1:] in ".!?" else ""
    body = text[: len(text) - len(end)]
    if not body.split():
        return sentence  # nothing to edit
    head, comma, tail = body.rpartition(", ")
    if comma and len(head.split()) >= 6 and len(tail.split()) >= 3 and rng.random() < 0.4:
        body = head
    moved = _TRAILING_TIME.match(body)
    if moved and rng.random() < 0.5:
        rest = moved["body"]
        rest = rest if rest.split()[0] not in _COMMON_OPENERS else rest[:1].lower() + rest[1:]
        body = f"{moved['when'][:1].upper()}{moved['when'][1:]}, {rest}"
    elif rng.random() < 0.3:
        first = body.split()[0]
        body = rng.choice(_LEAD_INS) + (body[:1].lower() + body[1:] if first in _COMMON_OPENERS else body)
    body = re.sub(r"\b(said|says)\b", lambda m: rng.choice(("says", "added")) if rng.random() < 0.6 else m.group(1), body)
    body = re.sub(r"\$(\d[\d.,]*) (million|billion)\b", r"\1 \2 dollars", body) if rng.random() < 0.6 else body
    for old, new in _EDITOR_SWAPS.items():
        if rng.random() < 0.7:
            body = re.sub(rf"\b{old}\b", new, body)
            body = re.sub(rf"\b{old.capitalize()}\b", new.capitalize(), body)
    body = re.sub(r" \w{3,}ly\b(?<!\bonly)(?<!\bJuly)(?<!\bItaly)", lambda m: "" if rng.random() < 0.7 else m.group(0), body)
    return body[:1].upper() + body[1:] + end


SPINNERS: dict[str, Callable[..., str]] = {
    "thesaurus": spin_thesaurus, "noise": spin_noise, "paraphrase": spin_paraphrase, "editor": spin_editor,
}
#: Spinners used while developing newsbrief; the others are held out to check it was not fitted to them.
DEVELOPMENT_SPINNERS = ("thesaurus", "noise")


# --- the DUC 2006 spun-copy benchmark ------------------------------------------

def _duc_clusters(path: Path) -> list[tuple[str, list[Article]]]:
    clusters = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            cluster = json.loads(line)
            articles = [
                Article.create(title=doc["title"], text=doc["text"], source=doc["id"][:3]) for doc in cluster["docs"]
            ]
            clusters.append((cluster["id"], articles))
    return clusters


@dataclass(frozen=True)
class SpunCorpus:
    """The spun-copy benchmark's articles (sources, then the new ones) and its truth:
    every pair of sentences that carry the same text, keyed as in :func:`pair_scores`."""

    texts: tuple[ArticleText, ...]
    derived: frozenset[str]
    truth: dict[Key, str]


def spun_corpus(
    duc_path: Path, spinner: str = "thesaurus", *, derived: int = 200, seed: int = 0, wordnet: WordNet | None = None
) -> SpunCorpus:
    """Build the spun-copy benchmark from ``duc_path``.

    From each DUC cluster two articles are *sources* (kept in the collection as
    they are) and the others are *held out*. Each of ``derived`` new articles
    takes 2-6 sentences from one or two sources of one cluster, each verbatim
    (40%) or spun (60%) by ``spinner``, and mixes them with 3-8 sentences of
    held-out articles of *other* clusters. ``wordnet`` is the paraphrase
    spinner's synonym source.
    """
    rng = random.Random(seed)
    clusters = [(cid, [prepare(a) for a in arts]) for cid, arts in _duc_clusters(duc_path)]
    sources = {cid: texts[:2] for cid, texts in clusters}
    held_out = [(cid, s.text) for cid, texts in clusters for t in texts[2:] for s in t.sentences if 40 <= len(s.text) <= 300]
    source_surface = {" ".join(s.text.lower().split()) for texts in sources.values() for t in texts for s in t.sentences}
    held_out = [(cid, text) for cid, text in held_out if " ".join(text.lower().split()) not in source_surface]
    vocabulary = sorted({w for _, text in held_out[:3000] for w in re.findall(r"[a-z]{4,}", text)})
    spin: Callable[[str, random.Random], str] = {
        "thesaurus": spin_thesaurus,
        "noise": lambda sentence, r: spin_noise(sentence, r, vocabulary),
        "paraphrase": lambda sentence, r: spin_paraphrase(sentence, r, wordnet),
        "editor": spin_editor,
    }[spinner]
    collection = [t for texts in sources.values() for t in texts]
    planted: list[tuple[str, list[tuple[int, str, str, int]]]] = []  # (derived id, [(offset, kind, source, idx)])
    fillers_at: list[tuple[int, int, str]] = []  # (derived number, offset, text)
    made = []
    for number in range(derived):
        cid, texts = clusters[rng.randrange(len(clusters))]
        picked = rng.sample(sources[cid], k=min(len(sources[cid]), rng.choice((1, 2))))
        pool = [(t, s) for t in picked for s in t.sentences if len(s.text.split()) >= 6]
        taken = rng.sample(pool, k=min(len(pool), rng.randint(2, 6)))
        fillers = [text for other, text in rng.sample(held_out, k=12) if other != cid][: rng.randint(3, 8)]
        parts: list[tuple[str, str | None, str, int]] = []
        for text, sentence in taken:
            kind = "verbatim" if rng.random() < 0.4 else "reworded"
            body = sentence.text
            if kind == "reworded":
                body = spin(body, rng)
                if " ".join(body.split()).lower() == " ".join(sentence.text.split()).lower():
                    kind = "verbatim"  # nothing to spin: it stays a verbatim copy
            parts.append((body, kind, text.id, sentence.index))
        parts += [(text, None, "", -1) for text in fillers]
        rng.shuffle(parts)
        offset, pieces, truth_here = 0, [], []
        for body, kind, source, index in parts:
            if kind is not None:
                truth_here.append((offset, kind, source, index))
            else:
                fillers_at.append((number, offset, body))
            pieces.append(body)
            offset += len(body) + 1
        article = Article(id=f"derived-{number:04d}", title="", text=" ".join(pieces), source="spinner")
        made.append(prepare(article))
        planted.append((article.id, truth_here))
    by_id = {t.id: t for t in made}
    # A sentence's family: every source sentence with its words, and every new
    # article that took it. Two new articles that took one sentence share it too.
    surface_of = {(t.id, s.index): " ".join(s.text.lower().split()) for t in collection for s in t.sentences}
    family: dict[str, dict[tuple[str, int], str]] = defaultdict(dict)
    for key, surface in surface_of.items():
        family[surface][key] = "verbatim"
    for article_id, items in planted:
        for offset, kind, source, index in items:
            family[surface_of[(source, index)]][(article_id, _sentence_at(by_id[article_id], offset))] = kind
    # Two new articles that drew the same filler sentence carry a verbatim copy too.
    for number, offset, body in fillers_at:
        article_id = made[number].id
        family[" ".join(body.lower().split())][(article_id, _sentence_at(by_id[article_id], offset))] = "verbatim"
    truth: dict[Key, str] = {}
    for members in family.values():
        nodes = sorted(members)
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                if a[0] != b[0] and (a[0] in by_id or b[0] in by_id):
                    truth[_key(a, b)] = "verbatim" if members[a] == members[b] == "verbatim" else "reworded"
    return SpunCorpus(tuple(collection + made), frozenset(by_id), truth)


def spun_benchmark(
    duc_path: Path, spinner: str = "thesaurus", *, derived: int = 200, seed: int = 0,
    options: CopyOptions | None = None, wordnet: WordNet | None = None,
) -> dict[str, Any]:
    """Score :func:`find_copies` on the :func:`spun_corpus` of ``spinner``. Only
    links touching a new article are scored (the sources may share text among
    themselves; that is not the test)."""
    corpus = spun_corpus(duc_path, spinner, derived=derived, seed=seed, wordnet=wordnet)
    result = find_copies(corpus.texts, options)
    found = {k: v for k, v in _found(result.links).items() if k[0][0] in corpus.derived or k[1][0] in corpus.derived}
    scores = pair_scores(found, corpus.truth)
    return {"spinner": spinner, "held_out": spinner not in DEVELOPMENT_SPINNERS, "articles": len(corpus.texts),
            "derived": len(corpus.derived), "scores": {kind: s.as_dict() for kind, s in scores.items()},
            **({"wordnet": str(wordnet.folder) if wordnet else None} if spinner == "paraphrase" else {})}


# --- Clough & Stevenson --------------------------------------------------------

CLASSES = ("cut", "light", "heavy", "non")


def classify_answer(linked: float, verbatim: float) -> str:
    """The class of an answer from the share of its sentences linked to the
    source (``linked``) and linked word for word (``verbatim``). The cut-offs
    are round numbers fixed in advance, not fitted to the corpus."""
    if verbatim >= 0.5:
        return "cut"
    if linked >= 0.5:
        return "light"
    if linked >= 0.2:
        return "heavy"
    return "non"


def clough_stevenson(path: Path, options: CopyOptions | None = None) -> dict[str, Any]:
    """Accuracy and per-class F1 of :func:`classify_answer` on the corpus at
    ``path`` (``docs.jsonl``), and the share of answer sentences linked to the
    source per class (the sentence-level detection rate; for ``non`` answers,
    the false-alarm rate)."""
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = {d["id"]: prepare(Article(id=d["id"], title="", text=d["text"], source=d["id"])) for d in docs}
    result = find_copies(list(texts.values()), options)
    linked: dict[str, set[int]] = defaultdict(set)
    verbatim: dict[str, set[int]] = defaultdict(set)
    source_of = {d["id"]: d["source_id"] for d in docs if d["role"] == "answer"}
    for link in result.links:
        for mine, theirs in ((link.a, link.b), (link.b, link.a)):
            if source_of.get(mine.article) == theirs.article:
                linked[mine.article].add(mine.sentence)
                if link.kind == "verbatim":
                    verbatim[mine.article].add(mine.sentence)
    predicted, gold = {}, {}
    rates: dict[str, list[float]] = defaultdict(list)
    for answer, source in source_of.items():
        n = max(1, len(texts[answer].sentences))
        share, exact = len(linked[answer]) / n, len(verbatim[answer]) / n
        category = next(d["category"] for d in docs if d["id"] == answer)
        gold[answer], predicted[answer] = category, classify_answer(share, exact)
        rates[category].append(share)
    per_class = {}
    for c in CLASSES:
        tp = sum(1 for a in gold if gold[a] == c and predicted[a] == c)
        found = sum(1 for a in predicted if predicted[a] == c)
        expected = sum(1 for a in gold if gold[a] == c)
        per_class[c] = Scores(tp, found, expected).as_dict()
    accuracy = sum(gold[a] == predicted[a] for a in gold) / len(gold)
    confusion = Counter((gold[a], predicted[a]) for a in gold)
    return {
        "answers": len(gold),
        "accuracy": round(accuracy, 4),
        "per_class": per_class,
        "sentence_linked_share": {c: round(sum(v) / len(v), 4) for c, v in sorted(rates.items())},
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
    }


# --- generated corpora ----------------------------------------------------------

def synth_scores(records: Sequence[Mapping[str, Any]], texts: Sequence[ArticleText], links: Iterable[CopyLink]) -> dict[str, Scores]:
    """Links against the truth of a generated corpus: every two carriers of one
    reuse family (same ``origin`` sentence) are a true pair."""
    from newsbrief.eval.synth import split_sentences

    by_id = {t.id: t for t in texts}
    starts: dict[str, list[int]] = {}
    for record in records:
        text, offsets, position = record["text"], [], 0
        for sentence in split_sentences(text):
            position = text.index(sentence, position)
            offsets.append(position)
            position += len(sentence)
        starts[record["id"]] = offsets

    def ref(article: str, index: int) -> tuple[str, int]:
        return article, _sentence_at(by_id[article], starts[article][index])

    families: dict[tuple[str, int], dict[tuple[str, int], str]] = defaultdict(dict)
    for record in records:
        for copy in record["copied_from"]:
            family = families[(copy["origin"], copy["origin_sentence"])]
            family.setdefault(ref(copy["origin"], copy["origin_sentence"]), "verbatim")
            family[ref(record["id"], copy["sentence"])] = copy["kind"]
    truth: dict[Key, str] = {}
    for members in families.values():
        nodes = sorted(members)
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                if a[0] != b[0] and a != b:
                    kind = "verbatim" if members[a] == members[b] == "verbatim" else "reworded"
                    truth[_key(a, b)] = kind
    return pair_scores(_found(links), truth)


def evaluate(shared: Path, derived: int = 200, seed: int = 0, options: CopyOptions | None = None) -> dict[str, Any]:
    """Every harness on the data in ``shared`` (``../shared``)."""
    duc = shared / "data" / "duc2006" / "duc2006_main.jsonl"
    wordnet = WordNet.find()
    return {
        "spun": [spun_benchmark(duc, spinner, derived=derived, seed=seed, options=options, wordnet=wordnet)
                 for spinner in SPINNERS],
        "clough_stevenson": clough_stevenson(shared / "data" / "clough-stevenson" / "docs.jsonl", options),
    }
