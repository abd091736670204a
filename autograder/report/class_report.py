"""A class report from grade-all's results: a self-contained HTML page and PNG plots.

python -m autograder.report.class_report ASSIGNMENT RESULTS_DIR [--out DIR] [--gradebook gradebook.db]
Plots: the score distribution, the pass rate of every function and of every test (where the class
struggles), and the grading time per submission. With a gradebook, scores are final: autograded plus
hand-graded written points, minus late penalties (as `make final-grades` and `nbgrader export` count them).
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from autograder.report.escape import html_text as escape
from autograder.report.results import GradeReport


@dataclass(frozen=True)
class Score:
    """One student's score in the report: autograded only, or final when the gradebook has it."""

    autograded: float
    written: float
    late_penalty: float
    max_score: float

    @property
    def total(self) -> float:
        return max(0.0, self.autograded + self.written - self.late_penalty)

    @property
    def percent(self) -> float:
        return 100.0 * self.total / self.max_score if self.max_score else 0.0


def scores(assignment: str, reports: dict[str, GradeReport], gradebook: str | None) -> dict[str, Score]:
    """Autograded points from the results; written points and late penalties from the gradebook if given."""
    from_gradebook = {}
    if gradebook is not None:
        from autograder.final_grades import final_grades

        from_gradebook = {g.student_id: g for g in final_grades(gradebook, [assignment])}
    result = {}
    for student, report in reports.items():
        grade = from_gradebook.get(student)
        if grade is None:
            result[student] = Score(report.score, 0.0, 0.0, report.max_score)
        else:
            result[student] = Score(report.score, grade.written, grade.late_penalty, grade.max_score)
    return result


def load_results(folder: Path) -> dict[str, GradeReport]:
    """student → report, from ``<student>.json`` files."""
    reports = {}
    for path in sorted(folder.glob("*.json")):
        try:
            reports[path.stem] = GradeReport.from_gradescope(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
            continue
    return reports


def _plots(
    assignment: str, reports: dict[str, GradeReport], out: Path, final: dict[str, Score], label: str
) -> dict[str, Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    some = next(iter(reports.values()))
    percents = [final[s].percent for s in reports]

    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.hist(percents, bins=[i * 5 for i in range(21)], color="#4c72b0", edgecolor="white")
    ax.axvline(statistics.mean(percents), color="#c44e52", ls="--", label=f"mean {statistics.mean(percents):.1f}%")
    ax.set_xlabel(label)
    ax.set_ylabel("submissions")
    ax.set_title(f"{assignment}: score distribution ({len(reports)} submissions)")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend()
    files["scores"] = _save(fig, out / "scores.png")

    functions = list(some.functions())
    rates = [
        100
        * statistics.mean(
            r.functions().get(f, (0, 1))[0] / max(r.functions().get(f, (0, 1))[1], 1e-9) for r in reports.values()
        )
        for f in functions
    ]
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(functions) + 1.2))
    colours = ["#55a868" if v >= 80 else "#dd8452" if v >= 50 else "#c44e52" for v in rates]
    ax.barh(functions[::-1], rates[::-1], color=colours[::-1])
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the function's points earned by the class (%)")
    ax.set_title("Points earned per function")
    files["functions"] = _save(fig, out / "functions.png")

    names = [f"{t.function}: {t.name}" for t in some.tests]
    passes = [
        100 * statistics.mean(1.0 if r.tests[i].passed else 0.0 for r in reports.values() if len(r.tests) > i)
        for i in range(len(names))
    ]
    order = sorted(range(len(names)), key=lambda i: passes[i])[:20]
    labels = [textwrap.fill(_shorten(names[i], 90), 46) for i in order]
    fig, ax = plt.subplots(figsize=(11, 0.62 * len(order) + 1.4))
    ax.barh(labels[::-1], [passes[i] for i in order][::-1], color="#8172b3")
    ax.set_xlim(0, 100)
    ax.set_xlabel("pass rate (%)")
    ax.set_title("The hardest tests (lowest pass rate first)")
    ax.tick_params(axis="y", labelsize=9)
    files["tests"] = _save(fig, out / "tests.png", left=0.42)

    times = sorted(r.execution_time for r in reports.values())
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.bar(range(1, len(times) + 1), times, color="#64b5cd", width=1.0)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("submissions (sorted)")
    ax.set_ylabel("grading time (s)")
    ax.set_title(f"Grading time per submission (median {statistics.median(times):.2f} s)")
    files["times"] = _save(fig, out / "times.png")
    return files


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _save(fig, path: Path, left: float | None = None) -> Path:
    fig.tight_layout()
    if left is not None:
        fig.subplots_adjust(left=left)
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


