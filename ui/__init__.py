"""Streamlit glue: i18n, filter state, cached queries, chart builders. No statistics here."""
