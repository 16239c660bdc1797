"""Cross-document comparison: linking what several sources carry."""
