"""JupyterHub configuration of the course hub (`make hub` starts it through hub/launch.py, which sets HUB_*).

* Logins: the roster's ids only (hub/roster.csv); each sets a password at the first login
  (FirstUseAuthenticator; hashes with bcrypt in HUB_STATE/hub/passwords.dbm, root only).
* Servers: one per user, started as that system user (LocalProcessSpawner), with ``COURSE_EXCHANGE``
  set to the one exchange for everyone.
* The instructor's server opens the course folder (HUB_COURSE) with formgrader on; a student's opens
  the home folder with the students' settings (lab-config/: Assignments tab and Validate only) and the
  light student environment (HUB_STATE/student-python: requirements-student.txt, no PyTorch).
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub import roster as roster_file

c = get_config()  # noqa: F821 - provided by JupyterHub

STATE = Path(os.environ["HUB_STATE"])
COURSE = Path(os.environ["HUB_COURSE"])
PYTHON = STATE / "python" / "bin" / "python"
ROSTER = roster_file.read(Path(os.environ["HUB_ROSTER"]))
if ROSTER.errors:
    raise SystemExit("\n".join(ROSTER.errors))
INSTRUCTOR = ROSTER.instructor

c.JupyterHub.ip = os.environ.get("HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('HUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [os.environ.get("HUB_PROXY", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "hub" / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'hub' / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "hub" / "jupyterhub_cookie_secret")
# A restart of the hub leaves running servers alone (students keep working; the proxy is restarted).
c.JupyterHub.cleanup_servers = False

c.JupyterHub.authenticator_class = "firstuseauthenticator.FirstUseAuthenticator"
c.FirstUseAuthenticator.dbm_path = str(STATE / "hub" / "passwords.dbm")
c.FirstUseAuthenticator.create_users = False
c.FirstUseAuthenticator.min_password_length = 8
c.Authenticator.allowed_users = {account.id for account in ROSTER.accounts}
c.Authenticator.admin_users = {INSTRUCTOR}

c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [str(PYTHON), "-m", "jupyterhub.singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 90
c.Spawner.environment = {
    "COURSE_EXCHANGE": str(STATE / "exchange"),
    "PATH": f"{PYTHON.parent}:/usr/local/bin:/usr/bin:/bin",
    "JUPYTER_PREFER_ENV_PATH": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
}


def pre_spawn_hook(spawner) -> None:
    """The instructor's server starts in the course folder; a student's with the students' settings only."""
    if spawner.user.name == INSTRUCTOR:
        spawner.notebook_dir = str(COURSE)
        # nbgrader's formgrader reads nbgrader_config.py from the folder the server starts in.
        spawner.cmd = ["/bin/sh", "-c", f'cd "{COURSE}" && exec "{PYTHON}" -m jupyterhub.singleuser "$@"', "server"]
    else:
        spawner.disable_user_config = True  # nothing in ~/.jupyter turns formgrader back on
        student_python = STATE / "student-python" / "bin" / "python"
        spawner.cmd = [str(student_python), "-m", "jupyterhub.singleuser"]
        spawner.environment = {
            **spawner.environment,
            "PATH": f"{student_python.parent}:/usr/local/bin:/usr/bin:/bin",
            "JUPYTER_CONFIG_PATH": str(STATE / "student-config" / "lab-config"),
        }


c.Spawner.pre_spawn_hook = pre_spawn_hook
