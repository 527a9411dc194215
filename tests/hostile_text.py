"""Text typed by people, at its most hostile, and a walk over widgets that finds where it
would be read as markup instead of shown as typed.

``fill_hostile(store, folder)`` fills a database so that every field a person types (or
a checklist author writes, or a file is named) holds tags, entities, emoji and a
5,000-character string. ``markup_problems(widget)`` walks a window and its children and
names every label, tooltip, button, group box, tab and title that would interpret it.
To cover a new dialog, open it on a filled database and pass it to
``assert_shown_literally``; for a blocking box, use ``walk_modal``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import Qt as QtGui_Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTabWidget,
    QTreeView,
    QWidget,
)

from undercover.domain.checklist import FindingKind
from undercover.domain.visit import Answer, Finding, FindingStatus, Location, Severity, Visit
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.photo_intake import prepare_photo

# Each would show differently if read as markup: bold, huge, a broken image, italics,
# an entity turned into "&", and "[*]", which a window title hides.
HOSTILE = '<b>x</b> <font size=40>big</font> <img src="/etc/hostname"/> <i>it</i> &amp; 😀 [*]'
TAGS = ("<b>", "<font", "<img", "<i>")


def hostile(name: str) -> str:
    """A field's own hostile text, named so a failure says which field it came from."""
    return f"{name} {HOSTILE}"


def long_hostile(name: str, length: int = 5000) -> str:
    """A 5,000-character text with markup all through it."""
    text = f"{name} "
    while len(text) < length:
        text += f"{HOSTILE} word{len(text)} "
    return text[:length]


def _checklist_toml(key: str) -> str:
    """A checklist whose every text is hostile: title, sections, questions, help, anchors."""
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    anchors = ", ".join(q(hostile(f"anchor {n}")) for n in range(1, 6))
    return f"""
key = "{key}"
version = 1
title = {q(hostile("checklist title"))}
description = {q(hostile("checklist description"))}

[[sections]]
id = "arrival"
title = {q(hostile("section one"))}
intro = {q(long_hostile("section intro", 600))}

[[sections.questions]]
id = "greeted"
text = {q(hostile("rating question"))}
kind = "rating"
help = {q(hostile("rating help"))}
anchors = [{anchors}]
pillars = ["engaging_empathy"]
finding = "leak"
recommend = {q(hostile("recommendation"))}
critical = true

[[sections.questions]]
id = "wait"
text = {q(hostile("number question"))}
kind = "number"
unit = {q("<b>min</b> & 😀")}
target = 5
worst = 20
better = "lower"
pillars = ["serving_spirit"]
finding = "leak"
recommend = {q(hostile("wait recommendation"))}

[[sections.questions]]
id = "helped"
text = {q(hostile("yes/no question"))}
kind = "yes_no"
pillars = ["serving_spirit"]
finding = "missed_opportunity"
recommend = {q(hostile("help recommendation"))}
required = true

[[sections]]
id = "leaving"
title = {q(hostile("section two"))}

[[sections.questions]]
id = "back"
text = {q(hostile("likelihood question"))}
kind = "likelihood"
pillars = ["palpable_presence"]

[[sections.questions]]
id = "remember"
text = {q(hostile("text question"))}
kind = "text"
"""


def _jpeg(seed: int) -> bytes:
    out = BytesIO()
    Image.new("RGB", (200, 150), ((seed * 61) % 256, 90, (seed * 17) % 256)).save(out, "JPEG")
    return out.getvalue()


@dataclass
class HostileData:
    """What ``fill_hostile`` made."""

    draft_id: str
    completed_id: str
    location: Location
    finding: Finding
    photo_ids: list[str] = field(default_factory=list)
    bundle: Path | None = None


