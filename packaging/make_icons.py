"""Render the application icon's PNG sizes from its SVG, and the style sheet's arrows.

    .venv/bin/python packaging/make_icons.py

Desktops pick the size nearest their need: 16-48 px for menus, taskbars and
title bars, 128-512 px for launchers and software centres. The PNGs are kept
in the repository so the app and its bundle need no SVG renderer for them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "undercover.svg"))
    if not renderer.isValid():
        print(f"cannot read {ICONS / 'undercover.svg'}", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = ICONS / f"undercover-{size}.png"
        if not image.save(str(target)):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
        print(f"wrote {target.relative_to(ICONS.parents[1])}")
    return arrows()


def arrows() -> int:
    """The chevrons drop-down lists and spin boxes show (drawn at twice their 12 px size)."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

    for name, down in (("chevron-down", True), ("chevron-up", False)):
        image = QImage(24, 24, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor("#5f6b7a"), 3.0)  # the style's muted text colour
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        top, bottom = (8.0, 16.0) if down else (16.0, 8.0)
        path = QPainterPath(QPointF(5, top))
        path.lineTo(QPointF(12, bottom))
        path.lineTo(QPointF(19, top))
        painter.drawPath(path)
        painter.end()
        target = ICONS / f"{name}.png"
        if not image.save(str(target)):
            print(f"cannot write {target}", file=sys.stderr)
            return 1
        print(f"wrote {target.relative_to(ICONS.parents[1])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
