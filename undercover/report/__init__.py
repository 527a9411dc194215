"""Printable findings as PDF, built with ReportLab. No Qt here, so the command line can print."""
