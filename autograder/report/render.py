"""Render a grade report: a console table, Markdown, HTML and results.json (JUnit is pytest's own).

Every piece of text a submission can influence goes through ``escape`` for the format it lands in.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from autograder.report.escape import html_text, markdown_code, terminal
from autograder.report.results import GradeReport


def _short(text: str, limit: int = 160) -> str:
    return terminal(text, limit)


def _name(text: str) -> str:
    """An assignment id or function name as plain Markdown text (letters, digits, ``_ . -`` only)."""
    return re.sub(r"[^A-Za-z0-9_.-]", "", text)


def console_table(report: GradeReport) -> str:
    """A plain-text table: one row per function, then the first failure of each failing function."""
    functions = report.functions()
    width = max([len(f) for f in functions] + [8])
    lines = [f"{terminal(report.assignment)} — {terminal(report.submission)}", ""]
    lines.append(f"  {'function':<{width}}  {'score':>11}")
    lines.append(f"  {'-' * width}  {'-' * 11}")
    for function, (score, max_score) in functions.items():
        mark = "✔" if score >= max_score else ("✘" if score == 0 else "~")
        lines.append(f"{mark} {terminal(function):<{width}}  {score:>5g} / {max_score:<3g}")
    lines.append(f"  {'-' * width}  {'-' * 11}")
    lines.append(f"  {'autograded':<{width}}  {report.score:>5g} / {report.max_score:<3g}")
    if report.manual:
        lines.append(f"  {'written (by hand)':<{width}}  pending {sum(report.manual.values()):g} points")
    failures = report.first_failures()
    if failures:
        lines += ["", "What to fix first:"]
        lines += [f"  {terminal(function)}: {_short(message)}" for function, message in failures.items()]
    if report.notes:
        lines += ["", "Notes:"] + [f"  - {_short(note, 200)}" for note in report.notes]
    if report.layers:
        lines += ["", "Sandbox: " + terminal("; ".join(report.layers))]
    if report.missing_layers:
        lines += ["Sandbox: running without " + terminal("; ".join(report.missing_layers))]
    return "\n".join(lines)


def markdown(report: GradeReport) -> str:
    """A Markdown summary for a pull request comment or a CI job summary. Messages appear as one-line
    code spans, so no text of the submission can add a heading, a table row, a link or a mention."""
    functions = report.functions()
    failures = report.first_failures()
    lines = [
        f"### {_name(report.assignment)}: {report.score:g} / {report.max_score:g} autograded points",
        "",
        "| function | score | first problem |",
        "|---|---:|---|",
    ]
    for function, (score, max_score) in functions.items():
        mark = "✅" if score >= max_score else ("❌" if score == 0 else "🟡")
        problem = markdown_code(failures.get(function, ""), 140, in_table=True)
        lines.append(f"| {mark} {markdown_code(function, in_table=True)} | {score:g} / {max_score:g} | {problem} |")
    if report.manual:
        lines += ["", f"Written answers ({sum(report.manual.values()):g} points) are graded by hand."]
    if report.notes:
        lines += ["", "**Notes**", ""] + [f"- {markdown_code(note, 400)}" for note in report.notes]
    return "\n".join(lines) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 through a temporary file, so a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_outputs(
    report: GradeReport,
    json_path: Path | None = None,
    markdown_path: Path | None = None,
) -> None:
    """Write whichever outputs were asked for (each completely or not at all)."""
    for path, text in (
        (json_path, lambda: json.dumps(report.to_gradescope(), indent=2)),
        (markdown_path, lambda: markdown(report)),
    ):
        if path is not None:
            write_text_atomic(path, text())


def html_feedback(report: GradeReport, student: str = "") -> str:
    """A self-contained HTML page of feedback for one student."""
    escape = html_text
    rows = []
    failures = report.first_failures()
    for function, (score, max_score) in report.functions().items():
        colour = "#1a7f37" if score >= max_score else ("#cf222e" if score == 0 else "#9a6700")
        rows.append(
            f"<tr><td><code>{escape(function)}</code></td><td style='color:{colour}'>{score:g} / {max_score:g}"
            f"</td><td>{escape(failures.get(function, ''))}</td></tr>"
        )
    notes = "".join(f"<li>{escape(n)}</li>" for n in report.notes)
    manual = (
        f"<p>Written answers ({sum(report.manual.values()):g} points) are graded by hand.</p>" if report.manual else ""
    )
    who = f" — {escape(student)}" if student else ""
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{escape(report.assignment)}{who}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top;white-space:pre-wrap}}</style>
</head><body>
<h1>{escape(report.assignment)}{who}</h1>
<p><strong>Autograded: {report.score:g} / {report.max_score:g}</strong></p>{manual}
<table><tr><th>function</th><th>score</th><th>what to fix first</th></tr>{"".join(rows)}</table>
{f"<h2>Notes</h2><ul>{notes}</ul>" if notes else ""}</body></html>
"""


def class_table(assignment: str, results: dict[str, dict]) -> str:
    """One line per student: score, percentage and the first problem (terminal-safe)."""
    lines = [f"\n{terminal(assignment)}: {len(results)} submissions", ""]
    width = max([len(terminal(s)) for s in results] + [7])
    lines.append(f"  {'student':<{width}}  {'score':>11}  {'%':>5}  first problem")
    for student, data in sorted(results.items()):
        report = GradeReport.from_gradescope(data)
        failures = report.first_failures()
        first = next(iter(failures.items()), None)
        problem = "" if first is None else _short(f"{first[0]}: {first[1]}", 90)
        if report.notes and report.score == 0:
            problem = _short(report.notes[0], 90)
        lines.append(
            f"  {terminal(student):<{width}}  {report.score:>5g} / {report.max_score:<3g}  {report.percent:>5.1f}  "
            f"{problem}"
        )
    return "\n".join(lines)
