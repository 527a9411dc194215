"""Opening the database file safely, and turning SQLite's errors into plain messages.

Start-up order: refuse files that are not ours or are newer than this
version (before writing a byte), copy the file aside if it needs upgrading,
then WAL, migrations, foreign keys.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from undercover.errors import UndercoverError
from undercover.store.migrations import MIGRATION_NAMES, SCHEMA_VERSION, migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0
_SQLITE_HEADER = b"SQLite format 3\x00"


class DatabaseError(UndercoverError):
    """The database cannot be used as asked: busy, full, damaged, newer, or not ours."""


def describe(exc: sqlite3.Error, path: Path) -> str:
    """A sentence a user can act on, for an SQLite error on ``path``."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return (
            f"The database {path} is busy: another Undercover window or program is using it. "
            "Close the other one or try again in a moment."
        )
    if "full" in text:
        return f"The disk holding {path} is full. Free some space; nothing was saved."
    if "readonly" in text or "read-only" in text:
        return f"The database {path} is read-only. Check the file's permissions."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{path} is damaged or is not an Undercover database."
    if "unable to open" in text:
        return f"Cannot open {path}: check that the folder exists and is writable."
    return f"The database {path} could not be used: {exc}"


@contextmanager
def plain_errors(path: Path) -> Iterator[None]:
    """Re-raise SQLite errors as DatabaseError with a message for the user."""
    try:
        yield
    except sqlite3.Error as exc:
        raise DatabaseError(describe(exc, path)) from exc


def database_path(db: Database) -> Path:
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2]) if row and row[2] else Path(":memory:")


@contextmanager
def transaction(db: Database) -> Iterator[None]:
    """One atomic write; a busy, full or read-only database becomes a plain DatabaseError.

    The outermost level starts with BEGIN IMMEDIATE: taking the write lock up
    front lets SQLite wait for another writer, where a read that later turns
    into a write would fail at once when another process wrote in between.
    """
    try:
        if db.conn.in_transaction:
            with db.atomic():  # nested: a savepoint inside the caller's transaction
                yield
        else:
            db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                db.conn.execute("COMMIT")
            except BaseException:
                if db.conn.in_transaction:
                    db.conn.execute("ROLLBACK")
                raise
    except sqlite3.IntegrityError:
        raise
    except sqlite3.Error as exc:
        raise DatabaseError(describe(exc, database_path(db))) from exc


def _check_header(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as f:
        if f.read(16) != _SQLITE_HEADER:
            raise DatabaseError(f"{path} is not an Undercover database.")


def _schema_state(db: Database, path: Path) -> tuple[int, list[str]]:
    """The file's schema version and applied migration names, without writing anything."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    tables = set(db.table_names())
    if not tables:
        return 0, []
    if migrations.migrations_table not in tables:
        raise DatabaseError(f"{path} is an SQLite file of another program, not Undercover's.")
    applied = [m.name for m in migrations.applied(db)]
    if not applied and tables - {migrations.migrations_table}:
        raise DatabaseError(f"{path} is an SQLite file of another program, not Undercover's.")
    return version, applied


def _refuse_newer(path: Path, version: int, applied: list[str]) -> None:
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if version > SCHEMA_VERSION or unknown:
        raise DatabaseError(
            f"{path} was written by a newer version of Undercover (schema {version}; this "
            f"version understands up to {SCHEMA_VERSION}). Update Undercover to open it; "
            "the file has not been changed."
        )


def copy_database(db: Database, target: Path) -> None:
    """A consistent copy of the open database, safe while other connections write."""
    copy = sqlite3.connect(target)
    try:
        db.conn.backup(copy)
    finally:
        copy.close()


def _copy_aside(db: Database, path: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.schema-{version}.{stamp}.bak")
    copy_database(db, target)
    log.info("copied %s aside to %s before upgrading its schema", path, target)
    return target


def open_database(
    path: Path, busy_timeout: float = BUSY_TIMEOUT_S, create: bool = True
) -> Database:
    """Open and upgrade an Undercover database file, creating it only if ``create``."""
    path = Path(path).expanduser()
    with plain_errors(path):
        if path.is_dir():
            raise DatabaseError(f"{path} is a folder, not a database file.")
        if not create and not path.exists():
            raise DatabaseError(
                f"There is no Undercover database at {path}. Check the path; "
                "the app and 'undercover demo' create a new one."
            )
        _check_header(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=busy_timeout)
        db = Database(conn, execute_plugins=False)
        try:
            version, applied = _schema_state(db, path)
            _refuse_newer(path, version, applied)
            if applied and migrations.pending(db):
                _copy_aside(db, path, version)
            db.enable_wal()
            migrations.apply(db)
            db.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
    return db
