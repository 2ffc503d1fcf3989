import sys

from analytics import runtime

runtime.configure()  # before the CLI loads Polars

from analytics.cli import main  # noqa: E402

sys.exit(main())
