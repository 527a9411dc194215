"""The README's screenshots, made the same way every time (offscreen Qt, 1280 × 800).

The checklist and the findings page are taken at 1366 × 768 (a common laptop
screen) and, as ``-small``, at the window's minimum size, 800 × 560.

Not a benchmark: it lives here with the other by-hand GUI scripts.

    .venv/bin/python benchmarks/gui_screenshots.py [--out packaging/screenshots]
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))
from screenshot_common import start

SIZE = (1280, 800)
LAPTOP = (1366, 768)
SMALL = (800, 560)  # the main window's minimum size


def main() -> None:
    out, home = start(__doc__, "undercover-shots-")

    from PySide6.QtWidgets import QApplication

    from undercover.demo import create_demo
    from undercover.domain.visit import VisitStatus
    from undercover.store import Store
    from undercover.ui.app import make_application
    from undercover.ui.main_window import MainWindow

    app = make_application()

    def shot(window: MainWindow, name: str, size: tuple[int, int] = SIZE) -> None:
        window.resize(*size)
        for _ in range(12):  # nested word wrap settles over a few passes
            app.processEvents()
        path = out / name
        window.grab().save(str(path))
        print(f"wrote {path}")

    # First run: an empty database.
    window = MainWindow(Store.open(home / "empty.db"))
    window.show()
    shot(window, "first-run.png")
    window.close()

    # The demo business.
    demo = home / "demo.db"
    with Store.open(demo) as store:
        create_demo(store, visits=36, seed=11)
    window = MainWindow(Store.open(demo))
    window.show()
    window.list_page.table.selectRow(1)
    # main-window.png itself comes from benchmarks/window_screenshots.py (1366 × 768).

    # A checklist page of a draft: the section with photos, a question in focus.
    store = window.store
    drafts = [v for v in window.list_page.model.visits() if v.status is VisitStatus.DRAFT]
    chosen = (drafts[0].id, 1, 1)
    for draft in drafts:  # a question near the top of its section that has a photo
        checklist = store.checklists.get(draft.checklist_key, draft.checklist_version)
        for photo in store.photos.list(draft.id):
            if not photo.question_id:
                continue
            section = checklist.section_of(photo.question_id)
            position = [q.id for q in section.questions].index(photo.question_id)
            if position <= 2:
                chosen = (draft.id, checklist.section_index(section.id), position)
                break
        else:
            continue
        break
    visit_id, index, position = chosen
    editor = window.open_visit(visit_id)
    assert editor is not None
    editor.go_to_page(index)
    page = editor.section_page(index)
    page.focus_question(position)
    page.verticalScrollBar().setValue(0)
    window.activateWindow()
    shot(window, "checklist.png", LAPTOP)
    page.focus_question(position)
    page.verticalScrollBar().setValue(0)
    shot(window, "checklist-small.png", SMALL)

    # The findings of a draft under review: suggestions, the first one focused.
    draft = next(
        (d for d in drafts if len(window.open_visit(d.id).session.suggestions()) >= 2),
        drafts[0],
    )
    editor = window.open_visit(draft.id)
    assert editor is not None
    editor.go_to_page(editor.findings_index)
    window.activateWindow()
    app.processEvents()
    editor.findings_page.focus_first()  # the review starts here, with its focus ring
    editor.findings_page.verticalScrollBar().setValue(0)
    shot(window, "findings.png", LAPTOP)
    editor.findings_page.verticalScrollBar().setValue(0)
    shot(window, "findings-small.png", SMALL)

    # The summary of a completed visit with findings.
    completed = [v for v in window.list_page.model.visits()
                 if v.status is VisitStatus.COMPLETED and v.flagged]
    completed = completed or [v for v in window.list_page.model.visits()
                              if v.status is VisitStatus.COMPLETED]
    editor = window.open_visit(completed[0].id)
    assert editor is not None
    editor.go_to_page(editor.summary_index)
    shot(window, "summary.png")
    window.close()
    QApplication.processEvents()
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
