"""Export layer: figures, XLSX / CSV / JSON / HTML reports built from findings."""
