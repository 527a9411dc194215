"""The app's look in one place: a calm light palette, one accent colour, cards and clear buttons.

Widgets mark themselves with object names and dynamic properties
(``primary``, ``role``, ``choice``); this style sheet gives them their look,
so no widget hard-codes colours except where it paints (score bars).
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QStyleFactory, QWidget

from undercover.paths import resource_dir

ACCENT = "#1f6f8b"
ACCENT_DARK = "#175569"
ACCENT_SOFT = "#e3f0f4"
BACKGROUND = "#f4f5f7"
SURFACE = "#ffffff"
BORDER = "#dde1e6"
TEXT = "#1f2933"
MUTED = "#5f6b7a"
GOOD = "#2e7d4f"
FAIR = "#b7791f"
BAD = "#c0392b"
BAD_SOFT = "#fbeae8"
WARN_SOFT = "#fdf4e3"
FOCUS_RING = "#e8a317"  # amber: clear on teal buttons and on white ones alike

def _icon(name: str) -> str:
    """A bundled icon's path as a style sheet ``url()`` wants it (forward slashes)."""
    return (resource_dir() / "icons" / name).as_posix()


STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: {BACKGROUND}; }}
QWidget#page, QWidget#pageContent, QScrollArea#pageScroll {{ background: {BACKGROUND}; }}
QScrollArea {{ border: none; }}
QFrame#card {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 10px;
}}
QFrame#card[current="true"] {{ border: 1px solid {ACCENT}; }}
QFrame#card:focus {{ border: 2px solid {FOCUS_RING}; background: #fffdf7; }}
QFrame#banner {{ background: {WARN_SOFT}; border: 1px solid #f0d9a8; border-radius: 8px; }}
QFrame#badBanner {{ background: {BAD_SOFT}; border: 1px solid #efc3bd; border-radius: 8px; }}
QFrame#header {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
QFrame#sidePanel {{ background: {SURFACE}; border-right: 1px solid {BORDER}; }}
QFrame#footer {{ background: {SURFACE}; border-top: 1px solid {BORDER}; }}
QLabel {{ color: {TEXT}; }}
QLabel[role="title"] {{ font-size: 19pt; font-weight: 600; }}
QLabel[role="heading"] {{ font-size: 13pt; font-weight: 600; }}
QLabel[role="question"] {{ font-size: 11.5pt; font-weight: 600; }}
QLabel[role="help"], QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="hint"] {{ color: {MUTED}; font-size: 8.5pt; }}
QLabel[role="anchor"] {{ color: {ACCENT_DARK}; font-style: italic; }}
QLabel[role="big"] {{ font-size: 40pt; font-weight: 700; color: {ACCENT_DARK}; }}
QLabel[role="chip"] {{
    border-radius: 9px; padding: 1px 8px; font-size: 8.5pt; font-weight: 600;
    background: {ACCENT_SOFT}; color: {ACCENT_DARK};
}}
QLabel[role="chip"][tone="bad"] {{ background: {BAD_SOFT}; color: {BAD}; }}
QLabel[role="chip"][tone="warn"] {{ background: {WARN_SOFT}; color: #8a5a0b; }}
QLabel[role="chip"][tone="good"] {{ background: #e5f3ea; color: {GOOD}; }}
QLabel#saved {{ color: {MUTED}; padding-right: 8px; }}
QPushButton, QToolButton {{
    background: {SURFACE}; color: {TEXT}; border: 1px solid #cdd3da; border-radius: 6px;
    padding: 5px 14px; min-height: 18px;
}}
QPushButton:hover, QToolButton:hover {{ background: #eef1f4; }}
QPushButton:pressed {{ background: #e2e7ec; }}
QPushButton:disabled {{ color: #a0a8b2; background: #f7f8f9; border-color: #e3e6ea; }}
QPushButton[primary="true"] {{
    background: {ACCENT}; color: white; border: 1px solid {ACCENT}; font-weight: 600;
}}
QPushButton[primary="true"]:hover {{ background: {ACCENT_DARK}; }}
QPushButton[primary="true"]:disabled {{ background: #9dbcc7; border-color: #9dbcc7; }}
QPushButton[flat="true"] {{ border: none; background: transparent; color: {ACCENT_DARK}; }}
QPushButton[flat="true"]:hover {{ text-decoration: underline; }}
QPushButton[big="true"] {{ font-size: 12pt; padding: 12px 26px; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {FOCUS_RING}; padding: 4px 13px; }}
QPushButton[flat="true"]:focus {{ border: 2px solid {FOCUS_RING}; padding: 3px 12px; }}
QPushButton[big="true"]:focus {{ padding: 11px 25px; }}
QRadioButton:focus, QCheckBox:focus {{ color: {ACCENT_DARK}; text-decoration: underline; }}
QPushButton[choice="true"] {{
    min-width: 30px; padding: 5px 8px; font-weight: 600; border-radius: 6px;
}}
QPushButton[choice="true"]:checked {{ background: {ACCENT}; color: white; border-color: {ACCENT}; }}
QPushButton[focusRow="true"] {{ border: 2px solid {ACCENT}; padding: 4px 7px; }}
QPushButton[choice="na"]:checked {{ background: #6b7785; color: white; border-color: #6b7785; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QSpinBox, QDoubleSpinBox {{
    background: {SURFACE}; border: 1px solid #cdd3da; border-radius: 6px; padding: 4px 6px;
    selection-background-color: {ACCENT};
}}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus {{
    border: 1px solid {ACCENT};
}}
QLineEdit:read-only, QPlainTextEdit:read-only {{ background: #f7f8f9; }}
QTableView {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px;
    gridline-color: transparent; selection-background-color: #d5e8ef; selection-color: {TEXT};
    alternate-background-color: #fafbfc;
}}
QTableView::item {{ padding-left: 10px; padding-right: 6px; }}
QComboBox::drop-down, QDateEdit::drop-down {{
    subcontrol-origin: padding; subcontrol-position: center right; border: none; width: 22px;
}}
QComboBox::down-arrow, QDateEdit::down-arrow {{
    image: url("{_icon("chevron-down.png")}"); width: 12px; height: 12px;
}}
QComboBox::down-arrow:disabled, QDateEdit::down-arrow:disabled {{ image: none; }}
QSpinBox::up-button, QDoubleSpinBox::up-button {{
    subcontrol-origin: border; subcontrol-position: top right; width: 20px; border: none;
}}
QSpinBox::down-button, QDoubleSpinBox::down-button {{
    subcontrol-origin: border; subcontrol-position: bottom right; width: 20px; border: none;
}}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow {{
    image: url("{_icon("chevron-up.png")}"); width: 10px; height: 10px;
}}
QSpinBox::down-arrow, QDoubleSpinBox::down-arrow {{
    image: url("{_icon("chevron-down.png")}"); width: 10px; height: 10px;
}}
QCalendarWidget QTableView {{ border: none; border-radius: 0px; }}
QCalendarWidget QTableView::item {{ padding: 0px; }}
QHeaderView::section {{
    background: {SURFACE}; border: none; border-bottom: 1px solid {BORDER};
    padding: 6px 8px; font-weight: 600; color: {MUTED};
}}

QListWidget#sectionNav {{
    background: transparent; border: none; outline: none;
}}
QListWidget#sectionNav::item {{ padding: 7px 8px; border-radius: 6px; color: {TEXT}; }}
QListWidget#sectionNav::item:selected {{ background: {ACCENT_SOFT}; color: {ACCENT_DARK}; }}
QListWidget#sectionNav::item:hover:!selected {{ background: #f0f2f4; }}
QListWidget#sectionNav QScrollBar:vertical {{ background: transparent; width: 8px; }}
QListWidget#sectionNav QScrollBar::handle:vertical {{
    background: #c4cbd3; border-radius: 4px; min-height: 24px;
}}
QListWidget#sectionNav QScrollBar::add-line, QListWidget#sectionNav QScrollBar::sub-line {{
    height: 0px;
}}
QProgressBar {{
    border: none; background: #e6e9ed; border-radius: 3px; max-height: 6px; text-align: center;
}}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 3px; }}
QStatusBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; color: {MUTED}; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; border-radius: 8px; background: {SURFACE}; }}
QMenuBar {{ background: {SURFACE}; }}
"""


def apply_style(app: QApplication) -> None:
    """Fusion with a light palette and the style sheet, the same on every platform."""
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
    palette.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#fafbfc"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a94a0"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor(TEXT))
    app.setPalette(palette)
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)


def score_color(score: float | None) -> str:
    """Green, amber or red for a 0-100 score; grey when there is none."""
    if score is None:
        return "#a0a8b2"
    if score >= 75:
        return GOOD
    if score >= 50:
        return FAIR
    return BAD


W = TypeVar("W", bound=QWidget)


def mark(widget: W, **properties: object) -> W:
    """Set dynamic properties the style sheet reads (``primary=True``, ``role="help"``).

    A marked label shows its text exactly as given: the app's labels hold names, notes
    and checklist texts people typed, never markup (see ``plain_text``).
    """
    if isinstance(widget, QLabel):
        widget.setTextFormat(Qt.TextFormat.PlainText)
    for name, value in properties.items():
        widget.setProperty(name, value)
    if properties.get("role") == "chip":
        widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return widget


def refresh_style(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
