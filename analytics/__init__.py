"""PerfLens analytics: ingest, statistics, findings, export. No Streamlit imports here."""

import os

# Polars' allocator (jemalloc) hands freed pages back to the system ten seconds after they are
# freed, from a background thread. Why: by default it keeps them, so a long step (the import's
# materialisation) ends holding the peak of every earlier step; measured at 9.5M ratings the
# materialisation's peak fell from 3.4 to 2.9 GiB over the libraries. Not sooner: at 31.8M
# ratings a one-second decay made fitting every model 10% slower (pages handed back, then
# faulted in again), ten seconds costs nothing measurable (25.7 s against 26.0 s).
# jemalloc reads this once, when Polars is first imported: entry points import this package
# first (dashboard.py, ``python -m analytics``; the benchmark sets it for its workers).
ALLOCATOR_CONF = "background_thread:true,dirty_decay_ms:10000,muzzy_decay_ms:0"
os.environ.setdefault("_RJEM_MALLOC_CONF", ALLOCATOR_CONF)

# BLAS on one thread. Our linear algebra is small (coarse-level factorisations of the rater
# model, a bootstrap's matrix-vector products) and the parts of a scope are already fitted on
# two threads (findings.fit_parts); OpenBLAS's own spinning threads only took CPU from them
# (fitting every model at 9.5M ratings: about 13.4 CPU s with BLAS threads, 12 without).
# The variable covers the libraries not loaded yet; threadpoolctl those already loaded (NumPy
# and SciPy each bundle an OpenBLAS). PERFLENS_BLAS_THREADS overrides it.
_BLAS_THREADS = os.environ.get("PERFLENS_BLAS_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", _BLAS_THREADS)

import numpy  # noqa: F401  (load both BLAS builds so the limit below reaches them)
import scipy.linalg  # noqa: F401
from threadpoolctl import threadpool_limits

threadpool_limits(limits=int(_BLAS_THREADS), user_api="blas")
