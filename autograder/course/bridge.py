"""Give every test cell of the source notebooks its hidden part: the bridge to the sandboxed grader.

python -m autograder.course.bridge ASSIGNMENT...   (idempotent; `make release` checks it is in place)
"""

from __future__ import annotations

import sys

from autograder.notebook.reader import cell_source, nbgrader_meta
from autograder.paths import source_notebook


def hidden_block(function: str) -> str:
    """The hidden part that starts the test cell of ``function``."""
    return (
        "### BEGIN HIDDEN TESTS\nfrom course_checks import hidden_points\n\n"
        f"hidden_points({function!r})  # the sandboxed grader's score, for nbgrader autograde\n"
        "### END HIDDEN TESTS\n"
    )


def add_bridge(assignment: str) -> int:
    """Insert the hidden part where it is missing; returns how many cells changed."""
    import nbformat

    path = source_notebook(assignment)
    notebook = nbformat.read(path, as_version=4)
    changed = 0
    for cell in notebook["cells"]:
        meta = nbgrader_meta(cell)
        grade_id = str(meta.get("grade_id", ""))
        if cell.get("cell_type") == "code" and meta.get("grade") and grade_id.startswith("test_"):
            source = cell_source(cell)
            if "BEGIN HIDDEN TESTS" not in source:
                cell["source"] = hidden_block(grade_id.removeprefix("test_")) + source
                changed += 1
    if changed:
        nbformat.write(notebook, path)
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {add_bridge(name)} test cells given their hidden part")
