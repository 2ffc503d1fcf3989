"""Per-area string tables: ``STRINGS = {key: (中文, English)}``."""
