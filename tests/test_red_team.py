"""Red team: each attack is a submission. Whatever it does, every other function keeps its score, the
attacked function gains nothing, no file outside the sandbox changes, no process is left behind, and
grading ends in bounded time. Run alone with `pytest tests/test_red_team.py`."""

from __future__ import annotations

import hashlib
import os
import socket
import time
from pathlib import Path

import pytest

from autograder.config import GradeOptions
from autograder.grading import grade_submission
from autograder.paths import ROOT
from autograder.sandbox.client import Sandbox
from autograder.sandbox.isolation import choose_isolation
from tests.conftest import notebook_with

pytestmark = pytest.mark.xdist_group("red_team")
TARGET = "entropy"
WATCHED = (
    "autograder/sandbox",
    "autograder/suites/m1_1_math/__init__.py",
    "solutions/m1_1_math.py",
    "source/m1_1_math",
    "release/m1_1_math",
    "assignments/m1_1_math",
    "samples/submitted/alice_complete",
)

ATTACKS = {
    "sys.exit at import": "import sys\nsys.exit(0)\ndef entropy(p):\n    return 0.0\n",
    "os._exit at import": "import os\nos._exit(0)\n",
    "atexit hook": "import atexit\natexit.register(lambda: print('{\"score\": 100}'))\ndef entropy(p):\n    return 0.0\n",
    "KeyboardInterrupt at import": "raise KeyboardInterrupt\n",
    "BaseException in call": "class Boom(BaseException):\n    pass\ndef entropy(p):\n    raise Boom()\n",
    "SystemExit in call": "def entropy(p):\n    raise SystemExit(0)\n",
    "os._exit in call": "import os\ndef entropy(p):\n    os._exit(0)\n",
    "monkeypatch numpy": (
        "np.allclose = lambda *a, **k: True\nnp.isclose = lambda *a, **k: True\n"
        "np.sum = lambda *a, **k: 0.0\nnp.log = lambda x: x\ndef entropy(p):\n    return 0.0\n"
    ),
    "monkeypatch builtins": (
        "import builtins\nbuiltins.isinstance = lambda *a: True\nbuiltins.float = lambda *a: 1.0\n"
        "def entropy(p):\n    return 0.0\n"
    ),
    "equal to anything": (
        "class Any(float):\n    def __eq__(self, other):\n        return True\n"
        "    def __le__(self, other):\n        return True\ndef entropy(p):\n    return Any(0.0)\n"
    ),
    "ndarray subclass": "class Fake(np.ndarray):\n    pass\ndef entropy(p):\n    return np.zeros(()).view(Fake)\n",
    "NaN": "def entropy(p):\n    return float('nan')\n",
    "read hidden suite": (
        "def entropy(p):\n    return float(len(open('/work/main/autograder/suites/m1_1_math/__init__.py').read()))\n"
    ),
    "write into the repository": (
        "import os\nfor d in ('/work/main', os.getcwd(), '..'):\n    try:\n"
        "        open(os.path.join(d, 'results.json'), 'w').write('{\"score\": 100}')\n"
        "    except OSError:\n        pass\ndef entropy(p):\n    return 0.0\n"
    ),
    "print fake results": (
        "import os\nprint('{\"score\": 100}')\nos.write(1, b'{\"score\": 100}')\n"
        "def entropy(p):\n    print('All tests passed! 100/100')\n    return 0.0\n"
    ),
    "endless loop ignoring signals": (
        "import signal\ndef entropy(p):\n    signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
        "    signal.signal(signal.SIGTERM, signal.SIG_IGN)\n    while True:\n        pass\n"
    ),
    "endless loop at import": "while True:\n    pass\n",
    "memory bomb": "def entropy(p):\n    chunks = []\n    while True:\n        chunks.append(np.ones(10**8))\n",
    "fork bomb": (
        "import os\ndef entropy(p):\n    for _ in range(10000):\n        try:\n            os.fork()\n"
        "        except OSError:\n            pass\n    return 0.0\n"
    ),
    "background process outlives the call": (
        "import os, time\ndef entropy(p):\n    if os.fork() == 0:\n"
        "        os.setsid()\n        time.sleep(3600)\n    return 0.0\n"
    ),
    "background thread": (
        "import threading, time\nthreading.Thread(target=lambda: time.sleep(3600), daemon=False).start()\n"
        "def entropy(p):\n    return 0.0\n"
    ),
    "huge output": "def entropy(p):\n    print('x' * 10**8)\n    return 0.0\n",
    "loopback connection": (
        "import socket\ndef entropy(p):\n    s = socket.create_connection(('127.0.0.1', 22), timeout=1)\n"
        "    return 0.0\n"
    ),
    "pickle payload": "import pickle\ndef entropy(p):\n    return pickle.dumps(print)\n",
    "kill the parent": "import os, signal\ndef entropy(p):\n    os.kill(os.getppid(), signal.SIGKILL)\n    return 0.0\n",
    "kill everything": (
        "import os, signal\ndef entropy(p):\n    for pid in os.listdir('/proc'):\n        if pid.isdigit() and int(pid) != os.getpid():\n"
        "            try:\n                os.kill(int(pid), signal.SIGKILL)\n            except OSError:\n                pass\n    return 0.0\n"
    ),
    "read environment secrets": "import os\ndef entropy(p):\n    return float(len(os.environ.get('SECRET_TOKEN', '')))\n",
}


