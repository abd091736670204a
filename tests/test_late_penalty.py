"""The course's late-submission plugin for nbgrader."""

from __future__ import annotations

import pytest

from autograder.late_penalty import PerDayPenalty


@pytest.mark.parametrize(
    ("seconds_late", "penalty"),
    [(0, 0.0), (-5, 0.0), (1, 9.0), (86400, 9.0), (86401, 18.0), (9 * 86400, 81.0), (30 * 86400, 90.0)],
)
def test_ten_percent_per_started_day_never_more_than_the_score(seconds_late: float, penalty: float) -> None:
    assert PerDayPenalty().late_submission_penalty("alice", 90.0, seconds_late) == pytest.approx(penalty)


def test_the_rate_is_configurable() -> None:
    assert PerDayPenalty(percent_per_day=100.0).late_submission_penalty("bob", 50.0, 10) == 50.0
