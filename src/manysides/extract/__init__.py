"""Per-document extraction: actors, statements (and later claims and dates)."""
