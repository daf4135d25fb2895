"""Public-sector management, admin burden and AI adoption: a sector comparison dashboard."""

__version__ = "0.1.0"
