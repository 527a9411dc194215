"""The schema, as ordered migrations that upgrade any older file in place.

Each migration runs in its own transaction and ends by stamping
``PRAGMA user_version``, so a file always says which schema it has. Never
edit a migration that has shipped; add the next one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database, Migrations

migrations = Migrations("undercover")
_steps: list[str] = []


def _migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    number = len(_steps) + 1
    _steps.append(fn.__name__)

    def run(db: Database) -> None:
        fn(db)
        db.execute(f"PRAGMA user_version = {number}")

    run.__name__ = fn.__name__
    migrations(name=fn.__name__)(run)
    return fn


def _run(db: Database, statements: list[str]) -> None:
    """Run a migration's statements one by one, inside its transaction.

    A list, not one script split on ';': a trigger body or a ';' inside a string
    stays whole. (executescript() would commit the migration's transaction.)
    """
    for statement in statements:
        db.execute(statement)


@_migration
def m001_initial(db: Database) -> None:
    _run(
        db,
        [
            """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value
            )
            """,
            """
            CREATE TABLE checklists (
                key TEXT NOT NULL,
                version INTEGER NOT NULL,
                title TEXT NOT NULL,
                audience TEXT NOT NULL,
                definition TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (key, version)
            )
            """,
            """
            CREATE TABLE locations (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                address TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE UNIQUE INDEX locations_name ON locations (name COLLATE NOCASE)
            """,
            """
            CREATE TABLE visits (
                id TEXT PRIMARY KEY,
                location_id TEXT NOT NULL REFERENCES locations (id),
                checklist_key TEXT NOT NULL,
                checklist_version INTEGER NOT NULL,
                assessment TEXT NOT NULL DEFAULT 'observed',
                channel TEXT NOT NULL,
                scenario TEXT NOT NULL DEFAULT '',
                evaluator_code TEXT NOT NULL DEFAULT '',
                planned_start TEXT,
                planned_end TEXT,
                started_at TEXT,
                ended_at TEXT,
                status TEXT NOT NULL DEFAULT 'draft',
                current_section INTEGER NOT NULL DEFAULT 0,
                score REAL,
                score_empathy REAL,
                score_serving REAL,
                score_presence REAL,
                flagged INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                edited_at TEXT,
                FOREIGN KEY (checklist_key, checklist_version)
                REFERENCES checklists (key, version)
            )
            """,
            """
            CREATE INDEX visits_location_date ON visits (location_id, started_at)
            """,
            """
            CREATE TABLE answers (
                visit_id TEXT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
                question_id TEXT NOT NULL,
                value REAL,
                text TEXT NOT NULL DEFAULT '',
                na INTEGER NOT NULL DEFAULT 0,
                note TEXT NOT NULL DEFAULT '',
                PRIMARY KEY (visit_id, question_id)
            ) WITHOUT ROWID
            """,
            """
            CREATE TABLE findings (
                id TEXT PRIMARY KEY,
                visit_id TEXT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
                position INTEGER NOT NULL DEFAULT 0,
                kind TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'confirmed',
                question_id TEXT,
                summary TEXT NOT NULL,
                where_in_visit TEXT NOT NULL DEFAULT '',
                severity TEXT NOT NULL,
                evidence TEXT NOT NULL DEFAULT '',
                recommendation TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE INDEX findings_visit ON findings (visit_id)
            """,
            """
            CREATE TABLE photos (
                id TEXT PRIMARY KEY,
                visit_id TEXT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
                question_id TEXT,
                position INTEGER NOT NULL DEFAULT 0,
                file_name TEXT NOT NULL,
                caption TEXT NOT NULL DEFAULT '',
                taken_at TEXT,
                sha256 TEXT NOT NULL,
                width INTEGER NOT NULL,
                height INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                thumbnail BLOB NOT NULL,
                jpeg BLOB NOT NULL
            )
            """,
            """
            CREATE INDEX photos_visit ON photos (visit_id, sha256)
            """,
            """
            CREATE TABLE finding_photos (
                finding_id TEXT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
                photo_id TEXT NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
                PRIMARY KEY (finding_id, photo_id)
            ) WITHOUT ROWID
            """,
            """
            CREATE INDEX finding_photos_photo ON finding_photos (photo_id)
            """,
        ],
    )


@_migration
def m002_visit_search_text(db: Database) -> None:
    """Notes, answers and findings of a visit in one column, so lists can search them fast."""
    _run(
        db,
        [
            """
            ALTER TABLE visits ADD COLUMN search_text TEXT NOT NULL DEFAULT ''
            """,
            """
            UPDATE visits SET search_text = trim(
                scenario
                || ' ' || coalesce((SELECT group_concat(trim(note || ' ' || text), ' ')
                FROM answers WHERE answers.visit_id = visits.id), '')
                || ' ' || coalesce((SELECT group_concat(summary || ' ' || evidence || ' '
                || recommendation, ' ')
                FROM findings WHERE findings.visit_id = visits.id), '')
            )
            """,
        ],
    )


@_migration
def m003_photo_once_per_visit(db: Database) -> None:
    """A photo is kept once per visit, enforced by the schema, not by each window.

    Older files may hold the same photo twice in a visit (two windows adding it at
    once): the earliest copy is kept, and findings that showed a later copy show it.
    """
    keeper = """
        (SELECT k.id FROM photos k
         WHERE k.visit_id = photos.visit_id AND k.sha256 = photos.sha256
         ORDER BY k.created_at, k.rowid LIMIT 1)
    """
    _run(
        db,
        [
            f"""
            CREATE TEMP TABLE photo_keepers AS
            SELECT id AS duplicate, {keeper} AS keeper FROM photos
            WHERE id != {keeper}
            """,
            """
            INSERT OR IGNORE INTO finding_photos (finding_id, photo_id)
            SELECT fp.finding_id, pk.keeper FROM finding_photos fp
            JOIN photo_keepers pk ON pk.duplicate = fp.photo_id
            """,
            """
            DELETE FROM finding_photos WHERE photo_id IN (SELECT duplicate FROM photo_keepers)
            """,
            """
            DELETE FROM photos WHERE id IN (SELECT duplicate FROM photo_keepers)
            """,
            """
            DROP TABLE photo_keepers
            """,
            """
            DROP INDEX photos_visit
            """,
            """
            CREATE UNIQUE INDEX photos_once_per_visit ON photos (visit_id, sha256)
            """,
        ],
    )


@_migration
def m005_visit_served_by(db: Database) -> None:
    """Who served the evaluator (a name badge or a description), so reports can recognise staff."""
    _run(db, ["ALTER TABLE visits ADD COLUMN served_by TEXT NOT NULL DEFAULT ''"])


SCHEMA_VERSION = len(_steps)
MIGRATION_NAMES = tuple(_steps)
