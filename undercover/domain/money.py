"""Amounts of money as people type them and as Undercover keeps them.

An owner types the customer lifetime value in their own way of writing numbers
("420,50" in Germany, "1,234.50" in England). It is read exactly, as a Decimal,
never through a float, and kept as a plain decimal string ("420.50") so no
cent is lost between the settings, the database and the reports.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_DECIMALS = 2
LARGEST = Decimal(1_000_000_000)
# Spaces people and locales put between thousands (French uses a narrow no-break space).
_SPACES = {" ", "\u00a0", "\u202f", "\u2009", "'", "\u2019"}


class AmountError(ValueError):
    """Text that is not an amount. ``reason`` ("negative", "decimals", "large" or "format") lets
    the app say it in the user's language; the message says it in English."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def parse_amount(text: str, decimal_point: str = ".", group_separator: str = ",") -> Decimal | None:
    """``text`` as an exact amount, read with the user's decimal point and thousands
    separator; None for an empty field.

    A lone separator followed by one or two digits ("420.50" typed where "." groups
    thousands) can only be a decimal point, and is read as one: the digits after it
    are never glued onto the whole part.
    """
    raw = "".join(ch for ch in text.strip() if ch not in _SPACES or ch == group_separator)
    if not raw:
        return None
    shown = text.strip()
    example = f"Type it like 1234{decimal_point}50."
    if raw.startswith("-"):
        raise AmountError("negative", "An amount cannot be negative.")
    points = raw.count(decimal_point)
    groups = raw.count(group_separator) if group_separator else 0
    lone = r"\d+" + re.escape(group_separator) + r"\d{1,2}"
    if points == 0 and groups == 1 and re.fullmatch(lone, raw):
        raw = raw.replace(group_separator, decimal_point)
        points, groups = 1, 0
    if points > 1:
        raise AmountError("format", f"{shown} is not an amount: it has two decimal points.")
    whole, _, cents = raw.partition(decimal_point)
    if groups:
        pattern = r"\d{1,3}(" + re.escape(group_separator) + r"\d{3})+"
        if not re.fullmatch(pattern, whole):
            raise AmountError("format", f"{shown} is not an amount. {example}")
        whole = whole.replace(group_separator, "")
    if not re.fullmatch(r"\d*", whole) or not re.fullmatch(r"\d*", cents) or not (whole or cents):
        raise AmountError("format", f"{shown} is not an amount. {example}")
    if len(cents) > MAX_DECIMALS:
        raise AmountError("decimals", f"{shown} has more than {MAX_DECIMALS} decimals.")
    try:
        amount = Decimal(f"{whole or '0'}.{cents or '0'}")
    except InvalidOperation as exc:  # pragma: no cover - the patterns above allow only digits
        raise AmountError("format", f"{shown} is not an amount.") from exc
    if amount > LARGEST:
        raise AmountError("large", f"{shown} is more than {LARGEST:,}.")
    return amount


def stored_amount(amount: Decimal) -> str:
    """An amount as kept in the database: "420.50", or "420" with no cents."""
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def read_amount(value: object) -> Decimal | None:
    """A stored amount (a decimal string, or a number an older version stored) exactly;
    None when unset, unreadable or not above zero."""
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and amount > 0 else None
