"""`make bench` runs end to end on a tiny sample: every number is produced (timings are never asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench import bench_assignment, engine_before, print_row, print_summary


@pytest.mark.slow
def test_bench_measures_before_after_and_the_headline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before, why = engine_before(tmp_path / "before")
    row = bench_assignment("m1_1_math", n=4, jobs=2, work=tmp_path, before=before, why=why)
    assert row["kinds"] == {"complete": 1, "partial": 1, "broken": 1, "slow": 1}
    engines = ["after"] if before is None else ["before", "after"]
    if before is None:
        assert row["before"]["skipped"].startswith("skipped: no git history")
    for label in engines:
        costs = row[label]
        assert "skipped" not in costs, costs
        assert costs["floor_failures"] == []  # the reference passes every hidden test in the floor
        for key in ("floor_s", "floor_runner_s", "start_s", "first_submission_s"):
            assert costs[key] > 0, (label, key)
        for group in ("complete", "every", "reference", "partial", "broken", "slow"):
            assert set(costs["overhead"][group]) == {"median", "slowest"}, (label, group)
    assert row["after"]["collections"] == 1  # one collection for every submission the worker graded
    assert row["after"]["collection_warm_s"] > 0
    if before is not None:
        assert row["same_before_after"] == 4  # the port changed no verdict (full marks or not, per function)
    assert row["nbgrader_s"] > 0 and row["grade_all_s"] > 0 and row["ratio"] > 0
    assert row["same_scores"] == 4 and row["differ"] == []  # nbgrader and grade-all agree
    print_row(row)
    print_summary([row])
    printed = capsys.readouterr().out
    assert "m1_1_math" in printed and "headline" in printed and "collected 1 time" in printed


def test_the_legend_is_printed_once_after_every_assignment(capsys: pytest.CaptureFixture[str]) -> None:
    costs = {
        "engine": "pytest", "floor_s": 0.03, "floor_runner_s": 0.05, "start_s": 0.3, "first_submission_s": 0.5,
        "collection_warm_s": 0.2, "collections": 1, "submissions": [{}] * 5, "peak_worker_mb": 90.0,
        "peak_sandbox_mb": 60.0, "overhead": {g: {"median": 0.3, "slowest": 0.5} for g in ("complete", "every",
        "reference", "partial", "broken", "slow")},
    }  # fmt: skip
    row = {
        "assignment": "m1_1_math", "n": 4, "kinds": dict.fromkeys(("complete", "partial", "broken", "slow"), 1),
        "jobs": 2, "cores": 2, "before": {"skipped": "skipped: no git history"}, "after": costs,
        "nbgrader_s": 20.0, "grade_all_s": 5.0, "ratio": 4.0, "same_scores": 4,
    }  # fmt: skip
    print_row(row)
    print_row(row)
    print_summary([row, row])
    printed = capsys.readouterr().out
    assert printed.count("floor = the hidden tests") == 1 and printed.count("skipped: no git history") == 2
