"""Reading the visit list from the database, again only for the visits that changed.

The list is shown again after every visit that was opened, every import and every
change of settings; with thousands of visits, re-reading every row (with its search
text) each time made going back to the list slow. Each visit's stamp (its time of
change, scores, status and conflict flag) is read cheaply, and only the visits whose
stamp moved are read in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from undercover.domain.visit import Location, VisitSummary
from undercover.store import Store

# More changed visits than this: one full read is quicker than a long list of ids.
FULL_READ_ABOVE = 500


@dataclass
class ListChange:
    """What to show: every visit (``full``), or only the visits changed and removed."""

    full: bool
    visits: list[VisitSummary]  # every readable visit if full, else only the changed ones
    removed: set[str] = field(default_factory=set)
    locations: list[Location] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # visits this version cannot read


class VisitListLoader:
    """Remembers what the list last read from which Store, to read only what changed."""

    def __init__(self) -> None:
        self._store: Store | None = None
        self._stamps: dict[str, tuple[object, ...]] = {}
        self._locations: list[Location] | None = None
        self._unreadable: set[str] = set()  # ids of visits this version cannot read
        self._problems: list[str] = []  # one line for each of them
        self._touched: set[str] = set()  # edited here: read again whatever their stamp says
        self.last_read: list[str] | None = None  # ids read in full last time; None: all

    def touch(self, visit_id: str) -> None:
        """This window changed the visit: read it next time even if its stamp looks the same
        (times are stored to the second, and a changed note moves no score)."""
        self._touched.add(visit_id)

    def load(self, store: Store) -> ListChange:
        """What changed since the last load; everything when ``store`` is another Store
        (another database, or the same file reopened after a restore)."""
        stamps = store.visits.list_stamps()
        locations = store.locations.all()
        touched, self._touched = self._touched, set()
        changed = [
            i for i, stamp in stamps.items() if i in touched or self._stamps.get(i) != stamp
        ]
        removed = set(self._stamps) - set(stamps)
        incremental = (
            store is self._store
            and locations == self._locations  # a renamed location shows in many rows
            and len(changed) <= FULL_READ_ABOVE
            and not (self._unreadable & (removed | set(changed)))
        )
        if incremental:
            problems: list[str] = []
            visits = (
                store.visits.summaries(ids=changed, with_search_text=True, problems=problems)
                if changed else []
            )
            unread = set(changed) - {v.id for v in visits}
            self._unreadable |= unread
            self._problems += problems
            change = ListChange(False, visits, removed | unread)
            self.last_read = changed
        else:
            self._problems = []
            visits = store.visits.summaries(with_search_text=True, problems=self._problems)
            self._unreadable = set(stamps) - {v.id for v in visits}
            change = ListChange(True, visits)
            self.last_read = None
        self._store, self._stamps, self._locations = store, stamps, locations
        change.locations = locations
        change.problems = list(self._problems)
        return change
