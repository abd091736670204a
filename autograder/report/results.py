"""The results of grading one submission, and Gradescope's results.json format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from autograder.report.escape import plain


@dataclass
class TestResult:
    """One hidden test's outcome."""

    function: str
    name: str
    score: float
    max_score: float
    output: str = ""
    verdict: str = ""  # why it scored what it did, as data: "", "not_run", "rule", "unreadable", ...

    @property
    def passed(self) -> bool:
        """Full marks."""
        return self.score >= self.max_score


@dataclass
class GradeReport:
    """Everything known after grading one submission."""

    assignment: str
    submission: str
    tests: list[TestResult] = field(default_factory=list)
    manual: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    isolation: str = ""
    missing_layers: list[str] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)  # the isolation layers that ran student code
    grader_error: str = ""  # the class of an error inside the grader that left functions ungraded
    execution_time: float = 0.0
    visibility: str = "visible"

    @property
    def score(self) -> float:
        """Autograded points earned."""
        return round(sum(t.score for t in self.tests), 6)

    @property
    def max_score(self) -> float:
        """Autograded points available."""
        return round(sum(t.max_score for t in self.tests), 6)

    @property
    def percent(self) -> float:
        """Autograded score as a percentage of the autograded points."""
        return 100.0 * self.score / self.max_score if self.max_score else 0.0

    def functions(self) -> dict[str, tuple[float, float]]:
        """function → (score, max_score), in suite order."""
        table: dict[str, tuple[float, float]] = {}
        for t in self.tests:
            s, m = table.get(t.function, (0.0, 0.0))
            table[t.function] = (s + t.score, m + t.max_score)
        return {f: (round(s, 6), round(m, 6)) for f, (s, m) in table.items()}

    def first_failures(self) -> dict[str, str]:
        """function → the first failing test's message."""
        found: dict[str, str] = {}
        for t in self.tests:
            if not t.passed and t.function not in found:
                found[t.function] = t.output
        return found

    def to_gradescope(self) -> dict[str, Any]:
        """Gradescope's results.json; every string is cleaned (:func:`escape.plain`: no lone surrogate, no
        control character or escape sequence), so any JSON reader and any later writer can take it."""
        lines = [f"Autograded score: {self.score:g} / {self.max_score:g}"]
        if self.manual:
            lines.append(f"Written answers graded by hand: {sum(self.manual.values()):g} points pending")
        lines += [f"Note: {n}" for n in self.notes]
        if self.layers:
            lines.append("Sandbox layers: " + "; ".join(self.layers))
        if self.missing_layers:
            lines.append("Sandbox layers missing on this host: " + "; ".join(self.missing_layers))
        extra: dict[str, Any] = {
            "assignment": plain(self.assignment),
            "submission": plain(self.submission),
            "isolation": plain(self.isolation),
            "layers": [plain(layer) for layer in self.layers],
            "manual_points_pending": self.manual,
            "notes": [plain(n) for n in self.notes],
        }
        if self.grader_error:
            extra["grader_error"] = plain(self.grader_error)
        return {
            "score": self.score,
            "execution_time": round(self.execution_time, 3),
            "output": plain("\n".join(lines)),
            "tests": [
                {
                    "name": plain(f"{t.function}: {t.name}"),
                    "score": t.score,
                    "max_score": t.max_score,
                    "status": "passed" if t.passed else "failed",
                    "output": plain(t.output),
                    "visibility": self.visibility,
                    "tags": [plain(t.function)],
                }
                for t in self.tests
            ],
            "extra_data": extra,
        }

    @classmethod
    def from_gradescope(cls, data: dict[str, Any]) -> GradeReport:
        """Rebuild a report from its results.json (used by batch grading and reports)."""
        extra = data.get("extra_data", {})
        tests = [
            TestResult(
                function=t["tags"][0],
                name=t["name"].split(": ", 1)[-1],
                score=float(t["score"]),
                max_score=float(t["max_score"]),
                output=t.get("output", ""),
            )
            for t in data.get("tests", [])
        ]
        return cls(
            assignment=extra.get("assignment", ""),
            submission=extra.get("submission", ""),
            tests=tests,
            manual=extra.get("manual_points_pending", {}),
            notes=extra.get("notes", []),
            isolation=extra.get("isolation", ""),
            layers=list(extra.get("layers", [])),
            grader_error=extra.get("grader_error", ""),
            execution_time=float(data.get("execution_time", 0.0)),
        )
