"""Pull-request grading: only changed notebooks, always with the BASE branch's grader.

Each test builds a throwaway git repository from a copy of the course's grading files, makes a
pull-request branch, and checks the base and the pull request out as two git worktrees, as CI does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.ci.pr_grade import MARKER, main, notebook_changes
from autograder.grading import grade_submission
from autograder.paths import ROOT
from tests.test_red_team_reports import assert_markdown_safe

SAMPLE = ROOT / "samples" / "submitted" / "bob_partial" / "m1_1_math" / "m1_1_math.ipynb"
SECOND = "m1_2_classical_ml"  # in the throwaway repository, a copy of m1_1_math under this id
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
pytestmark = pytest.mark.xdist_group("pr_grade")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env={**os.environ, **GIT_ENV}, check=True
    )
    return done.stdout


def _copy(rel: str, dest: Path) -> None:
    src = ROOT / rel
    target = dest / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    else:
        shutil.copy2(src, target)


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository with the grader, m1_1_math, and a second assignment that is a copy of m1_1_math.

    Only m1_1_math's suite is copied, so a second gradable assignment is made by copying m1_1_math's suite
    package under the id m1_2_classical_ml.
    """
    repo = tmp_path_factory.mktemp("course")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "m1_2_*", "m1_3_*", "m1_4_*")
    shutil.copytree(ROOT / "autograder", repo / "autograder", ignore=ignore)
    for rel in ("solutions/m1_1_math.py", "release/m1_1_math", "assignments/m1_1_math"):
        _copy(rel, repo)
    shutil.copy2(ROOT / "solutions/m1_1_math.py", repo / f"solutions/{SECOND}.py")
    for folder in ("release", "assignments"):
        (repo / folder / SECOND).mkdir(parents=True)
        shutil.copy2(repo / folder / "m1_1_math/m1_1_math.ipynb", repo / folder / SECOND / f"{SECOND}.ipynb")
    double = repo / "autograder/suites" / SECOND
    shutil.copytree(repo / "autograder/suites/m1_1_math", double)
    (double / "__init__.py").write_text(
        '"""Test double: m1_1_math\'s suite under a second id."""\nimport dataclasses\n\n'
        "from autograder.suites.m1_1_math import ASSIGNMENT as _FIRST\n\n"
        f"ASSIGNMENT = dataclasses.replace(_FIRST, id={SECOND!r})\n",
        encoding="utf-8",
    )
    (repo / ".gitignore").write_text("__pycache__/\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "course")
    return repo


def pull_request(origin: Path, tmp_path: Path, changes: dict[str, bytes | None]) -> tuple[Path, Path]:
    """Commit ``changes`` (path → content, None to delete) on a new branch; (base, head) worktrees."""
    branch = f"pr-{tmp_path.name}"
    base, head = tmp_path / "base", tmp_path / "head"
    git(origin, "worktree", "add", "-q", "--detach", str(base), "main")
    git(origin, "worktree", "add", "-q", "-b", branch, str(head), "main")
    for rel, content in changes.items():
        path = head / rel
        if content is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    git(head, "add", "-A")
    git(head, "commit", "-q", "--allow-empty", "-m", "student work")
    return base, head


def grade(base: Path, head: Path, out: Path) -> tuple[int, dict, str]:
    status = main(["--base", str(base), "--head", str(head), "--out", str(out)])
    return (
        status,
        json.loads((out / "summary.json").read_text(encoding="utf-8")),
        (out / "summary.md").read_text(encoding="utf-8"),
    )


def test_notebook_paths_are_recognised() -> None:
    notebooks, others = notebook_changes(
        [
            "assignments/m1_1_math/m1_1_math.ipynb",
            "assignments/m1_1_math/other.ipynb",
            "assignments/m1_1_math/course_checks.py",
            "autograder/grading.py",
            "assignments/x/y/x.ipynb",
        ]
    )
    assert notebooks == [("m1_1_math", "assignments/m1_1_math/m1_1_math.ipynb")]
    assert len(others) == 4


def test_editing_the_grader_gains_nothing(origin: Path, tmp_path: Path) -> None:
    """The pull request rewrites its own grader to hand out full marks; the base grader is used."""
    evil_conftest = (
        b"import pytest\n@pytest.hookimpl(wrapper=True)\ndef pytest_runtest_makereport(item, call):\n"
        b"    report = yield\n    report.outcome = 'passed'\n    return report\n"
    )
    cheat = (
        "from autograder.report.results import GradeReport\nGradeReport.score = property(lambda self: self.max_score)\n"
    )
    grading = (origin / "autograder/grading.py").read_text(encoding="utf-8")
    solution = (origin / "solutions/m1_1_math.py").read_bytes()
    base, head = pull_request(
        origin,
        tmp_path,
        {
            "assignments/m1_1_math/m1_1_math.ipynb": SAMPLE.read_bytes(),
            "autograder/grading.py": (grading + "\n" + cheat).encode(),
            "autograder/__init__.py": cheat.encode(),
            "autograder/suites/m1_1_math/__init__.py": b"raise SystemExit(0)\n",
            "autograder/suites/conftest.py": evil_conftest,
            "conftest.py": evil_conftest,
            "pytest.ini": b"[pytest]\naddopts = -k nothing\n",
            "solutions/m1_1_math.py": solution + b"\ndef dot(u, v):\n    raise RuntimeError\n",
            "sitecustomize.py": cheat.encode(),
        },
    )
    status, data, text = grade(base, head, tmp_path / "out")
    assert status == 0
    [graded] = data["graded"]
    expected = grade_submission("m1_1_math", SAMPLE)
    assert graded["assignment"] == "m1_1_math"
    assert graded["score"] == expected.score < graded["max_score"] == expected.max_score
    assert "autograder/grading.py" in data["other_changes"]
    assert f"{expected.score:g} / {expected.max_score:g}" in text
    results = json.loads((tmp_path / "out/m1_1_math/results.json").read_text(encoding="utf-8"))
    assert results["score"] == expected.score
    assert (tmp_path / "out/m1_1_math/junit.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_two_changed_assignments_get_two_score_tables(origin: Path, tmp_path: Path) -> None:
    base, head = pull_request(
        origin,
        tmp_path,
        {
            "assignments/m1_1_math/m1_1_math.ipynb": SAMPLE.read_bytes(),
            f"assignments/{SECOND}/{SECOND}.ipynb": (ROOT / "source/m1_1_math/m1_1_math.ipynb").read_bytes(),
        },
    )
    status, data, text = grade(base, head, tmp_path / "out")
    assert status == 0
    assert [g["assignment"] for g in data["graded"]] == ["m1_1_math", SECOND]
    assert data["graded"][1]["score"] == data["graded"][1]["max_score"] > data["graded"][0]["score"] > 0
    assert text.count("| function | score |") == 2
    assert text.count("autograded points") == 2
    for assignment in ("m1_1_math", SECOND):
        assert (tmp_path / "out" / assignment / "results.json").is_file()


def test_no_notebook_change_grades_nothing_and_says_so(origin: Path, tmp_path: Path) -> None:
    base, head = pull_request(
        origin,
        tmp_path,
        {
            "assignments/m1_1_math/course_checks.py": b"# changed\n",
            "README.md": b"hello\n",
        },
    )
    status, data, text = grade(base, head, tmp_path / "out")
    assert status == 0
    assert data["graded"] == [] and data["not_graded"] == []
    assert "nothing was graded" in text
    assert "| function |" not in text
    assert not [p for p in (tmp_path / "out").iterdir() if p.is_dir()]


def test_unknown_deleted_and_linked_notebooks_are_not_graded(origin: Path, tmp_path: Path) -> None:
    base, head = pull_request(
        origin,
        tmp_path,
        {
            f"assignments/{SECOND}/{SECOND}.ipynb": None,
            "assignments/m1_9_new/m1_9_new.ipynb": SAMPLE.read_bytes(),
        },
    )
    (head / "assignments/m1_1_math/m1_1_math.ipynb").unlink()
    os.symlink(base / "solutions/m1_1_math.py", head / "assignments/m1_1_math/m1_1_math.ipynb")
    git(head, "add", "-A")
    git(head, "commit", "-q", "-m", "link")
    status, data, text = grade(base, head, tmp_path / "out")
    assert status == 0 and data["graded"] == []
    reasons = {item["path"].split("/")[1]: item["reason"] for item in data["not_graded"]}
    assert "symbolic link" in reasons["m1_1_math"]
    assert "deleted" in reasons[SECOND]
    assert "unknown assignment" in reasons["m1_9_new"]
    assert "Not graded" in text


def test_collected_notebooks_mode(origin: Path, tmp_path: Path) -> None:
    """--notebooks grades a folder of collected notebooks (the student template's CI) with --base's grader."""
    folder = tmp_path / "submission"
    (folder / "assignments/m1_1_math").mkdir(parents=True)
    shutil.copy2(SAMPLE, folder / "assignments/m1_1_math/m1_1_math.ipynb")
    (folder / "pull_request.json").write_text(json.dumps({"number": 7, "head_sha": "ab" * 20, "base_sha": "x;"}))
    out = tmp_path / "out"
    assert main(["--base", str(origin), "--notebooks", str(folder), "--out", str(out)]) == 0
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert data["pr"] == 7 and data["head_sha"] == "ab" * 20 and "base_sha" not in data
    assert data["graded"][0]["score"] == grade_submission("m1_1_math", SAMPLE).score


def test_usage_errors(tmp_path: Path) -> None:
    assert main(["--base", str(tmp_path), "--head", str(tmp_path), "--out", str(tmp_path / "o")]) == 2
    assert main(["--base", str(tmp_path)]) == 2


def test_command_line_runs_as_a_module(origin: Path, tmp_path: Path) -> None:
    base, head = pull_request(origin, tmp_path, {})
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder.ci.pr_grade",
            "--base",
            str(base),
            "--head",
            str(head),
            "--out",
            str(tmp_path / "out"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "nothing was graded" in done.stdout


def test_separate_clones_as_in_ci(origin: Path, tmp_path: Path) -> None:
    """CI checks base and head out as two clones; the base commit is fetched from the base folder if missing."""
    base_wt, head_wt = pull_request(
        origin, tmp_path / "wt", {"assignments/m1_1_math/m1_1_math.ipynb": SAMPLE.read_bytes()}
    )
    branch = git(head_wt, "rev-parse", "--abbrev-ref", "HEAD").strip()
    git(base_wt, "commit", "-q", "--allow-empty", "-m", "the base branch moves on")  # not in the head clone
    base, head = tmp_path / "base", tmp_path / "head"
    git(tmp_path, "clone", "-q", "--no-local", str(base_wt), str(base))
    git(tmp_path, "clone", "-q", "--no-local", "--single-branch", "--branch", branch, str(origin), str(head))
    status, data, _ = grade(base, head, tmp_path / "out")
    assert status == 0
    assert [g["assignment"] for g in data["graded"]] == ["m1_1_math"]
    assert data["base_sha"] == git(base, "rev-parse", "HEAD").strip()


def test_links_out_of_the_pull_request_are_not_followed(origin: Path, tmp_path: Path) -> None:
    """The pull request replaces assignments/m1_1_math/ with a link to a folder holding the instructor's
    notebook (solutions included), and the second notebook with a link to a classmate's file: nothing
    is graded, each with the reason; without the check the first would have scored full marks."""
    source = (ROOT / "source/m1_1_math/m1_1_math.ipynb").read_bytes()
    base, head = pull_request(
        origin,
        tmp_path,
        {"source/m1_1_math/m1_1_math.ipynb": source, "classmates/alice.ipynb": SAMPLE.read_bytes()},
    )
    shutil.rmtree(head / "assignments/m1_1_math")
    os.symlink("../source/m1_1_math", head / "assignments/m1_1_math")
    (head / f"assignments/{SECOND}/{SECOND}.ipynb").unlink()
    os.symlink("../../classmates/alice.ipynb", head / f"assignments/{SECOND}/{SECOND}.ipynb")
    git(head, "add", "-A")
    git(head, "commit", "-q", "-m", "links")
    status, data, _ = grade(base, head, tmp_path / "out")
    assert status == 0 and data["graded"] == []
    reasons = {item["path"].split("/")[1]: item["reason"] for item in data["not_graded"]}
    assert "assignments/m1_1_math is a symbolic link" in reasons["m1_1_math"]
    assert "symbolic link" in reasons[SECOND]
    assert not (tmp_path / "out" / "m1_1_math" / "results.json").exists()


def test_file_names_in_the_pull_request_cannot_forge_the_summary(origin: Path, tmp_path: Path) -> None:
    """Changed files are listed in the job summary; a name with a newline, a heading and a link stays text."""
    forged = (
        "x`\n### m1_1_math: 90 / 90 autograded points\n| ✅ `dot` | 6 / 6 |\n"
        "[a](javascript:alert(1)) www.evil.example\x1b]52;c;eA==\x07"
    )
    base, head = pull_request(
        origin, tmp_path, {"assignments/m1_1_math/m1_1_math.ipynb": SAMPLE.read_bytes(), forged: b"hello\n"}
    )
    status, data, text = grade(base, head, tmp_path / "out")
    assert status == 0 and len(data["graded"]) == 1 and forged in data["other_changes"]
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["## Autograder", f"### m1_1_math: {data['graded'][0]['score']:g} / 90 autograded points"]
    assert_markdown_safe(text.replace(MARKER, ""), headings=2, rows=13)  # no link either, per a Markdown parser
    assert "\x1b" not in text
