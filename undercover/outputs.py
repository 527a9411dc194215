"""Writing output files safely: the one check and the one writer every output goes through.

Reports, summaries, backups, bundles and CSV files all end here, so no
command or dialog can write over the open database, one of its companion
files, any other database or its working files, or something that is not a
regular file (a device, a FIFO, a folder).
A file is written under a temporary name, flushed to disk and renamed only
when complete, so a crash or a full disk never leaves half a file under the
real name. ``-`` means standard output.
"""

from __future__ import annotations

import errno
import glob
import os
import secrets
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from undercover.errors import UndercoverError

STDOUT = "-"

# SQLite's own companions of a database file, and Undercover's copies beside it.
_COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
_SQLITE_HEADER = b"SQLite format 3\x00"


def _same_file(a: Path, b: Path) -> bool:
    """True when two names reach the same file: any spelling, a symlink or a hard link."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(os.path.realpath(a)) == os.path.abspath(os.path.realpath(b))


def _backup_copies(database: Path) -> list[Path]:
    """The safety copies kept beside the database before an upgrade (NAME.schema-N.STAMP.bak)."""
    try:
        return list(database.parent.glob(f"{glob.escape(database.stem)}.schema-*.bak"))
    except OSError:
        return []


def is_database_file(output: Path, database: Path) -> bool:
    """Whether ``output`` is the database, one of SQLite's companions, or one of its copies.

    Any spelling counts: relative or absolute, through a symlink (to the file or to a
    folder on the way) or a hard link. SQLite names the companions after the real file
    when the database is opened through a symlink, so both names are checked.
    """
    output = Path(output).expanduser()
    database = Path(database).expanduser()
    db_real = Path(os.path.realpath(database))
    candidates = [
        Path(f"{name}{suffix}")
        for name in (database, db_real)
        for suffix in ("", *_COMPANION_SUFFIXES)
    ]
    candidates += _backup_copies(db_real)
    if any(_same_file(output, c) for c in candidates):
        return True
    # A safety copy not made yet, or one being written: refuse its name too.
    real = Path(os.path.realpath(output))
    return (
        real.parent == db_real.parent
        and real.name.startswith(f"{db_real.stem}.schema-")
        and (real.name.endswith(".bak") or ".bak." in real.name)
    )


def check_output(output: Path | str, database: Path | None = None) -> Path | None:
    """Refuse an output that must not be written; returns the path (None for standard output).

    Raises UndercoverError, before anything is written, for the open database or its
    companion files, another SQLite database or its working files, a folder, a missing
    folder, a dangling link, or anything that exists and is not a regular file (a device
    node, a FIFO, a socket).
    """
    if str(output) == STDOUT:
        return None
    if not str(output).strip():
        raise UndercoverError("No output file name was given.")
    if str(output).endswith(("/", os.sep)):  # Path() would quietly drop the slash
        raise UndercoverError(f"{output} names a folder; give a file name inside it.")
    output = Path(output).expanduser()
    if database is not None and is_database_file(output, database):
        raise UndercoverError(
            f"{output} is the open database (or one of its own files); "
            "choose another file name. Nothing was written."
        )
    try:
        info = os.stat(output)  # follows symlinks: a link to a regular file is fine
    except FileNotFoundError:
        info = None
        if output.is_symlink():
            raise UndercoverError(
                f"{output} is a link to {os.readlink(output)}, which does not exist; "
                "choose a file name. Nothing was written."
            ) from None
    except NotADirectoryError:
        raise UndercoverError(f"{_first_non_folder(output)} is a file, not a folder.") from None
    except OSError as exc:
        raise UndercoverError(f"Cannot write {output}: {exc.strerror or exc}.") from exc
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise UndercoverError(f"{output} is a folder; give a file name inside it.")
        if not stat.S_ISREG(info.st_mode):
            raise UndercoverError(
                f"{output} is not a regular file (a device, pipe or socket); "
                "choose a file name. Nothing was written."
            )
        if _is_sqlite(output):
            raise UndercoverError(
                f"{output} is a database file; writing there would replace it. "
                "Choose another file name. Nothing was written."
            )
    owner = _companion_of(output)
    if owner is not None:
        raise UndercoverError(
            f"{output} is one of the working files of the database {owner}; "
            "choose another file name. Nothing was written."
        )
    folder = _target(output).parent
    if not folder.is_dir():
        raise UndercoverError(f"The folder {folder} does not exist.")
    return output


def _is_sqlite(path: Path) -> bool:
    """Whether a file is an SQLite database (another Undercover file, most likely)."""
    try:
        with open(path, "rb") as f:
            return f.read(16) == _SQLITE_HEADER
    except OSError:
        return False


def _companion_of(output: Path) -> Path | None:
    """The database whose -wal, -shm or -journal ``output`` names, if that database exists."""
    for suffix in _COMPANION_SUFFIXES:
        if output.name.endswith(suffix) and len(output.name) > len(suffix):
            owner = output.with_name(output.name[: -len(suffix)])
            if owner.is_file() and _is_sqlite(owner):
                return owner
    return None


def _first_non_folder(output: Path) -> Path:
    """The part of ``output``'s path that is a file where a folder should be."""
    for parent in reversed(output.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return output.parent


def _target(output: Path) -> Path:
    """Where the bytes really go: through a symlink to the file it names."""
    return Path(os.path.realpath(output)) if output.is_symlink() else output


def write_error(exc: OSError, target: Path) -> UndercoverError:
    """A plain message for a failed write."""
    if exc.errno == errno.ENOSPC:
        return UndercoverError(
            f"The disk is full: {target} could not be written. Free some space and try again."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UndercoverError(f"Cannot write {target}: the folder is read-only or not yours.")
    return UndercoverError(f"Cannot write {target}: {exc.strerror or exc}.")


def temporary_name(output: Path) -> Path:
    """A hidden name beside ``output`` for a file being written; never a name users see."""
    return output.parent / f".{output.name}.{secrets.token_hex(4)}.part"


@contextmanager
def atomic_output(output: Path | str, database: Path | None = None) -> Iterator[BinaryIO]:
    """A file to write into; it becomes ``output`` only if everything succeeded.

    ``database`` is the open database, which (with its companions) is refused.
    ``-`` writes to standard output.
    """
    checked = check_output(output, database)
    if checked is None:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = _target(checked)
    temp = temporary_name(target)
    try:
        # os.open with 0o666 lets the user's umask decide the final permissions.
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise write_error(exc, checked) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        check_output(checked, database)  # writing took a while: look again before renaming
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise write_error(exc, checked) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def place_new(temp: Path, target: Path) -> None:
    """Give a finished temporary file its real name, never replacing a file found there.

    For outputs that must be new (a backup): a file that appeared under ``target``
    while the temporary one was being written is kept, and this raises UndercoverError.
    """
    try:
        os.link(temp, target)  # fails if target exists: no check-then-replace race
    except FileExistsError:
        raise UndercoverError(f"{target} already exists; choose a new file name.") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links (FAT or exFAT on a USB stick): look, then rename.
        if os.path.lexists(target):
            raise UndercoverError(
                f"{target} already exists; choose a new file name."
            ) from None
        os.replace(temp, target)
    else:
        os.unlink(temp)
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut after it keeps the new file)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
