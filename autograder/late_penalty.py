"""nbgrader's late-submission plugin for the course: a fixed percentage of the score per started day."""

from __future__ import annotations

import math

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float


class PerDayPenalty(LateSubmissionPlugin):
    """Lose ``percent_per_day`` percent of the notebook's score for each started day late."""

    percent_per_day = Float(10.0, help="Percent of the score lost per started day late.").tag(config=True)

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float:
        """The penalty in points (never more than the score)."""
        if total_seconds_late <= 0:
            return 0.0
        days = math.ceil(total_seconds_late / 86400)
        penalty = score * min(1.0, days * self.percent_per_day / 100.0)
        self.log.warning(f"{student_id} submitted {days} day(s) late: penalty {penalty:g} of {score:g} points")
        return penalty
