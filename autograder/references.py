"""Load the reference implementations in ``solutions/`` (trusted code, in the grader's process)."""

from __future__ import annotations

import functools
import importlib.util
import sys
from types import ModuleType

from autograder.paths import SOLUTIONS


@functools.cache
def load_reference(assignment: str) -> ModuleType:
    """The module ``solutions/<assignment>.py``."""
    path = SOLUTIONS / f"{assignment}.py"
    if not path.is_file():
        raise FileNotFoundError(f"reference solutions missing: {path} (run `make release`)")
    name = f"_reference_{assignment}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
