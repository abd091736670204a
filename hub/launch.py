"""`make hub`: check everything, prepare the accounts and folders, then run JupyterHub in the foreground.

python hub/launch.py [--roster hub/roster.csv] [--state DIR] [--course DIR] [--port 8000] [--prepare-only]

Every check runs before anything is created: a roster with errors, a port in use, a missing proxy or a
user name that belongs to the system stops here with a message saying what to fix, and nothing changes.
Restarting the hub later (mid-term) keeps the accounts, passwords, exchange, course folder and gradebook.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import socket
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from hub import prepare, roster  # noqa: E402


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something listens on ``host:port`` already (binding it fails)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def _parser() -> argparse.ArgumentParser:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="make hub", description=__doc__.split("\n\n")[0])
    parser.add_argument("--roster", type=Path, default=Path(env("HUB_ROSTER") or HERE / "roster.csv"))
    parser.add_argument("--state", type=Path, default=Path(env("HUB_STATE") or "/srv/ml-course-hub"))
    parser.add_argument("--course", type=Path, default=Path(env("HUB_COURSE")) if env("HUB_COURSE") else None)
    parser.add_argument("--ip", default=env("HUB_IP") or "127.0.0.1")
    parser.add_argument("--port", type=int, default=int(env("HUB_PORT") or 8000))
    parser.add_argument("--api-port", type=int, default=int(env("HUB_API_PORT") or 8081))
    parser.add_argument("--proxy-api-port", type=int, default=int(env("HUB_PROXY_API_PORT") or 8001))
    proxy = HERE / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    parser.add_argument("--proxy", default=env("HUB_PROXY") or str(proxy))
    parser.add_argument("--prepare-only", action="store_true", help="create accounts and folders, do not start")
    return parser


def check(args: argparse.Namespace) -> list[str]:
    """Everything that would stop the hub, found before anything is created."""
    problems = []
    class_roster = roster.read(args.roster)
    problems += class_roster.errors
    if os.geteuid() != 0:
        problems.append(
            "the course hub must run as root: it creates one system user per student and starts each "
            "student's server as that user (run: sudo make hub)"
        )
    ports = {"HUB_PORT": args.port, "HUB_API_PORT": args.api_port, "HUB_PROXY_API_PORT": args.proxy_api_port}
    if len(set(ports.values())) != len(ports):
        problems.append(f"the three ports must differ: {ports}")
    for name, port in ports.items():
        if port_in_use(port, args.ip if name == "HUB_PORT" else "127.0.0.1"):
            problems.append(
                f"port {port} ({name}) is in use by another program: stop it or choose another, e.g. {name}={port + 10}"
            )
    if not shutil.which(args.proxy):
        problems.append(f"JupyterHub's proxy {args.proxy} is missing: run bash scripts/install-chp.sh (needs npm)")
    for account in class_roster.accounts:
        try:
            entry = pwd.getpwnam(account.id)
        except KeyError:
            continue
        if entry.pw_uid < prepare.FIRST_PERSON_UID:
            problems.append(f"{account.id}: a system account has this name (uid {entry.pw_uid}); use another id")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    problems = check(args)
    if problems:
        print("The course hub did not start; nothing was created or changed:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    class_roster = roster.read(args.roster)
    instructor = class_roster.instructor
    os.umask(0o022)  # what it creates for everyone (the Python, the students' settings) is readable
    try:
        for account in class_roster.accounts:
            print(prepare.ensure_user(account.id))
        course = args.course or Path(pwd.getpwnam(instructor).pw_dir) / "course"
        args.state.mkdir(parents=True, exist_ok=True)
        args.state.chmod(0o755)
        (args.state / "hub").mkdir(exist_ok=True)
        (args.state / "hub").chmod(0o700)
        python = prepare.user_python(args.state)
        light = prepare.student_packages(HERE.parent / "requirements-student.txt")
        prepare.user_python(args.state, "student-python", light)
        prepare.student_config(args.state)
        exchange = prepare.exchange(args.state, instructor)
        print(prepare.course_copy(course, instructor, python))
    except prepare.SetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"nbgrader exchange: {exchange} (COURSE_EXCHANGE of every server)")
    if prepare.others_can_read(HERE.parent / "solutions"):
        print(
            f"warning: students can read this checkout's solutions/ and hidden suites from a terminal: "
            f"close it with chmod 700 {HERE.parent} (the hub runs from its own copies)",
            file=sys.stderr,
        )
    print(f"instructor: {instructor}; students: {len(class_roster.students)}; state: {args.state}")
    if args.prepare_only:
        return 0
    os.environ.update(
        {
            "HUB_STATE": str(args.state),
            "HUB_COURSE": str(course),
            "HUB_ROSTER": str(args.roster.resolve()),
            "HUB_IP": args.ip,
            "HUB_PORT": str(args.port),
            "HUB_API_PORT": str(args.api_port),
            "HUB_PROXY_API_PORT": str(args.proxy_api_port),
            "HUB_PROXY": str(Path(shutil.which(args.proxy)).resolve()),
        }
    )
    print(f"Starting JupyterHub on http://{args.ip}:{args.port}/ (each account sets its password at its first login).")
    print("Ctrl+C stops the hub; accounts, passwords, the exchange and the gradebook stay for the next start.")
    os.chdir(args.state / "hub")
    hub = [sys.executable, "-m", "jupyterhub", "-f", str(HERE / "jupyterhub_config.py")]
    os.execv(sys.executable, hub)


if __name__ == "__main__":
    raise SystemExit(main())
