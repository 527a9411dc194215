"""Photos: adding many at once off the GUI thread, thumbnails, and a larger viewer.

Dropped files and files chosen in the file dialog take the same road,
``PhotoIntake.add_files``: every file is prepared and stored by the Qt-free
``PhotoAdder`` (store/photo_adding.py) on the thread pool, so both cores work and
the window stays responsive; each result is shown on the GUI thread as it
arrives. Files that cannot be added are collected and reported together at
the end, and the good ones are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QSize, Qt, Signal
from PySide6.QtGui import QDropEvent, QFocusEvent, QIcon, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.visit import Photo
from undercover.errors import UndercoverError
from undercover.store.photo_adding import PhotoAdder, StoredPhoto
from undercover.store.photo_intake import PhotoError
from undercover.ui import dialogs
from undercover.ui.plain_text import tooltip_text
from undercover.ui.style import FOCUS_RING, mark
from undercover.ui.tasks import TaskRunner
from undercover.ui.visit_session import VisitSession

log = logging.getLogger(__name__)


def dropped_files(mime: QMimeData) -> list[Path]:
    """The local files in a drag, in the order they were dragged."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def accept_photo_drop(event: QDropEvent, read_only: bool) -> list[Path]:
    """Accept a drag or drop of files where photos may be added; returns the files.

    Shared by every drop target (question, findings page, whole visit), so they
    all agree on what can be dropped and when.
    """
    files = [] if read_only else dropped_files(event.mimeData())
    if files:
        event.acceptProposedAction()
    else:
        event.ignore()
    return files


# -- intake ---------------------------------------------------------------------------


@dataclass
class IntakeReport:
    """What one batch of files came to."""

    total: int
    question_id: str | None
    added: list[Photo] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # file names already in the visit
    problems: list[str] = field(default_factory=list)  # one plain sentence per file

    @property
    def done(self) -> int:
        return len(self.added) + len(self.duplicates) + len(self.problems)


OnStored = Callable[[StoredPhoto], None]


