"""Each unit's share against the rest of its scope: the test behind the guideline's "policy or
department" sentence (rev25a item 6), kept with the statistics so the findings layer imports
no SciPy (and none inside a function)."""

from __future__ import annotations

import numpy as np

from analytics.stats.intervals import newcombe_difference
from analytics.stats.multiplicity import holm

__all__ = ["shares_versus_rest"]


def shares_versus_rest(
    k: np.ndarray, n: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unit ``i``'s share ``k_i / n_i`` against the rest's ``(K - k_i) / (N - n_i)``: the
    two-sided Fisher exact p-values Holm-adjusted across the units (NaN where the rest is
    empty), and the difference with Newcombe's 95% interval (hybrid score, method 10).
    Fisher, R. A. (1935); Holm, S. (1979); Newcombe, R. G. (1998) Stat Med 17, 873-890."""
    # scipy on first use, not at import: it costs ~0.75 s a page of stored results skips
    from scipy.stats import fisher_exact

    k, n = np.asarray(k), np.asarray(n)
    rest_k, rest_n = int(k.sum()) - k, int(n.sum()) - n
    p = np.array(
        [
            fisher_exact([[a, b - a], [c, d - c]])[1] if d > 0 else np.nan
            for a, b, c, d in zip(k, n, rest_k, rest_n, strict=True)
        ]
    )
    diff, lo, hi = newcombe_difference(k, n, rest_k, rest_n)
    return holm(p), diff, lo, hi
