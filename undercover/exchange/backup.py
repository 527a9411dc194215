"""A consistent copy of the whole database, safe to take while the app is open."""

from __future__ import annotations

from pathlib import Path

from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.store.database import DatabaseError, copy_database, plain_errors


def backup(store: Store, target: Path) -> Path:
    """Copy every visit, photo and setting into ``target``, a new file.

    The copy is written beside the target and renamed at the end, so a full
    disk or a crash never leaves a half-written backup under the real name.
    """
    target = Path(target).expanduser()
    if target.exists():
        raise UndercoverError(f"{target} already exists; choose a new file name.")
    partial = target.with_name(target.name + ".partial")
    try:
        with plain_errors(target):
            copy_database(store.db, partial)
        partial.replace(target)
    except (OSError, DatabaseError) as exc:
        partial.unlink(missing_ok=True)
        raise UndercoverError(f"Could not write the backup to {target}: {exc}") from exc
    return target
