"""The grader's side of the sandbox: start the fork server, open one session per function."""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing.util
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from autograder.sandbox import protocol
from autograder.sandbox.cgroups import CgroupJail
from autograder.sandbox.isolation import Isolation, choose_isolation
from autograder.sandbox.limits import Limits
from autograder.static.rules import needed_cells

WORKER_FILES = ("worker.py", "protocol.py")
HERE = Path(__file__).resolve().parent
POLL_SECONDS = 0.1  # how often the CPU time of a running call is read
# Caps on student-controlled text in an outcome, applied here, on the grader's side.
MAX_MESSAGE = 500
MAX_OUTPUT = 2000
MAX_WARNINGS = 5


class WorkerGone(Exception):
    """The worker process died or stopped answering."""


class CpuTimeout(TimeoutError):
    """A call used more CPU time than its test allows."""


class Ending:
    """How a call ended: the verdict's kind, decided from what happened, never from message text."""

    RETURNED = "returned"
    RAISED = "raised"
    TIMED_OUT = "timed_out"
    CRASHED = "crashed"  # the process died (exit, signal, CPU or memory limit, broken reply)
    MISSING = "missing"  # the function is not defined after loading its cells
    UNLOADABLE = "unloadable"  # the submission's cells could not be loaded at all


@dataclass
class Warned:
    """One warning a call emitted: its category and numpy's floating-point error kind, if any (its text is
    never shown: student code could write anything into it)."""

    category: str
    kind: str  # "overflow", "divide", "invalid" or "" (see worker.warning_kind)


@dataclass
class CallOutcome:
    """What one call of a student function produced, as plain data."""

    ending: str
    value: Any = None
    exc_type: str = ""
    message: str = ""
    traceback: str = ""
    is_value_error: bool = False
    read_only_write: list[str] = field(default_factory=list)  # read-only arguments it tried to write to
    crash: str = ""  # why the process ended or was stopped, for the student
    warnings: list[Warned] = field(default_factory=list)
    output: str = ""
    mutated: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """It returned."""
        return self.ending == Ending.RETURNED

    @property
    def missing(self) -> bool:
        """The function was not defined."""
        return self.ending == Ending.MISSING

    @property
    def crashed(self) -> bool:
        """It never answered: a crash, a time-out, or a submission that could not be loaded."""
        return self.ending in (Ending.CRASHED, Ending.TIMED_OUT, Ending.UNLOADABLE)


@dataclass
class CellProblem:
    """A cell that raised, crashed or hung while the submission's code was being loaded."""

    cell: str
    kind: str  # "error", "crash" or "hang"
    detail: str


@dataclass
class _Server:
    """A launched fork server: its process, control socket, scratch folder and cgroup."""

    proc: subprocess.Popen[bytes]
    control: socket.socket
    scratch: Path
    jail: CgroupJail | None

    @classmethod
    def launch(cls, limits: Limits, isolation: Isolation) -> _Server:
        """Start the worker; it imports numpy and then waits for the submission's cells."""
        scratch = Path(tempfile.mkdtemp(prefix="ag-sandbox-"))
        (scratch / "runtime").mkdir()
        (scratch / "work").mkdir()
        for name in WORKER_FILES:
            shutil.copy(HERE / name, scratch / "runtime" / name)
        ours, theirs = socket.socketpair()
        command = isolation.command(
            [sys.executable, "-I", "-B", "runtime/worker.py", str(theirs.fileno())], scratch=scratch
        )
        jail = CgroupJail.create(limits.max_processes, limits.memory_bytes + 1024**3)

        def prepare_child() -> None:
            limits.apply()
            if jail is not None:
                jail.join()

        proc = subprocess.Popen(
            command,
            cwd=scratch,
            env=isolation.environment(scratch),
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=prepare_child,
            start_new_session=True,
        )
        theirs.close()
        return cls(proc, ours, scratch, jail)

    def close(self) -> None:
        """Kill the server and everything it started; remove its files and cgroup."""
        with contextlib.suppress(Exception):
            protocol.send(self.control, {"op": "exit"})
        self.control.close()
        _wait_exit(self.proc, timeout=2)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.proc.kill()
            self.proc.wait(timeout=5)
        if self.jail is not None:
            self.jail.remove()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _wait_exit(proc: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait for ``proc`` to end. A pidfd wakes us the moment it does (``Popen.wait(timeout)`` polls with
    sleeps that grow to 50 ms, which made every submission's tear-down cost tens of milliseconds)."""
    try:
        pidfd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=timeout)
        return
    try:
        select.select([pidfd], [], [], timeout)
    finally:
        os.close(pidfd)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=0)


