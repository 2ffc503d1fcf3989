"""PerfLens benchmark: import throughput, each analysis, findings, page data and memory at
several scales, against DuckDB's native load and the same analyses written in pandas.

``python -m bench [--scales 10000,100000] [--quick] [--out bench/out]``; see ``bench.run``.
"""

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    from bench.run import main as _main

    return _main(argv)
