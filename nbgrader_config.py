"""nbgrader configuration for the course (used by `make release`, `make validate` and nbgrader's own commands)."""

import os
import sys
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
# So that nbgrader can load the course's own plugins (autograder.late_penalty, ...).
sys.path.insert(0, HERE)
# nbgrader runs `alembic` (and `jupyter`) by name: find the ones next to this Python, so that
# `.venv/bin/nbgrader ...` works without an activated virtual environment.
os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
# nbgrader 0.9.6 uses SQLAlchemy and traitlets APIs that warn; nothing an instructor can act on.
warnings.filterwarnings("ignore", module=r"nbgrader(\.|$)")
warnings.filterwarnings("ignore", message=r".*(SQLAlchemy|sqlalchemy|declarative_base|Query\.get).*")

from autograder.course.exchange import COURSE_ID, exchange_root  # noqa: E402

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = COURSE_ID
# The exchange both sides use: $COURSE_EXCHANGE, or exchange/ here (autograder/course/exchange.py).
c.Exchange.root = str(exchange_root())
c.CourseDirectory.root = HERE
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

# Feedback must never show hidden test regions (nbgrader's default feedback pipeline keeps them), and its
# formulas render without a network (MathML instead of MathJax from a CDN).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "autograder.course.feedback_math.MathToMathML",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Late work: submissions after the due date stored in the gradebook lose 10% of their score per
# started day, down to 0 (set the due date with `nbgrader db assignment add ID --duedate=...`).
c.AssignLatePenalties.plugin_class = "autograder.late_penalty.PerDayPenalty"
c.PerDayPenalty.percent_per_day = 10.0

# Autograde restores the hidden tests of every locked test cell without warning that it "has changed"
# (the release stripped them on purpose); a cell a student really edited is still reported.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "autograder.course.overwrite_cells.OverwriteReleasedCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# The kernels nbgrader starts (autograde, validate) keep their own log to errors: no "Kernel is running
# over TCP without encryption" line in the instructor's output (the kernel listens on 127.0.0.1 only).
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]

# Released notebooks carry the kernel's full language_info, so they open without unsaved changes.
c.GenerateAssignment.preprocessors = [
    "nbgrader.preprocessors.IncludeHeaderFooter",
    "nbgrader.preprocessors.InstantiateTests",
    "nbgrader.preprocessors.LockCells",
    "nbgrader.preprocessors.ClearSolutions",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.CheckCellMetadata",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.SaveCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbgrader.preprocessors.ClearMarkScheme",
    "nbgrader.preprocessors.ComputeChecksums",
    "nbgrader.preprocessors.CheckCellMetadata",
    "autograder.course.release_metadata.CompleteLanguageInfo",
]
