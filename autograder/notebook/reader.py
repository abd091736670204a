"""Find a submission's notebook and its answer cells, whatever state the file is in."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.static.rules import reach

MAX_NOTEBOOK_BYTES = 25 * 1024**2


@dataclass
class AnswerCell:
    """The code of one answer cell and how it was found."""

    grade_id: str
    source: str
    found_by: str = "grade_id"


@dataclass
class Submission:
    """What the grader could read from a submission."""

    path: Path
    notebook: dict[str, Any] | None = None
    answers: dict[str, AnswerCell] = field(default_factory=dict)
    # Every cell the student controls, as (cell id, source) in notebook order: answer cells (id: their
    # grade_id), other solution cells and cells the student added (id: "#<position in the notebook>").
    code_cells: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def readable(self) -> bool:
        """False when the file is not a notebook at all."""
        return not self.error

    @property
    def answer_cells(self) -> dict[str, str]:
        """Graded name → the id of its answer cell."""
        return {name: cell.grade_id for name, cell in self.answers.items()}


def locate_notebook(path: Path, notebook_name: str) -> Path:
    """The notebook of a submission given as a file or a folder; FileNotFoundError if there is none."""
    if path.is_file():
        return path
    if path.is_dir():
        direct = path / notebook_name
        if direct.is_file():
            return direct
        found = sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
        named = [p for p in found if p.name == notebook_name]
        if named or found:
            return (named or found)[0]
        raise FileNotFoundError(f"no notebook in {path} (expected {notebook_name})")
    raise FileNotFoundError(f"{path} does not exist")


def cell_source(cell: dict[str, Any]) -> str:
    """A cell's source as one string (nbformat stores a string or a list of lines; anything else in
    a broken notebook is read as text)."""
    src = cell.get("source", "")
    if isinstance(src, list):
        return "".join(line if isinstance(line, str) else json.dumps(line) for line in src)
    return src if isinstance(src, str) else json.dumps(src)


def nbgrader_meta(cell: dict[str, Any]) -> dict[str, Any]:
    """A cell's nbgrader metadata, or an empty dict."""
    meta = cell.get("metadata")
    nb = meta.get("nbgrader") if isinstance(meta, dict) else None
    return nb if isinstance(nb, dict) else {}


def defined_names(source: str) -> set[str]:
    """Top-level names a cell defines (functions, classes, assignments, imports); empty if it does not parse."""
    return set(reach([("cell", source)], "").module_names)


def is_students(cell: dict[str, Any]) -> bool:
    """A code cell whose code the student wrote: a solution cell, or a cell the student added (no
    nbgrader role). Locked cells (setup, tests, plots) belong to the course and are never graded."""
    meta = nbgrader_meta(cell)
    return bool(meta.get("solution")) or not (meta.get("locked") or meta.get("grade"))


def read_submission(path: Path, notebook_name: str, graded: list[str]) -> Submission:
    """Read the answer cells for the ``graded`` names; never raises for a broken notebook."""
    sub = Submission(path=path)
    try:
        nb_path = locate_notebook(path, notebook_name)
    except FileNotFoundError as exc:
        sub.error = str(exc)
        return sub
    sub.path = nb_path
    try:
        size = nb_path.stat().st_size
        if size > MAX_NOTEBOOK_BYTES:
            raise ValueError(
                f"the file is {size / 1024**2:.0f} MB; notebooks over {MAX_NOTEBOOK_BYTES // 1024**2} MB are not "
                "graded: clear the outputs (Edit → Clear Outputs of All Cells), save and hand in again"
            )
        notebook = json.loads(nb_path.read_text(encoding="utf-8"))
        cells = notebook["cells"]
        if not isinstance(cells, list):
            raise TypeError("cells is not a list")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError, RecursionError) as exc:
        sub.error = f"{nb_path.name} is not a readable notebook ({type(exc).__name__}: {str(exc)[:200]})"
        return sub
    except MemoryError:
        sub.error = f"{nb_path.name} is not a readable notebook (too large to read)"
        return sub
    sub.notebook = notebook
    code = [c for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
    position = {id(c): i + 1 for i, c in enumerate(cells)}
    by_id: dict[str, list[dict[str, Any]]] = {}
    for cell in code:
        meta = nbgrader_meta(cell)
        if meta.get("solution") and isinstance(meta.get("grade_id"), str):
            by_id.setdefault(meta["grade_id"], []).append(cell)
    chosen: dict[int, str] = {}
    for name in graded:
        cells_for = by_id.get(name, [])
        if len(cells_for) > 1:
            sub.notes.append(
                f"there are {len(cells_for)} answer cells with grade_id {name!r}; the last one is graded, and "
                "code in the others counts only where the graded code uses it"
            )
        if cells_for:
            cell = cells_for[-1]
            found_by = "grade_id"
        else:
            defining = [c for c in code if is_students(c) and name in defined_names(cell_source(c))]
            if not defining:
                sub.notes.append(f"no answer cell for {name!r} was found (cell deleted, or the function renamed)")
                continue
            cell = defining[-1]
            found_by = "definition"
            sub.notes.append(f"the answer cell for {name!r} lost its nbgrader metadata; it was found by its definition")
        sub.answers[name] = AnswerCell(name, cell_source(cell), found_by)
        chosen[id(cell)] = name
    # Every other cell the student controls (helpers, constants, extra solution cells) may be needed too.
    for cell in code:
        if id(cell) in chosen:
            sub.code_cells.append((chosen[id(cell)], cell_source(cell)))
        elif is_students(cell):
            sub.code_cells.append((f"#{position[id(cell)]}", cell_source(cell)))
    return sub
