"""The class roster (hub/roster.csv): who may log in to the course hub, and as what.

Format: a CSV file with the header ``id,role``; one line per account; ``role`` is ``student`` or
``instructor`` (exactly one instructor); ``#`` comment lines and blank lines are ignored. An id is both the
JupyterHub login and the system user's name, so it must be a name ``useradd`` accepts on every Linux:
a lower-case letter, then lower-case letters, digits, ``_`` or ``-``, at most 32 characters.

Reading never stops at the first problem: :func:`read` returns every bad line with its number, so the
instructor fixes the file once, and nothing (no account, no folder) is created from a roster with errors.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

ROLES = ("student", "instructor")
VALID_ID = re.compile(r"[a-z][a-z0-9_-]{0,31}")
# Names that are accounts of the system itself, never a person of the class.
RESERVED = frozenset(
    {
        *("root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy"),
        *("www-data", "backup", "list", "irc", "gnats", "nobody", "systemd-network", "systemd-resolve"),
        *("messagebus", "sshd", "admin", "jupyterhub"),
    }
)


@dataclass(frozen=True)
class Account:
    """One line of the roster."""

    id: str
    role: str
    line: int


@dataclass
class Roster:
    """The accounts of a roster file and the problems found in it (empty when the file is usable)."""

    accounts: list[Account]
    errors: list[str]

    @property
    def instructor(self) -> str:
        return next(a.id for a in self.accounts if a.role == "instructor")

    @property
    def students(self) -> list[str]:
        return [a.id for a in self.accounts if a.role == "student"]


def read(path: Path) -> Roster:
    """Parse and check ``path``; every problem is reported as ``roster.csv line N: ...``."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Roster([], [f"cannot read the roster {path}: {exc}"])
    rows = [
        (number, row)
        for number, row in enumerate(csv.reader(text.splitlines()), start=1)
        if row and "".join(row).strip() and not row[0].lstrip().startswith("#")
    ]
    if not rows or [c.strip().lower() for c in rows[0][1]] != ["id", "role"]:
        return Roster([], [f"{name}: the first line that is not a comment must be the header 'id,role'"])
    accounts: list[Account] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, row in rows[1:]:
        cells = [c.strip() for c in row]
        where = f"{name} line {number}"
        if len(cells) != 2:
            errors.append(f"{where}: expected 'id,role', got {len(cells)} fields: {','.join(row)!r}")
            continue
        user, role = cells[0], cells[1].lower()
        if not VALID_ID.fullmatch(user):
            errors.append(
                f"{where}: invalid id {user!r}: use a lower-case letter, then lower-case letters, digits, "
                "'_' or '-' (at most 32 characters)"
            )
        elif user in RESERVED:
            errors.append(f"{where}: {user!r} is a system account name, not a person of the class")
        elif user in seen:
            errors.append(f"{where}: {user!r} is already on line {seen[user]}")
        if role not in ROLES:
            errors.append(f"{where}: role {cells[1]!r} is not one of {', '.join(ROLES)}")
        if VALID_ID.fullmatch(user) and user not in RESERVED and user not in seen and role in ROLES:
            seen[user] = number
            accounts.append(Account(user, role, number))
    instructors = [a for a in accounts if a.role == "instructor"]
    if len(instructors) != 1 and not errors:
        found = ", ".join(a.id for a in instructors) or "none"
        errors.append(f"{name}: exactly one instructor is needed (found {found})")
    if not any(a.role == "student" for a in accounts) and not errors:
        errors.append(f"{name}: no student in the roster")
    return Roster(accounts, errors)
