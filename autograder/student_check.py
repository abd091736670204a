"""`make check`: run a notebook's visible checks in a fresh kernel and list which functions pass.

Only the setup cell, the answer cells and the visible test cells run (no plots), so it takes a
few seconds. No hidden test is involved: this is exactly what the notebook itself shows.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

from autograder.notebook.reader import nbgrader_meta

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _kept(cell: dict) -> bool:
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(
        meta.get("grade_id") == "setup" or meta.get("solution") or (meta.get("grade") and meta.get("locked")))


def check_notebook(path: Path) -> list[tuple[str, bool, str]]:
    """(test cell, passed, first line of the failure) for every visible test cell."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    trimmed = copy.deepcopy(notebook)
    trimmed.cells = [c for c in notebook.cells if _kept(c)]
    client = NotebookClient(trimmed, timeout=60, allow_errors=True, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    results = []
    for cell in trimmed.cells:
        meta = nbgrader_meta(cell)
        if not (meta.get("grade") and meta.get("locked")):
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        name = str(meta.get("grade_id", "?")).removeprefix("test_")
        if errors:
            message = ANSI.sub("", f"{errors[0].get('ename')}: {errors[0].get('evalue')}")
            results.append((name, False, message.strip().splitlines()[0] if message.strip() else "error"))
        else:
            results.append((name, True, ""))
    return results


def main(argv: list[str] | None = None) -> int:
    """Print a table of visible checks; exit 0 whatever the result (1 if the notebook can't be read)."""
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print("usage: python -m autograder.student_check NOTEBOOK", file=sys.stderr)
        return 2
    path = Path(args[0])
    try:
        json.loads(path.read_text(encoding="utf-8"))
        results = check_notebook(path)
    except (OSError, json.JSONDecodeError) as exc:
        print(f"error: cannot read {path}: {exc}", file=sys.stderr)
        return 1
    passed = sum(ok for _, ok, _ in results)
    print(f"Visible checks of {path}: {passed} of {len(results)} functions pass\n")
    for name, ok, message in results:
        print(f"  {'✔' if ok else '✘'} {name:<28} {message}")
    print("\nThe hidden tests check many more cases: passing here is necessary, not sufficient.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
