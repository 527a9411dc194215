"""Everything Undercover keeps, in one SQLite file. The only place that speaks SQL."""
