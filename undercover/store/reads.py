"""Reads as careful as writes: an SQLite error while reading becomes a plain message.

A file another program changed, or a damaged one, can lack a table or a column;
that is the user's file to repair, not a bug to report.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from undercover.store.database import DatabaseError, database_path, describe

P = ParamSpec("P")
R = TypeVar("R")

_MISSING = re.compile(r"no such (table|column): (\S+)")


def read_error(exc: sqlite3.Error, db: Any) -> DatabaseError:
    """The plain message for an SQLite error raised while reading ``db``."""
    try:
        path = database_path(db)
    except sqlite3.Error:
        path = Path("the database")
    missing = _MISSING.search(str(exc))
    if missing:
        what, name = missing.groups()
        return DatabaseError(
            f"{path} is damaged or was changed by another program: its {what} '{name}' "
            "is missing. Restore a backup, or open it with the version that wrote it."
        )
    return DatabaseError(describe(exc, path))


def plain_reads(method: Callable[P, R]) -> Callable[P, R]:
    """Decorate a repository method (whose object has ``_db``) so SQLite errors read plainly."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.IntegrityError:
            raise
        except sqlite3.Error as exc:
            raise read_error(exc, args[0]._db) from exc  # type: ignore[attr-defined]

    return wrapper
