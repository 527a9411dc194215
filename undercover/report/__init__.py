"""Findings PDFs: one visit (or several), and a summary across visits.

Headless: ReportLab only, never Qt, so the CLI, the GUI's worker threads and
the tests all call the same two functions.
"""

from undercover.report.layout import ReportCancelled
from undercover.report.summary_report import export_summary
from undercover.report.visit_report import export_visits

__all__ = ["ReportCancelled", "export_summary", "export_visits"]
