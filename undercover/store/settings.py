"""Business-wide settings: name, logo, evaluator code, defaults for new visits and reports."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlite_utils import Database

from undercover.store.database import transaction
from undercover.store.reads import plain_reads

log = logging.getLogger(__name__)

BUSINESS_NAME = "business_name"
LOGO = "logo"  # image bytes (PNG or JPEG)
EVALUATOR_CODE = "evaluator_code"
EVALUATOR_NAME = "evaluator_name"
SHOW_EVALUATOR_NAME = "show_evaluator_name"
DEFAULT_CHECKLIST = "default_checklist"
PAGE_SIZE = "page_size"  # "A4" or "Letter"
CUSTOMER_LIFETIME_VALUE = "customer_lifetime_value"
CURRENCY = "currency"


class SettingsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    @plain_reads
    def get(self, key: str, default: Any = None) -> Any:
        """The stored value, or ``default`` when it is unset or cannot be read."""
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        if row is None or row[0] is None:
            return default
        value = row[0]
        if isinstance(value, bytes):
            return value
        try:
            return json.loads(value)
        except (TypeError, ValueError, RecursionError):
            log.warning("the setting %s cannot be read (%.40r); using the default", key, value)
            return default

    def set(self, key: str, value: Any) -> None:
        stored = value if isinstance(value, bytes) or value is None else json.dumps(value)
        with transaction(self._db):
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, stored],
            )

    @plain_reads
    def all(self) -> dict[str, Any]:
        rows = self._db.execute("SELECT key FROM settings").fetchall()
        return {key: self.get(key) for (key,) in rows}
