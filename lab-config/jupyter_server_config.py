"""JupyterLab server settings for students (`make lab` puts this folder first on JUPYTER_CONFIG_PATH).

nbgrader installs all of its server extensions; a student needs only the assignment list
(the "Assignments" tab) and validate (the notebook's "Validate" button). The instructor's
formgrader and course list stay off, so the student's JupyterLab never opens the gradebook.
"""

c = get_config()  # noqa: F821 - provided by Jupyter

c.ServerApp.jpserver_extensions = {
    "nbgrader.server_extensions.assignment_list": True,
    "nbgrader.server_extensions.validate_assignment": True,
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.course_list": False,
}

# A student's JupyterLab installs nothing and fetches no news or update notices.
c.LabApp.extension_manager = "readonly"
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