_WARM: dict[tuple[Limits, str], _Server] = {}


def prewarm(limits: Limits, isolation: Isolation) -> None:
    """Launch the next submission's fork server now, so its numpy import overlaps other work."""
    if os.getpid() not in _FINALIZED:  # pool workers skip atexit and drop finalizers made before the fork
        _FINALIZED.add(os.getpid())
        multiprocessing.util.Finalize(None, _close_warm, exitpriority=100)
    key = (limits, isolation.name)
    if key not in _WARM:
        _WARM[key] = _Server.launch(limits, isolation)


def _close_warm() -> None:
    while _WARM:
        _WARM.popitem()[1].close()


atexit.register(_close_warm)
_FINALIZED: set[int] = set()


class Sandbox:
    """One fork server for one submission; answer cells are given as (cell id, source) pairs.

    Each graded function runs in its own child. Given the grading ``plan``, the next function's child
    is forked and loads its cells while the current function is graded (its "spare"); the server
    kills every other process after each function, so nothing of one function survives into the next.
    """

    def __init__(
        self,
        cells: list[tuple[str, str]],
        limits: Limits | None = None,
        isolation: Isolation | None = None,
        answers: dict[str, str] | None = None,
    ) -> None:
        self.cells = [{"id": cid, "source": src} for cid, src in cells]
        self.answers = dict(answers or {})
        self.limits = limits or Limits()
        self.isolation = isolation or choose_isolation()
        self.skip: dict[str, CellProblem] = {}
        self.cell_errors: dict[str, CellProblem] = {}
        self._server: _Server | None = None
        self._control: socket.socket | None = None
        self._plan: list[tuple[str, float]] = []
        self._needed: dict[str, list[str]] = {}
        self._replies: deque[str] = deque()  # what the server still owes us, in order: "reap" or "spare"
        self._spare_key: tuple[Any, ...] | None = None
        self._spare: tuple[tuple[Any, ...], socket.socket] | None = None

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Start (or take a pre-warmed) fork server and give it the cells; no student code runs yet."""
        server = _WARM.pop((self.limits, self.isolation.name), None)
        if server is not None:  # a process that pre-warms (a grading worker) keeps the next one booting
            prewarm(self.limits, self.isolation)
        if server is None or server.proc.poll() is not None:
            if server is not None:
                server.close()
            server = _Server.launch(self.limits, self.isolation)
        self._server = server
        self._control = server.control
        protocol.send(server.control, {"cells": self.cells})
        reply = self._recv_control(self.limits.load_seconds + 20)
        if reply.get("event") != "started":
            raise WorkerGone(f"worker did not start: {reply}")

    def close(self) -> None:
        """Stop everything the submission started and remove the scratch folder."""
        self._drop_spare_socket()
        if self._server is not None:
            self._server.close()
        self._server = None
        self._control = None
        self._replies.clear()
        self._spare_key = None

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def restart(self) -> None:
        """Replace a fork server that stopped answering."""
        self.close()
        self.start()

    # -- sessions ------------------------------------------------------------------------
    def plan(self, functions: list[tuple[str, float]]) -> None:
        """The functions that will be graded, in order, each with its CPU budget: while one of them is
        graded, the next one's child is forked and loads its cells."""
        self._plan = list(functions)

    def session(self, function: str, cpu_seconds: float) -> FunctionSession:
        """A child with the submission loaded, ready to answer calls of ``function``."""
        return FunctionSession(self, function, cpu_seconds)

    def needed_cells(self, function: str) -> list[str]:
        """The cells ``function``'s child loads: its own and those defining the names it uses (none when
        nothing defines it: the call then reports it missing)."""
        if function not in self._needed:
            sources = [(c["id"], c["source"]) for c in self.cells]
            self._needed[function] = needed_cells(sources, function, self.answers or {function: function})
        return self._needed[function]

    def _key(self, function: str, cpu_seconds: float) -> tuple[Any, ...]:
        return (function, tuple(c for c in self.needed_cells(function) if c not in self.skip), cpu_seconds)

    def _fork(self, function: str, cpu_seconds: float) -> socket.socket:
        """A new child for ``function``: the spare forked ahead for it, or a fresh one."""
        assert self._control is not None
        key = self._key(function, cpu_seconds)
        for attempt in range(2):
            try:
                self._drain()  # the last function's processes are all killed before this one runs
                if self._spare is not None:
                    spare_key, sock = self._spare
                    self._spare = None
                    if spare_key == key:
                        protocol.send(self._control, {"op": "claim"})
                        return sock
                    sock.close()
                    self._send({"op": "reap", "drop_spare": True}, "reap")
                protocol.send(self._control, {"op": "fork", "load": list(key[1]), "cpu": cpu_seconds})
                self._drain()
                return self._recv_channel()
            except (OSError, EOFError, WorkerGone, protocol.ProtocolError):
                if attempt:
                    raise
                self.restart()
        raise WorkerGone("unreachable")

    def fork_ahead(self, after: str) -> None:
        """Fork the child of the function planned after ``after`` now; it loads while ``after`` is graded."""
        names = [name for name, _ in self._plan]
        if after not in names or names.index(after) + 1 >= len(names) or self._spare or self._spare_key:
            return
        function, cpu_seconds = self._plan[names.index(after) + 1]
        key = self._key(function, cpu_seconds)
        try:
            self._send({"op": "fork", "load": list(key[1]), "cpu": cpu_seconds, "spare": True}, "spare")
            self._spare_key = key
        except OSError:
            return  # the next fork finds out and restarts the server

    def reap(self) -> None:
        """Have the server kill every process the last session left behind (the spare excepted). The
        grader reads the reply, sent once all of them are killed, only before the next child starts; the
        server collects the dead before it reads another request, so a fresh child never shares the
        memory cap with them."""
        try:
            self._send({"op": "reap"}, "reap")
        except (OSError, AssertionError):
            self.restart()

    def _send(self, message: dict[str, Any], reply: str) -> None:
        assert self._control is not None
        protocol.send(self._control, message)
        self._replies.append(reply)

    def _drain(self) -> None:
        """Read what the server owes us, in order; a server that stops answering raises WorkerGone."""
        while self._replies:
            kind = self._replies.popleft()
            if kind == "spare":
                sock = self._recv_channel()
                assert self._spare_key is not None
                self._spare, self._spare_key = (self._spare_key, sock), None
                continue
            try:
                reply = self._recv_control(10)
            except (EOFError, protocol.ProtocolError) as exc:
                raise WorkerGone(f"the fork server ended ({exc})") from exc
            if reply.get("event") != "reaped":
                raise WorkerGone(f"unexpected reply from the fork server: {reply}")

    def _recv_channel(self) -> socket.socket:
        assert self._control is not None
        if not select.select([self._control], [], [], 10)[0]:
            raise WorkerGone("fork timed out")
        _, fds, _, _ = socket.recv_fds(self._control, 1, 1)
        if not fds:
            raise WorkerGone("no channel received")
        return socket.socket(fileno=fds[0])

    def _drop_spare_socket(self) -> None:
        if self._spare is not None:
            self._spare[1].close()
            self._spare = None

    def _recv_control(self, timeout: float) -> protocol.Frame:
        assert self._control is not None
        if not select.select([self._control], [], [], timeout)[0]:
            raise WorkerGone("the worker stopped answering")
        return protocol.recv(self._control)

    def cpu_seconds(self) -> float | None:
        """CPU time the whole submission has used so far (None where no cgroup counts it)."""
        if self._server is None or self._server.jail is None:
            return None
        return self._server.jail.cpu_seconds()

    def problem_for(self, cell: str) -> CellProblem | None:
        """The load problem of one cell, if it had one."""
        return self.skip.get(cell) or self.cell_errors.get(cell)

    @property
    def problems(self) -> list[CellProblem]:
        """Every cell problem seen while loading, crashes and hangs first."""
        return list(self.skip.values()) + [p for k, p in self.cell_errors.items() if k not in self.skip]


