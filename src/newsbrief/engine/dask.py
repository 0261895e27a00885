"""Run the per-article work of copy detection on a Dask cluster.

``DaskEngine()`` starts a :class:`distributed.LocalCluster` on this machine;
``DaskEngine("tcp://host:8786")`` uses a running scheduler. Use it as a
context manager so the cluster it started is closed::

    with DaskEngine(workers=2) as engine:
        result = find_copies_on(engine, texts)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["DaskEngine"]

T = TypeVar("T")
R = TypeVar("R")


class DaskEngine:
    """A Dask client, on a scheduler ``address`` or on a new LocalCluster of ``workers`` processes."""

    def __init__(self, address: str | None = None, workers: int = 2, memory_limit: str = "4GiB") -> None:
        from distributed import Client, LocalCluster

        self._cluster: Any = None
        if address is None:
            self._cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, memory_limit=memory_limit,
                dashboard_address=None,
            )
            self.client = Client(self._cluster)
        else:
            self.client = Client(address)

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        # Scattered first, so the batches travel to the workers as data, not
        # inside the task graph; pure=False: equal batches are still computed
        # once each, in order.
        futures = self.client.map(function, self.client.scatter(list(items)), pure=False)
        results: list[R] = self.client.gather(futures)
        return results

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
