"""Automatic backups of a database, their rotation, and restoring one.

Each database has its own folder of copies under the backups folder, named
after the file and a short hash of where it lives (two ``undercover.db`` in
different folders never share copies). A copy is taken through SQLite's
online backup API, so the app may keep writing meanwhile, and is a single
self-contained file named ``2026-11-23T174500Z-daily.db`` (time in UTC, then
why it was taken).

Rotation keeps every copy from the last 7 days that have one (at most one a
day is taken at start; the others were taken before an import, upgrade or
restore, and are the way back from it), and the newest of each of the 4 weeks
before those (like borg's --keep-daily 7 --keep-weekly 4); plus the newest copy
taken before an upgrade (the one an older Undercover can still open) and every
copy of a damaged file. Copies taken before an import are limited to the 5 newest
of each day: a sync folder may bring bundles all day long, and each copy is the
whole database. An import run takes one copy, however many bundles it brings,
and only when it changes something.
Restoring copies the current contents aside first, so nothing is ever
overwritten without a copy.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from undercover.errors import UndercoverError
from undercover.outputs import is_database_file, temporary_name, write_error
from undercover.paths import backup_dir
from undercover.store.database import DatabaseError
from undercover.store.snapshots import (
    FileFacts,
    InUse,
    copy_file,
    copy_into,
    file_facts,
    has_sqlite_header,
    needs_upgrade,
    quick_check,
    sole_use,
)

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

DAILY = "daily"
BEFORE_IMPORT = "before-import"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"
DAMAGED = "damaged"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_IMPORTS_A_DAY = 5

_STAMP = "%Y-%m-%dT%H%M%SZ"
_NAME = re.compile(
    r"^(?P<stamp>\d{4}-\d{2}-\d{2}T\d{6}Z)-(?P<reason>[a-z]+(?:-[a-z]+)*)(?:-\d+)?\.db$"
)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Backup:
    """One copy in a database's backups folder."""

    path: Path
    taken: datetime  # UTC
    reason: str
    size: int
    written_ns: int  # orders copies taken within the same second

    @property
    def order(self) -> tuple[datetime, int]:
        return self.taken, self.written_ns

    @property
    def day(self) -> date:
        """The local calendar day it was taken: "one a day" means the user's day."""
        return self.taken.astimezone().date()


@dataclass(frozen=True)
class Restored:
    source: Path
    visits: int
    kept: Path | None  # where the replaced contents were copied (None: there were none)


def folder_for(database: Path) -> Path:
    """The folder holding the copies of ``database``."""
    real = os.path.realpath(Path(database).expanduser())
    digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return backup_dir() / f"{Path(real).stem}-{digest}"


def list_backups(database: Path) -> list[Backup]:
    """The copies of ``database``, newest first (files with other names are left alone)."""
    return _backups_in(folder_for(database))


def _backups_in(folder: Path) -> list[Backup]:
    found = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise UndercoverError(f"Cannot read the backups folder {folder}: {exc.strerror}.") from exc
    for entry in entries:
        match = _NAME.match(entry.name)
        if match is None or not entry.is_file():
            continue
        taken = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        info = entry.stat()
        found.append(Backup(Path(entry.path), taken, match["reason"], info.st_size,
                            info.st_mtime_ns))
    return sorted(found, key=lambda b: b.order, reverse=True)


def usage(database: Path) -> tuple[Path, int, int]:
    """Where the copies of ``database`` are, how many there are and their size in bytes."""
    backups = list_backups(database)
    return folder_for(database), len(backups), sum(b.size for b in backups)


def _new_name(folder: Path, when: datetime, reason: str) -> Path:
    base = f"{when.astimezone(UTC).strftime(_STAMP)}-{reason}"
    target, n = folder / f"{base}.db", 2
    while target.exists():
        target, n = folder / f"{base}-{n}.db", n + 1
    return target


def _publish(partial: Path, folder: Path, when: datetime, reason: str) -> Path:
    """Give the finished copy its name without ever replacing another copy taken the same
    second (two windows, or an import beside the daily copy)."""
    while True:
        target = _new_name(folder, when, reason)
        try:
            os.link(partial, target)  # fails if the name was taken meanwhile
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            partial.replace(target)
            return target
        partial.unlink()
        return target


