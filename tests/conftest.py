"""Shared test fixtures.

Real articles are read from ``../shared`` (beside the project). In CI
(``CI=true``) a test that needs them fails when they are missing; elsewhere it
is skipped with the reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import newsbrief

SHARED = Path(os.environ.get("NEWSBRIEF_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


def _need(path: Path) -> Path:
    if not path.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{path} is missing: CI must run the tests that read ../shared")
        pytest.skip(f"{path} is missing (tests on real articles need ../shared)")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ``../shared`` folder of real data."""
    return _need(SHARED)


@pytest.fixture(scope="session")
def seed_paths(shared: Path) -> list[Path]:
    """The two seed articles (same story, shared and spun sentences)."""
    return sorted(_need(shared / "seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def under_hash_seeds() -> Callable[..., set[bytes]]:
    """Run a command with ``python`` (this interpreter, this newsbrief) under
    PYTHONHASHSEED 1 to 4, and give the set of its outputs: one if nothing depends
    on the order a set or frozenset of strings iterates in."""
    source = str(Path(newsbrief.__file__).resolve().parents[1])

    def run(*args: str, cwd: Path) -> set[bytes]:
        outputs = set()
        for seed in "1234":
            env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")])}
            outputs.add(subprocess.run([sys.executable, *args], env=env, cwd=cwd, capture_output=True, check=True).stdout)
        return outputs

    return run


@pytest.fixture(scope="session")
def under_hash_seeds_with_weights(under_hash_seeds: Callable[..., set[bytes]]) -> Callable[..., set[str]]:
    """The values (``repr``) of an expression under PYTHONHASHSEED 1 to 4, after
    ``imports``, with ``words`` (ten) and ``weights`` (a float per word) defined: a
    plain sum of the weights in the order a set of the words iterates in differs
    in its last bit for some of those seeds."""

    def run(expression: str, imports: str, cwd: Path) -> set[str]:
        script = (
            f"{imports}\n"
            "words = 'flood rail line cut storm bridge river closed town water'.split()\n"
            "weights = {w: 0.1 * (i + 1) + 1 / (i + 3) for i, w in enumerate(words)}\n"
            f"print(repr({expression}))\n"
        )
        return {output.decode().strip() for output in under_hash_seeds("-c", script, cwd=cwd)}

    return run
