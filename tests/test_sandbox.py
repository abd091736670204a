"""The process boundary: student code runs elsewhere, only plain data comes back, limits hold."""

from __future__ import annotations

import os
import socket
import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.sandbox import protocol
from autograder.sandbox.client import Ending, Sandbox
from autograder.sandbox.isolation import MALLOC_TUNABLES, choose_isolation
from autograder.sandbox.limits import Limits

CELLS = [
    ("pid", "import os\ndef pid():\n    return os.getpid()\n"),
    ("echo", "def echo(x):\n    return x\n"),
    (
        "obj",
        "class Sneaky(float):\n    def __eq__(self, other):\n        return True\ndef obj():\n    return Sneaky(1.0)\n",
    ),
    ("sub", "class Sub(np.ndarray):\n    pass\ndef sub():\n    return np.zeros(3).view(Sub)\n"),
    ("exits", "import sys\ndef exits():\n    sys.exit(0)\n"),
    ("hard_exit", "import os\ndef hard_exit():\n    os._exit(1)\n"),
    ("spin", "def spin():\n    while True:\n        pass\n"),
    ("mutate", "def mutate(x):\n    x[0] = 99.0\n    return 0.0\n"),
    ("noisy", "def noisy():\n    print('42 / 42 points')\n    return np.log(np.zeros(1))\n"),
    ("bomb", "def bomb():\n    return np.ones(10**10)\n"),
    ("broken_import", "raise RuntimeError('boom at import')\ndef never():\n    return 1\n"),
    ("dies_at_import", "import os\nos._exit(3)\n"),
    ("hog", "import os\nkept = []\ndef hog():\n    kept.append(np.ones(40_000_000))\n    return os.getpid()\n"),
    ("alive", "import os\ndef alive(pid):\n    return os.path.exists(f'/proc/{pid}')\n"),
    ("environment", "import os\ndef environment():\n    return dict(os.environ)\n"),
    ("sleeps", "import time\ndef sleeps():\n    time.sleep(60)\n"),
    (
        "trickle",
        "import gc, json, socket, struct, time\n"
        "def trickle():\n"
        "    sock = [o for o in gc.get_objects() if isinstance(o, socket.socket) and o.fileno() > 2][-1]\n"
        "    body = json.dumps({'event': 'result', 'ok': True, 'value': 1.0}).encode()\n"
        "    for byte in struct.pack('!II', len(body), 0) + body:\n"
        "        sock.send(bytes([byte]))\n"
        "        time.sleep(0.2)\n"
        "    time.sleep(60)\n",
    ),
]


@pytest.fixture(scope="module")
def box():
    with Sandbox(CELLS, Limits(memory_bytes=1024**3, wall_factor=2, wall_grace=2)) as sandbox:
        yield sandbox


def call(box: Sandbox, name: str, *args, timeout: float = 5.0, readonly: bool = False):
    session = box.session(name, cpu_seconds=10)
    try:
        return session.call(list(args), {}, timeout, readonly)
    finally:
        session.close()


def test_student_code_runs_in_another_process(box: Sandbox) -> None:
    outcome = call(box, "pid")
    assert outcome.ok and outcome.value != os.getpid()


def test_arrays_cross_as_plain_data(box: Sandbox) -> None:
    x = np.arange(6.0).reshape(2, 3)
    outcome = call(box, "echo", x)
    assert type(outcome.value) is np.ndarray and np.array_equal(outcome.value, x)


def test_objects_that_are_not_plain_data_do_not_cross(box: Sandbox) -> None:
    assert isinstance(call(box, "obj").value, protocol.Unsupported)
    assert isinstance(call(box, "sub").value, protocol.Unsupported)


def test_exits_and_crashes_are_contained(box: Sandbox) -> None:
    outcome = call(box, "exits")
    assert not outcome.ok and outcome.exc_type == "SystemExit"
    outcome = call(box, "hard_exit")
    assert outcome.ending == Ending.CRASHED and "ended the process" in outcome.crash
    assert call(box, "pid").ok  # the next function still works


