"""Undercover: offline mystery-shopper evaluations."""

__version__ = "0.1.0"
