"""End to end through the Python API and the command line, for every assignment."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from autograder.cli import main
from autograder.config import GradeOptions
from autograder.grading import grade_submission
from autograder.paths import release_notebook, source_notebook
from autograder.pytest_plugin.session import points
from autograder.sandbox.policy import SandboxUnavailable
from autograder.suites.assignment import available, load_assignment
from tests.conftest import notebook_with

BUILT = available()


@pytest.mark.parametrize("assignment", BUILT)
def test_source_notebook_scores_every_autograded_point(assignment: str) -> None:
    report = grade_submission(assignment, source_notebook(assignment))
    assert report.score == report.max_score == sum(points(assignment).values()), report.first_failures()


@pytest.mark.parametrize("assignment", BUILT)
def test_untouched_release_scores_zero(assignment: str) -> None:
    report = grade_submission(assignment, release_notebook(assignment))
    assert report.score == 0
    graceless = ("could not use", "ended the process", "did not return", "could not be loaded")
    assert not [t.output for t in report.tests if any(g in t.output for g in graceless)], report.first_failures()
    assert not [n for n in report.notes if "locked cell" in n], report.notes


def test_not_json_is_graded_and_explained(tmp_path: Path) -> None:
    path = tmp_path / "m1_1_math.ipynb"
    path.write_text("{ not json", encoding="utf-8")
    report = grade_submission("m1_1_math", path)
    assert report.score == 0 and report.max_score == 90
    assert "not a readable notebook" in report.notes[0]


def test_deleted_cell_costs_only_that_function(write_notebook) -> None:
    notebook = notebook_with("m1_1_math", {})
    notebook["cells"] = [
        c for c in notebook["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != "matmul"
    ]
    report = grade_submission("m1_1_math", write_notebook("m1_1_math", notebook))
    scores = report.functions()
    assert scores["matmul"][0] == 0 and "not found" in report.first_failures()["matmul"]
    assert all(s == m for f, (s, m) in scores.items() if f != "matmul")


def test_renamed_function_is_explained(write_notebook) -> None:
    code = "def dot_product(u, v):\n    return float(np.sum(np.asarray(u) * np.asarray(v)))\n"
    report = grade_submission("m1_1_math", write_notebook("m1_1_math", notebook_with("m1_1_math", {"dot": code})))
    assert report.functions()["dot"][0] == 0
    assert "defines dot_product instead" in report.first_failures()["dot"]
    assert report.score == report.max_score - 6


def test_syntax_error_is_explained_and_contained(write_notebook) -> None:
    report = grade_submission(
        "m1_1_math",
        write_notebook("m1_1_math", notebook_with("m1_1_math", {"entropy": "def entropy(p:\n    return 0\n"})),
    )
    assert report.functions()["entropy"][0] == 0
    assert "SyntaxError" in report.first_failures()["entropy"]
    assert report.score == report.max_score - 6


def test_metadata_lost_cell_is_found_by_definition(write_notebook) -> None:
    notebook = notebook_with("m1_1_math", {})
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") in ("dot", "test_dot"):
            cell["metadata"] = {}
    report = grade_submission("m1_1_math", write_notebook("m1_1_math", notebook))
    assert report.score == report.max_score
    assert any("lost its nbgrader metadata" in n for n in report.notes)


def test_edited_test_cell_changes_nothing_and_is_reported(write_notebook) -> None:
    notebook = json.loads(release_notebook("m1_1_math").read_text(encoding="utf-8"))
    solved = notebook_with("m1_1_math", {})
    answers = {
        c["metadata"]["nbgrader"]["grade_id"]: c["source"]
        for c in solved["cells"]
        if c.get("metadata", {}).get("nbgrader", {}).get("solution")
    }
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id") in answers and cell["cell_type"] == "code":
            cell["source"] = answers[meta["grade_id"]]
        if meta.get("grade_id") == "test_dot":
            cell["source"] = "pass  # all good!"
            meta["points"] = 1000
    report = grade_submission("m1_1_math", write_notebook("m1_1_math", notebook))
    assert report.score == report.max_score == 90
    assert any("'test_dot' was edited" in n for n in report.notes)


def test_same_submission_same_score() -> None:
    path = Path("samples/submitted/bob_partial/m1_1_math")
    first = grade_submission("m1_1_math", path).to_gradescope()
    second = grade_submission("m1_1_math", path).to_gradescope()
    assert [t["score"] for t in first["tests"]] == [t["score"] for t in second["tests"]]
    assert [t["output"] for t in first["tests"]] == [t["output"] for t in second["tests"]]


def test_cli_writes_all_outputs(tmp_path: Path, capsys) -> None:
    code = main(
        [
            "grade",
            "m1_1_math",
            "samples/submitted/bob_partial/m1_1_math",
            "--json",
            str(tmp_path / "r.json"),
            "--markdown",
            str(tmp_path / "s.md"),
            "--junit",
            str(tmp_path / "j.xml"),
        ]
    )
    assert code == 0
    data = json.loads((tmp_path / "r.json").read_text())
    assert set(data) >= {"score", "execution_time", "output", "tests"}
    for test in data["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility", "tags"}
        assert test["status"] in ("passed", "failed") and test["visibility"] == "visible"
        assert test["tags"][0] in load_assignment("m1_1_math").functions
    assert data["score"] == round(sum(t["score"] for t in data["tests"]), 6)
    assert "| function | score |" in (tmp_path / "s.md").read_text()
    assert "<testsuite" in (tmp_path / "j.xml").read_text()
    assert "autograded" in capsys.readouterr().out


def test_cli_exit_codes(tmp_path: Path) -> None:
    partial = "samples/submitted/bob_partial/m1_1_math"
    assert main(["grade", "m1_1_math", partial, "--fail-under", "90"]) == 1
    assert main(["grade", "m1_1_math", partial, "--fail-under", "10"]) == 0
    assert main(["grade", "m9_unknown", partial]) == 2
    assert main(["grade", "m1_1_math", str(tmp_path / "missing.ipynb")]) == 2
    assert main(["grade"]) == 2


def test_grade_all_is_resumable(tmp_path: Path) -> None:
    from autograder.batch import grade_all

    out = tmp_path / "out"
    results = grade_all(
        "m1_1_math",
        Path("samples/submitted"),
        out,
        jobs=2,
        csv_path=tmp_path / "g.csv",
        options=GradeOptions(),
        progress=False,
    )
    assert results["alice_complete"]["score"] == 90 and results["dan_not_a_notebook"]["score"] == 0
    stamp = (out / "alice_complete.json").stat().st_mtime_ns
    (out / "bob_partial.json").unlink()  # as if the batch had been interrupted before bob
    again = grade_all("m1_1_math", Path("samples/submitted"), out, jobs=2, progress=False)
    assert (out / "alice_complete.json").stat().st_mtime_ns == stamp
    assert again["bob_partial"]["score"] == results["bob_partial"]["score"]
    rows = (tmp_path / "g.csv").read_text().splitlines()
    assert rows[0].startswith("student_id,assignment,score") and len(rows) == 5


def test_missing_sandbox_layers_are_reported_or_refused(capsys) -> None:
    partial = "samples/submitted/bob_partial/m1_1_math"
    assert main(["grade", "m1_1_math", partial, "--isolation", "process", "--require-sandbox"]) == 2
    assert "sandbox is required" in capsys.readouterr().err
    # Fails closed: the process layer alone needs the instructor's explicit opt-in.
    assert main(["grade", "m1_1_math", partial, "--isolation", "process"]) == 2
    assert "--allow-process-fallback" in capsys.readouterr().err
    assert main(["grade", "m1_1_math", partial, "--isolation", "process", "--allow-process-fallback"]) == 0
    out = capsys.readouterr().out
    assert "Sandbox: running without" in out and "filesystem isolation" in out and "no bubblewrap" in out
    with pytest.raises(SandboxUnavailable):
        grade_submission("m1_1_math", Path(partial), GradeOptions(isolation="process", allow_process_fallback=False))
    report = grade_submission(
        "m1_1_math", Path(partial), GradeOptions(isolation="process", allow_process_fallback=True)
    )
    assert "Sandbox layers missing" in report.to_gradescope()["output"]


def test_grade_all_workers_share_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each worker's oracle threads (PyTorch) get its share of the cores, not one thread per core each."""
    import torch

    from autograder.batch import _share_cores

    before = torch.get_num_threads()
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    try:
        _share_cores(1)
        assert os.environ["OMP_NUM_THREADS"] == "1" and torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)


BEFORE_PORT = json.loads((Path(__file__).parent / "variants" / "before_port.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("notebook", sorted(BEFORE_PORT["samples"]))
def test_samples_keep_their_verdicts_after_the_port(notebook: str) -> None:
    """Each sample submission: the functions with full marks, with none and with some are those the registry
    grader found before the suites became pytest modules, with the same points per function."""
    before = BEFORE_PORT["samples"][notebook]
    assignment = Path(notebook).parent.name
    now = grade_submission(assignment, Path(notebook)).functions()

    def verdict(score: float, max_score: float) -> str:
        return "full" if score >= max_score else "none" if score == 0 else "some"

    assert {f: (verdict(*now[f]), now[f][1]) for f in now} == {f: (verdict(*v), v[1]) for f, v in before.items()}