def test_endless_loop_times_out(box: Sandbox) -> None:
    outcome = call(box, "spin", timeout=0.5)
    assert outcome.ending == Ending.TIMED_OUT and "used more than 0.5 s of CPU time" in outcome.crash


def test_a_call_that_sleeps_or_trickles_its_reply_meets_the_wall_clock_deadline(box: Sandbox) -> None:
    started = time.monotonic()
    outcome = call(box, "sleeps", timeout=0.5)
    assert outcome.ending == Ending.TIMED_OUT and "did not answer within 3 s" in outcome.crash
    outcome = call(box, "trickle", timeout=0.5)  # a valid reply, one byte every 0.2 s: 13 s in all
    assert outcome.ending == Ending.TIMED_OUT and outcome.value is None
    assert time.monotonic() - started < 10


def test_mutation_warnings_and_output_are_reported(box: Sandbox) -> None:
    assert call(box, "mutate", np.zeros(2)).mutated == ["argument 1"]
    assert not call(box, "mutate", np.zeros(2), readonly=True).ok
    noisy = call(box, "noisy")
    assert noisy.warnings and "42 / 42" in noisy.output


def test_memory_bomb_costs_only_its_call(box: Sandbox) -> None:
    outcome = call(box, "bomb")
    assert not outcome.ok
    assert call(box, "pid").ok


def test_cells_that_fail_at_import_are_skipped_and_reported(box: Sandbox) -> None:
    assert call(box, "echo", 1.5).value == 1.5
    assert call(box, "broken_import").missing
    assert call(box, "dies_at_import").missing
    kinds = {p.cell: p.kind for p in box.problems}
    assert kinds["broken_import"] == "error" and kinds["dies_at_import"] == "crash"


def test_isolation_layer_is_named() -> None:
    isolation = choose_isolation()
    assert isolation.name in ("bubblewrap", "process")
    filesystem_missing = any("filesystem isolation" in m for m in isolation.missing)
    assert (isolation.name == "process") == filesystem_missing
    assert choose_isolation("process").missing, "a plain process must say what it lacks"


plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | hnp.arrays(
        st.sampled_from([np.float64, np.int64, np.float32, np.bool_]), hnp.array_shapes(max_dims=3, max_side=4)
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return (
            type(b) is np.ndarray
            and a.dtype == b.dtype
            and a.shape == b.shape
            and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
        )
    if isinstance(a, float):
        return isinstance(b, float) and (a == b or (a != a and b != b))
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _round_trip(message: dict) -> protocol.Frame:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        sender = threading.Thread(target=protocol.send, args=(ours, message))  # large frames fill the buffer
        sender.start()
        frame = protocol.recv(theirs)
        sender.join()
    return frame


@settings(max_examples=200, deadline=None)
@given(plain)
def test_protocol_round_trips_plain_data(value) -> None:
    frame = _round_trip({"value": protocol.encode(value)})
    assert _same(protocol.decode(frame["value"], frame.attachments), value)


def test_protocol_carries_large_arrays_as_attachments() -> None:
    big = np.arange(300_000, dtype=np.float32).reshape(600, 500)[:, ::2]  # not contiguous, > 64 kB
    frame = _round_trip({"value": protocol.encode([big, np.int16(7), np.ones(3)])})
    assert len(frame.attachments) == 1  # the small ones travel inside the header
    value = protocol.decode(frame["value"], frame.attachments)
    assert np.array_equal(value[0], big) and value[0].dtype == np.float32 and value[1] == np.int16(7)
    assert np.array_equal(value[2], np.ones(3))


def test_protocol_refuses_object_arrays() -> None:
    with pytest.raises(TypeError):
        protocol.encode(np.array([object()]))
    with pytest.raises(protocol.ProtocolError):
        protocol.decode({"__nd__": "|O", "shape": [1], "data": {"__attachment__": 0}}, [bytearray(8)])


def test_protocol_refuses_forged_array_nodes() -> None:
    """A dict that looks like an array node stays a dict; an attachment backs one array only."""
    forged = {"__nd__": "<f8", "shape": [1], "data": {"__attachment__": 0}}
    assert protocol.decode(protocol.encode(forged), [bytearray(8)]) == forged
    with pytest.raises(protocol.ProtocolError):
        protocol.decode([forged, forged], [bytearray(8)])
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(forged, [])
    with pytest.raises(protocol.ProtocolError):
        protocol.decode({**forged, "shape": [2]}, [bytearray(8)])


def test_the_previous_child_is_gone_before_the_next_starts(box: Sandbox) -> None:
    """Its memory is back before the next function's child starts: the cap never counts two at once."""
    pid = call(box, "hog").value
    assert isinstance(pid, int)
    assert call(box, "alive", pid).value is False


def test_worker_keeps_freed_memory_for_the_next_array(box: Sandbox) -> None:
    """Without these malloc settings, loops over ~100 kB arrays ran twice as slowly as in a notebook."""
    assert call(box, "environment").value["GLIBC_TUNABLES"] == MALLOC_TUNABLES


SIBLINGS = """
import os, time
def siblings():
    # the server's other children, polled for up to 5 s (the spare is forked while this call runs)
    for _ in range(500):
        found = []
        for entry in filter(str.isdigit, os.listdir('/proc')):
            try:
                with open(f'/proc/{entry}/stat') as f:
                    parent = int(f.read().rsplit(')', 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if parent == os.getppid() and int(entry) != os.getpid():
                found.append(int(entry))
        if found:
            return found
        time.sleep(0.01)
    return []
"""
AHEAD_CELLS = [
    ("siblings", SIBLINGS),
    ("me", "import os\ndef me():\n    return os.getpid()\n"),
    (
        "leaves",
        "import os, time\ndef leaves():\n    if os.fork() == 0:\n        while True:\n"
        "            with open('/tmp/heartbeat', 'a') as f:\n                f.write('.')\n"
        "            time.sleep(0.001)\n    time.sleep(0.05)\n    return os.path.getsize('/tmp/heartbeat')\n",
    ),
    (
        "beats",
        "import os, time\ndef beats():\n    first = os.path.getsize('/tmp/heartbeat')\n    time.sleep(0.1)\n"
        "    return [first, os.path.getsize('/tmp/heartbeat')]\n",
    ),
    ("alive", "import os\ndef alive(pid):\n    return os.path.exists(f'/proc/{pid}')\n"),
]


def test_the_next_planned_function_is_forked_ahead_and_used() -> None:
    with Sandbox(AHEAD_CELLS, Limits(memory_bytes=1024**3)) as box:
        box.plan([("siblings", 10), ("me", 10)])
        spare = call(box, "siblings").value
        assert len(spare) == 1 and call(box, "me").value == spare[0]


def test_what_a_function_leaves_behind_is_killed_before_the_next_runs() -> None:
    """`leaves` starts a process that writes a heartbeat every millisecond; the next function (its child
    forked ahead, so alive all along) must find the heartbeat stopped from its first call on."""
    with Sandbox(AHEAD_CELLS, Limits(memory_bytes=1024**3)) as box:
        box.plan([("leaves", 10), ("beats", 10)])
        assert call(box, "leaves").value > 0
        first, later = call(box, "beats").value
        assert first == later


def test_a_spare_for_another_function_is_dropped() -> None:
    with Sandbox(AHEAD_CELLS, Limits(memory_bytes=1024**3)) as box:
        box.plan([("siblings", 10), ("me", 10)])
        spare = call(box, "siblings").value
        assert len(spare) == 1
        assert call(box, "alive", spare[0]).value is False  # not the planned function: the spare is killed
        assert call(box, "me").value != spare[0]
