"""The course hub (hub/, `make hub`, docs/hub.md): the roster, the checks before anything starts, and a
real JupyterHub with real system users driven through Debian's chromium (the slow test at the end).
"""

from __future__ import annotations

import os
import pwd
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from hub import launch, prepare, roster

ROOT = Path(__file__).resolve().parent.parent
IS_ROOT = os.geteuid() == 0


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_roster_has_one_instructor_and_students() -> None:
    read = roster.read(ROOT / "hub" / "roster.csv")
    assert read.errors == []
    assert read.instructor == "teacher"
    assert read.students == ["alice", "bob"]


def test_every_bad_roster_line_is_reported_with_its_number(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "# the class\nid,role\nteacher,instructor\nAlice,student\nbob,student\nbob,student\n"
        "carol,teacher\nroot,student\n1dan,student\neve\n\n",
    )
    read = roster.read(path)
    assert len(read.errors) == 6, read.errors
    joined = "\n".join(read.errors)
    assert "line 4: invalid id 'Alice'" in joined
    assert "line 6: 'bob' is already on line 5" in joined
    assert "line 7: role 'teacher' is not one of student, instructor" in joined
    assert "line 8: 'root' is a system account name" in joined
    assert "line 9: invalid id '1dan'" in joined
    assert "line 10: expected 'id,role'" in joined
    assert [a.id for a in read.accounts] == ["teacher", "bob"]


def test_a_roster_needs_its_header_and_exactly_one_instructor(tmp_path: Path) -> None:
    assert "header 'id,role'" in roster.read(_write(tmp_path, "alice,student\n")).errors[0]
    two = roster.read(_write(tmp_path, "id,role\nann,instructor\nben,instructor\ncid,student\n"))
    assert two.errors == ["roster.csv: exactly one instructor is needed (found ann, ben)"]
    none = roster.read(_write(tmp_path, "id,role\ncid,student\n"))
    assert none.errors == ["roster.csv: exactly one instructor is needed (found none)"]
    assert "cannot read the roster" in roster.read(tmp_path / "missing.csv").errors[0]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_bad_input_stops_make_hub_before_anything_is_created(tmp_path: Path) -> None:
    """A bad roster line and a port in use: one message listing both, exit 2, no user, no folder."""
    bad = f"hq{uuid.uuid4().hex[:6]}"
    path = _write(tmp_path, f"id,role\nteacher,instructor\n{bad},student\nBad Id,student\n")
    state = tmp_path / "state"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        ports = ["--port", str(port), "--api-port", str(_free_port()), "--proxy-api-port", str(_free_port())]
        done = subprocess.run(
            [sys.executable, "hub/launch.py", "--roster", str(path), "--state", str(state), *ports],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "nothing was created or changed" in done.stderr
    assert "roster.csv line 4: invalid id 'Bad Id'" in done.stderr
    assert f"port {port} (HUB_PORT) is in use" in done.stderr
    assert not state.exists()
    with pytest.raises(KeyError):
        pwd.getpwnam(bad)


def test_make_hub_runs_the_launcher_on_hub_port() -> None:
    dry = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "-o", ".venv/bin/actionlint", "hub", "HUB_PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dry.returncode == 0, dry.stderr
    assert "hub/launch.py" in dry.stdout and "--port 8123" in dry.stdout


@pytest.mark.skipif(not IS_ROOT, reason="creating system users needs root")
def test_a_user_who_exists_is_kept_with_their_home_and_a_system_account_is_refused(tmp_path: Path) -> None:
    name = f"hk{uuid.uuid4().hex[:6]}"
    try:
        assert "system user created" in prepare.ensure_user(name)
        home = Path(pwd.getpwnam(name).pw_dir)
        assert home.stat().st_mode & 0o777 == 0o700
        (home / "work.txt").write_text("mine", encoding="utf-8")
        again = prepare.ensure_user(name)
        assert "exists already" in again and "kept as it is" in again
        assert (home / "work.txt").read_text(encoding="utf-8") == "mine"
    finally:
        subprocess.run(["userdel", "--remove", name], capture_output=True)
    with pytest.raises(prepare.SetupError, match="a system account with this name already exists"):
        prepare.ensure_user("daemon")
    args = launch._parser().parse_args(["--roster", str(_write(tmp_path, "id,role\nann,instructor\nbin,student\n"))])
    assert "roster.csv line 3: 'bin' is a system account name, not a person of the class" in launch.check(args)
