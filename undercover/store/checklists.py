"""Checklist versions kept in the database; bundled ones added on first use.

A stored ``(key, version)`` never changes, so a visit is always read with
the exact questions it was scored with. A bad bundled file or a damaged stored
definition is skipped with a warning: it never stops the other checklists.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from undercover.domain.checklist import Checklist
from undercover.domain.checklist_format import (
    MAX_VERSION,
    ChecklistError,
    checklist_from_dict,
    checklist_to_dict,
    load_checklist_file,
)
from undercover.domain.visit import now_iso
from undercover.errors import UndercoverError
from undercover.paths import resource_dir
from undercover.store.database import transaction
from undercover.store.reads import plain_reads

log = logging.getLogger(__name__)

DEFAULT_CHECKLIST = "customer-centric"


def bundled_checklist_files() -> list[Path]:
    return sorted((resource_dir() / "checklists").glob("*.toml"))


def _definition(checklist: Checklist) -> tuple[str, str]:
    text = json.dumps(checklist_to_dict(checklist), ensure_ascii=False, sort_keys=True)
    return text, hashlib.sha256(text.encode()).hexdigest()


def _without_version(checklist: Checklist) -> dict:
    data = checklist_to_dict(checklist)
    del data["version"]
    return data


@dataclass(frozen=True)
class StoredChecklist:
    """One stored version, for listing: readable or not."""

    key: str
    version: int
    title: str
    audience: str
    questions: int | None  # None: the stored definition is damaged
    source: str  # "bundled (file.toml)", "added" or why it cannot be read


@dataclass(frozen=True)
class AddedChecklist:
    checklist: Checklist  # as stored, with the version it was stored as
    duplicate: bool  # True: this exact definition was already stored; nothing was added


class ChecklistRepo:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache: dict[tuple[str, int], Checklist] = {}
        self._channels: dict[tuple[str, int, str], Checklist] = {}
        # One line per bundled file or stored version that could not be used (and was skipped).
        self.problems: list[str] = []

    def _bundled(self) -> list[tuple[Path, Checklist]]:
        """The bundled checklists that load; a bad file is logged and noted in ``problems``."""
        good = []
        for path in bundled_checklist_files():
            try:
                good.append((path, load_checklist_file(path)))
            except ChecklistError as exc:
                self._problem(f"bundled checklist {exc}")
        return good

    def _problem(self, line: str) -> None:
        log.warning("%s", line)
        if line not in self.problems:
            self.problems.append(line)

    @plain_reads
    def add_bundled(self) -> None:
        """Store each bundled checklist version the database does not have yet."""
        for path, checklist in self._bundled():
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

    @plain_reads
    def add_file(self, path: Path) -> AddedChecklist:
        """Validate a TOML file and store it as a new version of its key.

        A key not stored yet keeps the file's version; a known key gets the next
        version number. A definition already stored (whatever its version) is
        reported as a duplicate, not stored again.
        """
        checklist = load_checklist_file(path)
        with transaction(self._db):
            rows = self._db.execute(
                "SELECT version, definition FROM checklists WHERE key = ? ORDER BY version",
                [checklist.key],
            ).fetchall()
            wanted = _without_version(checklist)
            for version, definition in rows:
                try:
                    stored = self._parse(checklist.key, version, definition)
                except ChecklistError:
                    continue  # a damaged version cannot be the same definition
                if _without_version(stored) == wanted:
                    return AddedChecklist(stored, duplicate=True)
            if rows:
                version = rows[-1][0] + 1
                if version > MAX_VERSION:
                    raise ChecklistError(
                        f"{path.name}: the checklist {checklist.key} has no version "
                        "number left; give it a new key"
                    )
                checklist = dataclasses.replace(checklist, version=version)
            self.store(checklist)
        return AddedChecklist(checklist, duplicate=False)

    @plain_reads
    def stored(self) -> list[StoredChecklist]:
        """Every stored version, damaged ones included, for ``checklist list``."""
        bundled = {_definition(c)[1]: path.name for path, c in self._bundled()}
        out = []
        for key, version, title, audience, definition, digest in self._db.execute(
            "SELECT key, version, title, audience, definition, sha256 FROM checklists "
            "ORDER BY key, version"
        ).fetchall():
            try:
                count: int | None = len(self._parse(key, version, definition).questions)
                source = f"bundled ({bundled[digest]})" if digest in bundled else "added"
            except ChecklistError as exc:
                count, source = None, f"damaged: {exc}"
            out.append(StoredChecklist(key, version, title, audience, count, source))
        return out

    def _parse(self, key: str, version: int, definition: str) -> Checklist:
        """A stored definition as a checklist; a damaged one is a ChecklistError."""
        where = f"stored checklist {key} v{version}"
        try:
            data = json.loads(definition)
        except (ValueError, TypeError, RecursionError):
            raise ChecklistError(f"{where}: the stored definition is damaged") from None
        checklist = checklist_from_dict(data, where)
        if (checklist.key, checklist.version) != (key, version):
            raise ChecklistError(f"{where}: the stored definition is of another checklist")
        return checklist

    @plain_reads
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
            self._cache[(key, row[0])] = self._parse(key, row[0], row[1])
        return self._cache[(key, row[0])]

    def for_channel(self, key: str, version: int, channel: str) -> Checklist:
        """A checklist version as a visit on ``channel`` sees it, made once per channel:
        scoring a thousand imported visits should not rebuild it a thousand times."""
        found = self._channels.get((key, version, channel))
        if found is None:
            found = self.get(key, version).for_channel(channel)
            self._channels[(key, version, channel)] = found
        return found

    @plain_reads
    def latest(self) -> list[Checklist]:
        """The newest readable version of every checklist, for choosing one for a new visit."""
        rows = self._db.execute(
            "SELECT key, version FROM checklists ORDER BY key, version DESC"
        ).fetchall()
        newest: dict[str, Checklist] = {}
        for key, version in rows:
            if key in newest:
                continue
            try:
                newest[key] = self.get(key, version)
            except ChecklistError as exc:
                self._problem(str(exc))
        return list(newest.values())

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
