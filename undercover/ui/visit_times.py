"""When a visit happened: a day, a start and an end, in the user's own time zone.

Shoppers often write a visit up hours later, so the times are asked for rather than
taken from the clock. The end may be left open while a visit is under way; completing
the visit then records it. The widget only collects and checks; callers store.
"""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QWidget,
)

from undercover.domain.times import check_visit_times, local_time, to_utc
from undercover.errors import UndercoverError
from undercover.ui import style
from undercover.ui.visits_model import format_day


def chain_focus(widgets: list[QWidget]) -> None:
    """Tab moves through ``widgets`` in this order (as the form reads, not as built)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def visit_when(started_at: str | None, ended_at: str | None) -> str:
    """"14 Mar 2026, 10:15–10:40" in local time ("" without a start); for headers."""
    start, end = local_time(started_at), local_time(ended_at)
    if start is None:
        return ""
    day = format_day(f"{start:%Y-%m-%d}")
    if end is None:
        return f"{day}, {start:%H:%M}"
    if end.date() != start.date():
        return f"{day}, {start:%H:%M} – {format_day(f'{end:%Y-%m-%d}')}, {end:%H:%M}"
    return f"{day}, {start:%H:%M}–{end:%H:%M}"


class VisitTimesEdit(QWidget):
    """Day, "from" and an optional "to".

    ``changed`` fires on every keystroke (to check as the user types); ``committed`` once
    a value is finished: the field left or Enter pressed, a day picked in the calendar,
    the end ticked or cleared. Half-typed times ("1" of "11:00") are never committed.
    """

    changed = Signal()
    committed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("d MMM yyyy")
        self.day.setAccessibleName(self.tr("Day of the visit"))
        self.day.setMinimumWidth(self.day.fontMetrics().horizontalAdvance("00 May 0000") + 48)
        self.start = QTimeEdit()
        self.start.setDisplayFormat("HH:mm")
        self.start.setAccessibleName(self.tr("Start time"))
        self.has_end = QCheckBox(self.tr("to"))
        self.has_end.setToolTip(self.tr(
            "Tick to give the end time; left open, completing the visit records it"))
        self.end = QTimeEdit()
        self.end.setDisplayFormat("HH:mm")
        self.end.setAccessibleName(self.tr("End time"))
        for edit in (self.start, self.end):  # typed or stepped with the arrow keys
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("00:00") + 28)
            edit.setToolTip(self.tr("Type the time, or step it with the arrow keys"))
        self.from_label = QLabel(self.tr("from"))
        self.from_label.setBuddy(self.start)
        row.addWidget(self.day)
        row.addWidget(self.from_label)
        row.addWidget(self.start)
        row.addWidget(self.has_end)
        row.addWidget(self.end)
        row.addStretch(1)
        self.setFocusProxy(self.day)
        # Times look like the day beside them; an end left open looks switched off.
        self.setStyleSheet(
            f"QTimeEdit {{ background: {style.SURFACE}; border: 1px solid #cdd3da; "
            "border-radius: 6px; padding: 4px 6px; }"
            f"QTimeEdit:focus {{ border: 1px solid {style.ACCENT}; }}"
            # No spin arrows (Qt draws them broken under a styled border); arrow keys step.
            "QTimeEdit::up-button, QTimeEdit::down-button { width: 0px; border: none; }"
            "QTimeEdit:disabled { color: #a0a8b2; background: #f3f4f6; border-color: #e3e6ea; }"
        )
        self._given: dict[str, str | None] = {}
        self.set_times(None, None)
        self.day.dateChanged.connect(self.changed)
        self.start.timeChanged.connect(self.changed)
        self.end.timeChanged.connect(self.changed)
        for edit in (self.day, self.start, self.end):
            edit.editingFinished.connect(self.committed)
        self.day.calendarWidget().clicked.connect(lambda _day: self.committed.emit())
        self.has_end.toggled.connect(self._end_toggled)

    def focus_chain(self) -> list[QWidget]:
        """The widgets inside, in the order Tab visits them."""
        return [self.day, self.start, self.has_end, self.end]

    # -- in and out ---------------------------------------------------------------------

    def set_times(self, started_at: str | None, ended_at: str | None) -> None:
        """Show stored times (UTC) in local time; no start means now, to the minute."""
        self._given = {"start": started_at, "end": ended_at}
        start = local_time(started_at) or datetime.now().astimezone()
        end = local_time(ended_at)
        widgets = (self.day, self.start, self.end, self.has_end)
        for widget in widgets:
            widget.blockSignals(True)
        self.day.setDate(QDate(start.year, start.month, start.day))
        self.start.setTime(QTime(start.hour, start.minute))
        self.has_end.setChecked(end is not None)
        shown_end = end or start
        self.end.setTime(QTime(shown_end.hour, shown_end.minute))
        for widget in widgets:
            widget.blockSignals(False)
        self._update_enabled()

    def started_at(self) -> str:
        """The start as stored: UTC, ISO 8601 with ``Z``."""
        return self._stored(self.start.time(), "start")

    def ended_at(self) -> str | None:
        """The end as stored, or None while it is left open."""
        return self._stored(self.end.time(), "end") if self.has_end.isChecked() else None

    def problem(self, new: tuple[str, ...] = ("start", "end")) -> str | None:
        """Why these times cannot be right (one line), or None when they can."""
        try:
            check_visit_times(self.started_at(), self.ended_at(), new=new)
        except UndercoverError as exc:
            return str(exc)
        return None

    def set_read_only(self, read_only: bool) -> None:
        self.day.setReadOnly(read_only)
        self.start.setReadOnly(read_only)
        self.end.setReadOnly(read_only)
        self.has_end.setEnabled(not read_only)

    # -- inside -------------------------------------------------------------------------

    def _stored(self, time: QTime, which: str) -> str:
        """The shown minute in UTC; a given time in that same minute keeps its seconds,
        so showing a visit never changes it."""
        local = QDateTime(self.day.date(), QTime(time.hour(), time.minute()))
        naive = local.toPython()  # the local wall-clock time, without a zone
        stored = to_utc(naive.isoformat())
        assert stored is not None
        given = self._given.get(which)
        if given and to_utc(given)[:16] == stored[:16]:  # type: ignore[index]
            return given
        return stored

    def _end_toggled(self, checked: bool) -> None:
        if checked and self.end.time() < self.start.time():
            self.end.blockSignals(True)
            self.end.setTime(self.start.time())
            self.end.blockSignals(False)
        self._update_enabled()
        self.changed.emit()
        self.committed.emit()

    def _update_enabled(self) -> None:
        self.end.setEnabled(self.has_end.isChecked())
