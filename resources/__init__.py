"""Data files shipped with Undercover: checklists, fonts, icons."""
