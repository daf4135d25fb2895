"""Data layer: the extract contract, its validation, loading, building and synthetic generation."""
