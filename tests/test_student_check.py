"""`make check`: the visible checks of a student's notebook, function by function, in a few seconds."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import time
from pathlib import Path

from autograder.notebook.reader import nbgrader_meta
from autograder.paths import ROOT, release_notebook
from autograder.student_check import HIDDEN, check_notebook, main, plan, render
from tests.conftest import notebook_with

A = "m1_1_math"
FUNCTIONS = [
    "dot",
    "matmul",
    "cosine_similarity",
    "power_iteration",
    "pca",
    "numerical_gradient",
    "gradient_descent",
    "sigmoid_neuron_grad",
    "sigmoid_chain_grad",
    "bayes_posterior",
    "entropy",
    "cross_entropy",
    "kl_divergence",
]
STUB = "def {name}(*args, **kwargs):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n"


def released() -> dict:
    return json.loads(release_notebook(A).read_text(encoding="utf-8"))


def cell(notebook: dict, grade_id: str) -> dict:
    return next(c for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") == grade_id)


def answer(grade_id: str) -> str:
    """The reference answer cell of the source notebook."""
    return "".join(cell(notebook_with(A, {}), grade_id)["source"])


def test_the_released_notebook_lists_every_function_as_not_implemented(capsys) -> None:
    started = time.monotonic()
    assert main([str(release_notebook(A))]) == 0
    out = capsys.readouterr().out
    assert time.monotonic() - started < 30
    assert f"0 of {len(FUNCTIONS)} functions pass" in out
    for name in FUNCTIONS:
        assert f"✘ {name} " in out
    assert out.count("not implemented yet") == len(FUNCTIONS)
    assert "Notes:" not in out  # the release is its own reference: nothing to say


def test_each_function_is_judged_on_its_own(write_notebook) -> None:
    """Finished, unfinished, wrong, broken, noisy, slow and fatal answers side by side: every one is reported."""
    notebook = notebook_with(
        A,
        {
            "matmul": STUB.format(name="matmul"),
            "cosine_similarity": "def cosine_similarity(u, v):\n    return 0.0\n",
            "power_iteration": "def power_iteration(A, num_iters=1000, tol=1e-10):\n    return (\n",
            "pca": answer("pca")
            .replace("def pca(X, k):\n", "def pca(X, k):\n    print('debugging', file=sys.stderr)\n", 1)
            .replace("def pca", "import sys\n\n\ndef pca", 1),
            "numerical_gradient": "def numerical_gradient(f, x, h=1e-5):\n    while True:\n        pass\n",
            "kl_divergence": "import os\n\ndef kl_divergence(p, q, eps=1e-12):\n    os._exit(3)\n",
        },
    )
    # The student "fixed" a test cell and deleted another answer cell: the released test cells still run.
    cell(notebook, "test_entropy")["source"] = "passed('entropy')"
    notebook["cells"].remove(cell(notebook, "cross_entropy"))
    path = write_notebook(A, notebook)
    shutil.copy(release_notebook(A).parent / "course_checks.py", path.parent)

    report = check_notebook(path, release_notebook(A), timeout=6)
    results = {r.name: r for r in report.results}
    assert list(results) == FUNCTIONS
    passing = {name for name, r in results.items() if r.passed}
    assert passing == {
        "dot",
        "gradient_descent",
        "sigmoid_neuron_grad",
        "sigmoid_chain_grad",
        "bayes_posterior",
        "entropy",
    }
    assert results["matmul"].message == "not implemented yet"
    assert "cosine of parallel vectors" in results["cosine_similarity"].message
    assert results["power_iteration"].message.startswith("its answer cell power_iteration fails to run: SyntaxError")
    # pca imports sys to write to stderr: the grader's rule verdict comes first, as in the grader
    assert results["pca"].message.startswith("pca breaks a rule of the assignment: imports sys")
    assert "longer than 6 s" in results["numerical_gradient"].message
    assert "NameError" in results["cross_entropy"].message
    assert results["kl_divergence"].message.startswith("kl_divergence breaks a rule of the assignment: imports os")
    notes = "\n".join(report.notes)
    assert "test_entropy differs from the released one" in notes
    assert "no answer cell cross_entropy" in notes
    text = render(report)
    assert "6 of 13 functions pass" in text and "✘ numerical_gradient" in text and "\n\n" in text


def test_plan_runs_released_locked_cells_and_never_hidden_tests() -> None:
    source = json.loads((ROOT / "source" / A / f"{A}.ipynb").read_text(encoding="utf-8"))
    assert any(HIDDEN.search("".join(c["source"])) for c in source["cells"]), "the source has hidden tests"
    for reference in (None, released()):
        steps, notes = plan(source, reference)
        assert [s.grade_id for s in steps if s.kind == "test"] == [f"test_{f}" for f in FUNCTIONS]
        assert all("HIDDEN" not in s.source and "hidden_points" not in s.source for s in steps)
        assert not notes
    kinds = {s.kind for s in plan(source)[0]}
    assert kinds == {"setup", "answer", "test"}  # no plot, no markdown


def test_plan_finds_an_answer_cell_that_lost_its_metadata() -> None:
    mine = copy.deepcopy(released())
    answer = cell(mine, "dot")
    del answer["metadata"]["nbgrader"]
    answer["source"] = "def dot(u, v):\n    return 1.0\n"
    steps, notes = plan(mine, released())
    assert any(s.grade_id == "dot" and "return 1.0" in s.source for s in steps)
    assert any("found by its definition" in n for n in notes)


def test_usage_and_unreadable_notebooks(tmp_path: Path, capsys) -> None:
    assert main([]) == 2
    broken = tmp_path / f"{A}.ipynb"
    broken.write_text("{not json", encoding="utf-8")
    assert main([str(broken)]) == 1
    assert main([str(tmp_path / "missing.ipynb")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_a_folder_means_its_notebook(capsys) -> None:
    assert main([str(ROOT / "release" / A)]) == 0
    assert "functions pass" in capsys.readouterr().out


def test_make_check_runs_the_students_notebook() -> None:
    dry = subprocess.run(
        ["make", "-n", "check", "A=m1_2_classical_ml"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert "autograder.student_check assignments/m1_2_classical_ml/m1_2_classical_ml.ipynb" in dry.stdout, dry.stdout


def test_without_course_checks_every_function_says_why(write_notebook) -> None:
    report = check_notebook(write_notebook(A, released()), release=None)
    assert report.results and all("setup cell failed" in r.message for r in report.results)
    assert any("course_checks.py must be next to the notebook" in n for n in report.notes)


def test_a_notebook_without_cells_reports_nothing(write_notebook) -> None:
    report = check_notebook(
        write_notebook(A, {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}), release=None
    )
    assert report.results == [] and "0 of 0 functions pass" in render(report)
