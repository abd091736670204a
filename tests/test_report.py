"""The class report and the per-student feedback from grade-all's results."""

from __future__ import annotations

from pathlib import Path

from autograder.batch import grade_all
from autograder.config import GradeOptions
from autograder.pytest_plugin.session import catalog
from autograder.report.class_report import build_report


def test_report_and_feedback_from_a_class(tmp_path: Path) -> None:
    out = tmp_path / "out"
    grade_all(
        "m1_1_math",
        Path("samples/submitted"),
        out,
        jobs=2,
        options=GradeOptions(),
        progress=False,
        feedback_dir=tmp_path / "feedback",
    )
    page = build_report("m1_1_math", out, tmp_path / "report")
    html = page.read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 4
    for name in ("scores.png", "functions.png", "tests.png", "times.png"):
        assert (tmp_path / "report" / name).stat().st_size > 5000
    assert "4 submissions" in html and "bob_partial" in html
    feedback = (tmp_path / "feedback" / "bob_partial.md").read_text(encoding="utf-8")
    assert "matmul" in feedback and "not implemented" in feedback
    assert (tmp_path / "feedback" / "carol_broken.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    # Feedback shows hints, never the hidden suite's code or expected arrays.
    suite_source = "".join(p.read_text(encoding="utf-8") for p in Path("autograder/suites/m1_1_math").glob("test_*.py"))
    for test in catalog("m1_1_math"):
        assert test.name not in feedback
    assert "def " not in feedback and suite_source[:200] not in feedback
