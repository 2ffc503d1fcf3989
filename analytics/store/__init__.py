"""Storage layer: the DuckDB connection, the canonical tables and the rating batches.

Imports only ``analytics.schema`` (and the text layer for messages): never statistics,
findings or anything above.
"""
