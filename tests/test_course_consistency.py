"""The course's generated parts agree with its sources, and points add up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.course.samples import sample_notebooks
from autograder.course.solutions import render_solutions
from autograder.notebook.reader import nbgrader_meta
from autograder.paths import ASSIGNMENTS_DIR, ROOT, SOLUTIONS, release_notebook, source_notebook
from autograder.pytest_plugin.session import points
from autograder.suites.assignment import available, load_assignment

BUILT = available()


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_all_four_assignments_have_suites() -> None:
    assert "m1_1_math" in BUILT


@pytest.mark.parametrize("assignment", BUILT)
def test_points_match_the_notebook(assignment: str) -> None:
    suite = load_assignment(assignment)
    cells = _cells(source_notebook(assignment))
    tests = {
        nbgrader_meta(c)["grade_id"]: nbgrader_meta(c)["points"]
        for c in cells
        if nbgrader_meta(c).get("grade") and not nbgrader_meta(c).get("solution")
    }
    for function in suite.functions:
        assert tests.get(f"test_{function}") == points(assignment)[function], function
    written = {
        nbgrader_meta(c)["grade_id"]: nbgrader_meta(c)["points"]
        for c in cells
        if c["cell_type"] == "markdown" and nbgrader_meta(c).get("grade") and nbgrader_meta(c).get("solution")
    }
    assert written == suite.manual
    assert sum(tests.values()) + sum(written.values()) == 100
    assert (sum(points(assignment).values()) + sum(suite.manual.values())) == 100


@pytest.mark.parametrize("assignment", BUILT)
def test_each_answer_cell_is_followed_by_its_test_cell(assignment: str) -> None:
    suite = load_assignment(assignment)
    cells = _cells(source_notebook(assignment))
    ids = [nbgrader_meta(c).get("grade_id") for c in cells]
    for function in suite.functions:
        assert function in ids, f"no answer cell {function}"
        after = next(i for i in ids[ids.index(function) + 1 :] if i)
        assert after == f"test_{function}", f"{function} is followed by {after}"


@pytest.mark.parametrize("assignment", BUILT)
def test_solutions_are_generated_from_source(assignment: str) -> None:
    expected = render_solutions(assignment, source_notebook(assignment))
    assert (SOLUTIONS / f"{assignment}.py").read_text(encoding="utf-8") == expected, "run `make release`"


@pytest.mark.parametrize("assignment", BUILT)
def test_release_has_no_solutions_hidden_tests_or_outputs(assignment: str) -> None:
    text = release_notebook(assignment).read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    for cell in _cells(release_notebook(assignment)):
        assert not cell.get("outputs"), "outputs saved in the release"
    solution_lines = [line.strip() for line in _solution_regions(assignment) if len(line.strip()) > 25]
    leaked = [line for line in solution_lines if line in text]
    assert len(leaked) <= len(solution_lines) // 10, leaked[:5]


def _solution_regions(assignment: str) -> list[str]:
    """The lines between BEGIN and END SOLUTION markers in the source notebook."""
    lines, inside = [], False
    for cell in _cells(source_notebook(assignment)):
        for line in "".join(cell["source"]).splitlines():
            if "### BEGIN SOLUTION" in line:
                inside = True
            elif "### END SOLUTION" in line:
                inside = False
            elif inside:
                lines.append(line)
    return lines


@pytest.mark.parametrize("assignment", BUILT)
def test_release_matches_source_cells(assignment: str) -> None:
    """Every source cell is in the release with the same grade_id and, for locked cells, the same code."""
    source = _cells(source_notebook(assignment))
    release = _cells(release_notebook(assignment))
    assert len(source) == len(release), "run `make release`"
    for s, r in zip(source, release):
        assert nbgrader_meta(s).get("grade_id") == nbgrader_meta(r).get("grade_id")
        if nbgrader_meta(s).get("locked") and not nbgrader_meta(s).get("solution"):
            assert _without_hidden("".join(s["source"])) == "".join(r["source"]).strip(), "run `make release`"


def _without_hidden(source: str) -> str:
    """The cell as nbgrader releases it: hidden test regions removed."""
    kept, hidden = [], False
    for line in source.split("\n"):
        if "### BEGIN HIDDEN TESTS" in line:
            hidden = True
        elif "### END HIDDEN TESTS" in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept).strip()


@pytest.mark.parametrize("assignment", BUILT)
def test_checks_helper_copies_are_identical(assignment: str) -> None:
    """One source each: source/course_checks.py and the grader's rules; source/<id>/ links to them."""
    for name, canonical in (
        ("course_checks.py", ROOT / "source" / "course_checks.py"),
        ("course_rules.py", ROOT / "autograder" / "static" / "rules.py"),
    ):
        assert (ROOT / "source" / assignment / name).resolve() == canonical.resolve()
        for folder in ("release", "assignments"):
            assert (ROOT / folder / assignment / name).read_bytes() == canonical.read_bytes(), (folder, name)


@pytest.mark.parametrize("assignment", BUILT)
def test_student_copy_is_the_release(assignment: str) -> None:
    assert (ASSIGNMENTS_DIR / assignment / f"{assignment}.ipynb").read_bytes() == release_notebook(
        assignment
    ).read_bytes()


@pytest.mark.parametrize("assignment", BUILT)
def test_samples_are_up_to_date(assignment: str) -> None:
    for student, content in sample_notebooks(assignment).items():
        path = ROOT / "samples" / "submitted" / student / assignment / f"{assignment}.ipynb"
        text = content if isinstance(content, str) else json.dumps(content, indent=1, ensure_ascii=False) + "\n"
        assert path.read_text(encoding="utf-8") == text, "run `make samples`"


@pytest.mark.parametrize("assignment", BUILT)
def test_every_test_cell_has_its_hidden_bridge(assignment: str) -> None:
    """nbgrader autograde scores each test cell with the sandboxed grader (see course_checks.hidden_points)."""
    from autograder.course.bridge import hidden_block

    for cell in _cells(source_notebook(assignment)):
        grade_id = str(nbgrader_meta(cell).get("grade_id", ""))
        if cell["cell_type"] == "code" and grade_id.startswith("test_"):
            assert "".join(cell["source"]).startswith(hidden_block(grade_id.removeprefix("test_"))), grade_id
