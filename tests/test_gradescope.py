"""`make gradescope`: autograder.zip, run as Gradescope runs it, in a temporary copy of its /autograder layout."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.grading import grade_submission
from autograder.packaging.gradescope import build, main
from autograder.paths import ROOT

SAMPLE = ROOT / "samples" / "submitted" / "bob_partial" / "m1_1_math"
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}

pytestmark = pytest.mark.xdist_group("gradescope")  # one worker builds the module fixture once


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build("m1_1_math", tmp_path_factory.mktemp("zip"))


def install(archive: Path, root: Path) -> Path:
    """Unpack like Gradescope (into root/source, keeping the executable bits); root/submission, root/results."""
    source = root / "source"
    with zipfile.ZipFile(archive) as unpacked:
        for info in unpacked.infolist():
            target = source / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(unpacked.read(info))
            os.chmod(target, (info.external_attr >> 16) & 0o777 or 0o644)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    return source


def run_autograder(root: Path, python: str = sys.executable) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_COURSE_ROOT")}
    env |= {"GRADESCOPE_ROOT": str(root), "GRADESCOPE_PYTHON": python}
    done = subprocess.run(
        [str(root / "source" / "run_autograder")], cwd="/", env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))


def assert_valid(results: dict) -> None:
    assert isinstance(results["score"], (int, float)) and isinstance(results["output"], str)
    assert isinstance(results["execution_time"], (int, float))
    for test in results["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility", "tags"} <= set(test)
        assert test["status"] in ("passed", "failed") and test["visibility"] in VISIBILITY
        assert 0 <= test["score"] <= test["max_score"] and test["tags"]
    assert abs(results["score"] - sum(t["score"] for t in results["tests"])) < 1e-6


def test_zip_holds_one_assignment_and_no_other(archive: Path) -> None:
    with zipfile.ZipFile(archive) as unpacked:
        names = set(unpacked.namelist())
        modes = {i.filename: (i.external_attr >> 16) for i in unpacked.infolist()}
    assert {
        "setup.sh",
        "run_autograder",
        "requirements.txt",
        "autograder/suites/m1_1_math/__init__.py",
        "autograder/suites/conftest.py",
        "autograder/pytest_plugin/grading.ini",
        "solutions/m1_1_math.py",
        "release/m1_1_math/m1_1_math.ipynb",
        "autograder/__main__.py",
    } <= names
    for other in ("m1_2_classical_ml", "m1_3_neural_nets", "m1_4_architectures"):
        assert not [n for n in names if other in n], other
    assert not [n for n in names if n.startswith(("source/", "samples/", "tests/", "autograder/ci/", ".github/"))]
    assert not [n for n in names if "__pycache__" in n]
    for script in ("setup.sh", "run_autograder"):
        assert modes[script] & stat.S_IXUSR, script


def test_zip_is_reproducible(archive: Path, tmp_path: Path) -> None:
    assert build("m1_1_math", tmp_path).read_bytes() == archive.read_bytes()


def test_sample_submission_gets_a_valid_results_json(archive: Path, tmp_path: Path) -> None:
    source = install(archive, tmp_path)
    for path in SAMPLE.iterdir():
        shutil.copy2(path, tmp_path / "submission" / path.name)
    results = run_autograder(tmp_path)
    assert_valid(results)
    expected = grade_submission("m1_1_math", SAMPLE)
    assert results["score"] == expected.score and 0 < results["score"] < expected.max_score
    assert {t["tags"][0] for t in results["tests"]} == set(expected.functions())
    found = subprocess.run(
        [sys.executable, "-c", "import autograder; print(autograder.__file__)"],
        cwd=source,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert found.stdout.strip() == str(source / "autograder" / "__init__.py")  # the zip's engine, not the course's


def test_upload_under_another_name_or_broken_still_writes_results(archive: Path, tmp_path: Path) -> None:
    install(archive, tmp_path)
    (tmp_path / "submission" / "Copy of m1_1_math.ipynb").write_text("{ not json", encoding="utf-8")
    results = run_autograder(tmp_path)
    assert_valid(results)
    assert results["score"] == 0 and results["tests"]


def test_empty_submission_still_writes_results(archive: Path, tmp_path: Path) -> None:
    install(archive, tmp_path)
    results = run_autograder(tmp_path)
    assert_valid(results)
    assert results["score"] == 0


def test_a_grader_that_cannot_start_still_writes_results(archive: Path, tmp_path: Path) -> None:
    install(archive, tmp_path)
    shutil.copytree(SAMPLE, tmp_path / "submission", dirs_exist_ok=True)
    results = run_autograder(tmp_path, python=shutil.which("false") or "/bin/false")
    assert_valid(results)
    assert results["score"] == 0 and "could not grade" in results["output"]


def test_unknown_assignment_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["nope", "--out", str(tmp_path)])


def test_without_bubblewrap_it_refuses_unless_the_fallback_is_allowed(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Gradescope's container often forbids namespaces: by default nothing is graded and results.json says
    which layer is missing; ALLOW_PROCESS_FALLBACK=1 grades in a plain process and says so."""
    expected = grade_submission("m1_1_math", SAMPLE).score  # here, with bubblewrap
    fake = tmp_path / "fakebin"
    fake.mkdir()
    (fake / "bwrap").write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    (fake / "bwrap").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}:{os.environ['PATH']}")
    monkeypatch.delenv("AUTOGRADER_ALLOW_PROCESS_FALLBACK", raising=False)
    root = tmp_path / "gs"
    install(archive, root)
    for path in SAMPLE.iterdir():
        shutil.copy2(path, root / "submission" / path.name)
    refused = run_autograder(root)
    assert_valid(refused)
    assert refused["score"] == 0 and "bubblewrap cannot start" in refused["output"]
    monkeypatch.setenv("ALLOW_PROCESS_FALLBACK", "1")
    graded = run_autograder(root)
    assert_valid(graded)
    assert graded["score"] == expected
    assert "no bubblewrap" in graded["output"] and graded["extra_data"]["isolation"] == "process"
