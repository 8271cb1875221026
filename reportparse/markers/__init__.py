"""Heading candidates: the marker table (table.py), numerals (numerals.py) and the line scan (scan.py)."""
