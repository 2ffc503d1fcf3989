"""Simulated companies with a planted truth, for the statistics' error rates.

``simulate.company`` builds a ratings frame for a design (a null company, manager-only nested
teams, manager + skip-level, a full 360); ``rates`` fits the rater model on many seeds and
counts what it gets right; ``python -m tests.sim`` prints the rates (20+ seeds per design) that
``docs/methods.md`` quotes, and ``tests/sim/test_rater_sim.py`` runs a fast subset in the suite.
``guideline`` does the same for the guideline fit (compliant units, one inflated unit;
fast subset ``tests/sim/test_guideline_sim.py``). ``simulate.shift_company`` builds the trend
attribution's designs (a new severe manager over half a department's teams vs a market shock,
nested), ``rates.shift_rates`` scores them (fast subset ``tests/sim/test_shift_sim.py``).
"""
