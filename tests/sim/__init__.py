"""Simulated companies with a planted truth, for the statistics' error rates.

``simulate.company`` builds a ratings frame for a design (a null company, manager-only nested
teams, manager + skip-level, a full 360); ``simulate.shift_company`` one for the trend
attribution (a new severe manager over half a department's teams vs a market shock, nested);
``rates`` fits the models on many seeds and counts what they get right; ``python -m tests.sim``
prints the rates (20+ seeds per design) that ``docs/methods.md`` quotes, and
``tests/sim/test_rater_sim.py`` / ``test_shift_sim.py`` run a fast subset in the suite.
"""
