"""PerfLens analytics: ingest, store, statistics, findings, text, export. No Streamlit here.

Importing it has no side effects; entry points call :func:`analytics.runtime.configure`.
"""