def take_backup(
    database: Path, reason: str, now: Clock = utc_now, rotate_after: bool = True
) -> Backup:
    """Copy ``database`` into its backups folder now; the copy appears whole or not at all."""
    database = Path(database).expanduser()
    folder = folder_for(database)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(exc, folder) from exc
    when = now()
    target = _new_name(folder, when, reason)
    partial = temporary_name(target)
    try:
        copy_file(database, partial)
        target = _publish(partial, folder, when, reason)
    except OSError as exc:
        raise write_error(exc, target) from exc
    except DatabaseError as exc:
        raise UndercoverError(f"Could not back up {database}: {exc}") from exc
    finally:
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
    log.info("backed up %s to %s (%s)", database, target, reason)
    # The folder found at the start is used throughout: the copy is described and the
    # folder rotated even if the data location changes meanwhile.
    taken = next(b for b in _backups_in(folder) if b.path == target)
    if rotate_after:
        _rotate_folder(folder)
    return taken


def _newest_per(backups: list[Backup], period: Callable[[Backup], object], count: int,
                kept: set[Path]) -> set[Path]:
    """The newest copy of each of the last ``count`` periods not already covered by ``kept``."""
    chosen: set[Path] = set()
    seen = None
    for backup in backups:  # newest first
        if len(chosen) >= count:
            break
        key = period(backup)
        if key == seen:
            continue
        seen = key
        if backup.path not in kept:
            chosen.add(backup.path)
    return chosen


def to_keep(backups: Iterable[Backup]) -> set[Path]:
    """The copies rotation keeps; see the module's docstring for the rule."""
    ordered = sorted(backups, key=lambda b: b.order, reverse=True)
    rotating = [b for b in ordered if b.reason != DAMAGED]
    kept = {b.path for b in ordered if b.reason == DAMAGED}
    daily = _newest_per(rotating, lambda b: b.day, KEEP_DAILY, kept)
    # Within those days every copy stays: one taken before an import or a restore is
    # the way back from it, and the copy just restored remains on the list.
    since = min(b.day for b in rotating if b.path in daily) if daily else None
    imports_on: dict[date, int] = {}
    for backup in rotating:  # newest first
        if since is None or backup.day < since:
            continue
        if backup.reason == BEFORE_IMPORT:
            imports_on[backup.day] = imports_on.get(backup.day, 0) + 1
            if imports_on[backup.day] > KEEP_IMPORTS_A_DAY and backup.path not in daily:
                continue
        kept.add(backup.path)
    kept |= _newest_per(rotating, lambda b: b.day.isocalendar()[:2], KEEP_WEEKLY, kept)
    upgrades = [b for b in ordered if b.reason == BEFORE_UPGRADE]
    if upgrades:
        kept.add(upgrades[0].path)
    return kept


def rotate(database: Path) -> list[Path]:
    """Delete the copies the rule does not keep; returns what was deleted."""
    return _rotate_folder(folder_for(database))


def _rotate_folder(folder: Path) -> list[Path]:
    backups = _backups_in(folder)
    keep = to_keep(backups)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            try:
                backup.path.unlink()
            except OSError as exc:
                log.warning("could not delete old backup %s: %s", backup.path, exc)
                continue
            removed.append(backup.path)
    return removed


def daily_backup(database: Path, now: Clock = utc_now) -> Backup | None:
    """The start-of-day copy: taken only if there is none from today and the file is sound."""
    database = Path(database).expanduser()
    today = now().astimezone().date()
    if not database.is_file() or any(b.day == today for b in list_backups(database)):
        return None
    if quick_check(database) is not None:
        log.warning("no daily backup of %s: it fails SQLite's check", database)
        return None
    return take_backup(database, DAILY, now)


def backup_before(database: Path, reason: str = BEFORE_IMPORT, now: Clock = utc_now) -> Backup:
    """A copy before something that changes many records at once (an import)."""
    return take_backup(database, reason, now)


class BackupFailed(UndercoverError):
    """The copy before an import could not be taken, so the import did not start."""


class BackupOnce:
    """The copy an import run takes before its first write: one, however many bundles.

    Called by the importer once the bundles are checked and found to change
    something; a sync pass shares one across the bundles it imports.
    """

    def __init__(self, database: Path, now: Clock = utc_now) -> None:
        self.database = Path(database)
        self.now = now
        self.taken: Backup | None = None

    def __call__(self) -> Backup:
        if self.taken is None:
            try:
                self.taken = take_backup(self.database, BEFORE_IMPORT, self.now)
            except UndercoverError as exc:
                raise BackupFailed(
                    f"Nothing was imported: the backup taken before every import could not "
                    f"be made. {exc}"
                ) from exc
        return self.taken


