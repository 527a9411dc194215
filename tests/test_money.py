"""The customer lifetime value: typed in the user's locale, kept to the cent, printed right."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from test_report import leak, make_visit

from undercover.domain.money import AmountError, parse_amount, read_amount, stored_amount
from undercover.report import export_summary
from undercover.report.text import money
from undercover.store import Store
from undercover.store import settings as keys
from undercover.ui.settings_dialog import SettingsDialog

GERMAN = (",", ".")
ENGLISH = (".", ",")


@pytest.mark.parametrize(("text", "separators", "expected"), [
    ("420.50", ENGLISH, "420.50"),
    ("420,50", GERMAN, "420.50"),
    ("1,234.50", ENGLISH, "1234.50"),
    ("1.234,50", GERMAN, "1234.50"),
    ("1,234,567", ENGLISH, "1234567"),
    ("1.234", GERMAN, "1234"),  # a German thousands separator, not a decimal point
    ("1,234", ENGLISH, "1234"),
    ("420.50", GERMAN, "420.50"),  # a lone "." with cents after it can only be a point
    ("420,5", ENGLISH, "420.5"),
    ("  420 ", ENGLISH, "420"),
    ("1 234,50", GERMAN, "1234.50"),
    ("1\u202f234,50", (",", "\u202f"), "1234.50"),  # French
    ("0,99", GERMAN, "0.99"),
    (",5", GERMAN, "0.5"),
    ("420.", ENGLISH, "420"),
])
def test_amounts_are_read_exactly_in_the_users_way_of_writing_numbers(text, separators, expected):
    assert parse_amount(text, *separators) == Decimal(expected)


@pytest.mark.parametrize(("text", "separators", "reason"), [
    ("42x0", ENGLISH, "format"),
    ("-5", ENGLISH, "negative"),
    ("420.505", ENGLISH, "decimals"),
    ("420,505", GERMAN, "decimals"),
    ("1.2.3", ENGLISH, "format"),
    ("12,34,56", ENGLISH, "format"),  # grouping that is no grouping
    ("1,23.4", ENGLISH, "format"),
    (".", ENGLISH, "format"),
    ("2000000000", ENGLISH, "large"),
    ("€420", ENGLISH, "format"),
])
def test_what_is_not_an_amount_is_refused_with_its_reason(text, separators, reason):
    with pytest.raises(AmountError) as raised:
        parse_amount(text, *separators)
    assert raised.value.reason == reason
    assert str(raised.value).count("\n") == 0


def test_empty_is_unset_and_amounts_are_kept_as_decimal_strings():
    assert parse_amount("", ".", ",") is None and parse_amount("   ", ".", ",") is None
    assert stored_amount(Decimal("420.5")) == "420.50"
    assert stored_amount(Decimal("420.00")) == "420"
    assert stored_amount(Decimal("0.07")) == "0.07"
    # Older versions stored whole numbers (and tests floats); all still read exactly.
    assert read_amount(420) == Decimal(420)
    assert read_amount(420.5) == Decimal("420.5")
    assert read_amount("420.50") == Decimal("420.50")
    for unset in (None, "", 0, "0", -3, "abc", True, "nan", "inf"):
        assert read_amount(unset) is None, unset


def test_money_prints_cents_only_when_there_are_some():
    assert money(420, "€") == "€420"
    assert money(420.5, "€") == "€420.50"
    assert money(1234.5, "EUR") == "EUR 1,234.50"
    assert money(841, "£", cents=True) == "£841.00"
    assert money(0.07, "") == "0.07"


# -- the settings dialog, as a person types ---------------------------------------------


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "money.db") as s:
        yield s


@pytest.fixture
def german():
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def english():
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


def type_value(qtbot, dialog: SettingsDialog, text: str) -> None:
    field = dialog.lifetime_value
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def open_settings(qtbot, store: Store) -> SettingsDialog:
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_german_user_types_the_lifetime_value_with_a_decimal_comma(qtbot, store, german):
    dialog = open_settings(qtbot, store)
    type_value(qtbot, dialog, "420,50")
    assert store.settings.get(keys.CUSTOMER_LIFETIME_VALUE) == "420.50"
    assert dialog.lifetime_value.text() == "420,50"
    type_value(qtbot, dialog, "1.234,50")
    assert store.settings.get(keys.CUSTOMER_LIFETIME_VALUE) == "1234.50"
    assert dialog.lifetime_value.text() == "1.234,50"
    type_value(qtbot, dialog, "420.50")  # typed the English way: still never 42050
    assert store.settings.get(keys.CUSTOMER_LIFETIME_VALUE) == "420.50"
    assert dialog.lifetime_value.text() == "420,50"
    dialog.close()
    again = open_settings(qtbot, store)
    assert again.lifetime_value.text() == "420,50"


def test_an_english_user_types_it_with_a_point_and_thousands_commas(qtbot, store, english):
    dialog = open_settings(qtbot, store)
    type_value(qtbot, dialog, "420.50")
    assert store.settings.get(keys.CUSTOMER_LIFETIME_VALUE) == "420.50"
    assert dialog.lifetime_value.text() == "420.50"
    type_value(qtbot, dialog, "12,345.60")
    assert store.settings.get(keys.CUSTOMER_LIFETIME_VALUE) == "12345.60"
    assert dialog.lifetime_value.text() == "12,345.60"
    type_value(qtbot, dialog, "420")
    assert store.settings.get(keys.CUSTOMER_LIFETIME_VALUE) == "420"
    assert dialog.lifetime_value.text() == "420"
    type_value(qtbot, dialog, "")
    assert store.settings.get(keys.CUSTOMER_LIFETIME_VALUE) is None
    assert dialog.lifetime_value.text() == ""


def test_a_value_that_is_not_an_amount_is_refused_in_one_line_and_nothing_changes(
    qtbot, store, english
):
    store.settings.set(keys.CUSTOMER_LIFETIME_VALUE, "420.50")
    dialog = open_settings(qtbot, store)
    assert dialog.lifetime_value.text() == "420.50"
    for bad, words in (("42x0", "not an amount"), ("420.505", "two decimals"),
                       ("-1", "negative")):
        type_value(qtbot, dialog, bad)
        assert dialog.amount_problem.isVisible(), bad
        assert words in dialog.amount_problem.text()
        assert "\n" not in dialog.amount_problem.text()
        assert dialog.lifetime_value.text() == bad  # left as typed, to be corrected
        assert store.settings.get(keys.CUSTOMER_LIFETIME_VALUE) == "420.50"
    qtbot.keyClick(dialog.lifetime_value, Qt.Key.Key_Backspace)  # editing hides the message
    assert not dialog.amount_problem.isVisible()
    type_value(qtbot, dialog, "99.99")
    assert not dialog.amount_problem.isVisible()
    assert store.settings.get(keys.CUSTOMER_LIFETIME_VALUE) == "99.99"


def test_an_older_whole_number_value_shows_and_stays_as_it_was(qtbot, store, german):
    store.settings.set(keys.CUSTOMER_LIFETIME_VALUE, 1500)
    dialog = open_settings(qtbot, store)
    assert dialog.lifetime_value.text() == "1.500"
    qtbot.keyClick(dialog.lifetime_value, Qt.Key.Key_Return)
    assert read_amount(store.settings.get(keys.CUSTOMER_LIFETIME_VALUE)) == Decimal(1500)


# -- the summary report -----------------------------------------------------------------


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (poppler-utils)")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return " ".join(out.split())


def test_the_summary_prices_customers_at_risk_to_the_cent(store, tmp_path):
    store.settings.set(keys.CUSTOMER_LIFETIME_VALUE, "420.50")
    store.settings.set(keys.CURRENCY, "€")
    make_visit(store, day="2026-03-14", findings=[leak()])
    make_visit(store, day="2026-03-15", findings=[leak("Second leak")])
    text = pdf_text(export_summary(store, tmp_path / "money.pdf"))
    assert "2 customers at risk × €420.50 = up to €841.00 of customer lifetime value" in text
    assert "€42,050" not in text