def fill_hostile(store: Store, folder: Path) -> HostileData:
    """Settings, two locations, a checklist, a draft and a completed visit with answers,
    notes, findings and photos: every text hostile, one of each kind 5,000 characters."""
    store.settings.set(keys.BUSINESS_NAME, hostile("business"))
    store.settings.set(keys.EVALUATOR_CODE, hostile("code"))
    store.settings.set(keys.EVALUATOR_NAME, hostile("evaluator"))
    store.settings.set(keys.CURRENCY, "<b>€")
    store.settings.set(keys.CUSTOMER_LIFETIME_VALUE, "420.50")
    toml = folder / "hostile-checklist.toml"
    toml.write_text(_checklist_toml("hostile"), encoding="utf-8")
    store.checklists.add_file(toml)
    store.settings.set(keys.DEFAULT_CHECKLIST, "hostile")
    checklist = store.checklists.get("hostile")
    location = store.locations.add(Location(
        hostile("location"), address=long_hostile("address", 300),
        notes=long_hostile("location notes"),
    ))
    store.locations.add(Location(long_hostile("second location", 5000)))

    def visit(scenario: str, skip: tuple[str, ...] = ()) -> Visit:
        made = store.visits.create(Visit(
            location.id, checklist.key, checklist.version, scenario=scenario,
            evaluator_code=hostile("visit code"), started_at="2026-03-14T10:15:00Z",
            served_by=hostile("served by"),
        ))
        for answer in (
            Answer("greeted", value=1.0, note=long_hostile("rating note")),
            Answer("wait", value=15.0, note=hostile("wait note")),
            Answer("helped", value=0.0, note=hostile("yes/no note") + "\nsecond line"),
            Answer("back", value=3.0),
            Answer("remember", text=long_hostile("text answer", 800)),
        ):
            if answer.question_id not in skip:
                store.visits.save_answer(made.id, answer)
        return made

    draft = visit(long_hostile("scenario"), skip=("helped",))  # a required one left open
    photo_ids = []
    for n in range(2):
        photo = store.photos.add(
            draft.id, prepare_photo(_jpeg(n), f"<b>IMG &amp; 😀 [*] {n}.jpg"),
            question_id="greeted" if n == 0 else None, caption=hostile(f"caption {n}"),
        ).photo
        photo_ids.append(photo.id)
    finding = Finding(
        kind=FindingKind.LEAK, summary=long_hostile("finding summary", 900),
        where=hostile("where"), severity=Severity.HIGH, evidence=hostile("evidence"),
        recommendation=hostile("finding recommendation"), photo_ids=photo_ids[:1],
        status=FindingStatus.CONFIRMED,
    )
    store.visits.save_finding(draft.id, finding)
    store.visits.save_finding(draft.id, Finding(
        kind=FindingKind.MISSED, summary=hostile("dismissed finding"),
        status=FindingStatus.DISMISSED,
    ))
    completed = visit(hostile("completed scenario"))
    store.visits.save_finding(completed.id, Finding(
        kind=FindingKind.MISSED, summary=hostile("completed finding"),
        status=FindingStatus.CONFIRMED,
    ))
    store.visits.complete(completed.id)
    return HostileData(draft.id, completed.id, location, store.visits.findings(draft.id)[0],
                       photo_ids)


# -- the walk ---------------------------------------------------------------------------


def interprets_markup(text: str, text_format: Qt.TextFormat) -> bool:
    """Whether a label with this format would read ``text`` as markup."""
    if text_format in (Qt.TextFormat.RichText, Qt.TextFormat.MarkdownText):
        return True
    return text_format == Qt.TextFormat.AutoText and QtGui_Qt.mightBeRichText(text)


def _raw_markup(text: str) -> bool:
    """A tooltip (always guessed) that would render typed tags instead of showing them."""
    return any(tag in text for tag in TAGS) and QtGui_Qt.mightBeRichText(text)


def _eats_ampersand(text: str) -> bool:
    """A button or tab text where "&" would underline the next letter instead of showing."""
    return bool(re.search(r"&(?!&)", text.replace("&&", "")))


def _hides_marker(title: str) -> bool:
    return "[*]" in title.replace("[*][*]", "")


def _name(widget: QWidget) -> str:
    owner = widget
    while owner.parentWidget() is not None and not owner.isWindow() and not owner.objectName():
        owner = owner.parentWidget()
    return f"{type(widget).__name__} in {type(owner).__name__} {owner.objectName()!r}".strip()


