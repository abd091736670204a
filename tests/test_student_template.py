"""`make student-template`: what students get holds no solution and no hidden test, and works on its own."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from autograder.packaging.student_template import build, comment_script, main, released_assignments
from autograder.paths import ROOT
from tests.test_workflows import check_structure
from tests.test_workflows import comment_script as workflow_comment_script

pytestmark = pytest.mark.xdist_group("student_template")  # one worker builds the module fixture once


def normal(text: str) -> str:
    """Whitespace-insensitive form, so a body re-indented or re-wrapped into a notebook is still found."""
    return " ".join(text.split())


def corpus(folder: Path) -> str:
    """Every file's text, and every notebook's cell sources and outputs as they read in Jupyter."""
    parts = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes().decode("utf-8", errors="replace")
        parts.append(raw)
        if path.suffix == ".ipynb":
            for cell in json.loads(raw).get("cells", []):
                parts.append("".join(cell.get("source", "")))
                for output in cell.get("outputs", []):
                    parts.append("".join(output.get("text", "")) + json.dumps(output.get("data", {})))
    return normal("\n".join(parts))


def _segment(lines: list[str], first: ast.AST, last: ast.AST) -> str:
    return textwrap.dedent("\n".join(lines[first.lineno - 1 : last.end_lineno]))


def function_bodies(path: Path) -> dict[str, str]:
    """name → the body of every function in a file, without its docstring (the notebook shows docstrings)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
                body = body[1:]
            if body:
                found[f"{path.name}:{node.name}:{node.lineno}"] = normal(_segment(lines, body[0], body[-1]))
    return found


def hidden_test_sources(path: Path) -> dict[str, str]:
    """name → the whole source (signature, docstring and body) of every function of a suite module."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    return {
        f"{path.name}:{node.name}:{node.lineno}": normal(_segment(lines, node, node))
        for node in ast.walk(ast.parse(source))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }


def secrets() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((ROOT / "solutions").glob("*.py")):
        found.update(function_bodies(path))
    for path in sorted((ROOT / "autograder" / "suites").glob("*.py")):
        found.update(hidden_test_sources(path))
        # Bodies too, in case one is pasted under another signature (long ones: `return self()` is no secret).
        found.update({k: v for k, v in function_bodies(path).items() if len(v) >= 40})
    return found


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("student") / "repo"
    assert main([str(out)]) == 0
    return out


def test_holds_what_a_student_needs(template: Path) -> None:
    for rel in (
        "README.md",
        "Makefile",
        "requirements.txt",
        ".gitignore",
        "tools/check.py",
        ".github/workflows/autograde.yml",
        ".github/workflows/autograde-score.yml",
    ):
        assert (template / rel).is_file(), rel
    assert "m1_1_math" in released_assignments()
    for assignment in released_assignments():
        assert (template / "assignments" / assignment / f"{assignment}.ipynb").is_file()
    readme = (template / "README.md").read_text(encoding="utf-8")
    assert "make check" in readme and "pull request" in readme and "assignments/m1_1_math/m1_1_math.ipynb" in readme
    assert not any((template / name).exists() for name in ("autograder", "solutions", "source", "release", "samples"))
    assert "pytest" not in (template / "requirements.txt").read_text(encoding="utf-8")


def test_no_solution_or_hidden_test_leaks(template: Path) -> None:
    text = corpus(template)
    hidden = secrets()
    assert len(hidden) > 30  # the search is not vacuous
    leaked = [name for name, body in hidden.items() if body in text]
    assert not leaked, f"found in the student template: {leaked[:10]}"
    notebooks = corpus(template / "assignments")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS"):
        assert marker not in notebooks, marker
    assert "pytest.mark.points(" not in text and "ASSIGNMENT = Assignment(" not in text
    assert "def dot(u, v):" in text  # the stubs are there, their bodies are not


def test_the_leak_search_finds_a_planted_body(tmp_path: Path) -> None:
    """Positive control: a reference body pasted into an answer cell is caught."""
    build(tmp_path, ["m1_1_math"])
    name, body = next((n, b) for n, b in function_bodies(ROOT / "solutions/m1_1_math.py").items() if ":dot:" in n)
    path = tmp_path / "assignments/m1_1_math/m1_1_math.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    source = (ROOT / "solutions/m1_1_math.py").read_text(encoding="utf-8")
    [dot] = [n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == "dot"]
    notebook["cells"][3]["source"] = ast.get_source_segment(source, dot).splitlines(keepends=True)
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    assert body in corpus(tmp_path), name


def test_workflows_keep_the_rules_and_share_the_comment_script(template: Path) -> None:
    workflows = sorted((template / ".github/workflows").glob("*.yml"))
    for path in workflows:
        check_structure(path)
    score = yaml.safe_load((template / ".github/workflows/autograde-score.yml").read_text(encoding="utf-8"))
    assert workflow_comment_script(score) == comment_script()
    grade = score["jobs"]["grade"]
    assert grade["environment"] == "autograder"
    [checkout] = [s for s in grade["steps"] if str(s.get("uses", "")).startswith("actions/checkout@")]
    assert checkout["with"]["repository"] == "${{ secrets.AUTOGRADER_REPOSITORY }}"
    assert checkout["with"]["token"] == "${{ secrets.AUTOGRADER_TOKEN }}"
    assert any("--require-sandbox" in str(s.get("run", "")) for s in grade["steps"])
    collect = yaml.safe_load((template / ".github/workflows/autograde.yml").read_text(encoding="utf-8"))
    assert "secrets." not in json.dumps(collect)
    assert not any("make" in str(s.get("run", "")) for s in collect["jobs"]["collect"]["steps"])


def test_make_check_runs_the_visible_checks(template: Path) -> None:
    dry = subprocess.run(
        ["make", "-n", "check", "A=m1_1_math", "PY=python3"], cwd=template, capture_output=True, text=True, timeout=60
    )
    assert "tools/check.py assignments/m1_1_math/m1_1_math.ipynb" in dry.stdout, dry.stdout + dry.stderr
    done = subprocess.run(
        [sys.executable, "tools/check.py", "assignments/m1_1_math/m1_1_math.ipynb"],
        cwd=template,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    assert "dot" in done.stdout and "not implemented" in done.stdout


def test_refresh_keeps_other_files_and_refuses_the_course_itself(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    build(tmp_path, ["m1_1_math"])
    build(tmp_path, ["m1_1_math"])
    assert (tmp_path / ".git").is_dir() and (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert main([str(ROOT)]) == 2
