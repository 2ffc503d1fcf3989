"""Findings layer: what the pages and the report show, computed from the statistics below it.

Modules, each importing only those listed before it (no cycle; tests/test_findings_imports.py):

- ``methods``: the declared method (version, inputs, code, thresholds) of every stored part
  and section, and their fingerprints;
- ``stored``: which frames stored at import may be shown (their catalog entry matches the data
  and the running code);
- ``scope``: :class:`~analytics.findings.scope.Scope` (what to look at) and
  :class:`~analytics.findings.scope.ScopeData` (its frames, and the capabilities the sections
  may ask of them);
- ``parts``: the company parts (models fitted on every rating of the cycles) and their graph;
- ``sections``: every section of a scope, some with parameters;
- ``lazyscope``: a ScopeData read from DuckDB and the store on first use (the dashboard's);
- ``report``: :class:`~analytics.findings.report.Findings`, every report section at once;
- ``materialise``: the refresh after an import that stores parts and sections;
- ``person``: one employee's record.

Storage mechanics live below, in :mod:`analytics.store.parts`.
"""
