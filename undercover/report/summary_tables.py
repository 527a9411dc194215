"""Pieces shared by the summary's pages: its table look, column widths, rates and money."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import TableStyle

from undercover.report.fonts import fonts
from undercover.report.layout import ACCENT, ACCENT_PALE, RULE, table_style
from undercover.report.summary_data import Figures
from undercover.report.text import money


def money_sentence(
    figures: Figures, value: float | None, currency: str | None, short: bool = False
) -> str:
    """The money figure with its formula and assumption; "" when there is nothing to price.

    A visit is one customer, so at most every counted visit is a customer at risk:
    the figure never exceeds visits × lifetime value.
    """
    if value is None or not figures.at_risk:
        return ""
    n, visits = figures.at_risk, figures.visits
    cents = round(value * 100) % 100 != 0  # "2 × €420.50 = up to €841.00", alike
    each, total = money(value, currency, cents), money(n * value, currency, cents)
    if short:
        return (f"{n} of {visits} visit{'s' * (visits != 1)} with a leak: {n} × "
                f"{each} = up to {total} at risk (same assumption).")
    return (
        f"{n} of {visits} customer visit{'s' * (visits != 1)} had at least one leak. Each "
        f"visit is one customer, so {n} customer{'s' * (n != 1)} at risk × "
        f"{each} = up to {total} of customer lifetime "
        "value. Assumption: every customer at risk is lost, at the average lifetime value "
        "entered in the settings; not weighted by how many leaks or how severe."
    )


def rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def header_widths(
    header: list[str], flexible: int, total: float, minimum: dict[int, float] | None = None
) -> list[float]:
    """Column widths that fit each header word on one line; column ``flexible`` takes the rest."""
    bold = fonts().bold
    widths = [
        max(stringWidth(text, bold, 7.6) + 9, (minimum or {}).get(i, 28.0))
        for i, text in enumerate(header)
    ]
    widths[flexible] = 0
    widths[flexible] = max(60.0, total - sum(widths))
    return widths


def summary_table_style(extra: list | None = None) -> TableStyle:
    return table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT_PALE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *(extra or []),
    ])
