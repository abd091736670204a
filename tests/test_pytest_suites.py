"""The hidden suites are pytest suites: an instructor runs, selects, debugs and reports them with pytest's
own options, and nothing a submission or its surroundings control steers grading or leaks through pytest."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from autograder.config import GradeOptions
from autograder.grading import grade_submission
from autograder.paths import ROOT, release_notebook, source_notebook
from autograder.pytest_plugin.marks import GradedTest
from autograder.pytest_plugin.session import catalog, points
from autograder.pytest_plugin.submission import SubmissionRun
from autograder.suites.assignment import load_assignment
from tests.conftest import notebook_with

A = "m1_1_math"
SUITE = f"autograder/suites/{A}"
pytestmark = pytest.mark.xdist_group("pytest_suites")  # one worker: these runs share the cores


def run_pytest(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m pytest`` from the repository root, as an instructor types it."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


def collected(*args: str) -> list[str]:
    result = run_pytest(SUITE, "--collect-only", "-q", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_the_source_notebook_passes_every_hidden_test() -> None:
    result = run_pytest(SUITE, "--submission", str(source_notebook(A)), "-q", "-p", "no:cacheprovider")
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"{len(catalog(A))} passed" in result.stdout
    assert f"autograded {sum(points(A).values()):g} / {sum(points(A).values()):g}" in " ".join(result.stdout.split())


def test_the_released_stub_fails_every_hidden_test() -> None:
    result = run_pytest(SUITE, "--submission", str(release_notebook(A)), "-q", "-p", "no:cacheprovider")
    assert result.returncode == 1
    assert f"{len(catalog(A))} failed" in result.stdout and " passed" not in result.stdout


def test_k_selects_one_functions_tests_and_collection_needs_no_submission() -> None:
    for function in ("dot", "pca", "kl_divergence"):
        expected = sum(t.function == function for t in catalog(A))
        assert len(collected("-k", function)) == expected, function
        assert len(collected("--grades", function)) == expected, function
    assert len(collected()) == len(catalog(A))


def test_running_without_a_submission_is_a_usage_error() -> None:
    result = run_pytest(SUITE, "-q", "-k", "dot", "-p", "no:cacheprovider")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "--submission PATH" in result.stderr


def test_junitxml_x_lf_and_pdb_behave_as_in_any_pytest_run(tmp_path: Path) -> None:
    cache = ["-o", f"cache_dir={tmp_path / 'cache'}"]
    broken = tmp_path / "broken" / f"{A}.ipynb"
    broken.parent.mkdir()
    wrong_dot = "import numpy as np\n\ndef dot(u, v):\n    return float(np.sum(np.asarray(u) + np.asarray(v)))\n"
    broken.write_text(json.dumps(notebook_with(A, {"dot": wrong_dot})), encoding="utf-8")
    report = tmp_path / "report.xml"
    first = run_pytest(SUITE, "--submission", str(broken), "-q", "--junitxml", str(report), *cache)
    assert first.returncode == 1
    cases = list(ET.parse(report).getroot().iter("testcase"))
    assert all(c.find("properties/property[@name='points']") is not None for c in cases)  # each case's points
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert failed and {c.get("classname") for c in cases if c.find("failure") is not None} == {
        "autograder.suites.m1_1_math.test_dot"
    }
    rerun = run_pytest(SUITE, "--submission", str(broken), "-q", "--lf", *cache)
    assert f"{len(failed)} failed" in rerun.stdout and "passed" not in rerun.stdout.split("=")[-1]
    stopped = run_pytest(SUITE, "--submission", str(release_notebook(A)), "-q", "-x", *cache)
    assert "1 failed" in stopped.stdout and "stopping after 1 failures" in stopped.stdout
    debugged = run_pytest(SUITE, "--submission", str(broken), "-q", "-x", "--pdb", *cache, stdin="p 1 + 1\nq\n")
    assert "(Pdb)" in debugged.stdout and "2" in debugged.stdout


def test_the_project_test_run_does_not_collect_the_hidden_suites() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert not [line for line in result.stdout.splitlines() if line.startswith("autograder/")]


# -- nothing steers grading ---------------------------------------------------------------------------------
EVIL_PLUGIN = """
import pytest

@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.outcome = "passed"
    return report

def pytest_collection_modifyitems(items):
    items[:] = items[:1]
