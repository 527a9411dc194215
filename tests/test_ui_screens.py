"""Any screen: the window fits a laptop screen, and every page reflows down to the minimum size.

Widths are checked with geometry, not by eye: every visible control of every
question card (and of the findings page) must lie inside the page's viewport
horizontally, at the minimum window size and the sizes between.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget

from undercover.domain.checklist import QuestionKind
from undercover.domain.visit import Answer, Location, Visit
from undercover.store import Store
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui.main_window import MainWindow
from undercover.ui.style import apply_style
from undercover.ui.tasks import SyncPool, TaskRunner

TESTS = Path(__file__).parent
SIZES = [(800, 560), (900, 640), (1024, 700), (1366, 768)]
CONTROLS = (QAbstractButton, QLabel, QLineEdit, QPlainTextEdit)


@pytest.fixture(autouse=True)
def styled(qapp):
    """The app's own look: sizes depend on it (padding, fonts), so test with it, then undo."""
    style, palette, font = qapp.style().name(), qapp.palette(), qapp.font()
    sheet = qapp.styleSheet()
    apply_style(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setPalette(palette)
    qapp.setStyle(style)


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "visits.db")
    yield store
    store.close()


def new_visit(store: Store, checklist_key: str, scenario: str = "") -> Visit:
    location = store.locations.add(Location(f"Harbour Street {checklist_key}"))
    checklist = store.checklists.get(checklist_key)
    return store.visits.create(
        Visit(location.id, checklist.key, checklist.version, scenario=scenario)
    )


def clipped(scroll, root: QWidget) -> list[str]:
    """Visible controls under ``root`` that stick out of the scroll area's viewport sideways."""
    viewport = scroll.viewport()
    width = viewport.width()
    out = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(scroll):
            continue
        left = widget.mapTo(viewport, widget.rect().topLeft()).x()
        right = left + widget.width()
        if left < 0 or right > width:
            text = widget.text() if hasattr(widget, "text") else ""
            out.append(f"{type(widget).__name__} {text[:30]!r}: {left}..{right} of {width}")
    return out


@pytest.mark.parametrize("checklist_key", [DEFAULT_CHECKLIST, "internal-customer"])
def test_every_card_fits_the_width_from_the_minimum_size_up(qtbot, store, checklist_key):
    visit = new_visit(store, checklist_key, scenario="Asked about a refund " * 12)
    window = MainWindow(store, TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    editor = window.open_visit(visit.id)
    assert editor is not None
    kinds = set()
    for size in SIZES:
        window.resize(*size)
        for index in range(editor.section_count):
            editor.go_to_page(index)
            page = editor.section_page(index)
            qtbot.waitUntil(lambda p=page: p.widget().width() <= p.viewport().width())
            for card in page.cards:
                kinds.add(card.question.kind)
                assert clipped(page, card) == [], (size, card.question.id)
                for button in getattr(card.input, "buttons", {}).values():
                    assert button.isVisibleTo(page) and button.width() >= 30
        # the header's subtitle wraps rather than pushing the window wider
        assert window.width() == size[0]
    assert QuestionKind.RATING in kinds and QuestionKind.YES_NO in kinds


def test_a_likelihood_row_wraps_at_the_minimum_size_and_stays_on_one_line_when_wide(
    qtbot, store
):
    visit = new_visit(store, DEFAULT_CHECKLIST)
    window = MainWindow(store, TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    window.show()
    editor = window.open_visit(visit.id)
    checklist = editor.session.checklist
    question = next(q for s in checklist.sections for q in s.questions
                    if q.kind is QuestionKind.LIKELIHOOD)
    index = checklist.section_index(checklist.section_of(question.id).id)
    page = editor.section_page(index)
    card = page.card(question.id)
    editor.go_to_page(index)

    def rows() -> int:
        return len({b.y() for b in card.input.buttons.values()})

    window.resize(800, 560)
    qtbot.waitUntil(lambda: page.widget().width() <= page.viewport().width())
    qtbot.waitUntil(lambda: rows() >= 2)  # 0-10 and N/A do not fit in 800 px: they wrap
    ten = card.input.buttons[10.0]
    assert clipped(page, card) == []
    assert ten.mapTo(page.viewport(), ten.rect().topRight()).x() <= page.viewport().width()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: rows() == 1)


def test_the_findings_page_fits_the_width_from_the_minimum_size_up(qtbot, store):
    visit = new_visit(store, DEFAULT_CHECKLIST)
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    for section in checklist.sections:
        for q in section.questions:
            if q.kind is QuestionKind.RATING:
                store.visits.save_answer(visit.id, Answer(q.id, value=1.0, note="<b>x</b> " * 40))
    window = MainWindow(store, TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    window.show()
    editor = window.open_visit(visit.id)
    editor.go_to_page(editor.findings_index)
    page = editor.findings_page
    assert len(page.suggested_rows) > 3
    for size in SIZES:
        window.resize(*size)
        qtbot.waitUntil(lambda: page.widget().width() <= page.viewport().width())
        assert clipped(page, page.widget()) == [], size


def test_on_a_1366_by_768_screen_the_window_and_its_footer_fit(tmp_path):
    db = tmp_path / "visits.db"
    with Store.open(db) as store:
        visit = new_visit(store, DEFAULT_CHECKLIST)
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1,
    }]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, str(TESTS / "screen_driver.py"), str(db), visit.id],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    ax, ay, aw, ah = report["available"]
    assert (aw, ah) == (1366, 768), "the child really ran on a 1366 × 768 screen"
    _x, _y, w, h = report["window"]
    assert h <= 768 - 34 and w <= 1366, "room left for a title bar"
    for name in ("next", "back", "status_bar"):
        bx, by, bw, bh = report[name]
        assert ax <= bx and bx + bw <= ax + aw, name
        assert ay <= by and by + bh <= ay + ah, f"{name} is off the bottom of the screen"
    assert report["footer_below_page"], "the footer sits under the page, which scrolls"


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        ((0, 0, 1920, 1080), (320, 155, 1280, 800)),  # room to spare: the preferred size
        ((0, 0, 1366, 768), (43, 34, 1280, 730)),  # a laptop: as tall as fits under a title
        ((0, 32, 1366, 736), (43, 66, 1280, 698)),  # ... with a panel along the top
        ((1920, 0, 1024, 600), (1924, 34, 1016, 562)),  # a second, small screen on the right
        ((0, 0, 800, 500), (0, 34, 800, 560)),  # smaller than the minimum: the minimum
    ],
)
def test_the_first_window_fits_the_available_screen(screen, expected):
    from PySide6.QtCore import QRect

    from undercover.ui.window_geometry import initial_geometry

    assert initial_geometry(QRect(*screen)).getRect() == expected
