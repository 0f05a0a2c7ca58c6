"""Error measures between a computed result and its reference (numpy only).

rel_error is the project's metric; the two others are the stricter measures some tests were
written with, kept so that no check gets weaker:

  rel_error             max|got − ref| / max(1, max|ref|)   relative to the output's scale,
                                                             absolute near zero
  peak_rel_error        max|got − ref| / max|ref|            no absolute floor
  elementwise_rel_error max(|got − ref| / (1 + |ref|))       per element

Each is 0.0 for two empty arrays and inf for a shape mismatch or a non-finite `got`.
"""

import numpy as np


def _error(got, ref, measure) -> float:
    """measure(|got − ref|, |ref|) in float64; 0.0 when both are empty, inf for a shape
    mismatch or a non-finite `got`."""
    got = np.asarray(got, np.float64)
    ref = np.asarray(ref, np.float64)
    if got.shape != ref.shape or not np.all(np.isfinite(got)):
        return float("inf")
    if got.size == 0:
        return 0.0
    return float(measure(np.abs(got - ref), np.abs(ref)))


def rel_error(got, ref) -> float:
    """max|got − ref| / max(1, max|ref|)."""
    return _error(got, ref, lambda d, r: np.max(d) / max(1.0, float(np.max(r))))


def peak_rel_error(got, ref) -> float:
    """max|got − ref| / max|ref| (the scale floored at 1e-30 only to avoid dividing by 0)."""
    return _error(got, ref, lambda d, r: np.max(d) / max(float(np.max(r)), 1e-30))


def elementwise_rel_error(got, ref) -> float:
    """max over elements of |got − ref| / (1 + |ref|)."""
    return _error(got, ref, lambda d, r: np.max(d / (1.0 + r)))