class PhotoIntake(QObject):
    """Adds photo files on the pool (both cores); the window only shows each one as it lands."""

    progress = Signal(int, int)  # done, total over every batch still running
    batch_finished = Signal(object)  # IntakeReport

    def __init__(
        self,
        tasks: TaskRunner,
        db_path: Path,
        visit_id: str,
        on_stored: OnStored,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self.adder = PhotoAdder(db_path, visit_id)
        self._on_stored = on_stored
        self._running: list[IntakeReport] = []

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @property
    def in_flight(self) -> int:
        """Files given and not yet stored or refused."""
        return sum(r.total - r.done for r in self._running)

    def close(self) -> None:
        """Close the intake's connection; only once nothing is in flight."""
        if not self.busy:
            self.adder.close()

    @property
    def pool_threads(self) -> int:
        return self._tasks.pool.maxThreadCount()

    def add_files(self, paths: Iterable[Path], question_id: str | None) -> IntakeReport | None:
        """Start adding these files; the report arrives with ``batch_finished``."""
        files = list(dict.fromkeys(Path(p) for p in paths))
        if not files:
            return None
        report = IntakeReport(total=len(files), question_id=question_id)
        self._running.append(report)
        self._emit_progress()
        for path in files:
            self._tasks.run_task(
                partial(self.adder.add, path, question_id),
                partial(self._stored, report),
                partial(self._failed, report, path),
                context=self,
            )
        return report

    def _stored(self, report: IntakeReport, stored: StoredPhoto) -> None:
        if stored.added.duplicate:
            report.duplicates.append(stored.file_name)
        else:
            report.added.append(stored.added.photo)
        self._on_stored(stored)
        self._step(report)

    def _failed(self, report: IntakeReport, path: Path, error: BaseException) -> None:
        if isinstance(error, PhotoError | UndercoverError):
            report.problems.append(str(error))
        else:
            log.error("could not add %s", path, exc_info=error)
            report.problems.append(
                self.tr("{0} could not be added because of an unexpected problem "
                        "(the details are in the log file).").format(path.name)
            )
        self._step(report)

    def _step(self, report: IntakeReport) -> None:
        self._emit_progress()
        if report.done >= report.total:
            self._running.remove(report)
            self._emit_progress()
            self.batch_finished.emit(report)

    def _emit_progress(self) -> None:
        total = sum(r.total for r in self._running)
        done = sum(r.done for r in self._running)
        self.progress.emit(done, total)


# -- thumbnails -----------------------------------------------------------------------

PHOTO_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PhotoStrip(QListWidget):
    """Thumbnails in a row (or wrapped), each opening the viewer when clicked."""

    photo_clicked = Signal(str)

    def __init__(
        self,
        thumbnail: Callable[[str], QPixmap],
        edge: int = 72,
        wrap: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._thumbnail = thumbnail
        self._edge = edge
        self._wrap = wrap
        self.setViewMode(QListView.ViewMode.IconMode)
        # Most photos are 4:3 landscape; portrait ones are scaled down to the same height.
        self.setIconSize(QSize(edge, edge * 3 // 4))
        self.setGridSize(QSize(edge + 10, edge * 3 // 4 + 10))
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(wrap)
        self.setSpacing(0)
        # Tab reaches it where the page has a tab chain (findings); Enter opens the photo.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if wrap else Qt.ScrollBarPolicy.ScrollBarAsNeeded
        )
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setStyleSheet(
            "QListWidget { background: transparent; border: none; }"
            f"QListWidget:focus {{ border: 2px solid {FOCUS_RING}; border-radius: 6px; }}"
        )
        self.itemClicked.connect(
            lambda item: self.photo_clicked.emit(item.data(PHOTO_ID_ROLE))
        )
        self._fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter or Space opens the current photo, as a click does."""
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and item:
            self.photo_clicked.emit(item.data(PHOTO_ID_ROLE))
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if self.currentItem() is None and self.count():
            self.setCurrentRow(0)

    def set_photos(self, photos: Sequence[Photo]) -> None:
        self.clear()
        for photo in photos:
            self.add_photo(photo)
        self._fit()

    def add_photo(self, photo: Photo) -> None:
        item = QListWidgetItem(QIcon(self._thumbnail(photo.id)), "")
        item.setData(PHOTO_ID_ROLE, photo.id)
        item.setToolTip(tooltip_text(photo.caption or photo.file_name))
        self.addItem(item)
        self._fit()

    def update_photo(self, photo: Photo) -> None:
        item = self._item(photo.id)
        if item is not None:
            item.setToolTip(tooltip_text(photo.caption or photo.file_name))

    def remove_photo(self, photo_id: str) -> None:
        item = self._item(photo_id)
        if item is not None:
            self.takeItem(self.row(item))
        self._fit()

    def photo_ids(self) -> list[str]:
        return [self.item(i).data(PHOTO_ID_ROLE) for i in range(self.count())]

    def _item(self, photo_id: str) -> QListWidgetItem | None:
        for i in range(self.count()):
            if self.item(i).data(PHOTO_ID_ROLE) == photo_id:
                return self.item(i)
        return None

    def _fit(self) -> None:
        """Exactly as tall as the thumbnails need; hidden when there are none."""
        self.setVisible(self.count() > 0)
        grid = self.gridSize()
        rows = 1
        if self._wrap and self.count():
            per_row = max(1, self.viewport().width() // grid.width())
            rows = -(-self.count() // per_row)
        scroll = 0 if self._wrap else self.horizontalScrollBar().sizeHint().height()
        self.setFixedHeight(rows * grid.height() + 4 + scroll)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._wrap:
            self._fit()


# -- the viewer -----------------------------------------------------------------------


class PhotoViewer(QDialog):
    """A larger view of one photo, with its caption (saved as typed) and Delete."""

    def __init__(
        self,
        session: VisitSession,
        photo_ids: Sequence[str],
        current: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._ids = list(photo_ids)
        self._index = self._ids.index(current) if current in self._ids else 0
        self._pixmap = QPixmap()
        self.setWindowTitle(self.tr("Photo"))
        self.resize(900, 700)
        layout = QVBoxLayout(self)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(320, 240)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image.setStyleSheet("background: #1f2329; border-radius: 8px;")
        layout.addWidget(self.image, 1)
        self.details = mark(QLabel(), role="muted")
        layout.addWidget(self.details)
        caption_row = QHBoxLayout()
        caption_row.addWidget(QLabel(self.tr("Caption")))
        self.caption = QLineEdit()
        self.caption.setPlaceholderText(self.tr("What the photo shows, e.g. Queue at the counter"))
        caption_row.addWidget(self.caption, 1)
        layout.addLayout(caption_row)
        buttons = QHBoxLayout()
        self.previous_button = QPushButton(self.tr("◀ Previous"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        for button in (self.previous_button, self.next_button):
            # a click leaves the focus in the caption; Tab still reaches them
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.previous_button.setToolTip(self.tr("Previous photo (Page Up)"))
        self.next_button.setToolTip(self.tr("Next photo (Page Down)"))
        self.delete_button = QPushButton(self.tr("Delete photo…"))
        close = QPushButton(self.tr("Close"))
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.previous_button.clicked.connect(lambda: self._go(-1))
        self.next_button.clicked.connect(lambda: self._go(1))
        self.delete_button.clicked.connect(self._delete)
        close.clicked.connect(self.accept)
        self.caption.editingFinished.connect(self._save_caption)
        read_only = session.read_only
        self.caption.setReadOnly(read_only)
        self.delete_button.setVisible(not read_only)
        self._show()

    @property
    def photo_id(self) -> str:
        return self._ids[self._index]

    def _show(self) -> None:
        session = self._session
        photo = session.photo(self.photo_id)
        self._pixmap = QPixmap()
        self._pixmap.loadFromData(session.jpeg(self.photo_id))
        self._fit_image()
        if photo is not None:
            taken = f" · {self.tr('taken')} {photo.taken_at.replace('T', ' ')}" \
                if photo.taken_at else ""
            self.details.setText(
                f"{photo.file_name} · {photo.width} × {photo.height}{taken}"
                f"  ({self._index + 1} / {len(self._ids)})"
            )
            self.caption.setText(photo.caption)
        self.previous_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(self._index < len(self._ids) - 1)

    def _fit_image(self) -> None:
        if self._pixmap.isNull():
            self.image.setText(self.tr("This photo cannot be shown."))
            return
        self.image.setPixmap(
            self._pixmap.scaled(
                self.image.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_image()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._go(-1 if event.key() == Qt.Key.Key_PageUp else 1)
            event.accept()
            return
        super().keyPressEvent(event)

    def _go(self, step: int) -> None:
        self._save_caption()
        self._index = max(0, min(len(self._ids) - 1, self._index + step))
        self._show()

    def _save_caption(self) -> None:
        self._session.set_caption(self.photo_id, self.caption.text().strip())

    def _delete(self) -> None:
        if not dialogs.confirm(
            self, self.tr("Delete photo"),
            self.tr("Delete this photo from the visit? Findings that use it as evidence "
                    "lose it too."),
            self.tr("Delete photo"),
        ):
            return
        if not self._session.delete_photo(self.photo_id):
            return
        del self._ids[self._index]
        if not self._ids:
            self.accept()
            return
        self._index = min(self._index, len(self._ids) - 1)
        self._show()
