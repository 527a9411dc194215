"""A consistent copy of the whole database, safe to take while the app is open."""

from __future__ import annotations

import os
from pathlib import Path

from undercover.errors import UndercoverError
from undercover.outputs import check_output, place_new, temporary_name, write_error
from undercover.store import Store
from undercover.store.database import DatabaseError, copy_database, plain_errors


def backup(store: Store, target: Path) -> Path:
    """Copy every visit, photo and setting into ``target``, a new file.

    The copy is written under a hidden temporary name and given its real name at
    the end, so a full disk or a crash never leaves a half-written backup under the
    real name, and a file that appeared there meanwhile is never replaced.
    """
    checked = check_output(target, store.path)
    if checked is None:
        raise UndercoverError("A backup is a database file; give a file name, not '-'.")
    target = checked
    if target.exists():
        raise UndercoverError(f"{target} already exists; choose a new file name.")
    partial = temporary_name(target)
    try:
        with plain_errors(target):
            copy_database(store.db, partial)
        with partial.open("rb+") as f:
            os.fsync(f.fileno())
        place_new(partial, target)  # a file that appeared meanwhile is not replaced
    except OSError as exc:
        raise write_error(exc, target) from exc
    except DatabaseError as exc:
        raise UndercoverError(f"Could not write the backup to {target}: {exc}") from exc
    finally:
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
    return target
