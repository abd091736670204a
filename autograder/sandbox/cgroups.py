"""A control group per submission: a cap on the number of processes and on memory, and a way to kill
every process of the submission at the end, whatever it did to hide (double forks, new sessions).

Uses cgroup v1's ``pids`` and ``memory`` hierarchies, or cgroup v2 where its controllers are enabled.
Where neither is writable the jail is unavailable and the grader says so.
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
            elif (root := _v2_root()) is not None:
                folder = root / name
                folder.mkdir()
                jail.folders.append(folder)
                (folder / "pids.max").write_text(str(max_processes))
                with contextlib.suppress(OSError):
                    (folder / "memory.max").write_text(str(memory_bytes))
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
