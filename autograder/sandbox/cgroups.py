"""A control group per submission: a cap on the number of processes and on memory, an equal share of
the CPU and a count of the CPU time it used, and a way to kill every process of the submission at the
end, whatever it did to hide (double forks, new sessions).

Uses cgroup v1's ``pids``, ``memory``, ``cpu`` and ``cpuacct`` hierarchies, or cgroup v2 where its
controllers are enabled. Where neither is writable the jail is unavailable and the grader says so.
Every submission's group has the same CPU weight, so 58 spinning processes of one student get the
share of one submission, not 58 times the share of a classmate graded at the same moment; and a call
is judged by the CPU time its own submission used (``cpu_seconds``), which no one else can take.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

V1 = Path("/sys/fs/cgroup")
V2_CANDIDATES = (Path("/sys/fs/cgroup"), Path("/sys/fs/cgroup/unified"))


def _writable(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK)


def _v2_root() -> Path | None:
    for root in V2_CANDIDATES:
        controllers = root / "cgroup.controllers"
        if _writable(root) and controllers.is_file() and "pids" in controllers.read_text().split():
            return root
    return None


@dataclass
class CgroupJail:
    """The cgroup folders of one submission (one per hierarchy)."""

    folders: list[Path] = field(default_factory=list)
    cpu_usage: Path | None = None  # cpuacct.usage (v1, nanoseconds) or cpu.stat (v2, usage_usec)

    @classmethod
    def create(cls, max_processes: int, memory_bytes: int) -> CgroupJail | None:
        """Make the cgroups; None when this host does not let us."""
        name = f"autograder-{uuid.uuid4().hex[:12]}"
        jail = cls()
        try:
            if _writable(V1 / "pids"):
                pids = V1 / "pids" / name
                pids.mkdir()
                jail.folders.append(pids)
                (pids / "pids.max").write_text(str(max_processes))
                if _writable(V1 / "memory"):
                    memory = V1 / "memory" / name
                    memory.mkdir()
                    jail.folders.append(memory)
                    (memory / "memory.limit_in_bytes").write_text(str(memory_bytes))
                for hierarchy in ("cpu", "cpuacct"):
                    if _writable(V1 / hierarchy):
                        folder = V1 / hierarchy / name
                        folder.mkdir()
                        jail.folders.append(folder)
                if (V1 / "cpuacct" / name / "cpuacct.usage").is_file():
                    jail.cpu_usage = V1 / "cpuacct" / name / "cpuacct.usage"
            elif (root := _v2_root()) is not None:
                folder = root / name
                folder.mkdir()
                jail.folders.append(folder)
                (folder / "pids.max").write_text(str(max_processes))
                with contextlib.suppress(OSError):
                    (folder / "memory.max").write_text(str(memory_bytes))
                if (folder / "cpu.stat").is_file():
                    jail.cpu_usage = folder / "cpu.stat"
            else:
                return None
        except OSError:
            jail.remove()
            return None
        return jail

    def join(self) -> None:
        """Move the calling process into the jail (called between fork and exec)."""
        for folder in self.folders:
            (folder / "cgroup.procs").write_text(str(os.getpid()))

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by every process of the submission, as the kernel counts it."""
        if self.cpu_usage is None:
            return None
        try:
            text = self.cpu_usage.read_text()
        except OSError:
            return None
        if self.cpu_usage.name == "cpuacct.usage":
            return int(text) / 1e9
        fields = dict(line.split() for line in text.splitlines() if len(line.split()) == 2)
        return int(fields.get("usage_usec", 0)) / 1e6

    def pids(self) -> set[int]:
        """Every process still in the jail."""
        found: set[int] = set()
        for folder in self.folders:
            with contextlib.suppress(OSError):
                found.update(int(p) for p in (folder / "cgroup.procs").read_text().split())
        return found

    def kill_all(self, timeout: float = 5.0) -> None:
        """SIGKILL every process in the jail until it is empty."""
        deadline = time.monotonic() + timeout
        while (pids := self.pids()) and time.monotonic() < deadline:
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.001)

    def remove(self) -> None:
        """Kill what is left and delete the cgroups."""
        self.kill_all()
        for folder in self.folders:
            for _ in range(1000):
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.001)
        self.folders = []


def cgroups_available() -> bool:
    """Whether a jail can be made here."""
    jail = CgroupJail.create(8, 64 * 1024**2)
    if jail is None:
        return False
    jail.remove()
    return True
