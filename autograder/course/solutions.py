"""Extract the reference implementations in ``solutions/`` from the source notebooks' answer cells."""

from __future__ import annotations

import json
import re
from pathlib import Path

from autograder.notebook.reader import cell_source, nbgrader_meta

MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", re.MULTILINE)
HEADER = (
    '"""Reference solutions of {assignment}, generated from its source notebook by `make release`.\n\n'
    "Do not edit: edit the answer cells of source/{assignment}/{assignment}.ipynb and run `make release`.\n"
    '"""\n\nimport math\n\nimport numpy as np\n'
)


def solution_cells(notebook_path: Path) -> list[tuple[str, str]]:
    """(grade_id, code) of every code solution cell, markers removed, in notebook order."""
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    cells = []
    for cell in notebook["cells"]:
        meta = nbgrader_meta(cell)
        if cell.get("cell_type") == "code" and meta.get("solution"):
            cells.append((str(meta.get("grade_id")), MARKER.sub("", cell_source(cell)).strip() + "\n"))
    return cells


def render_solutions(assignment: str, notebook_path: Path) -> str:
    """The text of ``solutions/<assignment>.py``."""
    parts = [HEADER.format(assignment=assignment)]
    for grade_id, code in solution_cells(notebook_path):
        parts.append(f"\n# --- {grade_id} " + "-" * max(4, 90 - len(grade_id)) + f"\n{code}")
    return "\n".join(parts)
