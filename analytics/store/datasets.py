"""Named datasets: each one its own DuckDB file, listed in a small registry beside the default
database.

Why a file per dataset (and not a dataset column in every table): every query, stored part,
data version and cache key of a database is then about one dataset by construction, so two
companies with a department of the same name can never be pooled, and the one-writer, the
readers and the stored results (:mod:`analytics.store.access`, ``findings.materialise``) work
unchanged. See docs/architecture.md ("Datasets").

- The **default dataset** is the default database file itself (``data/perflens.duckdb``, or
  the ``--db`` path): a database written before datasets existed opens as it, unchanged. Its
  key is ``default``; its name, unless the user gave one, comes from the catalogue.
- Every other dataset lives in ``<folder of the default>/datasets/<key>.duckdb``.
- The registry, ``<default without suffix>.datasets.json``, lists them: key, name, file,
  created; and the deleted ones, with when and where their import log and quarantine were kept
  (``datasets/deleted/<key>-<time>/imports.parquet`` and ``quarantine.parquet``). No registry
  file means only the default dataset. It is changed under an OS lock and replaced atomically.
- Deleting a dataset takes its database's write lock (no writer is at work), keeps its import
  log and quarantine, moves its calibration sessions' file into the same archive folder
  (``calibration.duckdb``: the meetings' decisions and audit trail are not lost, and a dataset
  created later under the same key starts without them), then removes the file. A reader that has it open keeps reading the file
  it opened until it looks again.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from analytics import schema as S
from analytics.store import access, calstore, db, filelock
from analytics.text.render import render

__all__ = [
    "APPEALS_SUFFIX",
    "DEFAULT_KEY",
    "SIDECARS",
    "Dataset",
    "DatasetProblem",
    "Deleted",
    "create",
    "delete",
    "deleted",
    "discard",
    "find",
    "kept_imports",
    "kept_quarantine",
    "live",
    "registry_path",
    "rename",
    "require",
    "resolve",
    "revive_default",
    "sidecar",
]

DEFAULT_KEY = "default"
#: the folder of the other datasets' files, beside the default database
FOLDER = "datasets"
#: what a deleted dataset's import log and quarantine are kept in, inside :data:`FOLDER`
DELETED_FOLDER = "deleted"
#: files of a dataset's own kept beside its database (``x.duckdb`` -> ``x.appeals.duckdb``: the
#: appeals recorded in the product, :mod:`analytics.calibration.appeals`); a deleted dataset's
#: are moved into its archive folder with its import log
APPEALS_SUFFIX = ".appeals.duckdb"
SIDECARS = (APPEALS_SUFFIX,)
_NAME_MAX = 80


class DatasetProblem(Exception):
    """A dataset cannot be used as asked: a code of the ``dataset.`` catalogue family."""

    def __init__(self, code: str, known: list[Dataset] | None = None, **params: object) -> None:
        self.code = code
        self.known = known or []
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        known = ", ".join(
            d.key if d.label(lang) == d.key else f"{d.key} ({d.label(lang)})" for d in self.known
        )
        return render(f"dataset.{self.code}", lang, **self.params, known=known)


@dataclass(frozen=True)
class Dataset:
    key: str
    #: the name the user typed; None for the default dataset (catalogue words, ``name_code``)
    name: str | None
    file: Path
    created: str
    #: the catalogue code of the default dataset's name: the demo's once the demo is loaded
    name_code: str = "dataset.default_name"

    @property
    def is_default(self) -> bool:
        return self.key == DEFAULT_KEY

    def label(self, lang: str) -> str:
        return self.name if self.name else render(self.name_code, lang)


@dataclass(frozen=True)
class Deleted:
    key: str
    name: str | None
    created: str
    deleted_at: str
    #: the folder holding ``imports.parquet`` and ``quarantine.parquet``
    archive: Path
    name_code: str = "dataset.default_name"

    def label(self, lang: str) -> str:
        return self.name if self.name else render(self.name_code, lang)


def registry_path(default_db: str | Path) -> Path:
    """``data/perflens.duckdb`` -> ``data/perflens.datasets.json``."""
    p = Path(default_db).absolute()
    return p.with_name(p.stem + ".datasets.json")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _read(default_db: str | Path) -> dict:
    path = registry_path(default_db)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raw = {}
    except (OSError, ValueError) as exc:
        raise DatasetProblem("registry_unreadable", file=str(path)) from exc
    raw.setdefault("datasets", [])
    raw.setdefault("deleted", [])
    if not any(d.get("key") == DEFAULT_KEY for d in raw["datasets"]) and not raw.get(
        "default_deleted"
    ):
        raw["datasets"].insert(0, {"key": DEFAULT_KEY, "name": None, "created": None})
    return raw


def _write(default_db: str | Path, raw: dict) -> None:
    path = registry_path(default_db)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(raw, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


@contextlib.contextmanager
def _locked(default_db: str | Path) -> Iterator[dict]:
    """The registry, read under its OS lock and written back when the block ends."""
    path = registry_path(default_db)
    path.parent.mkdir(parents=True, exist_ok=True)
    with filelock.held(f"{path}.lock", mode=0o666):
        raw = _read(default_db)
        yield raw
        _write(default_db, raw)


def _file(default_db: str | Path, entry: dict) -> Path:
    if entry["key"] == DEFAULT_KEY:
        return Path(default_db).absolute()
    return Path(default_db).absolute().parent / FOLDER / f"{entry['key']}.duckdb"


def _dataset(default_db: str | Path, entry: dict) -> Dataset:
    return Dataset(
        key=entry["key"],
        name=entry.get("name"),
        file=_file(default_db, entry),
        created=entry.get("created") or "",
        name_code=entry.get("name_code") or "dataset.default_name",
    )


def live(default_db: str | Path = S.DEFAULT_DB) -> list[Dataset]:
    """The datasets that exist, the default first (when it was not deleted). Never empty:
    with every dataset deleted, the default (empty until something is imported) is listed."""
    raw = _read(default_db)
    out = [_dataset(default_db, e) for e in raw["datasets"]]
    return out or [_dataset(default_db, {"key": DEFAULT_KEY, "name": None, "created": None})]


def deleted(default_db: str | Path = S.DEFAULT_DB) -> list[Deleted]:
    """The deleted datasets, latest first, with where their import log is kept."""
    raw = _read(default_db)
    return [
        Deleted(
            key=e["key"],
            name=e.get("name"),
            created=e.get("created") or "",
            deleted_at=e["deleted_at"],
            archive=Path(default_db).absolute().parent / e["archive"],
            name_code=e.get("name_code") or "dataset.default_name",
        )
        for e in sorted(raw["deleted"], key=lambda e: e["deleted_at"], reverse=True)
    ]


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def find(name: str, default_db: str | Path = S.DEFAULT_DB) -> Dataset | None:
    """The live dataset whose key or name is ``name`` (case and spacing ignored); the default
    also answers to its catalogue names in every language."""
    want = _norm(name)
    for d in live(default_db):
        names = {d.key} | {d.label(lang) for lang in ("zh", "en")}
        if want in {_norm(n) for n in names if n}:
            return d
    return None


def require(name: str | None, default_db: str | Path = S.DEFAULT_DB) -> Dataset:
    """The dataset named ``name`` (None: the default); an unknown name is refused, naming
    the datasets there are."""
    if name is None:
        return resolve(None, default_db)
    found = find(name, default_db)
    if found is None:
        raise DatasetProblem("unknown", known=live(default_db), name=name)
    return found


def resolve(name: str | None, default_db: str | Path = S.DEFAULT_DB) -> Dataset:
    """``name``'s dataset, or with None the default one (listed again if it was deleted: a
    command without ``--dataset`` works on it as before datasets existed)."""
    if name is not None:
        return require(name, default_db)
    for d in live(default_db):
        if d.is_default:
            return d
    return _dataset(default_db, {"key": DEFAULT_KEY, "name": None, "created": None})


def _key_for(name: str, taken: set[str]) -> str:
    """The key of a new dataset named ``name``: its letters and digits in any script, lower
    case, other runs of characters as one "-" ("ACME Ltd" → ``acme-ltd``, "华创科技2026上半年" →
    ``华创科技2026上半年``: in a link ``?dataset=%E5%8D%8E…``, as browsers show it readably),
    at most 32 characters; "-1", "-2" … added when taken (or when the name has no letter or
    digit at all). Why letters of every script: keeping only a-z and 0-9 made "华创科技2026上半
    年" the key ``2026`` and "华东分公司" ``dataset-1``, meaningless in a shared link, and a
    later "华创科技2026下半年" ``2026-1`` (rev21 item 10). The key also names the dataset's file,
    and no character kept is one a file name may not hold. Keys given before stay as they
    are (a key is never recomputed)."""
    folded = unicodedata.normalize("NFKC", name).casefold()  # full-width "２０２６" is 2026
    base = re.sub(r"[\W_]+", "-", folded).strip("-")[:32].strip("-")
    if base and base not in taken:
        return base
    n = 1
    while f"{base or 'dataset'}-{n}" in taken:
        n += 1
    return f"{base or 'dataset'}-{n}"


def create(name: str, default_db: str | Path = S.DEFAULT_DB) -> Dataset:
    """A new, empty dataset named ``name`` (its file is written by its first import). A name
    that is empty, too long or already a dataset's is refused."""
    clean = _clean_name(name)
    with _locked(default_db) as raw:
        existing = [_dataset(default_db, e) for e in raw["datasets"]]
        if any(
            _norm(clean) in {d.key, _norm(d.label("zh")), _norm(d.label("en"))} for d in existing
        ):
            raise DatasetProblem("name_taken", name=clean)
        taken = {d.key for d in existing} | {DEFAULT_KEY}
        entry = {"key": _key_for(clean, taken), "name": clean, "created": _now()}
        raw["datasets"].append(entry)
    return _dataset(default_db, entry)


