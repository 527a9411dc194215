"""Business settings (name and logo for the reports, evaluator code, defaults) and locations.

Every change is written as it is made, like everything else in the app;
Close just closes.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.money import AmountError, parse_amount, read_amount, stored_amount
from undercover.domain.visit import Location
from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui import dialogs
from undercover.ui.backups_panel import BackupsPanel
from undercover.ui.location_dialog import LocationDialog
from undercover.ui.style import mark
from undercover.ui.sync_settings import SyncSettingsTab

LOGO_MAX_EDGE = 800
LOGO_MAX_BYTES = 1_000_000


def logo_bytes(image: QImage) -> bytes:
    """A logo small enough for every report: PNG, long edge at most LOGO_MAX_EDGE."""
    if max(image.width(), image.height()) > LOGO_MAX_EDGE:
        image = image.scaled(
            LOGO_MAX_EDGE, LOGO_MAX_EDGE,
            Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def shown_amount(amount: Decimal | None) -> str:
    """An amount as the user writes numbers ("1.234,50" in German), cents only if any."""
    if amount is None:
        return ""
    decimals = 0 if amount == amount.to_integral_value() else 2
    return QLocale().toString(float(amount), "f", decimals)


class SettingsDialog(QDialog):
    """Two tabs: Business and Locations."""

    locations_changed = Signal()
    settings_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle(self.tr("Settings"))
        self.resize(620, 520)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._business_tab(), self.tr("Business"))
        self.tabs.addTab(self._locations_tab(), self.tr("Locations"))
        self.backups = BackupsPanel(store.path)
        self.tabs.addTab(self.backups, self.tr("Backups"))
        self.sync_tab = SyncSettingsTab(store)
        self.sync_tab.changed.connect(self.settings_changed)
        self.tabs.addTab(self.sync_tab, self.tr("Sync"))
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Enter in a field only saves that field; it must not press Choose… or Delete….
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        saved = mark(QLabel(self.tr("Changes are saved as you make them.")), role="hint")
        layout.insertWidget(1, saved)

    # -- business ------------------------------------------------------------------

    def _business_tab(self) -> QWidget:
        store = self._store
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(16, 16, 16, 16)
        form.setSpacing(10)

        self.business_name = QLineEdit(store.settings.get(keys.BUSINESS_NAME) or "")
        self.business_name.setPlaceholderText(self.tr("Shown at the top of every report"))
        self.business_name.editingFinished.connect(
            lambda: self._set(keys.BUSINESS_NAME, self.business_name.text().strip())
        )
        form.addRow(self.tr("Business name"), self.business_name)

        logo_row = QHBoxLayout()
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(160, 64)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setStyleSheet("border: 1px dashed #cdd3da; border-radius: 6px;")
        choose = QPushButton(self.tr("Choose…"))
        self.remove_logo = QPushButton(self.tr("Remove"))
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(choose)
        logo_row.addWidget(self.remove_logo)
        logo_row.addStretch(1)
        choose.clicked.connect(self._choose_logo)
        self.remove_logo.clicked.connect(self._remove_logo)
        form.addRow(self.tr("Logo"), logo_row)
        self._show_logo()

        self.evaluator_code = QLineEdit(store.settings.get(keys.EVALUATOR_CODE) or "")
        self.evaluator_code.setPlaceholderText(self.tr("Filled in on every new visit"))
        self.evaluator_code.editingFinished.connect(
            lambda: self._set(keys.EVALUATOR_CODE, self.evaluator_code.text().strip())
        )
        form.addRow(self.tr("Evaluator code"), self.evaluator_code)

        # Reports name evaluators by code; a real name only when the owner says so.
        self.evaluator_name = QLineEdit(store.settings.get(keys.EVALUATOR_NAME) or "")
        self.evaluator_name.setPlaceholderText(self.tr("Optional; kept off reports unless ticked"))
        self.evaluator_name.editingFinished.connect(
            lambda: self._set(keys.EVALUATOR_NAME, self.evaluator_name.text().strip())
        )
        form.addRow(self.tr("Evaluator name"), self.evaluator_name)
        self.show_name = QCheckBox(self.tr("Print the evaluator's name on reports"))
        self.show_name.setChecked(bool(store.settings.get(keys.SHOW_EVALUATOR_NAME)))
        self.show_name.toggled.connect(lambda on: self._set(keys.SHOW_EVALUATOR_NAME, on))
        form.addRow("", self.show_name)

        self.default_checklist = QComboBox()
        current = store.settings.get(keys.DEFAULT_CHECKLIST) or DEFAULT_CHECKLIST
        for checklist in store.checklists.latest():
            self.default_checklist.addItem(checklist.title, checklist.key)
            if checklist.key == current:
                self.default_checklist.setCurrentIndex(self.default_checklist.count() - 1)
        self.default_checklist.currentIndexChanged.connect(
            lambda: self._set(keys.DEFAULT_CHECKLIST, self.default_checklist.currentData())
        )
        form.addRow(self.tr("Default checklist"), self.default_checklist)

        self.page_size = QComboBox()
        for size in ("A4", "Letter"):
            self.page_size.addItem(size, size)
        self.page_size.setCurrentIndex(
            max(0, self.page_size.findData(store.settings.get(keys.PAGE_SIZE) or "A4"))
        )
        self.page_size.currentIndexChanged.connect(
            lambda: self._set(keys.PAGE_SIZE, self.page_size.currentData())
        )
        form.addRow(self.tr("Report page size"), self.page_size)

        self.lifetime_value = QLineEdit(
            shown_amount(read_amount(store.settings.get(keys.CUSTOMER_LIFETIME_VALUE)))
        )
        self.lifetime_value.setPlaceholderText(
            self.tr("Not set; e.g. {0}").format(shown_amount(Decimal("420.50")))
        )
        self.lifetime_value.setToolTip(
            self.tr("What an average customer spends with you over the years; reports use it "
                    "to put a figure on the customers leaks put at risk.")
        )
        self.lifetime_value.editingFinished.connect(self._save_lifetime_value)
        self.lifetime_value.textEdited.connect(lambda _text: self.amount_problem.hide())
        self.amount_problem = mark(QLabel(), role="help")
        self.amount_problem.setStyleSheet("color: #c0392b;")
        self.amount_problem.hide()
        self.currency = QLineEdit(store.settings.get(keys.CURRENCY) or "")
        self.currency.setPlaceholderText(self.tr("e.g. £, €, $ or EUR"))
        self.currency.setMaxLength(8)
        self.currency.setFixedWidth(120)
        self.currency.editingFinished.connect(
            lambda: self._set(keys.CURRENCY, self.currency.text().strip())
        )
        value_row = QHBoxLayout()
        value_row.addWidget(self.currency)
        value_row.addWidget(self.lifetime_value, 1)
        form.addRow(self.tr("Customer lifetime value"), value_row)
        form.addRow("", self.amount_problem)
        return page

    def _save_lifetime_value(self) -> None:
        """Read the amount the way the user writes numbers; refuse (and keep what is
        stored) anything that is not one, saying why in one line."""
        locale = QLocale()
        try:
            amount = parse_amount(
                self.lifetime_value.text(), locale.decimalPoint(), locale.groupSeparator()
            )
        except AmountError as exc:
            messages = {
                "negative": self.tr("The lifetime value cannot be negative."),
                "decimals": self.tr("Use at most two decimals, e.g. {0}."),
                "large": self.tr("The lifetime value must be at most {0}."),
            }
            message = messages.get(
                exc.reason, self.tr("“{1}” is not an amount. Type it like {0}.")
            )
            example = shown_amount(Decimal("1234.50"))
            if exc.reason == "large":
                example = shown_amount(Decimal(1_000_000_000))
            self.amount_problem.setText(
                message.format(example, self.lifetime_value.text().strip())
            )
            self.amount_problem.show()
            return
        self.amount_problem.hide()
        self._set(keys.CUSTOMER_LIFETIME_VALUE,
                  None if amount is None or amount == 0 else stored_amount(amount))
        self.lifetime_value.setText(shown_amount(amount or None))

    def _set(self, key: str, value: object) -> None:
        if self._store.settings.get(key) == value:
            return
        try:
            self._store.settings.set(key, value)
        except UndercoverError as exc:
            dialogs.show_error(self, str(exc))
            return
        self.settings_changed.emit()

    def _show_logo(self) -> None:
        data = self._store.settings.get(keys.LOGO)
        pixmap = QPixmap()
        if isinstance(data, bytes) and pixmap.loadFromData(data):
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    self.logo_preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.remove_logo.setEnabled(True)
        else:
            self.logo_preview.setText(self.tr("No logo"))
            self.remove_logo.setEnabled(False)

    def _choose_logo(self) -> None:
        path = dialogs.choose_image(self, self.tr("Choose the business logo"))
        if path is None:
            return
        image = QImage(str(path))
        if image.isNull():
            dialogs.show_error(
                self, self.tr("{0} is not an image Undercover can read. Choose a PNG or JPEG "
                              "file.").format(path.name)
            )
            return
        self._set(keys.LOGO, logo_bytes(image))
        self._show_logo()

    def _remove_logo(self) -> None:
        self._set(keys.LOGO, None)
        self.logo_preview.clear()
        self._show_logo()

    # -- locations -----------------------------------------------------------------

    def _locations_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 16, 16, 16)
        self.location_list = QListWidget()
        layout.addWidget(self.location_list, 1)
        row = QHBoxLayout()
        self.add_location_button = QPushButton(self.tr("Add…"))
        self.edit_location_button = QPushButton(self.tr("Edit…"))
        self.delete_location_button = QPushButton(self.tr("Delete…"))
        row.addWidget(self.add_location_button)
        row.addWidget(self.edit_location_button)
        row.addWidget(self.delete_location_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_location_button.clicked.connect(lambda: self.edit_location(None))
        self.edit_location_button.clicked.connect(lambda: self.edit_location(self._chosen()))
        self.delete_location_button.clicked.connect(self._delete_location)
        self.location_list.itemDoubleClicked.connect(
            lambda _item: self.edit_location(self._chosen())
        )
        self.location_list.currentRowChanged.connect(self._location_chosen)
        self._fill_locations()
        return page

    def _fill_locations(self, select: str | None = None) -> None:
        self.location_list.clear()
        for location in self._store.locations.all():
            text = location.name + (f"  ·  {location.address}" if location.address else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, location)
            self.location_list.addItem(item)
            if location.id == select:
                self.location_list.setCurrentItem(item)
        self._location_chosen()

    def _chosen(self) -> Location | None:
        item = self.location_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _location_chosen(self) -> None:
        chosen = self._chosen() is not None
        self.edit_location_button.setEnabled(chosen)
        self.delete_location_button.setEnabled(chosen)

    def edit_location(self, location: Location | None) -> LocationDialog:
        """Open the location form (non-blocking); the list refreshes when it is saved."""
        dialog = LocationDialog(self._store, location, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved() -> None:
            assert dialog.saved_location is not None
            self._fill_locations(select=dialog.saved_location.id)
            self.locations_changed.emit()

        dialog.accepted.connect(saved)
        dialog.open()
        return dialog

    def _delete_location(self) -> None:
        location = self._chosen()
        if location is None:
            return
        if not dialogs.confirm(
            self, self.tr("Delete location"),
            self.tr("Delete the location {0}?").format(location.name), self.tr("Delete"),
        ):
            return
        try:
            self._store.locations.delete(location.id)
        except UndercoverError as exc:
            dialogs.show_error(self, str(exc))
            return
        self._fill_locations()
        self.locations_changed.emit()
