"""No submission can stall, skew or read a class's grading (issue 14): time, CPU, memory, report size and
hidden data, each judged by its effect on points, on other students and on the grader."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from autograder.grading import grade_submission
from autograder.paths import ROOT
from autograder.pytest_plugin.session import points
from autograder.sandbox.client import Sandbox
from autograder.sandbox.limits import Limits
from autograder.suites.assignment import load_assignment
from tests.conftest import notebook_with

pytestmark = pytest.mark.slow
A = "m1_1_math"
SUITE = load_assignment(A)

# Correct, and slow: about 0.2 s of CPU time per call (well under the tests' 5 s each).
SLOW_DOT = (
    "def dot(u, v):\n"
    "    u, v = np.asarray(u, dtype=float), np.asarray(v, dtype=float)\n"
    "    if u.ndim != 1 or v.ndim != 1 or u.shape != v.shape:\n"
    "        raise ValueError(f'expected two 1-D vectors of one length, got {u.shape} and {v.shape}')\n"
    "    spin = 0\n"
    "    for i in range(1_500_000):\n"
    "        spin += i\n"
    "    return float(np.sum(u * v))\n"
)
# 50 processes that spin until they are killed, each in its own session, as a hostile classmate's would.
HOG = (
    "import os\n"
    "def hog():\n"
    "    for _ in range(50):\n"
    "        if os.fork() == 0:\n"
    "            os.setsid()\n"
    "            while True:\n"
    "                pass\n"
    "    return 1.0\n"
)


class Hog:
    """A classmate's submission that keeps 50 processes spinning while it is open."""

    def __enter__(self) -> Hog:
        self.box = Sandbox([("hog", HOG)], Limits(memory_bytes=1024**3))
        self.box.start()
        assert self.box.session("hog", cpu_seconds=600).call([], {}, timeout=30).ok
        return self

    def __exit__(self, *exc: object) -> None:
        self.box.close()


def dot_score(path: Path) -> tuple[float, list[str]]:
    report = grade_submission(A, path)
    tests = [t for t in report.tests if t.function == "dot"]
    return sum(t.score for t in tests), [t.output for t in tests if t.output]


def test_a_slow_correct_function_scores_the_same_beside_a_cpu_hog(write_notebook) -> None:
    path = write_notebook(A, notebook_with(A, {"dot": SLOW_DOT}))
    alone = dot_score(path)
    with Hog():
        beside = dot_score(path)
    assert alone == beside == (6.0, [])


def test_the_same_submission_gets_the_same_score_five_times_idle_and_beside_a_hog() -> None:
    path = ROOT / "samples" / "submitted" / "bob_partial" / A
    scores = []
    for run in range(5):
        if run % 2:
            with Hog():
                scores.append(grade_submission(A, path).to_gradescope()["tests"])
        else:
            scores.append(grade_submission(A, path).to_gradescope()["tests"])
    assert all([t["score"] for t in s] == [t["score"] for t in scores[0]] for s in scores)


def test_feedback_never_holds_hidden_inputs_even_when_student_code_echoes_them(write_notebook) -> None:
    echo = "def {name}(*args, **kwargs):\n    raise ValueError(f'args={{args!r}} kwargs={{kwargs!r}}')\n"
    notebook = notebook_with(
        A, {"numerical_gradient": echo.format(name="numerical_gradient"), "pca": echo.format(name="pca")}
    )
    report = grade_submission(A, write_notebook(A, notebook))
    shown = " ".join(t.output for t in report.tests if t.function in ("numerical_gradient", "pca"))
    assert "raised ValueError" in shown
    assert not re.search(r"\d\.\d{2,}", shown), shown  # no hidden input value, in any digits
    assert "np.sum" not in shown and "**" not in shown  # nor the hidden test callables' code


