"""Ingest layer: readers, header mapping, scales, cycles, validation, quarantine, fast path.

Turns an HR export into canonical rows in the store; imports the store and text layers.
"""
