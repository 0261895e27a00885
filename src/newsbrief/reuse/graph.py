"""Who copied from whom: copy families, their earliest carrier and an outlet graph.

Copy links join sentences; the connected sentences form a *family* (a copy of
a copy is a copy too). The family's **origin** is the sentence of the earliest
published article. When that cannot be told it is said so, never guessed:

* ``"undated"``: some carrier has no publication time and the dated ones do
  not settle it (an undated article may be the earliest);
* ``"tie"``: two or more articles share the earliest time.

Every other carrier of a family with a known origin counts once as a copy from
the origin's outlet to its own, giving an outlet → outlet graph with counts. An
outlet is one however its articles spell it (:func:`~newsbrief.model.outlet_key`:
a folder ``valley-wire`` and records of "Valley Wire"), named as
:func:`~newsbrief.model.outlet_names` names it: "Valley Wire" before a folder's name.

>>> from datetime import datetime
>>> from newsbrief.model import Article, ArticleText, CopyLink, SentenceRef
>>> def art(id, source, day):
...     return ArticleText(Article(id=id, title="", text="", source=source, published=datetime(2024, 1, day)), ())
>>> texts = [art("a", "Wire", 1), art("b", "Herald", 2), art("c", "Post", 3)]
>>> links = [CopyLink(SentenceRef("a", 0, "x"), SentenceRef("b", 4, "x"), "verbatim", 1.0),
...          CopyLink(SentenceRef("b", 4, "x"), SentenceRef("c", 1, "x2"), "reworded", 0.7)]
>>> graph = copy_graph(texts, links)
>>> [(f.origin.article, f.status) for f in graph.families]
[('a', 'earliest')]
>>> [(e.source, e.target, e.count) for e in graph.edges]
[('Wire', 'Herald', 1), ('Wire', 'Post', 1)]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from newsbrief.model import Article, ArticleText, CopyLink, SentenceRef, outlet_names, utc_key

__all__ = ["CopyFamily", "OutletEdge", "CopyGraph", "copy_graph"]

OriginStatus = Literal["earliest", "tie", "undated"]


@dataclass(frozen=True)
class CopyFamily:
    """Sentences that carry the same text, earliest first (undated ones last).

    ``origin`` is the earliest carrier when ``status`` is ``"earliest"``, else ``None``.
    """

    sentences: tuple[SentenceRef, ...]
    origin: SentenceRef | None
    status: OriginStatus


@dataclass(frozen=True)
class OutletEdge:
    """``count`` sentences first carried by outlet ``source`` and repeated by ``target``
    (``verbatim`` of them word for word, the rest reworded)."""

    source: str
    target: str
    count: int
    verbatim: int


@dataclass(frozen=True)
class CopyGraph:
    """Copy families and the outlet graph; ``undetermined`` families have no known origin."""

    families: tuple[CopyFamily, ...]
    edges: tuple[OutletEdge, ...]
    undetermined: int


def copy_graph(texts: Sequence[ArticleText], links: Sequence[CopyLink]) -> CopyGraph:
    """Families, origins and the outlet → outlet graph of ``links`` between ``texts``."""
    articles = {t.id: t.article for t in texts}
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    refs: dict[tuple[str, int], SentenceRef] = {}
    verbatim_pairs: set[tuple[tuple[str, int], tuple[str, int]]] = set()
    for link in links:
        a, b = (link.a.article, link.a.sentence), (link.b.article, link.b.sentence)
        refs.setdefault(a, link.a)
        refs.setdefault(b, link.b)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
        if link.kind == "verbatim":
            verbatim_pairs.add((min(a, b), max(a, b)))
    members: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for node in refs:
        members[find(node)].append(node)

    outlet = outlet_names(article.source for article in articles.values())
    families = []
    edges: Counter[tuple[str, str]] = Counter()
    verbatim_edges: Counter[tuple[str, str]] = Counter()
    for nodes in members.values():
        def when(node: tuple[str, int]) -> tuple[int, object, tuple[str, int]]:
            published = articles[node[0]].published
            return (0, utc_key(published), node) if published is not None else (1, None, node)

        ordered = sorted(nodes, key=when)
        dated = [when(n)[1] for n in ordered if articles[n[0]].published is not None]
        status: OriginStatus
        if len(dated) < len(ordered):
            status = "undated"
        elif len(dated) > 1 and dated[0] == dated[1]:
            status = "tie"
        else:
            status = "earliest"
        origin = ordered[0] if status == "earliest" else None
        families.append(CopyFamily(tuple(refs[n] for n in ordered), refs[origin] if origin else None, status))
        if origin is None:
            continue
        source = outlet[articles[origin[0]].source]
        for node in ordered[1:]:
            if node[0] == origin[0]:
                continue
            key = (source, outlet[articles[node[0]].source])
            edges[key] += 1
            if (min(origin, node), max(origin, node)) in verbatim_pairs:
                verbatim_edges[key] += 1
    families.sort(key=lambda f: (f.sentences[0].article, f.sentences[0].sentence))
    outlet_edges = tuple(
        OutletEdge(s, t, n, verbatim_edges[(s, t)]) for (s, t), n in sorted(edges.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    return CopyGraph(tuple(families), outlet_edges, sum(1 for f in families if f.origin is None))
