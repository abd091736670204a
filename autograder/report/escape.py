"""Student-controlled text made safe for each output format the grader writes.

Anything a submission can influence (exception messages, printed text, cell ids, file names in a pull
request, student ids read from folder names) goes through one of these functions before it reaches a
report. Every function first replaces lone surrogates (``"\\ud800"`` cannot be encoded as UTF-8, so it
would crash the writer) and drops control characters and terminal escape sequences.

- :func:`terminal`: one line, no escape sequence (CSI colours, OSC 52 clipboard writes, OSC 8 links),
  no control character, so a message cannot rewrite the screen, the clipboard or a CI log's commands.
- :func:`markdown_code`: a one-line code span: no heading, table row, list, link, image, HTML, mention
  or autolink can come out of it. ``in_table=True`` also escapes ``|`` (GitHub splits table cells
  on it even inside code spans and shows ``\\|`` as ``|``).
- JUnit XML is pytest's own (``--junitxml``): it gets :func:`plain` text, and pytest escapes XML.
- :func:`csv_cell`: a cell a spreadsheet will not run as a formula.
- :func:`html_text`: escaped HTML.
- :func:`plain`: the common cleaning, newlines kept (JSON, plain-text files).
"""

from __future__ import annotations

import html
import re

# ESC-started sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC (ESC ] ... BEL or ST), and two-byte ones.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC (e.g. 52: clipboard, 8: hyperlink), DCS, SOS, PM, APC
    r"|\x1b[ -/]*[0-~]?"  # other escapes (charset switches, RIS ...)
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC, DCS, SOS, PM, APC
)
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# C0 controls but tab and newline, DEL, C1 controls, and the Unicode controls that reorder or hide text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT = "\ufffd"


def plain(text: object) -> str:
    """The text with lone surrogates replaced and escape sequences and control characters removed;
    newlines and tabs are kept, ``\\r\\n`` and ``\\r`` become ``\\n``."""
    value = _SURROGATES.sub(REPLACEMENT, text if isinstance(text, str) else str(text))
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _ESCAPES.sub("", value))


def one_line(text: object, limit: int = 0) -> str:
    """:func:`plain` on one line (every run of white space becomes one space), cut to ``limit`` characters."""
    line = " ".join(plain(text).split())
    return line if not limit or len(line) <= limit else line[: limit - 1] + "…"


def terminal(text: object, limit: int = 0) -> str:
    """Safe to print on a terminal or in a CI log: one line, no escape sequence, no control character."""
    return one_line(text, limit)


def markdown_code(text: object, limit: int = 0, in_table: bool = False) -> str:
    """A one-line Markdown code span showing ``text`` literally ("" for empty text)."""
    line = one_line(text, limit)
    if not line:
        return ""
    if in_table:
        line = line.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", line)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {line} {fence}"  # CommonMark strips one space on each side


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text or a number, never runs as a formula (OWASP's advice:
    a text cell that starts with ``= + - @``, a tab or a carriage return gets a leading ``'``)."""
    text = value if isinstance(value, str) else str(value)
    try:
        float(text)
        return text  # a number, e.g. -1.5, stays a number
    except ValueError:
        pass
    text = _CONTROLS.sub("", _SURROGATES.sub(REPLACEMENT, text))
    return "'" + text if text.startswith(_FORMULA_START) else text


def html_text(text: object) -> str:
    """Escaped HTML text (quotes included, so it is safe in attributes too)."""
    return html.escape(plain(text), quote=True)
