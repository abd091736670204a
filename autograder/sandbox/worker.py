"""The process that runs student code: a fork server, started inside the sandbox.

The server itself never runs student code. For every graded function it forks a child that
executes the answer cells that function needs (minus cells that crashed or hung an earlier child),
then answers calls for that function over its own socket. Only plain data, encoded by
``protocol``, crosses back. This file is copied into the sandbox next to ``protocol.py`` and
must not import the grader.
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import inspect
import io
import linecache
import math
import os
import resource
import signal
import socket
import sys
import time
import traceback
import warnings
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import protocol

PR_SET_CHILD_SUBREAPER = 36
PR_SET_DUMPABLE = 4
OUTPUT_LIMIT = 20_000


class _CappedText(io.TextIOBase):
    """A stdout/stderr replacement that keeps the first OUTPUT_LIMIT characters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        if self.size < OUTPUT_LIMIT:
            self.parts.append(text[: OUTPUT_LIMIT - self.size])
        self.size += len(text)
        return len(text)

    def value(self) -> str:
        return "".join(self.parts)


def _student_traceback(exc: BaseException) -> str:
    """Where in the student's cells the exception was raised: "cell dot, line 6, in dot: x[i] += h"."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell ")]
    if not frames:
        return ""
    last = frames[-1]
    code = f": {last.line.strip()[:200]}" if last.line else ""
    return f"{last.filename[1:-1]}, line {last.lineno}, in {last.name[:100]}{code}"


def _describe(exc: BaseException) -> dict[str, Any]:
    try:
        message = str(exc)[:500]
    except BaseException:
        message = "<unprintable message>"
    kind = type(exc)
    return {
        "exc_type": getattr(kind, "__name__", "?")[:100],
        "is_value_error": isinstance(exc, ValueError) and kind.__module__ in ("builtins", "numpy"),
        "message": message,
        "traceback": _student_traceback(exc),
    }


def _load_cells(sock: socket.socket, cells: list[dict[str, str]], load: set[str]) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins, "np": np, "math": math}
    for cell in cells:
        if cell["id"] not in load:
            continue
        protocol.send(sock, {"event": "loading", "cell": cell["id"]})
        out = _CappedText()
        error = None
        try:
            filename = f"<cell {cell['id']}>"
            linecache.cache[filename] = (len(cell["source"]), None, cell["source"].splitlines(True), filename)
            code = compile(cell["source"], filename, "exec")
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(code, namespace)
        except BaseException as exc:
            error = _describe(exc)
        protocol.send(sock, {"event": "loaded", "cell": cell["id"], "error": error})
    return namespace


def _build_arg(value: Any, namespace: dict[str, Any]) -> Any:
    if isinstance(value, dict) and set(value) == {"__callable__"}:
        scope = {"np": np, "math": math}
        return eval(value["__callable__"], scope)
    return value


def _frozen(value: Any) -> Any:
    """``value`` with every array replaced by a read-only one backed by immutable bytes: no flag or
    ``setflags(write=True)`` can make it writable again, so a write, even a temporary one, raises."""
    if isinstance(value, np.ndarray):
        return np.frombuffer(value.tobytes(), dtype=value.dtype).reshape(value.shape)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_frozen(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_frozen(v) for v in value)
    return value


def warning_kind(message: str) -> str:
    """numpy's floating-point error behind a RuntimeWarning ("overflow", "divide", "invalid"), or "".
    Only the hint shown to the student depends on it."""
    for kind, words in (("overflow", "overflow"), ("divide", "divide by zero"), ("invalid", "invalid value")):
        if words in message:
            return kind
    return ""


def _array_parameters(target: Any, args: list[Any], kwargs: dict[str, Any]) -> list[str]:
    """The names of the parameters that received numpy arrays (the ones frozen read-only)."""
    try:
        bound = inspect.signature(target).bind_partial(*args, **kwargs).arguments
        return [name for name, value in bound.items() if isinstance(value, np.ndarray)]
    except (TypeError, ValueError):
        return [f"argument {i + 1}" for i, a in enumerate(args) if isinstance(a, np.ndarray)]


def _call(namespace: dict[str, Any], request: dict[str, Any]) -> dict[str, Any]:
    name = request["function"]
    target = namespace.get(name, _MISSING)
    if target is _MISSING:
        return {"ok": False, "missing": True, "exc_type": "NameError", "message": f"{name} is not defined"}
    attachments = getattr(request, "attachments", [])
    args = [_build_arg(a, namespace) for a in protocol.decode(request.get("args", []), attachments)]
    kwargs = {k: _build_arg(v, namespace) for k, v in protocol.decode(request.get("kwargs", {}), attachments).items()}
    if request.get("readonly"):
        args, kwargs = _frozen(args), _frozen(kwargs)
    out = _CappedText()
    if request.get("driver"):  # a test's loop that calls the function many times in one round trip
        scope: dict[str, Any] = {"np": np, "math": math}
        exec(compile(request["driver"], "<test driver>", "exec"), scope)
        function, driver = target, scope["driver"]

        def target(*a: Any, **k: Any) -> Any:
            return driver(function, *a, **k)

    with (
        warnings.catch_warnings(record=True) as caught,
        np.errstate(all="warn", under="ignore"),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(out),
    ):
        warnings.simplefilter("always")
        try:
            value = target(*args, **kwargs) if callable(target) else target
            outcome: dict[str, Any] = {"ok": True, "value": protocol.encode_result(value)}
        except BaseException as exc:
            outcome = {"ok": False, **_describe(exc)}
            if request.get("readonly") and isinstance(exc, ValueError) and "read-only" in outcome["message"]:
                outcome["read_only_write"] = _array_parameters(target, args, kwargs)
    outcome["warnings"] = [
        {
            "category": getattr(w.category, "__name__", "Warning")[:100],
            "kind": warning_kind(str(w.message)),
        }
        for w in caught[:5]
    ]
    outcome["output"] = out.value()[:2000]
    # The inputs as they are now, for the grader to compare with what it sent (a callable stays None).
    outcome["inputs_after"] = protocol.encode_result(
        [[None if callable(a) else a for a in args], {k: None if callable(v) else v for k, v in kwargs.items()}]
    )
    return outcome


_MISSING = object()


def _serve_function(sock: socket.socket, cells: list[dict[str, str]], load: set[str], cpu: float) -> None:
    soft = max(1, math.ceil(cpu))
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))
    namespace = _load_cells(sock, cells, load)
    protocol.send(sock, {"event": "ready"})
    while True:
        try:
            request = protocol.recv(sock)
        except EOFError:
            break
        if request.get("op") != "call":
            break
        try:
            reply = _call(namespace, request)
        except BaseException as exc:
            reply = {"ok": False, **_describe(exc)}
        protocol.send(sock, {"event": "result", **reply})
    os._exit(0)


def _descendants(spare: int = 0) -> list[int]:
    """Every living process below this one (zombies are already dead and left out), except ``spare``
    and the processes below it."""
    me = os.getpid()
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    stat = f.read().rsplit(b")", 1)[1].split()
                if stat[0] != b"Z":
                    parents[int(entry)] = int(stat[1])
            except (OSError, IndexError, ValueError):
                continue
    found: list[int] = []
    frontier = [me]
    while frontier:
        pid = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == pid and p != spare]
        found += kids
        frontier += kids
    return found


def _collect_exited() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _kill_all(child: int = 0, spare: int = 0) -> set[int]:
    """SIGKILL every descendant but ``spare`` (the next function's child, forked ahead); orphans come
    back to us as subreaper. Once kill() has returned a process runs no more code and cannot fork (a
    fork in progress either fails or its new process is already listed), so scanning until no
    process we have not killed is left catches fork bombs too. Returns the pids killed."""
    killed: set[int] = set()
    if child:
        with contextlib.suppress(OSError):
            os.kill(child, signal.SIGKILL)
            killed.add(child)
    for _ in range(10_000):
        fresh = [pid for pid in _descendants(spare) if pid not in killed]
        if not fresh:
            break
        for pid in fresh:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            killed.add(pid)
    return killed


def _collect(child: int = 0, spare: int = 0) -> None:
    """Wait until everything killed has died and collect it, so its memory is back before a new child."""
    if child:
        with contextlib.suppress(OSError):
            os.waitpid(child, 0)
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline:
        _collect_exited()
        pids = _descendants(spare)
        if not pids:
            break
        for pid in pids:  # killed already; this only catches what a PID reuse race could hide
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.0005)
    _collect_exited()


def main() -> None:
    control = socket.socket(fileno=int(sys.argv[1]))
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)  # children may not ptrace the server
    init = protocol.recv(control)
    cells: list[dict[str, str]] = init["cells"]
    protocol.send(control, {"event": "started"})
    child = 0  # the child of the function being graded, until it is reaped
    spare = 0  # the next function's child, forked ahead while this one is graded
    try:
        while True:
            try:
                request = protocol.recv(control)
            except EOFError:
                break
            op = request.get("op")
            if op == "fork":
                ours, theirs = socket.socketpair()
                pid = os.fork()
                if pid == 0:
                    try:
                        control.close()
                        ours.close()
                        os.setsid()
                        _serve_function(theirs, cells, set(request.get("load", [])), float(request["cpu"]))
                    finally:
                        os._exit(0)
                if request.get("spare"):
                    spare = pid
                else:
                    child = pid
                theirs.close()
                socket.send_fds(control, [b"F"], [ours.fileno()])
                ours.close()
            elif op == "claim":  # the grader starts the function the spare was forked for
                child, spare = spare, 0
            elif op == "reap":  # answered once everything is killed; collected before the next request
                if request.get("drop_spare"):
                    spare = 0
                _kill_all(child, spare)
                protocol.send(control, {"event": "reaped"})
                _collect(child, spare)
                child = 0
            else:
                break
    finally:  # also when the grader hung up first (a broken pipe): never a slow interpreter shutdown
        _kill_all(child)
        _collect(child)
        os._exit(0)


if __name__ == "__main__":
    main()
