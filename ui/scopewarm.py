"""What the heaviest pages of a scope read on their first visit in any language, read in the
quiet after a page of that scope (:func:`after_page`, which the dashboard calls after each
run but the Data page's).

Why: at 40M ratings the company's first rater page cost 0.93 process CPU s and the first
attribution page 0.96 (session 30), about 0.6 of each the reads that no language changes:
the rater columns (0.3), the appeal statistics (0.23), the calibration drift (0.1); the
changes' columns (0.23) and the ranked movers (0.17). A reader who opens the overview and
then one of those pages finds them read (issues 16 and 19). What is read is what the page
would read, under the same cache keys (the session's viewer, dataset, scope and data version),
so nothing stale can be shown: an import makes a new data version. Each read runs alone, in
the quiet (:func:`analytics.runtime.when_quiet_steps`): a page asked for meanwhile waits for
one read at most, or finds it done. Only for a viewer who sees everything
and a scope whose sections are stored (:func:`ui.cache.later_reads`): the sections of a
restricted view are derived per viewer, and a team's or a level's are computed on demand
(fitting their models in the background would take seconds beside the pages asked for).
Not in a dataset of fewer than :data:`MIN_PEOPLE` people, where they cost little.
The memory is that of the pages' own caches (the columns read: at 40M ratings about
210,000 raters x 28 columns and 1M changes x 16 columns for the company).
"""

from __future__ import annotations

from analytics.findings.visibility import OutOfScope
from ui import appeals, cache, calibration, state
from ui.charts import CHANGE_COLUMNS
from ui.consistency import PAGE_COLUMNS

__all__ = ["MIN_PEOPLE", "after_page"]

#: the roster's size (people and named raters) from which a scope's reads are made ahead: in a
#: smaller dataset they cost a few hundredths of a second of a first visit (the demo's 2,000
#: people: about 0.1 CPU s of the rater page's), less than the work it would spend on every
#: scope opened, and the tests' pages would share their cores with it
MIN_PEOPLE = 20_000


def after_page(version: str) -> None:
    """Read in the quiet after this run what the rater and attribution pages of the sidebar's
    scope read first whatever the language (see the module), once per scope and viewer."""
    if cache.names(version).height < MIN_PEOPLE:
        return
    scope = state.current_scope()
    try:
        reads = cache.later_reads(scope, version, {"raters": PAGE_COLUMNS}, movers=False)
        if not reads:  # a restricted view, or a scope computed on demand (see the module)
            return
        # the rater page's reads first (the page HR opens most after the overview), then the
        # attribution page's; one cycle: the attribution page shows no change
        reads += [appeals.findings_later(version, scope), calibration.drift_later(version)]
        if len(scope.cycles) != 1:
            columns = {"attribution": CHANGE_COLUMNS}
            reads += cache.later_reads(scope, version, columns, movers=True)
    except OutOfScope:  # outside the viewer's reach: the page said so
        return
    cache.in_quiet("scope-pages", scope, version, reads)
