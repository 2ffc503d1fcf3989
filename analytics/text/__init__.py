"""Text layer: codes and parameters rendered as words in 中文 or English, from one catalogue.

Analyses return codes (and phrases: a code with its parameters, see :mod:`analytics.text.render`);
pages, the XLSX/CSV/JSON/HTML report and the figures all turn them into words with
:func:`render` / :func:`render_frame`, so a wording fix lands everywhere at once. The words live
in :mod:`analytics.text.catalogue`. Imports nothing else of the project: every layer may use it.
"""

from analytics.text import render as renderer
from analytics.text.render import *  # noqa: F403 -- the package's names are the renderer's __all__

__all__ = list(renderer.__all__)