NEEDS_PROCESS_CAP = {"fork bomb"}


def _snapshot() -> dict[str, str]:
    digests = {}
    for folder in WATCHED:
        for path in sorted([ROOT / folder, *(ROOT / folder).rglob("*")]):
            if path.is_file() and "__pycache__" not in path.parts:
                digests[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    digests["top-level files"] = ",".join(sorted(p.name for p in ROOT.iterdir() if p.is_file()))
    return digests


def _worker_processes() -> list[int]:
    """Sandbox processes started by this test process (other graders on the machine are not ours)."""
    parents: dict[int, int] = {}
    commands: dict[int, bytes] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_bytes().rsplit(b")", 1)[1].split()
                parents[int(entry)] = int(stat[1])
                commands[int(entry)] = Path(f"/proc/{entry}/cmdline").read_bytes()
            except (OSError, IndexError, ValueError):
                continue
    mine, frontier = set(), [os.getpid()]
    while frontier:
        pid = frontier.pop()
        children = [p for p, pp in parents.items() if pp == pid and p not in mine]
        mine.update(children)
        frontier += children
    return sorted(p for p in mine if b"worker.py" in commands.get(p, b"") or b"bwrap" in commands.get(p, b""))


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> dict[str, float]:
    path = tmp_path_factory.mktemp("baseline") / "m1_1_math.ipynb"
    import json

    path.write_text(json.dumps(notebook_with("m1_1_math", {})), encoding="utf-8")
    return {f: s for f, (s, _) in grade_submission("m1_1_math", path).functions().items()}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_changes_nothing_else(name: str, baseline: dict[str, float], write_notebook, monkeypatch) -> None:
    missing = choose_isolation().missing
    if name in NEEDS_PROCESS_CAP and any("process-count" in m for m in missing):
        pytest.skip(
            "no cgroup process cap on this host (the grader reports the missing layer); a fork bomb here is real"
        )
    monkeypatch.setenv("SECRET_TOKEN", "hunter2-secret")
    before = _snapshot()
    started = time.monotonic()
    path = write_notebook("m1_1_math", notebook_with("m1_1_math", {TARGET: ATTACKS[name]}))
    report = grade_submission("m1_1_math", path, GradeOptions())
    elapsed = time.monotonic() - started
    scores = {f: s for f, (s, _) in report.functions().items()}
    assert scores[TARGET] == 0, report.first_failures().get(TARGET)
    assert {f: s for f, s in scores.items() if f != TARGET} == {f: s for f, s in baseline.items() if f != TARGET}
    assert _snapshot() == before, "a file outside the sandbox changed"
    assert _worker_processes() == [], "a sandbox process outlived grading"
    assert elapsed < 60
    data = report.to_gradescope()
    assert data["score"] == round(sum(t["score"] for t in data["tests"]), 6)
    assert "hunter2" not in str(data)


def test_forbidden_api_through_getattr_scores_zero(write_notebook) -> None:
    code = "def dot(u, v):\n    f = getattr(np, 'd' 'ot')\n    return float(f(np.asarray(u), np.asarray(v)))\n"
    path = write_notebook("m1_1_math", notebook_with("m1_1_math", {"dot": code}))
    report = grade_submission("m1_1_math", path, GradeOptions(), select=["--grades", "dot"])
    assert report.functions()["dot"][0] == 0
    assert (
        "may not use" in report.first_failures()["dot"] or "looks like a way around" in report.first_failures()["dot"]
    )


@pytest.fixture(scope="module")
def probe():
    cells = [
        (
            "read",
            "def read(p):\n    try:\n        return open(p, 'rb').read(64).decode('latin-1')\n"
            "    except Exception as e:\n        return type(e).__name__\n",
        ),
        ("env", "import os\ndef env():\n    return dict(os.environ)\n"),
        (
            "connect",
            "import socket\ndef connect(port):\n    try:\n        socket.create_connection(('127.0.0.1', port), 1)\n"
            "        return 'connected'\n    except Exception as e:\n        return type(e).__name__\n",
        ),
        (
            "write",
            "def write(p):\n    try:\n        open(p, 'w').write('x')\n        return 'written'\n"
            "    except Exception as e:\n        return type(e).__name__\n",
        ),
        (
            "processes",
            "import os\ndef processes():\n    return sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n",
        ),
    ]
    isolation = choose_isolation()
    if isolation.missing:
        pytest.skip("the sandbox layers are missing here: " + "; ".join(isolation.missing))
    with Sandbox(cells, isolation=isolation) as box:
        yield box


def _ask(box: Sandbox, name: str, *args):
    session = box.session(name, cpu_seconds=10)
    try:
        outcome = session.call(list(args), {}, 10)
        assert outcome.ok, outcome
        return outcome.value
    finally:
        session.close()


@pytest.mark.parametrize(
    "path",
    [
        str(ROOT / "autograder" / "suites" / "m1_1_math.py"),
        str(ROOT / "solutions" / "m1_1_math.py"),
        str(ROOT / "gradebook.db"),
        "/etc/shadow",
        "/root/.bash_history",
        "/proc/self/../1/../../proc/1/root/etc/hostname",
    ],
)
def test_sandbox_cannot_read_grader_files(probe: Sandbox, path: str) -> None:
    assert _ask(probe, "read", path) in ("FileNotFoundError", "PermissionError")


def test_sandbox_sees_no_secrets(probe: Sandbox, monkeypatch) -> None:
    env = _ask(probe, "env")
    assert "SECRET_TOKEN" not in env and "GITHUB_TOKEN" not in env
    assert set(env) <= {
        "PATH",
        "HOME",
        "LANG",
        "PWD",
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "PYTHONHASHSEED",
        "PYTHONDONTWRITEBYTECODE",
        "GLIBC_TUNABLES",
        "OPENBLAS_CORETYPE",
        "OPENBLAS_L2_SIZE",
    }


def test_sandbox_has_no_network(probe: Sandbox) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        assert _ask(probe, "connect", server.getsockname()[1]) != "connected"
    finally:
        server.close()


def test_sandbox_cannot_write_outside_scratch(probe: Sandbox) -> None:
    assert _ask(probe, "write", str(ROOT / "pwned.txt")) != "written" or not (ROOT / "pwned.txt").exists()
    assert not (ROOT / "pwned.txt").exists()
    assert _ask(probe, "write", "/usr/pwned") != "written"


def test_sandbox_sees_only_its_own_processes(probe: Sandbox) -> None:
    assert os.getpid() not in _ask(probe, "processes") or len(_ask(probe, "processes")) < 10
    assert len(_ask(probe, "processes")) < 10
