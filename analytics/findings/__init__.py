"""Findings layer: scopes, the graph of company parts, sections, the stored parts and their
materialisation after an import. Imports stats and store below it."""
