"""Opening the database file safely, and turning SQLite's errors into plain messages.

Start-up order: refuse files that are not ours or are newer than this
version (before writing a byte), then WAL; if migrations are pending, take the
write lock, look again (another program may have upgraded the file meanwhile),
copy the file aside and migrate, all under that lock; then foreign keys.
A read-only open writes nothing: it refuses a missing, empty or older file.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from undercover.errors import UndercoverError
from undercover.outputs import temporary_name, write_error
from undercover.store.migrations import MIGRATION_NAMES, SCHEMA_VERSION, migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 5.0
_SQLITE_HEADER = b"SQLite format 3\x00"
_NEARLY_FULL = 1 << 20  # bytes free


class DatabaseError(UndercoverError):
    """The database cannot be used as asked: busy, full, damaged, newer, or not ours."""


class DatabaseBusy(DatabaseError):
    """Another connection holds the write lock; trying again later may well succeed."""


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _disk_nearly_full(path: Path) -> bool:
    """SQLite reports a full disk as an I/O error when it cannot even map its -shm."""
    try:
        return shutil.disk_usage(Path(path).parent).free < _NEARLY_FULL
    except OSError:
        return False


def _folder_is_read_only(path: Path) -> bool:
    folder = Path(path).parent
    return folder.is_dir() and not os.access(folder, os.W_OK)


def describe(exc: sqlite3.Error, path: Path) -> str:
    """A sentence a user can act on, for an SQLite error on ``path``."""
    text = str(exc).lower()
    if ("readonly" in text or "read-only" in text or "unable to open" in text) and (
        _folder_is_read_only(path)
    ):
        return (
            f"The folder {Path(path).parent} is read-only: Undercover needs to keep its "
            f"working files (-wal, -shm) beside {Path(path).name}. Move the database to a "
            "folder you can write to, or check the folder's permissions."
        )
    if "locked" in text or "busy" in text:
        return (
            f"The database {path} is busy: another Undercover window or program is using it. "
            "Close the other one or try again in a moment."
        )
    if "full" in text or ("disk i/o error" in text and _disk_nearly_full(path)):
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
def bulk_writes(db: Database, cache_mb: int = 64) -> Iterator[None]:
    """Settings for one large write (an import of many photos), put back afterwards.

    In WAL mode, ``synchronous = NORMAL`` skips the sync at commit but still syncs
    the log before each checkpoint: a crash or power cut can never damage the file,
    it can only lose that write (the bundle is still there to import again); a large
    import's own checkpoint syncs it at once. A larger page cache means fewer
    partial writes of the open transaction. Outside WAL mode nothing is relaxed.
    """
    synchronous = db.execute("PRAGMA synchronous").fetchone()[0]
    cache_size = db.execute("PRAGMA cache_size").fetchone()[0]
    # SQLite refuses to change the sync level inside a transaction: a caller's stays as is.
    relax = (synchronous > 1 and not db.conn.in_transaction
             and db.execute("PRAGMA journal_mode").fetchone()[0] == "wal")
    if relax:
        db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA cache_size = {-1024 * cache_mb:d}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(cache_size):d}")
        if relax and not db.conn.in_transaction:
            db.execute(f"PRAGMA synchronous = {int(synchronous):d}")


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
        kind = DatabaseBusy if _is_busy(exc) else DatabaseError
        raise kind(describe(exc, database_path(db))) from exc


# Database files this process has opened, by (device, inode). Their header is not read
# again: closing a plain file drops every POSIX lock this process holds on that file,
# those of its open SQLite connections included, and another program closing its own
# connection could then remove the -wal and -shm from under them ("disk I/O error").
_OPENED: set[tuple[int, int]] = set()


def _remember_opened(path: Path) -> None:
    with contextlib.suppress(OSError):
        info = os.stat(path)
        _OPENED.add((info.st_dev, info.st_ino))


def _check_file(path: Path, must_exist: bool, read_only: bool) -> None:
    """Refuse, before SQLite touches it, a path that cannot be an Undercover database."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if must_exist:
            raise DatabaseError(
                f"There is no Undercover database at {path}. Check the path; "
                "the app and 'undercover demo' create a new one."
            ) from None
        return
    except NotADirectoryError:
        raise DatabaseError(f"Cannot open {path}: part of its folder path is a file.") from None
    except OSError as exc:  # a loop of links, no permission to look in the folder
        raise DatabaseError(f"Cannot open {path}: {exc.strerror or exc}.") from exc
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseError(f"{path} is a folder, not a database file.")
    if not stat.S_ISREG(info.st_mode):
        # Reading a pipe would wait for ever; a device is never a database.
        raise DatabaseError(
            f"{path} is not a regular file (a device, pipe or socket), "
            "not an Undercover database."
        )
    if (info.st_dev, info.st_ino) in _OPENED:
        return  # known to be ours; see _OPENED
    if info.st_size == 0:
        if read_only:
            raise DatabaseError(
                f"{path} is empty: it holds no Undercover data yet. "
                "Open it in the app, or run 'undercover demo', to start one."
            )
        return
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as exc:
        raise DatabaseError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if header[:16] != _SQLITE_HEADER:
        raise DatabaseError(f"{path} is not an Undercover database.")
    if read_only and not Path(f"{path}-wal").exists():
        # Without a -wal the file's own header is current: an older or newer file is
        # refused before SQLite opens it (and adds its -shm beside it).
        version = int.from_bytes(header[60:64], "big")  # PRAGMA user_version
        _refuse_newer(path, version, [])
        if 0 < version < SCHEMA_VERSION:
            raise DatabaseError(_older_message(path))


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