class FunctionSession:
    """Calls of one graded function, each in the same child until it dies, then in a new one."""

    def __init__(self, sandbox: Sandbox, function: str, cpu_seconds: float) -> None:
        self.sandbox = sandbox
        self.function = function
        self.cpu_seconds = cpu_seconds
        self.endings: list[str] = []  # how each call ended, in order
        # Every call of the function must be answered by this time on the clock, whatever each call's own limit.
        self.deadline = time.monotonic() + sandbox.limits.wall_seconds(cpu_seconds)
        self._sock: socket.socket | None = None

    def _ensure_child(self) -> socket.socket:
        if self._sock is not None:
            return self._sock
        box = self.sandbox
        for _ in range(len(box.cells) + 1):
            sock = box._fork(self.function, self.cpu_seconds)
            current = None
            try:
                while True:
                    message = _recv(sock, box.limits.load_seconds)
                    event = message.get("event")
                    if event == "loading":
                        current = message["cell"]
                    elif event == "loaded":
                        if message.get("error"):
                            err = message["error"]
                            detail = f"{err['exc_type']}: {err['message']}"
                            box.cell_errors[current or "?"] = CellProblem(current or "?", "error", detail)
                        current = None
                    elif event == "ready":
                        self._sock = sock
                        box.fork_ahead(self.function)
                        return sock
            except (EOFError, OSError, protocol.ProtocolError, WorkerGone, TimeoutError) as exc:
                sock.close()
                box.reap()
                if current is None:
                    raise WorkerGone(f"the worker died before loading the cells ({exc})") from exc
                kind = "hang" if isinstance(exc, TimeoutError) else "crash"
                detail = (
                    (f"did not finish running within {box.limits.load_seconds:g} s")
                    if kind == "hang"
                    else "ended the process while it ran"
                )
                box.skip[current] = CellProblem(current, kind, detail)
        raise WorkerGone("every cell crashed")

    def call(
        self, args: list[Any], kwargs: dict[str, Any], timeout: float, readonly: bool = False, driver: str = ""
    ) -> CallOutcome:
        """Call the function (through the test's ``driver`` loop, if given); a crash or a time-out is
        reported in the outcome, never raised."""
        outcome = self._call(args, kwargs, timeout, readonly, driver)
        self.endings.append(outcome.ending)
        return outcome

    def _call(
        self, args: list[Any], kwargs: dict[str, Any], timeout: float, readonly: bool, driver: str
    ) -> CallOutcome:
        try:
            sock = self._ensure_child()
        except WorkerGone as exc:
            return CallOutcome(Ending.UNLOADABLE, crash=f"could not be loaded: {exc}")
        request = {
            "op": "call",
            "function": self.function,
            "readonly": readonly,
            "driver": driver,
            "args": protocol.encode(list(args)),
            "kwargs": protocol.encode(dict(kwargs)),
        }
        try:
            protocol.send(sock, request)
            reply = self._await(sock, timeout)
            if reply.get("event") != "result":
                raise protocol.ProtocolError("unexpected frame")
            return _outcome(reply, args, kwargs)
        except CpuTimeout:
            self._kill()
            return CallOutcome(
                Ending.TIMED_OUT, crash=f"used more than {timeout:g} s of CPU time (an endless loop, or far too slow)"
            )
        except TimeoutError:
            self._kill()
            wall = self.sandbox.limits.wall_seconds(timeout)
            return CallOutcome(
                Ending.TIMED_OUT, crash=f"did not answer within {wall:g} s (it waited, slept or blocked)"
            )
        except (EOFError, OSError, protocol.ProtocolError, ValueError, KeyError, TypeError, RecursionError) as exc:
            self._kill()
            return CallOutcome(Ending.CRASHED, crash=f"ended the process while running ({_reason(exc)})")

    def _await(self, sock: socket.socket, timeout: float) -> protocol.Frame:
        """The reply, judged by the CPU time the submission uses (``timeout`` seconds) and by a wall-clock
        deadline for the whole reply; where no cgroup counts CPU time, by the clock alone."""
        started = time.monotonic()
        cpu_start = self.sandbox.cpu_seconds()
        deadline = started + (self.sandbox.limits.wall_seconds(timeout) if cpu_start is not None else timeout)
        deadline = min(deadline, self.deadline)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            if select.select([sock], [], [], min(left, POLL_SECONDS))[0]:
                return protocol.recv(sock, deadline)
            used = self.sandbox.cpu_seconds()
            if cpu_start is not None and used is not None and used - cpu_start > timeout:
                raise CpuTimeout

    def _kill(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        self.sandbox.reap()

    def close(self) -> None:
        """End the child and anything it started."""
        self._kill()


def _recv(sock: socket.socket, timeout: float) -> protocol.Frame:
    """One frame, or TimeoutError when it has not all arrived within ``timeout`` seconds."""
    sock.settimeout(max(timeout, 0.001))
    try:
        return protocol.recv(sock, time.monotonic() + timeout)
    except TimeoutError as exc:
        raise TimeoutError from exc


def _reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "it exited, was killed for using too much CPU time or memory, or crashed"
    return type(exc).__name__


def _text(value: Any, limit: int) -> str:
    """Student-controlled text, capped here whatever the worker claims to have capped."""
    return str(value)[:limit] if isinstance(value, (str, int, float)) else ""


def _same(sent: Any, now: Any) -> bool:
    """Whether an input came back as it was sent (arrays: same dtype, shape and values, NaN equal to NaN)."""
    if isinstance(sent, dict) and "__callable__" in sent:
        return True  # a test's callable: built inside the sandbox, not data
    if isinstance(sent, np.ndarray):
        return (
            isinstance(now, np.ndarray)
            and now.dtype == sent.dtype
            and now.shape == sent.shape
            and bool(np.array_equal(now, sent, equal_nan=sent.dtype.kind in "fc"))
        )
    if isinstance(sent, dict):
        return isinstance(now, dict) and now.keys() == sent.keys() and all(_same(sent[k], now[k]) for k in sent)
    if isinstance(sent, (list, tuple)):
        return isinstance(now, (list, tuple)) and len(now) == len(sent) and all(map(_same, sent, now))
    if isinstance(sent, float) and sent != sent:
        return isinstance(now, float) and now != now
    return type(now) is type(sent) and bool(now == sent)


def changed_inputs(sent_args: list[Any], sent_kwargs: dict[str, Any], after: Any) -> list[str]:
    """The inputs a call changed, judged here by comparing what was sent with what came back."""
    if not (isinstance(after, list) and len(after) == 2 and isinstance(after[0], list) and isinstance(after[1], dict)):
        return ["its inputs (they did not come back as plain data)"]
    args, kwargs = after
    changed = [f"argument {i + 1}" for i, sent in enumerate(sent_args) if i >= len(args) or not _same(sent, args[i])]
    changed += [f"argument {k!r}" for k, sent in sent_kwargs.items() if k not in kwargs or not _same(sent, kwargs[k])]
    return changed


def _outcome(reply: protocol.Frame, sent_args: list[Any], sent_kwargs: dict[str, Any]) -> CallOutcome:
    if reply.get("missing"):
        return CallOutcome(Ending.MISSING, exc_type="NameError")
    ok = bool(reply.get("ok"))
    attachments = getattr(reply, "attachments", [])
    value = protocol.decode(reply["value"], attachments) if ok else None
    after = protocol.decode(reply.get("inputs_after"), attachments)
    warned = reply.get("warnings", [])
    listed = reply.get("read_only_write", [])
    return CallOutcome(
        Ending.RETURNED if ok else Ending.RAISED,
        value=value,
        exc_type=_text(reply.get("exc_type", ""), 100),
        message=_text(reply.get("message", ""), MAX_MESSAGE),
        traceback=_text(reply.get("traceback", ""), MAX_MESSAGE),
        is_value_error=reply.get("is_value_error") is True,
        read_only_write=[_text(a, 100) for a in listed[:10]] if isinstance(listed, list) else [],
        warnings=[
            Warned(_text(w.get("category", ""), 100), _text(w.get("kind", ""), 20))
            for w in (warned[:MAX_WARNINGS] if isinstance(warned, list) else [])
            if isinstance(w, dict)
        ],
        output=_text(reply.get("output", ""), MAX_OUTPUT),
        mutated=changed_inputs(sent_args, sent_kwargs, after),
    )
