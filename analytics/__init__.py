"""PerfLens analytics: ingest, statistics, findings, export. No Streamlit imports here."""

import os

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