def _older_message(path: Path) -> str:
    return (
        f"{path} was made by an older version of Undercover; open it in the app once "
        "to upgrade it. The file has not been changed."
    )


def _refuse_newer(path: Path, version: int, applied: list[str]) -> None:
    unknown = [name for name in applied if name not in MIGRATION_NAMES]
    if unknown:
        raise DatabaseError(
            f"{path} holds changes this version of Undercover does not know "
            f"({', '.join(unknown)}): a newer version wrote it. Update Undercover to open "
            "it; the file has not been changed."
        )
    if version > SCHEMA_VERSION:
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
    """Keep a copy of the file as it was before an upgrade, beside it.

    Written under a hidden temporary name and renamed only when complete: a crash
    or a full disk never leaves a partial copy under a name that looks like a backup.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.schema-{version}.{stamp}.bak")
    partial = temporary_name(target)
    try:
        # A second connection: this one holds the write lock, and a WAL file can be
        # read beside it (SQLite's backup from the locking connection would wait for ever).
        reader = Database(sqlite3.connect(path), execute_plugins=False)
        try:
            copy_database(reader, partial)
        finally:
            reader.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        reason = describe(exc, target) if isinstance(exc, sqlite3.Error) else str(
            write_error(exc, target)
        )
        raise DatabaseError(
            f"{path} was not upgraded: the copy kept before an upgrade could not be "
            f"written. {reason}"
        ) from exc
    finally:
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
    log.info("copied %s aside to %s before upgrading its schema", path, target)
    return target


def _enable_wal(db: Database, busy_timeout: float) -> None:
    """Switch the file to WAL, waiting for another program doing the same.

    SQLite answers "locked" at once, without its busy wait, when another connection
    is switching the same file: this waits as a busy database would.
    """
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _migrate(db: Database, path: Path) -> None:
    """Apply pending migrations under the write lock.

    Two programs opening one new file at once both get here; the lock makes the
    second wait, and it then finds nothing left to do.
    """
    with transaction(db):
        version, applied = _schema_state(db, path)
        _refuse_newer(path, version, applied)
        if not migrations.pending(db):
            return
        if applied:
            _copy_aside(db, path, version)
        migrations.apply(db)  # each migration a savepoint inside this one transaction


def _connect_read_only(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """A connection that cannot write the file (SQLite may add its -shm beside it)."""
    uri = path.absolute().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=busy_timeout)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opening is lazy
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if not _folder_is_read_only(path) or any(
            Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal")
        ):
            raise
    # In a read-only folder SQLite cannot create the -shm a WAL reader needs. Nothing
    # can write the file there either (a writer needs its -wal or -journal beside it),
    # so it is read as it is.
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=busy_timeout)


def _open_read_only(path: Path, busy_timeout: float) -> Database:
    conn = _connect_read_only(path, busy_timeout)
    db = Database(conn, execute_plugins=False)
    try:
        version, applied = _schema_state(db, path)
        _refuse_newer(path, version, applied)
        if not applied:
            raise DatabaseError(
                f"{path} is empty: it holds no Undercover data yet. "
                "Open it in the app, or run 'undercover demo', to start one."
            )
        if migrations.pending(db):
            raise DatabaseError(_older_message(path))
        db.execute("PRAGMA query_only = ON")  # a write by mistake fails, whatever the mode
    except BaseException:
        conn.close()
        raise
    return db


def leave_as_found(path: Path) -> None:
    """Take away the empty -wal and -shm that reading a WAL file made SQLite add.

    A read-only connection cannot remove them; closing an ordinary one does, and
    SQLite does it only when that connection is the file's last user (it checks
    under an exclusive lock). The WAL is empty, so the database itself is not written.
    """
    wal = Path(f"{path}-wal")
    try:
        if wal.stat().st_size:  # another program has written since: it tidies up itself
            return
    except OSError:
        return
    try:
        # mode=rw: never create a file, should the database have been moved meanwhile.
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, timeout=0)
        try:
            conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        log.debug("left SQLite's -wal and -shm beside %s", path, exc_info=True)


def open_database(
    path: Path, busy_timeout: float = BUSY_TIMEOUT_S, create: bool = True,
    read_only: bool = False, shared: bool = False,
) -> Database:
    """Open an Undercover database file.

    By default the file is created if missing and upgraded if older. ``create=False``
    refuses a missing file; ``read_only=True`` writes nothing at all: a missing, empty
    or older file is refused with a message instead. ``shared=True`` lets worker threads
    take turns with the connection (the caller makes sure only one uses it at a time).
    """
    path = Path(path).expanduser()
    with plain_errors(path):
        _check_file(path, must_exist=read_only or not create, read_only=read_only)
        if read_only:
            db = _open_read_only(path, busy_timeout)
            _remember_opened(path)
            return db
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=busy_timeout, check_same_thread=not shared)
        db = Database(conn, execute_plugins=False)
        try:
            version, applied = _schema_state(db, path)
            _refuse_newer(path, version, applied)
            _enable_wal(db, busy_timeout)
            if migrations.pending(db):
                _migrate(db, path)
            db.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            conn.close()
            raise
    _remember_opened(path)
    return db
