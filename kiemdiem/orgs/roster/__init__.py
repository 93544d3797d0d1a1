"""Roster import and export (domain.md §10)."""
