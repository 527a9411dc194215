"""Whole-file copies of a database, and checks on files that are not open for work.

Backups and restores need a few things SQLite does best itself: a consistent
copy through the online backup API, ``PRAGMA quick_check``, and a look inside
a copy (its schema, how many visits) that never writes to it. The file being
swapped is held with SQLite's own locks, so another program using it is
noticed and a failed copy is rolled back by SQLite's journal.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from undercover.store.database import DatabaseError, describe
from undercover.store.migrations import MIGRATION_NAMES, SCHEMA_VERSION, migrations

SQLITE_HEADER = b"SQLite format 3\x00"


class InUse(DatabaseError):
    """Another program has the file open, so its contents cannot be swapped now."""


@dataclass(frozen=True)
class FileFacts:
    """What a database file holds, read without changing it."""

    schema: int
    visits: int


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to ``path`` (nor create it)."""
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=5.0)


def has_sqlite_header(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == SQLITE_HEADER
    except OSError:
        return False


def quick_check(path: Path) -> str | None:
    """None when SQLite finds the file sound; else its first problem, on one line."""
    try:
        with closing(_read_only(path)) as conn:
            rows = conn.execute("PRAGMA quick_check(20)").fetchall()
    except sqlite3.Error as exc:
        return str(exc)
    return one_line([str(row[0]) for row in rows])


def one_line(report: list[str]) -> str | None:
    """quick_check's rows as one line: the first problem and how many more; None for "ok"."""
    problems = [
        line.strip() for row in report for line in row.splitlines()
        if line.strip() and line.strip() != "ok" and not line.startswith("*** in database")
    ]
    if not problems:
        return None
    more = f", and {len(problems) - 1} more" if len(problems) > 1 else ""
    return problems[0] + more


def file_facts(path: Path) -> FileFacts:
    """The schema and number of visits of an Undercover file; DatabaseError if it is not one."""
    if not has_sqlite_header(path):
        raise DatabaseError(f"{path} is not an Undercover database.")
    try:
        with closing(_read_only(path)) as conn:
            schema = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if migrations.migrations_table not in tables or "visits" not in tables:
                raise DatabaseError(f"{path} is not an Undercover database.")
            applied = [r[0] for r in conn.execute(
                f"SELECT name FROM {migrations.migrations_table} WHERE migration_set = ?",
                [migrations.name],
            )]
            visits = conn.execute("SELECT count(*) FROM visits").fetchone()[0]
    except sqlite3.Error as exc:
        raise DatabaseError(describe(exc, path)) from exc
    if schema > SCHEMA_VERSION or any(name not in MIGRATION_NAMES for name in applied):
        raise DatabaseError(
            f"{path} was written by a newer version of Undercover; update Undercover first."
        )
    return FileFacts(schema, visits)


def needs_upgrade(path: Path) -> bool:
    """Whether opening ``path`` will upgrade its schema (False for a new or foreign file)."""
    if not has_sqlite_header(path):
        return False
    try:
        with closing(_read_only(path)) as conn:
            schema = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error:
        return False
    return 0 < schema < SCHEMA_VERSION


def _single_file(target: Path) -> None:
    """Make a fresh copy self-contained: no -wal or -shm beside it, durable on disk."""
    with closing(sqlite3.connect(target, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")
    with open(target, "rb+") as f:
        os.fsync(f.fileno())


def copy_file(source: Path, target: Path) -> None:
    """A consistent single-file copy of the database at ``source``, written to ``target``.

    Safe while other programs write to ``source``; ``target`` must not exist yet.
    """
    try:
        with closing(_read_only(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
        _single_file(target)
    except sqlite3.Error as exc:
        raise DatabaseError(describe(exc, source)) from exc


@contextmanager
def sole_use(path: Path, busy_timeout: float = 2.0) -> Iterator[sqlite3.Connection]:
    """A connection to ``path`` that is the only one using it, for swapping its contents.

    Leaving WAL mode needs every other connection gone, so it is the test: a
    program that has the file open (another Undercover window, a sync engine
    reading it) makes this raise DatabaseError and nothing changes. The file is
    put back in WAL mode afterwards.
    """
    conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
    try:
        try:
            mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            mode = "wal"
        if mode != "delete":
            raise InUse(
                f"{path} is in use by another program (another Undercover window?). "
                "Close it and try again; nothing was changed."
            )
        yield conn
        conn.execute("PRAGMA journal_mode = WAL")
    except InUse:
        raise
    except sqlite3.Error as exc:
        raise DatabaseError(describe(exc, path)) from exc
    finally:
        conn.close()


def copy_into(source: Path, conn: sqlite3.Connection) -> None:
    """Replace everything behind ``conn`` with the contents of ``source``, in one transaction.

    SQLite's journal makes it all or nothing: a full disk or a crash half way
    leaves the old contents.
    """
    with closing(_read_only(source)) as src:
        src.backup(conn)
