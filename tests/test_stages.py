"""The stages import only themselves and earlier stages (data-flow order), never a later one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "newsbrief"
# In data-flow order. Ingest cleans what it reads with text's functions, so the two come
# first together; report and web are both at the end, each reading the store.
ORDER = {"ingest": 0, "text": 0, "reuse": 1, "stories": 2, "brief": 3, "facts": 4, "store": 5, "report": 6, "web": 6}


def _imported_stages(path: Path) -> set[str]:
    """The stages a module imports, anywhere in it (a function's late import counts too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found |= {name.split(".")[1] for name in names if name.startswith("newsbrief.")}
    return found & ORDER.keys()


@pytest.mark.parametrize("stage", sorted(ORDER))
def test_a_stage_imports_no_later_stage(stage: str) -> None:
    later = {
        f"{path.relative_to(PACKAGE)} imports {other}"
        for path in (PACKAGE / stage).rglob("*.py")
        for other in _imported_stages(path)
        if ORDER[other] > ORDER[stage]
    }
    assert not later
