"""Whether student code may run on this host, and with which isolation layers (fail closed)."""

from __future__ import annotations

from autograder.config import FALLBACK_ENV, GradeOptions
from autograder.sandbox.isolation import Bubblewrap, Isolation, bubblewrap_works, choose_isolation


class SandboxUnavailable(RuntimeError):
    """An isolation layer the options require is missing on this host."""


FALLBACK_HINT = (
    "Install bubblewrap (apt-get install bubblewrap) and allow unprivileged user namespaces "
    "(sysctl kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu 24.04), or, knowing that student "
    "code then runs as a plain process that can read every file the grader can read, allow the process "
    f"fallback with --allow-process-fallback or {FALLBACK_ENV}=1 (see autograder/SECURITY.md)."
)


def make_isolation(options: GradeOptions) -> Isolation:
    """The isolation layer the options ask for. Fails closed: without bubblewrap, raise unless the process
    fallback is allowed; with ``require_sandbox``, raise whenever any layer is missing."""
    if options.isolation == "bubblewrap" and not bubblewrap_works():
        raise SandboxUnavailable("bubblewrap was asked for but does not work on this host. " + FALLBACK_HINT)
    isolation = choose_isolation("process" if options.isolation == "process" else "auto")
    missing = "; ".join(isolation.missing)
    if options.require_sandbox and (isolation.missing or not isinstance(isolation, Bubblewrap)):
        raise SandboxUnavailable(f"the sandbox is required but these layers are missing: {missing}")
    if not isinstance(isolation, Bubblewrap) and not options.allow_process_fallback:
        if options.isolation == "process":
            raise SandboxUnavailable(
                f"--isolation process runs student code without these layers: {missing}. Add "
                f"--allow-process-fallback (or {FALLBACK_ENV}=1) to confirm that this is wanted."
            )
        raise SandboxUnavailable(
            f"grading stopped: bubblewrap cannot start on this host, so student code would run without these "
            f"layers: {missing}. {FALLBACK_HINT}"
        )
    return isolation


def layers_ran(isolation: Isolation) -> list[str]:
    """The isolation layers that run student code with this ``isolation``, for the report."""
    layers = ["separate process per function, rlimits"]
    if isinstance(isolation, Bubblewrap):
        layers.append("bubblewrap (user, PID, network, IPC, mount namespaces; read-only runtime only)")
    else:
        layers.append("no bubblewrap (process fallback allowed by the instructor)")
    if not any("cgroup" in m for m in isolation.missing):
        layers.append("cgroup caps (processes, memory, an equal CPU share)")
    return layers