def test_a_huge_reply_or_message_costs_the_grader_little(tmp_path: Path, write_notebook) -> None:
    path = write_notebook(
        A,
        notebook_with(
            A,
            {
                "dot": "def dot(u, v):\n    return [[] for _ in range(4_000_000)]\n",
                "matmul": "def matmul(A, B):\n    raise RuntimeError('x' * 5_000_000)\n",
            },
        ),
    )
    out = tmp_path / "results.json"

    def peak_mb(notebook: Path) -> int:
        """The grader's own peak memory (MB) while grading ``notebook`` in a fresh process."""
        probe = (
            "import resource, sys\n"
            "from autograder.cli import main\n"
            f"code = main(['grade', {A!r}, {str(notebook)!r}, '--json', {str(out)!r}])\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
        )
        done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return int(done.stdout.strip().splitlines()[-1])

    honest = peak_mb(ROOT / "source" / A / f"{A}.ipynb")
    hostile = peak_mb(path)
    results = json.loads(out.read_text(encoding="utf-8"))
    assert hostile < honest + 100, (honest, hostile)  # the grader's own process, whatever the replies held
    assert out.stat().st_size < 200_000
    scores = {t["tags"][0]: 0.0 for t in results["tests"]}
    for t in results["tests"]:
        scores[t["tags"][0]] += t["score"]
    assert scores["dot"] == scores["matmul"] == 0
    assert sum(scores.values()) == sum(points(A).values()) - 6 - 7


def test_grading_finishes_when_a_function_never_returns(write_notebook) -> None:
    """A function that spins in every call costs its own points, and the submission finishes in bounded time
    (sleeping and trickled replies: tests/test_sandbox.py)."""
    code = "def dot(u, v):\n    while True:\n        pass\n"
    notebook = notebook_with(A, {"dot": code})
    results: list[float] = []
    worker = threading.Thread(target=lambda: results.append(dot_score(write_notebook(A, notebook))[0]))
    worker.start()
    worker.join(timeout=300)
    assert not worker.is_alive() and results == [0.0]


def test_the_checks_of_a_call_cannot_be_switched_off_from_student_code(write_notebook) -> None:
    """The seen attack: reach the worker's globals through an exception's frames and replace its comparison,
    so that writing into a read-only x goes unseen. It gains nothing: the route itself breaks a rule."""
    in_place = (
        "def numerical_gradient(f, x, h=1e-5):\n"
        "    g = np.zeros(np.shape(x))\n"
        "    for i in np.ndindex(np.shape(x)):\n"
        "        old = x[i]\n        x[i] = old + h\n        up = f(x)\n        x[i] = old - h\n"
        "        down = f(x)\n        x[i] = old\n        g[i] = (up - down) / (2 * h)\n"
        "    return g\n"
    )
    hack = (
        "def _switch_off():\n"
        "    try:\n        raise ValueError()\n"
        "    except ValueError as e:\n"
        "        frame = e.__traceback__.tb_frame\n"
        "    while frame is not None:\n"
        "        frame.f_globals['_same'] = lambda a, b: True\n"
        "        frame = frame.f_back\n" + in_place.replace("    g = np.zeros", "    _switch_off()\n    g = np.zeros")
    )
    plain = grade_submission(A, write_notebook(A, notebook_with(A, {"numerical_gradient": in_place})))
    hacked = grade_submission(A, write_notebook(A, notebook_with(A, {"numerical_gradient": hack}), name="hacked"))
    earned = plain.functions()["numerical_gradient"][0]
    assert earned < points(A)["numerical_gradient"]  # the honest in-place mistake loses points
    assert hacked.functions()["numerical_gradient"][0] == 0 <= earned
    assert "uses .__traceback__" in hacked.first_failures()["numerical_gradient"]


def test_a_submission_has_a_deadline_of_its_own() -> None:
    """Past the submission's grading time, the functions not reached score 0 with the reason; the rest stand."""
    from autograder.config import GradeOptions

    report = grade_submission(A, ROOT / "source" / A / f"{A}.ipynb", GradeOptions(submission_seconds=0.0))
    assert report.score == 0
    assert all(t.output.startswith("not run: the submission used all its 0 s of grading time") for t in report.tests)
