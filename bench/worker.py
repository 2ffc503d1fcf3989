"""``python -m bench.worker {prepare,ours,ours_analyses,pages,analyst} --dir D [--scale N]``: one benchmark step in
its own process (so each side's peak memory is its own)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.worker")
    ap.add_argument("role", choices=("prepare", "ours", "ours_analyses", "pages", "analyst"))
    ap.add_argument("--dir", required=True, type=Path)
    ap.add_argument("--scale", type=int, default=0)
    ap.add_argument("--no-pages", action="store_true")
    args = ap.parse_args(argv)
    from analytics import runtime

    runtime.configure()  # as the product's entry points do, before Polars loads
    if args.role == "prepare":
        from bench.prepare import run_prepare

        run_prepare(args.scale, args.dir)
    elif args.role == "ours":
        from bench.ours import run_ours

        run_ours(args.dir, pages=not args.no_pages)
    elif args.role == "ours_analyses":
        from bench.ours import run_ours_analyses

        run_ours_analyses(args.dir)
    elif args.role == "pages":
        from bench.pages import run_pages

        run_pages(args.dir)
    else:
        from bench.analyst import run_analyst

        run_analyst(args.dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
