"""PerfLens analytics: ingest, statistics, findings, export. No Streamlit imports here."""
