"""nbgrader settings for the student's JupyterLab (read by the Assignments tab and the Validate button).

The Assignments tab lists what an nbgrader "exchange" folder offers. On a course server with a shared
exchange (nbgrader's default /srv/nbgrader/exchange, or the folder COURSE_EXCHANGE names) that one is
used, so Fetch and Submit reach the instructor. Otherwise `make lab` fills a private, local one
(lab-config/exchange/, ignored by git) with the released notebooks, so the tab still lists every
assignment, those already in assignments/ as downloaded; its Submit button then only makes a local
copy, and you hand in with a pull request (docs/student.md).
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = "ml-foundations-module-1"
shared = "/srv/nbgrader/exchange"
local = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exchange")
c.Exchange.root = os.environ.get("COURSE_EXCHANGE") or (shared if os.path.isdir(shared) else local)
