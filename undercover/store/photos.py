"""Photos stored inside the database: a normalised JPEG and a thumbnail per photo.

Lists read only the details; the image bytes are fetched one photo at a time,
when something is about to show or print them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlite_utils import Database

from undercover.domain.visit import Photo, new_id, now_iso
from undercover.errors import UndercoverError
from undercover.store.database import transaction
from undercover.store.edits import record_edit
from undercover.store.reads import plain_reads

if TYPE_CHECKING:  # Pillow is only needed where photos are prepared
    from undercover.store.photo_intake import PreparedPhoto

_DETAILS = (
    "id, visit_id, file_name, sha256, width, height, question_id, caption, taken_at, created_at"
)


def _photo(row: tuple) -> Photo:
    return Photo(
        id=row[0], visit_id=row[1], file_name=row[2], sha256=row[3], width=row[4],
        height=row[5], question_id=row[6], caption=row[7], taken_at=row[8], created_at=row[9],
    )


@dataclass(frozen=True)
class AddedPhoto:
    photo: Photo
    duplicate: bool  # True: the visit already had this photo, and it was not stored again


class PhotoRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(
        self,
        visit_id: str,
        prepared: PreparedPhoto,
        question_id: str | None = None,
        caption: str = "",
    ) -> AddedPhoto:
        """Store a prepared photo, unless the visit already has the same original file.

        The schema keeps a photo once per visit (a unique index on visit and hash),
        so the same file added from two windows at once is stored once, and the
        window that lost the race is told it was already added.
        """
        photo = Photo(
            id=new_id(), visit_id=visit_id, file_name=prepared.file_name,
            sha256=prepared.sha256, width=prepared.width, height=prepared.height,
            question_id=question_id, caption=caption, taken_at=prepared.taken_at,
            created_at=now_iso(),
        )
        try:
            with transaction(self._db):
                existing = self._find(visit_id, prepared.sha256)
                if existing:
                    return AddedPhoto(existing, duplicate=True)
                position = self._db.execute(
                    "SELECT count(*) FROM photos WHERE visit_id = ?", [visit_id]
                ).fetchone()[0]
                self._db.execute(
                    "INSERT INTO photos (id, visit_id, question_id, position, file_name, "
                    "caption, taken_at, sha256, width, height, created_at, thumbnail, jpeg) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [photo.id, visit_id, question_id, position, photo.file_name, caption,
                     photo.taken_at, photo.sha256, photo.width, photo.height,
                     photo.created_at, prepared.thumbnail, prepared.jpeg],
                )
                record_edit(self._db, visit_id)
        except sqlite3.IntegrityError as exc:
            existing = self._find(visit_id, prepared.sha256)
            if existing is None:  # not the unique index: the visit itself is gone
                raise UndercoverError("That visit no longer exists.") from exc
            return AddedPhoto(existing, duplicate=True)
        return AddedPhoto(photo, duplicate=False)

    @plain_reads
    def _find(self, visit_id: str, sha256: str) -> Photo | None:
        row = self._db.execute(
            f"SELECT {_DETAILS} FROM photos WHERE visit_id = ? AND sha256 = ?",
            [visit_id, sha256],
        ).fetchone()
        return _photo(row) if row else None

    @plain_reads
    def list(self, visit_id: str, question_id: str | None = None) -> list[Photo]:
        sql = f"SELECT {_DETAILS} FROM photos WHERE visit_id = ?"
        params = [visit_id]
        if question_id is not None:
            sql += " AND question_id = ?"
            params.append(question_id)
        rows = self._db.execute(sql + " ORDER BY position, created_at", params).fetchall()
        return [_photo(r) for r in rows]

    @plain_reads
    def get(self, photo_id: str) -> Photo:
        row = self._db.execute(
            f"SELECT {_DETAILS} FROM photos WHERE id = ?", [photo_id]
        ).fetchone()
        if row is None:
            raise UndercoverError("That photo no longer exists.")
        return _photo(row)

    def jpeg(self, photo_id: str) -> bytes:
        return self._blob(photo_id, "jpeg")

    def thumbnail(self, photo_id: str) -> bytes:
        return self._blob(photo_id, "thumbnail")

    @plain_reads
    def _blob(self, photo_id: str, column: str) -> bytes:
        row = self._db.execute(
            f"SELECT {column} FROM photos WHERE id = ?", [photo_id]
        ).fetchone()
        if row is None:
            raise UndercoverError("That photo no longer exists.")
        return row[0]

    def set_caption(self, photo_id: str, caption: str) -> None:
        self._update(photo_id, "caption", caption)

    def set_question(self, photo_id: str, question_id: str | None) -> None:
        self._update(photo_id, "question_id", question_id)

    def delete(self, photo_id: str) -> None:
        with transaction(self._db):
            visit_id = self.get(photo_id).visit_id
            self._db.execute("DELETE FROM photos WHERE id = ?", [photo_id])
            record_edit(self._db, visit_id)

    def _update(self, photo_id: str, column: str, value: str | None) -> None:
        with transaction(self._db):
            visit_id = self.get(photo_id).visit_id
            self._db.execute(f"UPDATE photos SET {column} = ? WHERE id = ?", [value, photo_id])
            record_edit(self._db, visit_id)
