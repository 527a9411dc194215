"""Helpers for the UI tests: keyboard answers, simulated drops, and a driver for the crash test.

Run as a script (``python tests/ui_helpers.py answer-then-wait DB VISIT_ID COUNT``) it
opens the app on DB, answers COUNT questions of the visit from the keyboard,
prints READY and waits, so a test can kill it mid-visit.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from undercover.domain.checklist import Question, QuestionKind
from undercover.domain.visit import Answer


@dataclass(frozen=True)
class KeyAnswer:
    """What to type for a question, what to press afterwards, and the answer it must give."""

    keys: str  # typed with keyClicks
    expected: Answer
    move_on: str = "enter"  # "enter", "tab" or "ctrl+enter"


def keyboard_answer(question: Question, n: int) -> KeyAnswer:
    """A deterministic keyboard answer for the n-th question (0-based) of a checklist.

    Varies with ``n`` so every key path is taken: digits, Y/N, N/A keys, "1" "0" for 10,
    numbers, text; Enter and Tab to move on.
    """
    qid = question.id
    move_on = "tab" if n % 3 == 1 else "enter"
    kind = question.kind
    if kind in (QuestionKind.RATING, QuestionKind.BIPOLAR):
        if question.allow_na and n % 11 == 5:
            return KeyAnswer("a", Answer(qid, na=True), move_on)
        value = 2 + n % 4  # 2..5
        return KeyAnswer(str(value), Answer(qid, value=float(value)), move_on)
    if kind is QuestionKind.YES_NO:
        if question.allow_na and n % 7 == 3:
            return KeyAnswer("a", Answer(qid, na=True), move_on)
        yes = n % 5 != 2
        return KeyAnswer("y" if yes else "n", Answer(qid, value=1.0 if yes else 0.0), move_on)
    if kind is QuestionKind.LIKELIHOOD:
        if n % 2:
            return KeyAnswer("10", Answer(qid, value=10.0), move_on)
        return KeyAnswer("7", Answer(qid, value=7.0), move_on)
    if kind is QuestionKind.NUMBER:
        value = 4 if n == 0 else 1 + n % 3
        return KeyAnswer(str(value), Answer(qid, value=float(value)), move_on)
    text = f"Answer {n}: the barista said \"back in a minute\" and was."
    return KeyAnswer(text, Answer(qid, text=text), "ctrl+enter")


def type_answer(widget: QWidget, answer: KeyAnswer) -> None:
    """Type an answer into the focused answer widget and move on, as a person would."""
    QTest.keyClicks(widget, answer.keys)
    if answer.move_on == "tab":
        QTest.keyClick(widget, Qt.Key.Key_Tab)
    elif answer.move_on == "ctrl+enter":
        QTest.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    else:
        QTest.keyClick(widget, Qt.Key.Key_Return)


def drop_files(target: QWidget, paths: Iterable[Path]) -> bool:
    """Drag files onto a widget and drop them: the same events a file manager's drop sends."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    center = target.rect().center()
    enter = QDragEnterEvent(  # takes a QPoint, where the drop itself takes a QPointF
        center, Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(
        QPointF(center), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def answer_then_wait(db: Path, visit_id: str, count: int) -> int:
    """The crash-test driver: answer ``count`` questions, say READY, then idle until killed."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from undercover.store import Store
    from undercover.ui.app import make_application
    from undercover.ui.main_window import MainWindow

    app = make_application()
    store = Store.open(db)
    window = MainWindow(store)
    window.show()
    window.activateWindow()
    editor = window.open_visit(visit_id)
    assert editor is not None
    app.processEvents()
    given: list[dict] = []
    n = 0
    for index in range(len(editor.session.checklist.sections)):
        page = editor.section_page(index)
        if editor.current_page() != index:
            editor.go_to_page(index)
        for card in page.cards:
            if n >= count:
                break
            answer = keyboard_answer(card.question, n)
            target = QApplication.focusWidget() or card.input.focus_widget()
            if target is not card.input.focus_widget():
                card.focus_answer()
                target = card.input.focus_widget()
            type_answer(target, answer)
            given.append({"question_id": answer.expected.question_id,
                          "value": answer.expected.value, "text": answer.expected.text,
                          "na": answer.expected.na})
            n += 1
        if n >= count:
            break
    print("READY " + json.dumps(given), flush=True)
    return app.exec()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "answer-then-wait":
        sys.exit(answer_then_wait(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
