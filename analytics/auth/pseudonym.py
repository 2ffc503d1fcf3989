"""Keyed-hash ids for pseudonymised views and exports: ``P-`` and 16 hex digits of
HMAC-SHA256(key, id), stable within a dataset, with the key kept beside the dataset's database
file (``<db>.pseudonym-key``, 32 random bytes, mode 0600, written once). Without the key an id
cannot be recovered by hashing guessed ids; with it (the service account) it can, on purpose:
HR can look a pseudonym up again.

A person as a rater (a rater's row, a manager named in a caution or a manager change) carries a
pseudonym of their own, ``R-`` and 16 hex digits keyed by a second key derived from the
dataset's (:func:`rater_pseudonym`): the rater table's flagged lenient manager is then not the
``P-`` person whose own score and change other sections give (rev28b item 3)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import polars as pl

__all__ = [
    "KEY_SUFFIX",
    "dataset_key",
    "key_path",
    "pseudonym",
    "pseudonymise",
    "rater_pseudonym",
]

KEY_SUFFIX = ".pseudonym-key"
#: what derives the rater key from the dataset's (another namespace, the same secret)
_RATER_SALT = b"perflens rater pseudonyms v1"


def key_path(db_path: str | Path) -> Path:
    """``data/perflens.duckdb`` -> ``data/perflens.duckdb.pseudonym-key``."""
    return Path(str(db_path) + KEY_SUFFIX)


def dataset_key(db_path: str | Path) -> bytes:
    """The dataset's pseudonym key, created (readable by the service account only) on first
    use; two processes creating it at once agree on the first one written."""
    path = key_path(db_path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secrets.token_bytes(32))
    try:
        os.link(tmp, path)  # fails when another process wrote it first: theirs stands
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_bytes()


def pseudonym(key: bytes, value: str) -> str:
    return "P-" + hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def rater_pseudonym(key: bytes, value: str) -> str:
    """A person's pseudonym as a rater: ``R-`` and a keyed hash under a key derived from the
    dataset's, so it shares nothing with their ``P-`` pseudonym."""
    rater_key = hmac.new(key, _RATER_SALT, hashlib.sha256).digest()
    return "R-" + hmac.new(rater_key, value.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def pseudonymise(column: pl.Series, key: bytes, rater: bool = False) -> pl.Series:
    """``column``'s ids as pseudonyms (nulls stay null), computed once per distinct id; as
    raters' (:func:`rater_pseudonym`) when ``rater``."""
    text = column.cast(pl.String)
    distinct = text.drop_nulls().unique().to_list()
    hashed = rater_pseudonym if rater else pseudonym
    mapping = {v: hashed(key, v) for v in distinct}
    return text.replace_strict(mapping, default=None, return_dtype=pl.String).alias(column.name)
