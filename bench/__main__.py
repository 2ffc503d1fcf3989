"""``python -m bench``: run the benchmark (``make bench``)."""

import sys

from bench.run import main

sys.exit(main())
