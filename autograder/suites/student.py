"""The student's graded function as a hidden test receives it (the ``student`` fixture).

Calling it calls the submission's function in the sandbox and turns every misbehaviour (an exception,
a warning, printing, changing an input, a crash, a time-out) into a :class:`Fail` with a teaching message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from autograder.sandbox.client import CallOutcome, Warned
from autograder.suites.checks import ERROR_HINTS, Fail, error_name

# What a warning usually means, by numpy's floating-point error; a test may give its own hint instead.
WARNING_HINTS = {
    "overflow": "a value overflowed: use a numerically stable formula (for example subtract the maximum before "
    "exp, or choose the form of the formula that cannot overflow for the sign of x)",
    "divide": "a division by zero or a log of zero: guard or skip the zero entries",
    "invalid": "an invalid operation such as 0/0, inf - inf, or the log or square root of a negative number",
    "": "warnings count as failures: find the line that warns and make it safe",
}


class Session(Protocol):
    """What a test needs from the sandbox: call the graded function."""

    def call(
        self, args: list[Any], kwargs: dict[str, Any], timeout: float, readonly: bool = False, driver: str = ""
    ) -> CallOutcome: ...


@dataclass(frozen=True)
class Lambda:
    """A callable argument, sent as source and built inside the sandbox (``np`` and ``math`` in scope)."""

    source: str


def _encode_arg(value: Any) -> Any:
    if isinstance(value, Lambda):
        return {"__callable__": value.source}
    return value


class Student:
    """The submission's graded function, as seen by one test."""

    def __init__(self, function: str, session: Session, timeout: float, warning_hint: str = "") -> None:
        self.function = function
        self.session = session
        self.timeout = timeout
        self.warning_hint = warning_hint

    def hints(self, warning: str) -> Student:
        """The same function, with this test's own hint for a warning (e.g. "skip the zero entries")."""
        return Student(self.function, self.session, self.timeout, warning)

    def _hint_for(self, warned: Warned) -> str:
        return self.warning_hint or WARNING_HINTS.get(warned.kind, WARNING_HINTS[""])

    def outcome(self, *args: Any, readonly: bool = False, driver: str = "", **kwargs: Any) -> CallOutcome:
        """Call and return the raw outcome, without judging it."""
        return self.session.call(
            [_encode_arg(a) for a in args],
            {k: _encode_arg(v) for k, v in kwargs.items()},
            self.timeout,
            readonly,
            driver,
        )

    def __call__(self, *args: Any, readonly: bool = False, **kwargs: Any) -> Any:
        """Call the function and return what it returned; misbehaviour fails the test."""
        return self._judged(self.outcome(*args, readonly=readonly, **kwargs))

    def scan(self, driver: str, *args: Any, **kwargs: Any) -> Any:
        """Run the test's ``driver`` in the sandbox: the source of ``def driver(fn, *args, **kwargs)``, a loop
        that calls the student's function ``fn`` many times (one round trip instead of one per call; only
        numpy and math are in its scope). Returns what the driver returns, judged like a single call."""
        return self._judged(self.outcome(*args, driver=driver, **kwargs))

    def _judged(self, result: CallOutcome) -> Any:
        self._judge_side_effects(result)
        if not result.ok:
            raise Fail(self._describe_error(result))
        return result.value

    def value(self) -> Any:
        """For graded values such as a dict: the value itself."""
        return self()

    def raises_value_error(self, *args: Any, why: str, **kwargs: Any) -> None:
        """The call must raise ``ValueError`` (with a message); ``why`` says what was wrong with the input."""
        result = self.outcome(*args, **kwargs)
        if result.crashed or result.missing:
            raise Fail(self._describe_error(result))
        if result.ok:
            raise Fail(
                f"{self.function} should raise ValueError when {why}, but it returned normally. "
                'Hint: check the input and `raise ValueError("...")` with a message that says what is wrong.'
            )
        if not result.is_value_error:
            raise Fail(
                f"{self.function} should raise ValueError when {why}, but it raised "
                f"{error_name(result.exc_type)}. Hint: test for this case yourself before computing."
            )
        if not result.message.strip():
            raise Fail(
                f"{self.function} raised ValueError when {why}, but with an empty message. "
                'Hint: say what was wrong, e.g. ValueError("lengths differ: 3 vs 4").'
            )
        if result.warnings:
            raise Fail(
                f"{self.function} warned before raising when {why} ({self._warning(result.warnings[0])}). "
                f"Hint: {self._hint_for(result.warnings[0])}."
            )

    def _judge_side_effects(self, result: CallOutcome) -> None:
        name = self.function
        if result.mutated:
            raise Fail(
                f"{name} changed its input in place ({', '.join(result.mutated)}). "
                "Hint: work on a copy, e.g. x = np.array(x, dtype=float), before writing to it."
            )
        if result.warnings:
            raise Fail(
                f"{name} emitted a warning ({self._warning(result.warnings[0])}), and warnings count as failures. "
                f"Hint: {self._hint_for(result.warnings[0])}."
            )
        if result.output.strip():
            raise Fail(f"{name} printed output. Hint: remove print statements from graded functions.")

    @staticmethod
    def _warning(warned: Warned) -> str:
        """A warning as the student may read it: its class and numpy's kind of floating-point error, never its
        text (student code could write a hidden input into it)."""
        kind = f": {warned.kind}" if warned.kind in ("overflow", "divide", "invalid") else ""
        return f"{error_name(warned.category)}{kind}"

    def _describe_error(self, result: CallOutcome) -> str:
        name = self.function
        if result.missing:
            return (
                f"{name} is not defined. Hint: keep the function's name and its `def` in its answer cell, "
                "and make sure the cell runs without error."
            )
        if result.crashed:
            return f"{name} {result.crash}."
        if result.exc_type == "NotImplementedError":
            return f"{name} is not implemented yet (it raised NotImplementedError)."
        where = f" ({' '.join(result.traceback.split())})" if result.traceback else ""
        if result.read_only_write:
            inputs = ", ".join(result.read_only_write)
            return (
                f"{name} tried to write to its input {inputs}, which is read-only in this test{where}. "
                f"Hint: never change an input, even for a moment: work on a copy, e.g. {result.read_only_write[0]} "
                f"= np.array({result.read_only_write[0]}, dtype=float), and perturb the copy."
            )
        if result.exc_type == "AssertionError":
            return f"{name} failed an assert of its own{where}."
        hint = ERROR_HINTS.get(result.exc_type, "run the function on small inputs in the notebook to see the error")
        return f"{name} raised {error_name(result.exc_type)}{where}. Hint: {hint}."