def _clean_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise DatasetProblem("name_empty")
    if len(clean) > _NAME_MAX:
        raise DatasetProblem("name_long", max=_NAME_MAX)
    return clean


def rename(key: str, name: str, default_db: str | Path = S.DEFAULT_DB) -> Dataset:
    """Give the live dataset ``key`` the name ``name``. The key stays: its file, the
    ``?dataset=KEY`` links shared before and ``--dataset KEY`` keep working; the old name no
    longer finds it. A name empty, too long or another dataset's is refused."""
    clean = _clean_name(name)
    with _locked(default_db) as raw:
        entry = next((e for e in raw["datasets"] if e["key"] == key), None)
        if entry is None:
            raise DatasetProblem("unknown", known=live(default_db), name=key)
        others = [_dataset(default_db, e) for e in raw["datasets"] if e["key"] != key]
        if any(_norm(clean) in {d.key, _norm(d.label("zh")), _norm(d.label("en"))} for d in others):
            raise DatasetProblem("name_taken", name=clean)
        entry["name"] = clean
    return _dataset(default_db, entry)


def revive_default(default_db: str | Path = S.DEFAULT_DB, demo: bool = False) -> None:
    """List the default dataset again after it was deleted (a write to it re-creates it);
    ``demo``: it now holds the demo company, and is named so (unless the user named it)."""
    if not demo and not _read(default_db).get("default_deleted"):
        return  # nothing to change: no registry file is written for a single dataset
    with _locked(default_db) as raw:
        if raw.pop("default_deleted", None) and not any(
            e["key"] == DEFAULT_KEY for e in raw["datasets"]
        ):
            raw["datasets"].insert(0, {"key": DEFAULT_KEY, "name": None, "created": _now()})
        if demo:
            for e in raw["datasets"]:
                if e["key"] == DEFAULT_KEY and not e.get("name"):
                    e["name_code"] = "dataset.demo_name"


