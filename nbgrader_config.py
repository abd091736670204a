"""nbgrader configuration for the course (used by `make release`, `make validate` and nbgrader's own commands)."""

import os
import sys

# So that nbgrader can load the course's own plugins (autograder.late_penalty).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "ml-foundations-module-1"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*"]

# Students' code may take a while on slow laptops; the hidden suite has its own per-call limits.
c.ExecutePreprocessor.timeout = 60
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Feedback must never show hidden test regions (nbgrader's default feedback pipeline keeps them).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Late work: submissions after the due date stored in the gradebook lose 10% of their score per
# started day, down to 0 (set the due date with `nbgrader db assignment add ID --duedate=...`).
c.AssignLatePenalties.plugin_class = "autograder.late_penalty.PerDayPenalty"
c.PerDayPenalty.percent_per_day = 10.0