def backup_before_upgrade(database: Path, now: Clock = utc_now) -> Backup | None:
    """A copy if opening ``database`` is about to upgrade its schema; call before opening."""
    database = Path(database).expanduser()
    # Only a regular file is looked into: reading a pipe or a device could wait for ever,
    # and opening refuses them anyway.
    if not database.is_file() or not needs_upgrade(database):
        return None
    return take_backup(database, BEFORE_UPGRADE, now)


def upgrade_backup_problem(database: Path) -> str | None:
    """``backup_before_upgrade`` for callers that go on without the copy (the store still
    copies the file aside, beside it, before upgrading); returns what went wrong, if anything.
    """
    try:
        backup_before_upgrade(database)
    except UndercoverError as exc:
        log.warning("no copy in the backups folder before upgrading %s: %s", database, exc)
        return str(exc)
    return None


def check_backup(source: Path) -> FileFacts:
    """A backup fit to restore: sound, Undercover's, not newer; else a plain error."""
    if not source.is_file():
        raise UndercoverError(f"There is no backup file at {source}.")
    if not has_sqlite_header(source):
        raise UndercoverError(f"{source} is not an Undercover database or backup.")
    problem = quick_check(source)
    if problem is not None:
        raise UndercoverError(
            f"{source} is damaged (SQLite says: {problem}); choose another backup."
        )
    return file_facts(source)


def latest_good(database: Path) -> Backup | None:
    """The newest copy of ``database`` that passes SQLite's check."""
    for backup in list_backups(database):
        try:
            check_backup(backup.path)
        except UndercoverError:
            continue
        return backup
    return None


def restore(database: Path, source: Path, now: Clock = utc_now) -> Restored:
    """Put the contents of ``source`` into ``database``, copying the current contents first.

    Refused, with nothing changed, if another program has ``database`` open or
    ``source`` is damaged, not Undercover's, or the database itself.
    """
    # The real file: SQLite names the -wal and -shm after it, and a symlink stays a symlink.
    database = Path(os.path.realpath(Path(database).expanduser()))
    source = Path(source).expanduser()
    if is_database_file(source, database):
        raise UndercoverError(f"{source} is the database itself; choose a backup file.")
    if not source.is_file():
        raise UndercoverError(
            f"There is no backup file at {source}. The backups of {database.name} are in "
            f"{folder_for(database)}."
        )
    facts = check_backup(source)
    if not database.exists():  # nothing to keep: the backup becomes the database
        _put_in_place(source, database)
        return Restored(source, facts.visits, None)
    if not has_sqlite_header(database) or quick_check(database) is not None:
        kept = _swap_damaged(database, source, now)
    else:
        with sole_use(database) as conn:
            kept = take_backup(database, BEFORE_RESTORE, now, rotate_after=False).path
            copy_into(source, conn)
    log.info("restored %s from %s; previous contents in %s", database, source, kept)
    rotate(database)
    return Restored(source, facts.visits, kept)


def _swap_damaged(database: Path, source: Path, now: Clock) -> Path:
    """Restore over a file SQLite cannot trust: keep its bytes as they are, then replace it.

    A damaged file cannot be copied through SQLite, so the file and its -wal
    are copied byte for byte into the backups folder, kept by rotation.
    """
    folder = folder_for(database)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        kept = _new_name(folder, now(), DAMAGED)
        shutil.copyfile(database, kept)
        wal = Path(f"{database}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{kept}-wal"))
    except OSError as exc:
        raise write_error(exc, folder) from exc
    try:  # after the copy: this look may touch the file's header
        with sole_use(database):
            pass  # nobody else has it open, as far as SQLite can still tell
    except InUse:
        raise
    except DatabaseError:
        pass  # too damaged for SQLite to say; the file is replaced, not written into
    _put_in_place(source, database, stale=(wal, Path(f"{database}-shm")))
    return kept


def _put_in_place(source: Path, database: Path, stale: Iterable[Path] = ()) -> None:
    """Copy ``source`` beside ``database`` under a hidden name, then rename it over it."""
    fresh = temporary_name(database)
    try:
        database.parent.mkdir(parents=True, exist_ok=True)
        copy_file(source, fresh)
        for companion in stale:  # they belong to the file being replaced
            companion.unlink(missing_ok=True)
        os.replace(fresh, database)
    except OSError as exc:
        raise write_error(exc, database) from exc
    finally:
        for leftover in (fresh, Path(f"{fresh}-journal")):
            leftover.unlink(missing_ok=True)
