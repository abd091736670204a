"""Isolation layers around the worker: bubblewrap where it runs, a plain process otherwise.

Both layers clear the environment and apply rlimits (see ``limits``). Bubblewrap adds a
read-only view of the Python runtime only, a private scratch folder, fresh PID, network, IPC
and user namespaces, and an unprivileged user. Whatever a layer cannot give is listed in
``missing`` so the grader can say so, and ``--require-sandbox`` can refuse to go on.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from autograder.sandbox.cgroups import cgroups_available

_PASSED_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
SANDBOX_ROOT = "/sandbox"
SCRATCH_BYTES = 64 * 1024**2  # the writable folders inside bubblewrap are memory-backed and capped
MALLOC_TUNABLES = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=134217728"


def _base_environment(home: str) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        # The worker's heap is small (numpy and little else), so glibc gave memory back to the system
        # after every freed array at the top of the heap and asked for it again on the next one: student
        # code that loops over arrays of ~100 kB ran twice as slowly as in a notebook's kernel.
        "GLIBC_TUNABLES": MALLOC_TUNABLES,
    }
    env.update({k: os.environ[k] for k in _PASSED_ENV if k in os.environ})
    return env


@dataclass
class Isolation:
    """A way of starting the worker; ``missing`` names the layers it cannot provide."""

    name: str = "process"
    missing: list[str] = field(
        default_factory=lambda: [
            "filesystem isolation (bubblewrap not available)",
            "network isolation (bubblewrap not available)",
            "PID namespace (bubblewrap not available)",
        ]
    )

    def command(self, argv: list[str], scratch: Path) -> list[str]:
        """The command line that starts ``argv`` inside this layer, in ``scratch``."""
        return argv

    def environment(self, scratch: Path) -> dict[str, str]:
        """The whole environment the worker sees."""
        return _base_environment(str(scratch / "work"))


@dataclass
class Bubblewrap(Isolation):
    """Run the worker under bubblewrap (``bwrap``)."""

    name: str = "bubblewrap"
    missing: list[str] = field(default_factory=list)
    bwrap: str = "bwrap"

    def command(self, argv: list[str], scratch: Path) -> list[str]:
        """Wrap ``argv``: only the runtime is visible, read-only; /sandbox and /tmp are small private tmpfs."""
        args = [
            self.bwrap,
            "--unshare-all",
            "--die-with-parent",
            "--new-session",
            "--uid",
            "65534",
            "--gid",
            "65534",
            "--hostname",
            "sandbox",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--size",
            str(SCRATCH_BYTES),
            "--tmpfs",
            "/tmp",
        ]
        for path in _runtime_paths():
            args += ["--ro-bind", path, path]
        for link, target in (("/bin", "usr/bin"), ("/lib", "usr/lib"), ("/lib64", "usr/lib64"), ("/sbin", "usr/sbin")):
            if os.path.islink(link):
                args += ["--symlink", target, link]
            elif os.path.isdir(link):
                args += ["--ro-bind", link, link]
        args += [
            "--size",
            str(SCRATCH_BYTES),
            "--tmpfs",
            SANDBOX_ROOT,
            "--ro-bind",
            str(scratch / "runtime"),
            f"{SANDBOX_ROOT}/runtime",
            "--remount-ro",
            "/",
            "--chdir",
            SANDBOX_ROOT,
            "--clearenv",
        ]
        for key, value in self.environment(scratch).items():
            args += ["--setenv", key, value]
        python = argv[0]
        return [*args, "--", python, *[a.replace("runtime/", f"{SANDBOX_ROOT}/runtime/") for a in argv[1:]]]

    def environment(self, scratch: Path) -> dict[str, str]:
        """Inside the sandbox home is /sandbox."""
        return _base_environment(SANDBOX_ROOT)


def _runtime_paths() -> list[str]:
    """Folders the interpreter and its packages need: /usr, /etc bits, and the Python prefixes."""
    paths = ["/usr", "/etc/ld.so.cache", "/etc/alternatives", "/etc/localtime"]
    for prefix in {sys.base_prefix, sys.prefix, os.path.dirname(os.path.realpath(sys.executable))}:
        if not prefix.startswith("/usr"):
            paths.append(prefix)
    return [p for p in dict.fromkeys(paths) if os.path.exists(p)]


@functools.cache
def bubblewrap_works() -> bool:
    """Whether bwrap is installed and can create its namespaces on this host."""
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return False
    try:
        done = subprocess.run(
            [bwrap, "--unshare-all", "--ro-bind", "/", "/", "--uid", "65534", "true"], capture_output=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def choose_isolation(prefer: str = "auto") -> Isolation:
    """Bubblewrap when it works (or when asked for), else a plain process that lists what it lacks."""
    if prefer != "process" and bubblewrap_works():
        isolation: Isolation = Bubblewrap(bwrap=shutil.which("bwrap") or "bwrap")
    else:
        isolation = Isolation()
    if not _cgroups():
        isolation.missing.append("process-count and memory caps for the whole submission (no writable cgroup)")
    return isolation


@functools.cache
def _cgroups() -> bool:
    return cgroups_available()
