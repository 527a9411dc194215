"""A layout that places its items left to right and wraps them onto new lines.

Qt has none built in. Answer controls use it so that a row of points (0-10),
the N/A button and the key hint fit any width from the window's minimum up:
what does not fit on a line moves to the next one instead of being clipped.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Items in reading order, wrapped at the layout's width; height follows the width."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_breaks: set[int] = set()  # item indexes that start a new line
        self._heights: dict[int, int] = {}  # width -> height, until the items change

    # -- the QLayout contract -------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add_line_break(self) -> None:
        """Start the next item on a new line whatever the width."""
        self._line_breaks.add(len(self._items))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:  # asked many times per width while a page lays out
            height = self._heights[width] = self._arrange(QRect(0, 0, width, 0), apply=False)
        return height

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        """One line of everything: what the layout would like when there is room."""
        margins = self.contentsMargins()
        width = height = 0
        for item in self._visible():
            hint = item.sizeHint()
            width += hint.width() + (self._spacing if width else 0)
            height = max(height, hint.height())
        return QSize(width, height) + _grow(margins)

    def minimumSize(self) -> QSize:
        """As narrow as the widest single item: everything else can wrap."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size + _grow(self.contentsMargins())

    # -- placing --------------------------------------------------------------------

    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _arrange(self, rect: QRect, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y = area.x(), area.y()
        line_height = 0
        line: list[tuple[QLayoutItem, QPoint, QSize]] = []
        placed: list[tuple[QLayoutItem, QPoint, QSize, int]] = []

        def close_line() -> None:
            for item, point, size in line:
                placed.append((item, point, size, line_height))
            line.clear()

        for index, item in enumerate(self._items):
            if item.isEmpty():
                continue
            size = item.sizeHint().boundedTo(QSize(area.width(), 1 << 20))
            size = size.expandedTo(item.minimumSize().boundedTo(QSize(area.width(), 1 << 20)))
            starts_line = index in self._line_breaks and line
            if line and (starts_line or x + size.width() > area.right() + 1):
                close_line()
                x = area.x()
                y += line_height + self._spacing
                line_height = 0
            line.append((item, QPoint(x, y), size))
            x += size.width() + self._spacing
            line_height = max(line_height, size.height())
        close_line()
        if apply:
            for item, point, size, height in placed:
                # centred on its line, so a short label sits level with tall buttons
                offset = (height - size.height()) // 2
                item.setGeometry(QRect(point + QPoint(0, offset), size))
        used = (y + line_height - area.y()) if placed else 0
        return used + margins.top() + margins.bottom()


def _grow(margins: QMargins) -> QSize:
    return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())