def _model_problems(model: QAbstractItemModel, where: str, tree: bool) -> Iterable[str]:
    def columns(parent: QModelIndex) -> int:
        try:
            return max(1, model.columnCount(parent))
        except TypeError:  # a list model keeps columnCount to itself: one column
            return 1

    def rows(parent: QModelIndex) -> Iterable[QModelIndex]:
        for row in range(model.rowCount(parent)):
            for column in range(columns(parent)):
                index = model.index(row, column, parent)
                yield index
                if column == 0 and tree and model.hasChildren(index):
                    yield from rows(index)

    for index in rows(QModelIndex()):
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        if isinstance(tip, str) and _raw_markup(tip):
            yield f"{where}: row {index.row()} tooltip reads markup: {tip[:80]!r}"


def markup_problems(root: QWidget) -> list[str]:
    """Every place under ``root`` (itself included) where typed text would be read as
    markup: labels, tooltips, item tooltips, buttons, group boxes, tabs, window titles."""
    problems: list[str] = []
    models: set[int] = set()
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        where = _name(widget)
        if isinstance(widget, QLabel):
            text = widget.text()
            if "<" in text and interprets_markup(text, widget.textFormat()):
                problems.append(f"{where}: label reads markup: {text[:80]!r}")
        tip = widget.toolTip()
        if tip and _raw_markup(tip):
            problems.append(f"{where}: tooltip reads markup: {tip[:80]!r}")
        if isinstance(widget, QAbstractButton) and HOSTILE[:8] in widget.text() and (
            _eats_ampersand(widget.text())
        ):
            problems.append(f"{where}: button text loses its '&': {widget.text()[:80]!r}")
        if isinstance(widget, QGroupBox) and _eats_ampersand(widget.title()) and (
            HOSTILE[:8] in widget.title()
        ):
            problems.append(f"{where}: group title loses its '&': {widget.title()[:80]!r}")
        if isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                if HOSTILE[:8] in widget.tabText(i) and _eats_ampersand(widget.tabText(i)):
                    problems.append(f"{where}: tab {i} loses its '&'")
        model = widget.model() if isinstance(widget, QAbstractItemView) else None
        if model is not None and id(model) not in models and not isinstance(widget, QHeaderView):
            models.add(id(model))
            problems.extend(_model_problems(model, where, isinstance(widget, QTreeView)))
        if widget.isWindow() and _hides_marker(widget.windowTitle()):
            problems.append(f"{where}: window title hides '[*]': {widget.windowTitle()[:80]!r}")
    return problems


def assert_shown_literally(root: QWidget) -> None:
    """Fail, naming each place, if anything under ``root`` would read typed text as markup."""
    problems = markup_problems(root)
    assert not problems, "\n".join(problems)


def labels_showing(root: QWidget, text: str) -> list[QLabel]:
    """The labels under ``root`` whose text holds ``text``: a walk that finds nothing
    proves nothing, so tests check the hostile text is really on screen."""
    return [label for label in root.findChildren(QLabel) if text in label.text()]


def walk_modal(action: Callable[[], object], answer: Callable[[QWidget], None] | None = None,
               timeout_ms: int = 5000) -> tuple[object, list[str], list[str]]:
    """Run ``action``, which opens blocking boxes; walk each box as it opens, then close it
    (``answer`` may choose a button). Returns the action's result, the problems and the
    texts of the boxes seen, so a test can say which boxes it expected."""
    problems: list[str] = []
    seen: list[str] = []
    walked: set[int] = set()

    def check() -> None:
        box = QApplication.activeModalWidget()
        if box is not None and id(box) not in walked and box.isVisible():
            walked.add(id(box))
            problems.extend(markup_problems(box))
            texts = [label.text() for label in box.findChildren(QLabel) if label.text()]
            seen.append(" | ".join(texts))
            if answer is not None:
                answer(box)
            elif isinstance(box, QMessageBox):
                box.reject() if box.escapeButton() is not None else box.close()
                if box.isVisible():
                    box.done(0)
            elif isinstance(box, QDialog):
                box.reject()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(check)
    timer.start()
    try:
        result = action()
    finally:
        timer.stop()
    return result, problems, seen