class ReportError(RuntimeError):
    """Nothing to report on: an unknown assignment, or no results."""


def build_report(assignment: str, results_dir: Path, out: Path, gradebook: str | None = None) -> Path:
    """Write ``out/report.html`` and the PNGs; returns the HTML path."""
    from autograder.suites.assignment import ASSIGNMENTS

    if assignment not in ASSIGNMENTS:
        raise ReportError(f"unknown assignment {assignment!r}; the assignments are {', '.join(ASSIGNMENTS)}")
    hint = f"grade the class first: make grade-all A={assignment} (or make demo for the sample submissions)"
    if not results_dir.is_dir():
        raise ReportError(f"no results folder {results_dir}: {hint}")
    reports = load_results(results_dir)
    if not reports:
        raise ReportError(f"no grade-all results (<student>.json) in {results_dir}: {hint}")
    final = scores(assignment, reports, gradebook)
    label = "final score (%): autograded + written − late penalty" if gradebook else "autograded score (%)"
    files = _plots(assignment, reports, out, final, label)
    images = "".join(
        f'<figure><img alt="{escape(k)}" src="data:image/png;base64,{base64.b64encode(p.read_bytes()).decode()}">'
        "</figure>"
        for k, p in files.items()
    )
    percents = [final[s].percent for s in reports]
    rows = "".join(
        f"<tr><td>{escape(s)}</td><td>{final[s].autograded:g}</td><td>{final[s].written:g}</td>"
        f"<td>{final[s].late_penalty:g}</td><td>{final[s].total:g} / {final[s].max_score:g}</td>"
        f"<td>{final[s].percent:.1f}%</td>"
        f"<td>{escape(next(iter(r.first_failures().items()), ('', ''))[0])}</td></tr>"
        for s, r in sorted(reports.items(), key=lambda kv: final[kv[0]].percent)
    )
    source = (
        f"scores from grade-all and the gradebook {escape(str(gradebook))} (written points, late penalties)"
        if gradebook
        else "autograded points only (pass --gradebook for written points and late penalties)"
    )
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>{escape(assignment)} class report</title>
<style>body{{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}}figure{{margin:1em 0}}
img{{max-width:100%}}table{{border-collapse:collapse}}td,th{{padding:.25em .8em;border-bottom:1px solid #ddd}}</style>
</head><body><h1>{escape(assignment)}: class report</h1>
<p>{len(reports)} submissions · mean {statistics.mean(percents):.1f}% · median {statistics.median(percents):.1f}%
· full marks {sum(p >= 100 for p in percents)} · zero {sum(p == 0 for p in percents)}</p>
<p>{source}</p>
{images}<h2>Submissions, lowest first</h2><table><tr><th>student</th><th>autograded</th><th>written</th>
<th>late penalty</th><th>total</th><th>%</th><th>first function with a problem</th></tr>{rows}</table></body></html>
"""
    page = out / "report.html"
    page.write_text(html, encoding="utf-8")
    return page


def main(argv: list[str] | None = None) -> int:
    """Command line entry; returns the exit status."""
    from autograder.gradebook import GradebookError

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    parser.add_argument("results", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--gradebook", help="nbgrader gradebook: count written points and late penalties")
    args = parser.parse_args(argv)
    out = args.out or args.results.with_name(args.results.name + "-report")
    try:
        page = build_report(args.assignment, args.results, out, args.gradebook)
    except (ReportError, GradebookError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"report: {page}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
