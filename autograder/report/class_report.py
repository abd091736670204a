"""A class report from grade-all's results: a self-contained HTML page and PNG plots.

python -m autograder.report.class_report ASSIGNMENT RESULTS_DIR [--out DIR]
Plots: the score distribution, the pass rate of every function and of every test (where the class
struggles), and the grading time per submission.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
from pathlib import Path

from autograder.report.escape import html_text as escape
from autograder.report.results import GradeReport


def load_results(folder: Path) -> dict[str, GradeReport]:
    """student → report, from ``<student>.json`` files."""
    reports = {}
    for path in sorted(folder.glob("*.json")):
        try:
            reports[path.stem] = GradeReport.from_gradescope(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
            continue
    return reports


def _plots(assignment: str, reports: dict[str, GradeReport], out: Path) -> dict[str, Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    some = next(iter(reports.values()))
    percents = [r.percent for r in reports.values()]

    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.hist(percents, bins=[i * 5 for i in range(21)], color="#4c72b0", edgecolor="white")
    ax.axvline(statistics.mean(percents), color="#c44e52", ls="--", label=f"mean {statistics.mean(percents):.1f}%")
    ax.set_xlabel("autograded score (%)")
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
    order = sorted(range(len(names)), key=lambda i: passes[i])[:25]
    fig, ax = plt.subplots(figsize=(11, 0.32 * len(order) + 1.2))
    ax.barh([_shorten(names[i], 62) for i in order][::-1], [passes[i] for i in order][::-1], color="#8172b3")
    ax.set_xlim(0, 100)
    ax.set_xlabel("pass rate (%)")
    ax.set_title("The hardest tests (lowest pass rate first)")
    ax.tick_params(axis="y", labelsize=7)
    files["tests"] = _save(fig, out / "tests.png", left=0.38)

    times = sorted(r.execution_time for r in reports.values())
    fig, ax = plt.subplots(figsize=(7, 3.2))
    ax.bar(range(len(times)), times, color="#64b5cd", width=1.0)
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


def build_report(assignment: str, results_dir: Path, out: Path) -> Path:
    """Write ``out/report.html`` and the PNGs; returns the HTML path."""
    reports = load_results(results_dir)
    if not reports:
        raise FileNotFoundError(f"no results in {results_dir}: run grade-all first")
    files = _plots(assignment, reports, out)
    images = "".join(
        f'<figure><img alt="{escape(k)}" src="data:image/png;base64,{base64.b64encode(p.read_bytes()).decode()}">'
        "</figure>"
        for k, p in files.items()
    )
    percents = [r.percent for r in reports.values()]
    rows = "".join(
        f"<tr><td>{escape(s)}</td><td>{r.score:g} / {r.max_score:g}</td><td>{r.percent:.1f}%</td>"
        f"<td>{escape(next(iter(r.first_failures().items()), ('', ''))[0])}</td></tr>"
        for s, r in sorted(reports.items(), key=lambda kv: kv[1].percent)
    )
    html = f"""<!doctype html><html><head><meta charset="utf-8"><title>{escape(assignment)} class report</title>
<style>body{{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}}figure{{margin:1em 0}}
img{{max-width:100%}}table{{border-collapse:collapse}}td,th{{padding:.25em .8em;border-bottom:1px solid #ddd}}</style>
</head><body><h1>{escape(assignment)}: class report</h1>
<p>{len(reports)} submissions · mean {statistics.mean(percents):.1f}% · median {statistics.median(percents):.1f}%
· full marks {sum(p >= 100 for p in percents)} · zero {sum(p == 0 for p in percents)}</p>
{images}<h2>Submissions, lowest first</h2><table><tr><th>student</th><th>score</th><th>%</th>
<th>first function with a problem</th></tr>{rows}</table></body></html>
"""
    page = out / "report.html"
    page.write_text(html, encoding="utf-8")
    return page


def main() -> None:
    """Command line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    parser.add_argument("results", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    page = build_report(
        args.assignment, args.results, args.out or args.results.with_name(args.results.name + "-report")
    )
    print(f"report: {page}")


if __name__ == "__main__":
    main()
