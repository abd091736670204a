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
    call_seconds: float = 10.0
    load_seconds: float = 10.0

    def apply(self) -> None:
        """Set the rlimits on the current process (called between fork and exec)."""
        resource.setrlimit(resource.RLIMIT_AS, (self.memory_bytes, self.memory_bytes))
        resource.setrlimit(resource.RLIMIT_FSIZE, (self.file_bytes, self.file_bytes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.open_files, self.open_files))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NPROC, (self.max_processes, self.max_processes))
