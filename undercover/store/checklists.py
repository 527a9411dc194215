"""Checklist versions kept in the database; bundled ones added on first use.

A stored ``(key, version)`` never changes, so a visit is always read with
the exact questions it was scored with.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from sqlite_utils import Database

from undercover.domain.checklist import Checklist
from undercover.domain.checklist_format import (
    checklist_from_dict,
    checklist_to_dict,
    load_checklist_file,
)
from undercover.domain.visit import now_iso
from undercover.errors import UndercoverError
from undercover.paths import resource_dir
from undercover.store.database import transaction

log = logging.getLogger(__name__)

DEFAULT_CHECKLIST = "customer-centric"


def bundled_checklist_files() -> list[Path]:
    return sorted((resource_dir() / "checklists").glob("*.toml"))


def _definition(checklist: Checklist) -> tuple[str, str]:
    text = json.dumps(checklist_to_dict(checklist), ensure_ascii=False, sort_keys=True)
    return text, hashlib.sha256(text.encode()).hexdigest()


class ChecklistRepo:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache: dict[tuple[str, int], Checklist] = {}

    def add_bundled(self) -> None:
        """Store each bundled checklist version the database does not have yet."""
        for path in bundled_checklist_files():
            checklist = load_checklist_file(path)
            stored = self._db.execute(
                "SELECT sha256 FROM checklists WHERE key = ? AND version = ?",
                [checklist.key, checklist.version],
            ).fetchone()
            if stored is None:
                self.store(checklist)
            elif stored[0] != _definition(checklist)[1]:
                log.warning(
                    "%s changed without a new version; keeping the stored %s v%d",
                    path.name, checklist.key, checklist.version,
                )

    def store(self, checklist: Checklist) -> None:
        """Keep an exact checklist version (from a bundled file or an imported visit)."""
        text, digest = _definition(checklist)
        with transaction(self._db):
            self._db.execute(
                "INSERT OR IGNORE INTO checklists "
                "(key, version, title, audience, definition, sha256, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [checklist.key, checklist.version, checklist.title,
                 checklist.audience.value, text, digest, now_iso()],
            )

    def get(self, key: str, version: int | None = None) -> Checklist:
        """A checklist version; the newest one when no version is given."""
        if version is not None and (key, version) in self._cache:
            return self._cache[(key, version)]
        if version is None:
            row = self._db.execute(
                "SELECT version, definition FROM checklists WHERE key = ? "
                "ORDER BY version DESC LIMIT 1", [key],
            ).fetchone()
        else:
            row = self._db.execute(
                "SELECT version, definition FROM checklists WHERE key = ? AND version = ?",
                [key, version],
            ).fetchone()
        if row is None:
            which = f"{key} version {version}" if version else key
            raise UndercoverError(f"The checklist {which} is not in this database.")
        if (key, row[0]) not in self._cache:
            self._cache[(key, row[0])] = checklist_from_dict(
                json.loads(row[1]), f"stored checklist {key} v{row[0]}"
            )
        return self._cache[(key, row[0])]

    def latest(self) -> list[Checklist]:
        """The newest version of every checklist, for choosing one for a new visit."""
        rows = self._db.execute(
            "SELECT key, max(version) FROM checklists GROUP BY key ORDER BY key"
        ).fetchall()
        return [self.get(key, version) for key, version in rows]

    def sha256(self, key: str, version: int) -> str:
        """The hash of a stored version's definition: how other machines know it."""
        row = self._db.execute(
            "SELECT sha256 FROM checklists WHERE key = ? AND version = ?", [key, version]
        ).fetchone()
        if row is None:
            raise UndercoverError(f"The checklist {key} version {version} is not in this database.")
        return row[0]

    def definition(self, key: str, version: int) -> dict:
        return checklist_to_dict(self.get(key, version))
