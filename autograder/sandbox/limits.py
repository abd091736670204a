"""Resource limits applied to the sandboxed worker before it runs anything."""

from __future__ import annotations

import resource
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Per-submission limits; the CPU limit is set again per function by the worker."""

    memory_bytes: int = 3 * 1024**3
    max_processes: int = 64
    file_bytes: int = 16 * 1024**2
    open_files: int = 128
    load_seconds: float = 10.0
    # A call is judged by its CPU time; on the clock it may take wall_factor times that plus wall_grace
    # seconds (a busy machine is slower; only a call that waits, sleeps or trickles its reply gets there).
    wall_factor: float = 4.0
    wall_grace: float = 10.0

    def wall_seconds(self, cpu_seconds: float) -> float:
        """How long a call given ``cpu_seconds`` of CPU time may take on the clock."""
        return self.wall_factor * cpu_seconds + self.wall_grace

    def apply(self) -> None:
        """Set the rlimits on the current process (called between fork and exec)."""
        resource.setrlimit(resource.RLIMIT_AS, (self.memory_bytes, self.memory_bytes))
        resource.setrlimit(resource.RLIMIT_FSIZE, (self.file_bytes, self.file_bytes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.open_files, self.open_files))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NPROC, (self.max_processes, self.max_processes))
