"""`make bench` runs end to end on a tiny class (its timings are printed, never asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench import bench_assignment, print_table

pytestmark = pytest.mark.slow


def test_bench_measures_everything_side_by_side(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    row = bench_assignment("m1_1_math", n=4, sample=4, work=tmp_path)
    assert row["nbgrader_sample"] == 4 and row["nbgrader_same_scores"] == 4  # identical scores
    for key in ("one_job_s", "all_cores_s", "floor_s", "throughput_ratio", "sample_ratio", "reference_overhead_s"):
        assert row[key] > 0, key
    assert row["slowest_s"] >= row["median_s"] > 0
    print_table([row])
    table = capsys.readouterr().out
    assert "m1_1_math" in table and "sample-ratio" in table
