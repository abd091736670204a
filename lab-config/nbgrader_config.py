"""nbgrader settings for the student's JupyterLab (read by the Assignments tab and the Validate button).

The Assignments tab lists what the course's nbgrader exchange offers, and Submit hands in there. Which
exchange is chosen in ONE place, autograder/course/exchange.py, that the instructor's nbgrader_config.py
reads too: $COURSE_EXCHANGE when it is set (a course server sets it for everyone), otherwise the
repository's own exchange/ folder, which `make lab` fills from release/ so the tab lists every assignment
(there, Submit only hands in to this machine: on a laptop you hand in with a pull request, docs/student.md).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from autograder.course.exchange import COURSE_ID, exchange_root

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = COURSE_ID
c.Exchange.root = str(exchange_root())
