"""Find copied sentences and near-duplicate articles in a collection.

1. Every sentence gets its match tokens (aliases and stems folded) and a MinHash
   signature of that token set.
2. Banded LSH over those signatures proposes candidate sentence pairs from
   different articles: with ``b`` bands of ``r`` rows, two sentences of Jaccard
   similarity ``s`` become candidates with probability ``1 - (1 - s^r)^b``. The
   buckets are found by sorting band hashes (numpy), not with Python dicts, so
   millions of sentences fit. A bucket shared by very many articles is a stock
   phrase or page furniture, not a copy, and is skipped.
3. Each candidate is checked exactly (:func:`~newsbrief.reuse.align.classify_pair`).
4. Articles most of whose sentences are linked to each other are near-duplicates.

No pair of articles is ever compared unless the index proposes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsbrief.model import ArticleText, CopyLink, NearDuplicate, SentenceRef
from newsbrief.reuse.align import AlignOptions, SentenceFeatures, classify_pair, idf_weights
from newsbrief.reuse.minhash import MinHasher, shingle_hashes
from newsbrief.text.normalise import TokenNormaliser, surface_tokens

__all__ = ["CopyOptions", "CopyResult", "find_copies", "sentence_features", "band_candidates"]


@dataclass(frozen=True)
class CopyOptions:
    """Options of copy detection.

    ``bands`` × ``rows`` must equal ``num_perm``. With 32 bands of 2 rows a pair
    of Jaccard 0.3 is proposed with probability 0.95 and one of 0.1 with 0.27.
    ``max_bucket``: a band bucket holding sentences of more articles than this is
    treated as boilerplate. ``near_duplicate``: share of both articles' sentences
    that must be linked for a whole-article near-duplicate.
    """

    align: AlignOptions = field(default_factory=AlignOptions)
    num_perm: int = 64
    bands: int = 32
    rows: int = 2
    seed: int = 1
    max_bucket: int = 50
    near_duplicate: float = 0.8


@dataclass(frozen=True)
class CopyResult:
    links: tuple[CopyLink, ...]
    near_duplicates: tuple[NearDuplicate, ...]


def sentence_features(texts: Sequence[ArticleText], normaliser: TokenNormaliser | None = None) -> list[list[SentenceFeatures]]:
    """Surface key and match tokens of every sentence, per article."""
    normalise = normaliser or TokenNormaliser()
    return [
        [SentenceFeatures(surface_tokens(s.text), frozenset(normalise(s.text))) for s in text.sentences]
        for text in texts
    ]


def band_candidates(signatures: np.ndarray, groups: np.ndarray, bands: int, rows: int, max_bucket: int) -> set[tuple[int, int]]:
    """Row pairs ``(i, j)``, ``i < j``, that share a band bucket and belong to different groups.

    ``groups[i]`` is the article of row ``i``. Buckets with rows of more than
    ``max_bucket`` distinct groups are skipped.
    """
    pairs: set[tuple[int, int]] = set()
    n = signatures.shape[0]
    if n < 2:
        return pairs
    for band in range(bands):
        block = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows]).astype(np.uint64)
        # One 64-bit key per row of the band: a multiply-xor mix of its values.
        key = np.zeros(n, dtype=np.uint64)
        for column in range(rows):
            key = (key * np.uint64(0x9E3779B97F4A7C15)) ^ block[:, column]
        order = np.argsort(key, kind="stable")
        sorted_keys = key[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        ends = np.r_[starts[1:], n]
        for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
            members = order[start:end]
            if len(np.unique(groups[members])) > max_bucket:
                continue
            members = np.sort(members)
            for x in range(len(members)):
                for y in range(x + 1, len(members)):
                    i, j = int(members[x]), int(members[y])
                    if groups[i] != groups[j]:
                        pairs.add((i, j))
    return pairs


def find_copies(texts: Sequence[ArticleText], options: CopyOptions | None = None) -> CopyResult:
    """Copied sentences between articles, and near-duplicate articles.

    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> def text(id, body):
    ...     return ArticleText(Article(id=id, title="", text=body), sentences_of(id, body))
    >>> a = text("a", "Flood waters cut the northern rail line on Monday morning.")
    >>> b = text("b", "Flood waters cut the northern rail line on Monday morning.")
    >>> [link.kind for link in find_copies([a, b]).links]
    ['verbatim']
    """
    options = options or CopyOptions()
    if options.bands * options.rows != options.num_perm:
        raise ValueError("bands * rows must equal num_perm")
    features = sentence_features(texts)
    flat: list[tuple[int, int]] = [(a, s) for a, sents in enumerate(features) for s in range(len(sents))]
    idf = idf_weights((f.tokens for sents in features for f in sents))
    usable = [k for k, (a, s) in enumerate(flat) if len(features[a][s].tokens) >= options.align.min_tokens]
    if len(usable) < 2:
        return CopyResult((), ())
    hasher = MinHasher(num_perm=options.num_perm, seed=options.seed)
    signatures = hasher.signatures([shingle_hashes(sorted(features[flat[k][0]][flat[k][1]].tokens), k=1) for k in usable])
    groups = np.array([flat[k][0] for k in usable])
    candidates = band_candidates(signatures, groups, options.bands, options.rows, options.max_bucket)

    links: list[CopyLink] = []
    for i, j in sorted(candidates):
        (ai, si), (aj, sj) = flat[usable[i]], flat[usable[j]]
        verdict = classify_pair(features[ai][si], features[aj][sj], idf, options.align)
        if verdict is None:
            continue
        kind, score = verdict
        ta, tb = texts[ai], texts[aj]
        links.append(
            CopyLink(
                a=SentenceRef(ta.id, si, ta.sentences[si].text),
                b=SentenceRef(tb.id, sj, tb.sentences[sj].text),
                kind=kind,  # type: ignore[arg-type]
                score=score,
                first=_earlier(ta, tb),
            )
        )
    links.sort(key=lambda l: (l.a.article, l.a.sentence, l.b.article, l.b.sentence))
    return CopyResult(tuple(links), _near_duplicates(texts, links, options.near_duplicate))


def _earlier(a: ArticleText, b: ArticleText) -> str | None:
    """The article published first, or ``None`` when dates are missing or equal."""
    pa, pb = a.article.published, b.article.published
    if pa is None or pb is None or pa == pb:
        return None
    return a.id if pa < pb else b.id


def _near_duplicates(texts: Sequence[ArticleText], links: Sequence[CopyLink], threshold: float) -> tuple[NearDuplicate, ...]:
    sizes = {t.id: len(t.sentences) for t in texts}
    covered: dict[tuple[str, str], tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for link in links:
        a, b = sorted((link.a, link.b), key=lambda r: r.article)
        sa, sb = covered[(a.article, b.article)]
        sa.add(a.sentence)
        sb.add(b.sentence)
    found = []
    for (a, b), (sa, sb) in sorted(covered.items()):
        similarity = (len(sa) + len(sb)) / max(1, sizes[a] + sizes[b])
        if len(sa) >= threshold * sizes[a] and len(sb) >= threshold * sizes[b]:
            found.append(NearDuplicate(a, b, round(similarity, 4)))
    return tuple(found)