def delete(key: str, default_db: str | Path = S.DEFAULT_DB) -> Deleted:
    """Delete the live dataset ``key``: its import log and quarantine kept in an archive
    folder (listed by :func:`deleted`), then its database file removed."""
    with _locked(default_db) as raw:
        entry = next((e for e in raw["datasets"] if e["key"] == key), None)
        if entry is None:
            raise DatasetProblem("unknown", known=live(default_db), name=key)
        path = _file(default_db, entry)
        stamp = _now()
        archive = (
            Path(default_db).absolute().parent
            / FOLDER
            / DELETED_FOLDER
            / f"{key}-{stamp.replace(':', '')}"
        )
        with access.exclusive(path):
            _keep_logs(path, archive)
            calstore.archive(path, archive)
            _keep_sidecars(path, archive)
            for p in (path, Path(f"{path}.wal")):
                p.unlink(missing_ok=True)
            access.remove_leftovers(path)
        raw["datasets"] = [e for e in raw["datasets"] if e["key"] != key]
        if key == DEFAULT_KEY:
            raw["default_deleted"] = True
        record = {
            "key": key,
            "name": entry.get("name"),
            "name_code": entry.get("name_code"),
            "created": entry.get("created"),
            "deleted_at": stamp,
            "archive": str(archive.relative_to(Path(default_db).absolute().parent)),
        }
        raw["deleted"].append(record)
    return Deleted(
        key=key,
        name=entry.get("name"),
        created=entry.get("created") or "",
        deleted_at=stamp,
        archive=archive,
        name_code=entry.get("name_code") or "dataset.default_name",
    )


