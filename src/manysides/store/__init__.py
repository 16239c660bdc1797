"""The corpus store (DuckDB): streaming ingest, near-duplicate links, stories and cached story analyses.

``manysides ingest`` fills it, ``manysides cluster --db`` groups its articles into stories; the web app
reads it. See :mod:`manysides.store.db` for the schema.
"""

from manysides.store.db import SCHEMA_VERSION, StoreError, StoreLocked, connect, counts, fts_available, load_documents, story_members, update_stories
from manysides.store.ingest import IngestReport, Ingester, ingest

__all__ = ["SCHEMA_VERSION", "IngestReport", "Ingester", "StoreError", "StoreLocked", "connect", "counts", "fts_available",
           "ingest", "load_documents", "story_members", "update_stories"]
