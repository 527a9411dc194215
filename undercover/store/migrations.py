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


_UTC = "'%Y-%m-%dT%H:%M:%SZ'"
_TIMES = {
    "visits": ["planned_start", "planned_end", "started_at", "ended_at", "created_at",
               "updated_at", "edited_at"],
    "findings": ["created_at", "updated_at"],
    "photos": ["created_at"],
    "locations": ["created_at", "updated_at"],
    "checklists": ["created_at"],
}
_NEW_UUID = (
    "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || "
    "substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || "
    "'-' || lower(hex(randomblob(6)))"
)


def _to_utc(table: str, column: str) -> str:
    """Rewrite a column's times as UTC with Z; a time without an offset was local time."""
    return f"""
        UPDATE {table} SET {column} = CASE
            WHEN {column} GLOB '*Z' OR {column} GLOB '*[+-][0-9][0-9]:[0-9][0-9]'
            THEN strftime({_UTC}, {column})
            ELSE strftime({_UTC}, {column}, 'utc') END
        WHERE {column} IS NOT NULL AND strftime({_UTC}, {column}) IS NOT NULL
    """


@_migration
def m004_merge_ready(db: Database) -> None:
    """Records that merge across machines: UTC times, a time on every record that changes,
    deletions kept, checklist versions by hash, evaluators as records, edit histories."""
    _run(
        db,
        [
            *(_to_utc(table, column) for table, columns in _TIMES.items() for column in columns),
            # Which computer this database lives on: edits are counted per machine.
            f"""
            INSERT OR IGNORE INTO settings (key, value)
            VALUES ('machine_id', json_quote({_NEW_UUID}))
            """,
            """
            ALTER TABLE visits ADD COLUMN versions TEXT NOT NULL DEFAULT '{}'
            """,
            """
            UPDATE visits SET versions = json_object(
                (SELECT json_extract(value, '$') FROM settings WHERE key = 'machine_id'), 1)
            """,
            """
            ALTER TABLE visits ADD COLUMN checklist_sha256 TEXT
            """,
            """
            UPDATE visits SET checklist_sha256 = (
                SELECT sha256 FROM checklists c
                WHERE c.key = visits.checklist_key AND c.version = visits.checklist_version)
            """,
            """
            CREATE UNIQUE INDEX checklists_sha256 ON checklists (sha256)
            """,
            """
            ALTER TABLE answers ADD COLUMN updated_at TEXT NOT NULL DEFAULT ''
            """,
            """
            UPDATE answers SET updated_at = (
                SELECT updated_at FROM visits WHERE visits.id = answers.visit_id)
            """,
            """
            ALTER TABLE photos ADD COLUMN updated_at TEXT NOT NULL DEFAULT ''
            """,
            """
            UPDATE photos SET updated_at = created_at
            """,
            """
            CREATE TABLE evaluators (
                id TEXT PRIMARY KEY,
                code TEXT NOT NULL,
                name TEXT NOT NULL DEFAULT '',
                machine_id TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )
            """,
            """
            CREATE INDEX evaluators_machine_code ON evaluators (machine_id, code)
            """,
            f"""
            INSERT INTO evaluators (id, code, name, machine_id, updated_at)
            SELECT {_NEW_UUID}, code,
                CASE WHEN code = (SELECT json_extract(value, '$') FROM settings
                                  WHERE key = 'evaluator_code')
                THEN coalesce((SELECT json_extract(value, '$') FROM settings
                               WHERE key = 'evaluator_name'), '')
                ELSE '' END,
                (SELECT json_extract(value, '$') FROM settings WHERE key = 'machine_id'),
                strftime({_UTC}, 'now')
            FROM (SELECT DISTINCT evaluator_code AS code FROM visits WHERE evaluator_code != '')
            """,
            """
            ALTER TABLE visits ADD COLUMN evaluator_id TEXT REFERENCES evaluators (id)
            """,
            """
            UPDATE visits SET evaluator_id = (
                SELECT id FROM evaluators WHERE code = visits.evaluator_code)
            """,
            # A deleted record's id and when it was deleted, so the deletion travels too.
            """
            CREATE TABLE tombstones (
                kind TEXT NOT NULL,
                id TEXT NOT NULL,
                visit_id TEXT,
                deleted_at TEXT NOT NULL,
                PRIMARY KEY (kind, id)
            ) WITHOUT ROWID
            """,
            # The same place named on two machines is one location; the other id points to it.
            """
            CREATE TABLE location_aliases (
                alias_id TEXT PRIMARY KEY,
                location_id TEXT NOT NULL REFERENCES locations (id) ON DELETE CASCADE
            ) WITHOUT ROWID
            """,
            # Versions of a visit changed on two machines at once, kept for the owner to choose.
            """
            CREATE TABLE visit_conflicts (
                visit_id TEXT NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
                versions TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                record TEXT NOT NULL,
                PRIMARY KEY (visit_id, versions)
            ) WITHOUT ROWID
            """,
            # Photos only those other versions have.
            """
            CREATE TABLE parked_photos (
                id TEXT PRIMARY KEY,
                visit_id TEXT NOT NULL,
                thumbnail BLOB NOT NULL,
                jpeg BLOB NOT NULL
            )
            """,
        ],
    )



@_migration
def m005_visit_served_by(db: Database) -> None:
    """Who served the evaluator (a name badge or a description), so reports can recognise staff."""
    _run(db, ["ALTER TABLE visits ADD COLUMN served_by TEXT NOT NULL DEFAULT ''"])


@_migration
def m006_sync_folders(db: Database) -> None:
    """Bundles already seen in the sync folders (by content), and what went to the outbox."""
    _run(
        db,
        [
            # A file is known by name, size and time (cheap) and by its sha256 (certain).
            """
            CREATE TABLE sync_seen (
                name TEXT NOT NULL,
                size INTEGER NOT NULL,
                mtime_ns INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                seen_at TEXT NOT NULL,
                PRIMARY KEY (name, size, mtime_ns)
            ) WITHOUT ROWID
            """,
            """
            CREATE INDEX sync_seen_sha256 ON sync_seen (sha256)
            """,
            # The bundle last written for each completed visit, and the state it holds.
            """
            CREATE TABLE sync_sent (
                visit_id TEXT PRIMARY KEY,
                stamp TEXT NOT NULL,
                file_name TEXT NOT NULL,
                sent_at TEXT NOT NULL
            ) WITHOUT ROWID
            """,
        ],
    )


@_migration
def m007_visit_coverage(db: Database) -> None:
    """How many scored questions a visit has answered, so lists apply the minimum coverage."""
    _run(
        db,
        [
            "ALTER TABLE visits ADD COLUMN scored_answered INTEGER",
            "ALTER TABLE visits ADD COLUMN scored_total INTEGER",
        ],
    )


SCHEMA_VERSION = len(_steps)
MIGRATION_NAMES = tuple(_steps)