"""


def test_pytest_environment_files_and_plugins_near_a_submission_change_no_grade(tmp_path: Path) -> None:
    """PYTEST_ADDOPTS, PYTEST_PLUGINS, a conftest.py, a pytest.ini and plugins on the path: grading ignores them."""
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / f"{A}.ipynb").write_bytes(release_notebook(A).read_bytes())
    (folder / "conftest.py").write_text(EVIL_PLUGIN, encoding="utf-8")
    (folder / "evil_plugin.py").write_text(EVIL_PLUGIN, encoding="utf-8")
    (folder / "pytest.ini").write_text("[pytest]\naddopts = -p evil_plugin -k nothing\n", encoding="utf-8")
    env = {
        "PYTEST_ADDOPTS": "-p evil_plugin -k nothing --lf",
        "PYTEST_PLUGINS": "evil_plugin",
        "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT)]),
    }
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", A, str(folder), "--json", str(out)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["score"] == 0
    assert len(data["tests"]) == len(catalog(A))
    assert all(t["status"] == "failed" for t in data["tests"])


def test_failures_show_only_the_message_the_test_chose(write_notebook) -> None:
    """No traceback, no assertion introspection, no test source, no hypothesis example reaches results.json."""
    wrong = {
        "dot": "def dot(u, v):\n    return 3.0\n",
        "matmul": "import numpy as np\n\ndef matmul(A, B):\n    return np.zeros((len(A), len(B[0])))\n",
        "entropy": "import numpy as np\n\ndef entropy(p):\n    return float(np.sum(p))\n",
    }
    report = grade_submission(A, write_notebook(A, notebook_with(A, wrong)), GradeOptions(check_integrity=False))
    outputs = [t.output for t in report.tests if not t.passed]
    assert outputs and {t.function for t in report.tests if not t.passed} == set(wrong)
    for text in outputs:
        for leak in ("Traceback", "assert ", "autograder/", ".py", "Falsifying", "def ", "E   ", "where "):
            assert leak not in text, (leak, text)


def test_a_bare_assert_in_a_hidden_test_shows_only_the_title() -> None:
    declared = load_assignment(A)
    test = GradedTest(declared, "dot", "test_x", "agrees with the sum of products", 1.0, 5.0, 0)
    run = SubmissionRun(declared, Path("nowhere"), [test], GradeOptions())
    result = run.record(test, AssertionError("assert 4.218 == 4.217\n +  where 4.218 = dot(array([0.3179, ...]))"))
    assert result.score == 0 and result.verdict == "failed"
    assert result.output == "dot does not pass the hidden test “agrees with the sum of products”."


# -- the marks --------------------------------------------------------------------------------------------
SUITE_PACKAGE = """
from autograder.suites.assignment import Assignment
ASSIGNMENT = Assignment(id="m1_1_math", functions=("dot", "matmul"), manual={})
"""


def test_marks_points_seeds_and_their_mistakes(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    """Points are shared by a test's cases per function, seeds come from the test id, and a test without
    its marks is an instructor's error named at collection."""
    package = pytester.mkpydir("toysuite")
    (package / "__init__.py").write_text(SUITE_PACKAGE, encoding="utf-8")
    (package / "test_toy.py").write_text(
        textwrap.dedent(
            """
            import pytest

            BOTH = [pytest.param(f, marks=pytest.mark.grades(f)) for f in ("dot", "matmul")]

            @pytest.mark.points(3)
            @pytest.mark.parametrize("function", BOTH)
            @pytest.mark.parametrize("n", [1, 2, 3])
            def test_cases(graded, rng, function, n):
                '''shares its points'''
                assert graded.points == 1.0 and graded.function == function
                assert graded.title.startswith("shares its points [") and function in graded.title
                print("SEED", graded.seed, rng.integers(1 << 30))
            """
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(pytester.path), str(ROOT)]))
    first = pytester.runpytest_subprocess("-p", "autograder.pytest_plugin.plugin", "--collect-only", "-q")
    assert first.ret == 0
    seeds = {}
    for attempt in range(2):
        result = pytester.runpytest_subprocess(
            "-p",
            "autograder.pytest_plugin.plugin",
            "-s",
            "-q",
            "-p",
            "no:cacheprovider",
            "--submission",
            str(source_notebook(A)),
        )
        assert result.ret == 0, result.stdout.str()
        seeds[attempt] = sorted(re.findall(r"SEED \d+ \d+", result.stdout.str()))
    assert len(seeds[0]) == 6 and len(set(seeds[0])) == 6 and seeds[0] == seeds[1]
    (package / "test_unmarked.py").write_text("def test_no_points(student):\n    pass\n", encoding="utf-8")
    broken = pytester.runpytest_subprocess("-p", "autograder.pytest_plugin.plugin", "--collect-only", "-q")
    assert broken.ret == pytest.ExitCode.USAGE_ERROR
    assert "@pytest.mark.grades(...) must name one of m1_1_math's graded names" in broken.stderr.str()