def discard(key: str, default_db: str | Path = S.DEFAULT_DB) -> None:
    """Forget a dataset just created whose first import was refused (nothing was loaded into
    it): its file is removed and no record kept, so the same name can be used again at once.
    The default dataset is never discarded."""
    if key == DEFAULT_KEY:
        return
    with _locked(default_db) as raw:
        entry = next((e for e in raw["datasets"] if e["key"] == key), None)
        if entry is None:
            return
        path = _file(default_db, entry)
        with access.exclusive(path):
            for p in (path, Path(f"{path}.wal")):
                p.unlink(missing_ok=True)
            access.remove_leftovers(path)
        # its lock file too, once let go (a zero-byte e.duckdb.lock stayed behind, session
        # 44); the registry's lock, still held, keeps the key from being created meanwhile
        Path(f"{path}{access.LOCK_SUFFIX}").unlink(missing_ok=True)
        raw["datasets"] = [e for e in raw["datasets"] if e["key"] != key]


def sidecar(path: str | Path, suffix: str) -> Path:
    """A file a dataset keeps beside its database (:data:`SIDECARS`): ``x.duckdb`` ->
    ``x<suffix>``."""
    p = Path(path).absolute()
    return p.with_name(p.stem + suffix)


def _keep_sidecars(path: Path, archive: Path) -> None:
    """The dataset's own files beside its database moved into ``archive`` (the same name, a
    new dataset of the key starts without them); their lock files removed."""
    for suffix in SIDECARS:
        side = sidecar(path, suffix)
        if side.exists():
            with access.exclusive(side):
                os.replace(side, archive / side.name)
        Path(f"{side}.lock").unlink(missing_ok=True)


def _keep_logs(path: Path, archive: Path) -> None:
    """The import log and the quarantine of the database at ``path`` written as Parquet into
    ``archive`` (empty tables when there is no file)."""
    archive.mkdir(parents=True, exist_ok=True)
    tables = (S.IMPORTS, S.QUARANTINE)
    if path.exists():
        con, _ = access.connect_reader(path)
        try:
            frames = [
                db.read_table(con, t) if db.schema_current(con) else t.empty() for t in tables
            ]
        finally:
            con.close()
    else:
        frames = [t.empty() for t in tables]
    for table, frame in zip(tables, frames, strict=True):
        frame.write_parquet(archive / f"{table.name}.parquet")


def kept_imports(record: Deleted) -> pl.DataFrame:
    """A deleted dataset's import log as it was when deleted."""
    path = record.archive / f"{S.IMPORTS.name}.parquet"
    return pl.read_parquet(path) if path.exists() else S.IMPORTS.empty()


def kept_quarantine(record: Deleted) -> pl.DataFrame:
    """A deleted dataset's quarantine as it was when deleted."""
    path = record.archive / f"{S.QUARANTINE.name}.parquet"
    return pl.read_parquet(path) if path.exists() else S.QUARANTINE.empty()
