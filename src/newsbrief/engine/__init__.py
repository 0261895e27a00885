"""Where the work runs: in this process, on local cores, or on a Dask cluster.

Every engine runs the same per-batch step (sentences turned into the features
of :func:`newsbrief.reuse.detect.sentence_table`) over batches of articles in a
fixed order and the same global step after it, so all engines give identical
results. :func:`find_copies_in_files` has the local worker processes read and
split their own shares of the input files too (what ``newsbrief copies`` runs).

:mod:`newsbrief.engine.partitioned` runs the same computation on a Dask cluster whose
workers read (or are sent once) their own partitions and keep them; the global step
runs there too, partition by partition and bucket by bucket, so that no process
holds the whole corpus's sentences.
"""

from newsbrief.engine.local import Engine, FileCopies, LocalEngine, find_copies_in_files, find_copies_on

__all__ = ["Engine", "LocalEngine", "find_copies_on", "find_copies_in_files", "FileCopies"]
