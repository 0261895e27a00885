"""Shared test fixtures.

Real articles are read from ``../shared`` (beside the project). In CI
(``CI=true``) a test that needs them fails when they are missing; elsewhere it
is skipped with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
