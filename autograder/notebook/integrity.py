"""Compare a submission's locked cells with the released notebook: edits are reported, never scored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from autograder.notebook.reader import cell_source, nbgrader_meta


def locked_cells(notebook: dict[str, Any]) -> dict[str, str]:
    """grade_id → source of every locked or test cell."""
    found: dict[str, str] = {}
    for cell in notebook.get("cells", []):
        if not isinstance(cell, dict):
            continue
        meta = nbgrader_meta(cell)
        if (meta.get("locked") or (meta.get("grade") and not meta.get("solution"))) and isinstance(
            meta.get("grade_id"), str
        ):
            found[meta["grade_id"]] = cell_source(cell)
    return found


def integrity_notes(submission: dict[str, Any], release_path: Path) -> list[str]:
    """Human-readable notes on locked or test cells that were deleted, edited or duplicated."""
    try:
        release = json.loads(release_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return []
    expected = locked_cells(release)
    ids = [nbgrader_meta(c).get("grade_id") for c in submission.get("cells", []) if isinstance(c, dict)]
    got = locked_cells(submission)
    notes = []
    for grade_id, source in expected.items():
        if grade_id not in got:
            notes.append(f"locked cell {grade_id!r} was deleted or its metadata changed")
        elif got[grade_id].strip() != source.strip():
            notes.append(f"locked cell {grade_id!r} was edited")
    duplicated = sorted({i for i in ids if isinstance(i, str) and ids.count(i) > 1})
    notes += [f"grade_id {i!r} appears more than once" for i in duplicated]
    if notes:
        notes.append(
            "edited, deleted or duplicated locked cells change no score: the hidden suite grades "
            "your functions, not the notebook's own tests"
        )
    return notes
