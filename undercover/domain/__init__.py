"""Plain data and pure functions: checklists, visits, scoring, findings. No Qt, no SQL."""
