"""Times as Undercover stores and shows them.

Stored times are UTC, ISO 8601 with ``Z`` and whole seconds
("2026-11-23T17:42:20Z"): the same length everywhere, so they sort and compare
as text exactly as they do as instants, whichever laptop or time zone wrote
them. People are shown their own local time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from undercover.errors import UndercoverError

_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_STORED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def now_utc() -> str:
    """This moment, as stored: "2026-11-23T17:42:20Z"."""
    return datetime.now(UTC).strftime(_FORMAT)


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 time as an aware datetime; a time without offset is taken as local."""
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return parsed.astimezone() if parsed.tzinfo is None else parsed


def to_utc(text: str | None) -> str | None:
    """Any ISO 8601 time in the stored form (UTC, ``Z``, whole seconds); None stays None.

    Raises ValueError for text that is not a time.
    """
    if text is None:
        return None
    parsed = parse_time(text)
    if parsed is None:
        raise ValueError(f"not an ISO 8601 time: {text!r}")
    return parsed.astimezone(UTC).strftime(_FORMAT)


def is_utc(text: object) -> bool:
    """Whether ``text`` is a time in exactly the stored form."""
    if not isinstance(text, str) or not _STORED.fullmatch(text):
        return False
    try:
        datetime(int(text[:4]), int(text[5:7]), int(text[8:10]), int(text[11:13]),
                 int(text[14:16]), int(text[17:19]))
    except ValueError:
        return False
    return True


def local_time(text: str | None) -> datetime | None:
    """A stored time in this computer's time zone, for showing to people."""
    parsed = parse_time(text)
    return parsed.astimezone() if parsed else None


def local_day(text: str | None) -> str:
    """The local day of a stored time, "YYYY-MM-DD" ("" when there is none)."""
    when = local_time(text)
    return when.strftime("%Y-%m-%d") if when else (text or "")[:10]


def local_clock(text: str | None) -> str:
    """The local time of day of a stored time, "HH:MM" ("" when there is none)."""
    when = local_time(text)
    return when.strftime("%H:%M") if when else ""


# A visit may be entered a little ahead of the clock (a shopper at the door, a laptop a
# few minutes fast); beyond this, a time still to come is a typing mistake.
FUTURE_MARGIN = timedelta(minutes=10)


def _shown(when: datetime) -> str:
    """A local time for a message: "14:30", with the day when it is not today."""
    local = when.astimezone()
    if local.date() == datetime.now().astimezone().date():
        return f"{local:%H:%M}"
    return f"{local.day} {local:%b %Y}, {local:%H:%M}"


def check_visit_times(
    started_at: str | None,
    ended_at: str | None,
    now: datetime | None = None,
    *,
    new: tuple[str, ...] = ("start", "end"),
) -> None:
    """Refuse visit times that cannot be true: an end before the start, or a time to come.

    ``new`` names the times being entered now; only those are held to the clock, so a
    visit that came from a computer with a fast clock can still be corrected. Raises
    UndercoverError with one plain line; times are stored ones (or any ISO 8601).
    """
    start, end = parse_time(started_at), parse_time(ended_at)
    if started_at and start is None:
        raise UndercoverError(f"{started_at!r} is not a date and time (start).")
    if ended_at and end is None:
        raise UndercoverError(f"{ended_at!r} is not a date and time (end).")
    if end is not None and start is None:
        raise UndercoverError("A visit needs a start before it can have an end.")
    if start is not None and end is not None and end < start:
        same_day = end.astimezone().date() == start.astimezone().date()
        shown = (lambda t: f"{t.astimezone():%H:%M}") if same_day else _shown
        raise UndercoverError(
            f"The visit cannot end ({shown(end)}) before it starts ({shown(start)})."
        )
    latest = (now or datetime.now(UTC)) + FUTURE_MARGIN
    for name, when in (("start", start), ("end", end)):
        if name in new and when is not None and when > latest:
            raise UndercoverError(
                f"The {name} ({_shown(when)}) is still to come: enter when the visit happened."
            )
