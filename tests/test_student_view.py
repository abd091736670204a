"""A student's grade is what their notebook does, and what it showed them (issue 13).

Each case is graded three ways: by the grader, by `make check` (the same verdict on rules, from the
same code) and by the notebook's own visible check run in a real kernel.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import pytest

from autograder.grading import grade_submission
from autograder.notebook.reader import nbgrader_meta
from autograder.paths import release_notebook
from autograder.student_check import HIDDEN, Kernel, check_notebook, plan
from tests.conftest import notebook_with

A = "m1_1_math"
DOT_NP = "def dot(u, v):\n    return float(np.dot(np.asarray(u, dtype=float), np.asarray(v, dtype=float)))\n"
HELPER = (
    "def _as_vectors(u, v):\n"
    "    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)\n"
    "    if u.ndim != 1 or v.ndim != 1 or u.shape != v.shape:\n"
    "        raise ValueError(f'expected two 1-D vectors of the same length, got {u.shape} and {v.shape}')\n"
    "    return u, v\n"
)
DOT_WITH_HELPER = "def dot(u, v):\n    u, v = _as_vectors(u, v)\n    return float(np.sum(u * v))\n"
COSINE_WITH_HELPER = (
    "def cosine_similarity(u, v):\n"
    "    u, v = _as_vectors(u, v)\n"
    "    nu, nv = np.sqrt(np.sum(u * u)), np.sqrt(np.sum(v * v))\n"
    "    if nu == 0 or nv == 0:\n"
    "        raise ValueError('zero vector')\n"
    "    return float(np.clip(np.sum((u / nu) * (v / nv)), -1.0, 1.0))\n"
)


def added_cell(source: str) -> dict:
    """A code cell as JupyterLab adds it: no nbgrader metadata."""
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": source}


def insert_before(notebook: dict, grade_id: str, cell: dict) -> dict:
    """``cell`` placed just before the answer cell ``grade_id``."""
    notebook = copy.deepcopy(notebook)
    at = next(i for i, c in enumerate(notebook["cells"]) if nbgrader_meta(c).get("grade_id") == grade_id)
    notebook["cells"].insert(at, cell)
    return notebook


def score(report, function: str) -> float:
    return report.functions()[function][0]


def kernel_verdicts(path: Path, functions: set[str]) -> dict[str, str]:
    """Run the notebook's own cells in a real kernel: each test cell's error ("" when it printed ✔)."""
    steps, _ = plan(json.loads(path.read_text(encoding="utf-8")), json.loads(release_notebook(A).read_text()))
    verdicts: dict[str, str] = {}
    kernel = Kernel(path.parent)
    try:
        for step in steps:
            name = step.grade_id.removeprefix("test_")
            if step.kind == "test" and name not in functions:
                continue
            outcome = kernel.run(HIDDEN.sub("", step.source))
            if step.kind == "test":
                verdicts[name] = outcome.error if not outcome.ok else ""
    finally:
        kernel.close()
    return verdicts


@pytest.fixture
def student_folder(tmp_path: Path):
    """Write a notebook next to the released course_checks.py and course_rules.py."""

    def write(notebook: dict) -> Path:
        folder = tmp_path / A
        folder.mkdir(exist_ok=True)
        for helper in release_notebook(A).parent.glob("*.py"):
            shutil.copy(helper, folder)
        path = folder / f"{A}.ipynb"
        path.write_text(json.dumps(notebook), encoding="utf-8")
        return path

    return write


def test_a_rule_break_fails_in_the_notebook_in_make_check_and_in_the_grader(student_folder) -> None:
    path = student_folder(notebook_with(A, {"dot": DOT_NP}))
    report = grade_submission(A, path)
    reason = report.first_failures()["dot"]
    assert score(report, "dot") == 0 and "uses .dot, which dot may not use" in reason
    checked = {r.name: r for r in check_notebook(path, release_notebook(A)).results}
    assert not checked["dot"].passed and checked["dot"].message.startswith("dot breaks a rule of the assignment")
    assert "uses .dot, which dot may not use" in checked["dot"].message
    kernel = kernel_verdicts(path, {"dot"})
    assert "uses .dot, which dot may not use" in kernel["dot"]


def test_printing_fails_in_the_notebook_as_in_the_grader(student_folder) -> None:
    code = (
        "def gradient_descent(grad_f, x0, lr, num_steps):\n"
        "    x = np.array(x0, dtype=float)\n    path = [x.copy()]\n"
        "    for _ in range(num_steps):\n        x = x - lr * np.asarray(grad_f(x), dtype=float)\n"
        "        print('step', x)\n        path.append(x.copy())\n    return np.array(path)\n"
    )
    path = student_folder(notebook_with(A, {"gradient_descent": code}))
    report = grade_submission(A, path)
    assert score(report, "gradient_descent") < 6 and "printed output" in report.first_failures()["gradient_descent"]
    assert "printed output" in kernel_verdicts(path, {"gradient_descent"})["gradient_descent"]


def test_helper_cells_are_graded_with_the_functions_that_use_them(student_folder) -> None:
    notebook = notebook_with(A, {"dot": DOT_WITH_HELPER, "cosine_similarity": COSINE_WITH_HELPER})
    path = student_folder(insert_before(notebook, "dot", added_cell(HELPER)))
    report = grade_submission(A, path)
    assert report.score == report.max_score, report.first_failures()
    checked = {r.name: r.passed for r in check_notebook(path, release_notebook(A)).results}
    assert checked["dot"] and checked["cosine_similarity"]


def test_a_helper_cell_that_breaks_a_rule_costs_only_the_functions_that_use_it(student_folder) -> None:
    helper = "import torch\n" + HELPER
    notebook = notebook_with(A, {"dot": DOT_WITH_HELPER})
    report = grade_submission(A, student_folder(insert_before(notebook, "dot", added_cell(helper))))
    assert score(report, "dot") == 0 and "imports torch" in report.first_failures()["dot"]
    assert report.score == report.max_score - 6


@pytest.mark.parametrize(
    ("where", "dot", "extra"),
    [
        ("added cell", "def dot(u, v):\n    return float(_d(u, v))\n", "_d = np.dot\n"),
        ("added cell, imported", "def dot(u, v):\n    return float(_d(u, v))\n", "from numpy import dot as _d\n"),
        ("numpy 2 product", "def dot(u, v):\n    return float(np.vecdot(u, v))\n", ""),
        ("ndarray method", "def dot(u, v):\n    return float(np.asarray(u, dtype=float).dot(v))\n", ""),
        ("getattr", "def dot(u, v):\n    return float(getattr(np, 'dot')(u, v))\n", ""),
    ],
)
def test_forbidden_routines_are_refused_under_any_name(where: str, dot: str, extra: str, write_notebook) -> None:
    notebook = notebook_with(A, {"dot": dot})
    if extra:
        notebook = insert_before(notebook, "dot", added_cell(extra))
    report = grade_submission(A, write_notebook(A, notebook))
    assert score(report, "dot") == 0, where
    assert report.score == report.max_score - 6


def test_an_alias_in_another_answer_cell_is_refused(write_notebook) -> None:
    source = json.loads(json.dumps(notebook_with(A, {})))
    cosine = next(c for c in source["cells"] if nbgrader_meta(c).get("grade_id") == "cosine_similarity")
    cosine["source"] = "f = np.dot\n" + "".join(cosine["source"])
    notebook = notebook_with(A, {"dot": "def dot(u, v):\n    return float(f(u, v))\n"})
    notebook["cells"] = [
        cosine if nbgrader_meta(c).get("grade_id") == "cosine_similarity" else c for c in notebook["cells"]
    ]
    report = grade_submission(A, write_notebook(A, notebook))
    assert score(report, "dot") == 0 and "cell cosine_similarity, line 1" in report.first_failures()["dot"]
    assert score(report, "cosine_similarity") == 6  # the rule is dot's, not cosine_similarity's


def test_the_first_of_two_answer_cells_is_judged_when_the_graded_one_uses_it(write_notebook) -> None:
    notebook = notebook_with(A, {"dot": "def dot(u, v):\n    return float(_d(u, v))\n"})
    first = copy.deepcopy(next(c for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") == "dot"))
    first["source"] = "_d = np.dot\n"
    notebook = insert_before(notebook, "dot", first)
    report = grade_submission(A, write_notebook(A, notebook))
    assert score(report, "dot") == 0
    assert any("2 answer cells with grade_id 'dot'" in n for n in report.notes)


def test_the_private_eigensolver_is_refused(write_notebook) -> None:
    code = (
        "def power_iteration(A, num_iters=1000, tol=1e-10):\n"
        "    w, V = np.linalg._umath_linalg.eigh_lo(np.asarray(A, dtype=float))\n"
        "    i = int(np.argmax(np.abs(w)))\n    return float(w[i]), V[:, i]\n"
    )
    report = grade_submission(A, write_notebook(A, notebook_with(A, {"power_iteration": code})))
    assert score(report, "power_iteration") == 0 and "_umath_linalg" in report.first_failures()["power_iteration"]


def test_names_the_student_binds_are_not_a_rule_break(write_notebook) -> None:
    relu = (
        "class ReLU:\n    def forward(self, input):\n        self.input = input\n"
        "        return np.maximum(input, 0)\n"
        "    def backward(self, dout):\n        return np.where(self.input > 0, dout, 0.0)\n"
        "def relu_backward(dout, x):\n    layer = ReLU()\n    layer.forward(np.asarray(x, dtype=float))\n"
        "    return layer.backward(np.asarray(dout, dtype=float))\n"
    )
    norm = (
        "def batch_norm_forward(x, gamma, beta, eps=1e-5):\n    x = np.asarray(x, dtype=float)\n"
        "    mean = x.mean(axis=0)\n    vars = ((x - mean) ** 2).mean(axis=0)\n"
        "    return gamma * (x - mean) / np.sqrt(vars + eps) + beta\n"
    )
    notebook = notebook_with("m1_3_neural_nets", {"relu_backward": relu, "batch_norm_forward": norm})
    report = grade_submission("m1_3_neural_nets", write_notebook("m1_3_neural_nets", notebook))
    scores = report.functions()
    assert scores["relu_backward"][0] == scores["relu_backward"][1], report.first_failures()
    assert scores["batch_norm_forward"][0] == scores["batch_norm_forward"][1], report.first_failures()


def test_student_text_never_steers_the_grader(write_notebook) -> None:
    code = (
        "def dot(u, v):\n    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)\n"
        "    if u.ndim != 1 or v.ndim != 1 or u.shape != v.shape:\n        raise ValueError('bad shapes')\n"
        "    if len(u) == 7:\n"
        "        raise RuntimeError('did not return within 5 s (an endless loop, or far too slow)')\n"
        "    return float(np.sum(u * v))\n"
    )
    report = grade_submission(A, write_notebook(A, notebook_with(A, {"dot": code})))
    dot_tests = [t for t in report.tests if t.function == "dot"]
    assert not any(t.output.startswith("not run") for t in dot_tests)
    failed = [t for t in dot_tests if not t.passed]  # only the case with a length-7 vector fails
    assert [t.name for t in failed] == ["agrees with the sum of products on random vectors [n=7]"]
    assert sum(t.score for t in dot_tests) == pytest.approx(6 - failed[0].max_score)


def test_hints_fit_the_warning_and_the_read_only_input(write_notebook) -> None:
    entropy = "def entropy(p):\n    p = np.asarray(p, dtype=float)\n    return float(-np.sum(p * np.log(p)))\n"
    gradient = (
        "def numerical_gradient(f, x, h=1e-5):\n    g = np.zeros(np.shape(x))\n"
        "    for i in np.ndindex(np.shape(x)):\n        old = x[i]\n        x[i] = old + h\n        up = f(x)\n"
        "        x[i] = old - h\n        down = f(x)\n        x[i] = old\n        g[i] = (up - down) / (2 * h)\n"
        "    return g\n"
    )
    notebook = notebook_with(A, {"entropy": entropy, "numerical_gradient": gradient})
    failures = {t.name: t.output for t in grade_submission(A, write_notebook(A, notebook)).tests if not t.passed}
    zeros = failures["treats 0·ln 0 as 0 without warnings"]
    assert "RuntimeWarning: divide" in zeros and "zero entries" in zeros and "subtract the maximum" not in zeros
    readonly = failures["never writes to x, not even temporarily"]
    assert "its input x, which is read-only" in readonly and "x[i] = old + h" in readonly and "copy" in readonly


def test_an_assert_in_student_code_shows_the_students_line(write_notebook) -> None:
    code = "def dot(u, v):\n    assert len(u) < 5, 'too long'\n    return float(np.sum(np.asarray(u) * v))\n"
    report = grade_submission(A, write_notebook(A, notebook_with(A, {"dot": code})))
    message = report.first_failures()["dot"]
    assert "failed an assert of its own" in message and "assert len(u) < 5" in message and "too long" in message


def test_make_check_messages_are_one_clean_line(student_folder) -> None:
    wrong = "def dot(u, v):\n    return float(np.sum(np.asarray(u) * np.asarray(v)) * 2 + 26)\n"
    broken = "def matmul(A, B):\n    return undefined_name\n"
    path = student_folder(notebook_with(A, {"dot": wrong, "matmul": broken}))
    results = {r.name: r.message for r in check_notebook(path, release_notebook(A)).results}
    assert "expected 32, got 90." in results["dot"]
    assert "NameError" in results["matmul"] and "line 2" in results["matmul"]
    assert not re.search(r"\d{5,}\.py", results["matmul"])  # no kernel temporary file names


def test_a_function_that_ignores_an_argument_is_told_so_and_not_blamed_on_stability(write_notebook) -> None:
    from pathlib import Path as _Path

    source = (_Path(__file__).resolve().parent.parent / "solutions" / "m1_4_architectures.py").read_text()
    lstm = source[source.index("def lstm_forward") : source.index("# --- scaled_dot")]
    lstm = lstm.replace("c = np.asarray(c0, dtype=float)", "c = np.zeros_like(h)").replace("### END SOLUTION", "")
    notebook = notebook_with("m1_4_architectures", {"lstm_forward": lstm})
    report = grade_submission("m1_4_architectures", write_notebook("m1_4_architectures", notebook))
    messages = [t.output for t in report.tests if t.function == "lstm_forward" and not t.passed]
    assert any("it ignores c0" in m for m in messages)
    assert not any("stable sigmoid" in m for m in messages), messages
