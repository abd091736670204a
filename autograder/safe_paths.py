"""Symbolic links are never followed out of a submission (GRADING.md, "What must hold", item 11).

A submission is a notebook or a folder that students control. Before anything reads it, the entry points
(``grade``, ``grade-all``, the pull-request grader) ask :func:`unsafe_reason` whether it may be read:

- no component from a trusted folder (``top``: the folder an instructor or the CI named) down to the
  submission may be a symbolic link, so ``assignments/m1_1_math -> ../source/m1_1_math`` or
  ``submitted/bob -> alice`` is refused;
- inside a submission folder every symbolic link must lead to a file or folder inside that folder;
- nothing in it may be a FIFO, socket or device (reading one blocks or never ends);
- a folder may hold at most ``MAX_ENTRIES`` entries (checking and hashing stay bounded).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_ENTRIES = 10_000


def _inside(target: str, folder: str) -> bool:
    return target == folder or target.startswith(folder.rstrip(os.sep) + os.sep)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _show(path: str, top: str) -> str:
    return os.path.relpath(path, top) if _inside(path, top) else path


def unsafe_reason(path: Path, top: Path | None = None) -> str:
    """Why the submission at ``path`` must not be read ("" when it may be).

    ``top`` is a trusted folder that holds ``path`` (default: the folder holding ``path``). Paths are
    compared without resolving the links below ``top``; ``top`` itself may be reached through links."""
    where = os.path.abspath(path)
    trusted = os.path.abspath(top if top is not None else os.path.dirname(where))
    if not _inside(where, trusted):
        return f"{where} is not inside {trusted}"
    current = trusted
    for part in Path(os.path.relpath(where, trusted)).parts if where != trusted else ():
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return ""  # missing: the reader says so
        if stat.S_ISLNK(mode):
            return (
                f"{_show(current, trusted)} is a symbolic link; a submission's folders and notebook must be "
                "real files, not links to other files"
            )
        if current != where and not stat.S_ISDIR(mode):
            return f"{_show(current, trusted)} is not a folder"
    try:
        mode = os.lstat(where).st_mode
    except OSError:
        return ""
    if stat.S_ISDIR(mode):
        return _inside_folder(where, trusted)
    if not stat.S_ISREG(mode):
        return f"{_show(where, trusted)} is {_kind(mode)}"
    return ""


def _inside_folder(folder: str, top: str) -> str:
    """Every entry of ``folder``: links must stay inside it, no special files, bounded count."""
    real_folder = os.path.realpath(folder)
    seen = 0
    for here, dirs, files in os.walk(folder, followlinks=False):
        for name in dirs + files:
            seen += 1
            if seen > MAX_ENTRIES:
                return f"{_show(folder, top)} holds more than {MAX_ENTRIES} files and folders"
            entry = os.path.join(here, name)
            try:
                mode = os.lstat(entry).st_mode
            except OSError:
                continue
            if stat.S_ISLNK(mode):
                target = os.path.realpath(entry)
                if not _inside(target, real_folder):
                    return f"{_show(entry, top)} is a symbolic link that leads outside the submission"
                try:
                    mode = os.stat(entry).st_mode
                except OSError:
                    continue  # a dangling link inside: nothing to read
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                return f"{_show(entry, top)} is {_kind(mode)}"
    return ""
