"""After the import of one new cycle, the refresh fits only that cycle's models: the other
cycles' stored pieces are kept as they were (not rewritten), the all-cycles parts and sections
are refitted, and the store equals a full refresh of the same data."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.findings import materialise, parts
from analytics.findings.stored import available
from analytics.ingest.pipeline import import_files
from analytics.stats import distributions, gaps
from analytics.store import db
from analytics.store import parts as store

TOL = {"check_exact": False, "rel_tol": 1e-9, "abs_tol": 1e-9}
STACKS = (store.CYCLE_PART_PREFIX, store.CYCLE_SECTION_PREFIX)


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """The demo's exports: a CSV of every cycle but the last, a Parquet of the last, an xlsx of
    the side tables."""
    from analytics.demo.company import generate, write_exports

    out = tmp_path_factory.mktemp("incremental")
    demo = generate(n_employees=500, n_cycles=4, seed=11)
    csv, parquet, xlsx = write_exports(demo, out / "exports")
    return {"dir": out, "earlier": [csv, xlsx], "last": [parquet], "last_cycle": demo.cycles}


def _stored(con) -> dict[tuple[str, str], pl.DataFrame]:
    """Every current stored frame, the per-cycle tables one frame per cycle."""
    out = {}
    schemas = available(con)
    for table, schema in schemas.items():
        frame = store.read_part(con, table, schema)
        if "generated_at" in frame.columns:  # when it was computed
            frame = frame.drop("generated_at")
        if table.startswith(STACKS):
            for (cycle,), rows in frame.partition_by(
                store.CYCLE_COLUMN, as_dict=True, maintain_order=True
            ).items():
                out[table, cycle] = rows
        else:
            out[table, ""] = frame
    return out


def test_a_new_cycle_refits_only_its_own_models(exports, monkeypatch):
    con = db.connect(exports["dir"] / "incremental.duckdb")
    import_files(con, exports["earlier"], lang="en")
    materialise.refresh(con)
    first = db.data_version(con)
    earlier_cycles = set(db.input_versions(con))
    assert len(earlier_cycles) >= 2
    before = _stored(con)
    assert any(t.startswith(STACKS) for t, _ in before)

    import_files(con, exports["last"], lang="en")
    fitted: list[str] = []
    real = materialise._cycle_scope
    monkeypatch.setattr(
        materialise,
        "_cycle_scope",
        lambda data, cycle, ratings: fitted.append(cycle) or real(data, cycle, ratings),
    )
    bootstrapped: set[str] = set()  # the cycles whose reliability was bootstrapped
    real_reliability = parts.reliability_from_pairs

    def reliability(per: pl.DataFrame) -> pl.DataFrame:
        bootstrapped.update(per["cycle_id"].cast(pl.String).unique().to_list())
        return real_reliability(per)

    monkeypatch.setattr(parts, "reliability_from_pairs", reliability)
    scored: set[str] = set()  # the cycles whose scores and source means were fitted
    for module, name in (
        (distributions, "employee_scores_from_pairs"),
        (gaps, "source_means_from_pairs"),
    ):
        real_fit = getattr(module, name)

        def fit(ratings, *args, real_fit=real_fit, **kwargs):
            scored.update(ratings["cycle_id"].cast(pl.String).unique().to_list())
            return real_fit(ratings, *args, **kwargs)

        monkeypatch.setattr(module, name, fit)
    materialise.refresh(con)
    new = set(db.input_versions(con)) - earlier_cycles
    assert len(new) == 1 and fitted == sorted(new)  # only the new cycle's models were fitted
    assert bootstrapped == new  # and only its reliability bootstrapped
    assert scored == new  # its scores and source means alone: the others' are read back
    monkeypatch.undo()

    # the other cycles' stored pieces: the same rows, their catalog entries written before
    catalog = store.read_catalog(con)
    old = catalog.filter(pl.col("scope_key").is_in(list(earlier_cycles)))
    assert old.height > 0 and (old["written_version"] == first).all()
    assert (catalog["checked_version"] == db.data_version(con)).all()
    after = _stored(con)
    for (table, cycle), frame in before.items():
        if cycle:
            assert_frame_equal(after[table, cycle], frame)
    # the all-cycles parts were refitted on every cycle
    assert after["mat_sec_summary", ""]["cycles"][0] != before["mat_sec_summary", ""]["cycles"][0]
    con.close()

    # and the store equals a full refresh of the same data
    full = db.connect(exports["dir"] / "full.duckdb")
    import_files(full, exports["earlier"] + exports["last"], lang="en")
    materialise.refresh(full)
    want = _stored(full)
    full.close()
    assert set(after) == set(want)
    for key, frame in want.items():
        # the reasons are sentences with rounded numbers in them: two fits whose sums ran in
        # another order (threads) may round a last digit apart; their numbers are compared
        words = [c for c in frame.columns if "reason" in c]
        try:
            assert_frame_equal(after[key].drop(words), frame.drop(words), **TOL)
        except AssertionError as exc:
            raise AssertionError(f"{key}: {exc}") from None


def test_a_changed_cycle_or_code_refits_every_cycle(exports, monkeypatch):
    """Nothing is kept when the code changed (another fingerprint) or when the refresh has no
    catalog to go by."""
    from dataclasses import replace

    from analytics.findings import methods

    con = db.connect(exports["dir"] / "code.duckdb")
    import_files(con, exports["earlier"] + exports["last"], lang="en")
    materialise.refresh(con)
    cycles = sorted(db.input_versions(con))
    fitted: list[str] = []
    real = materialise._cycle_scope
    monkeypatch.setattr(
        materialise,
        "_cycle_scope",
        lambda data, cycle, ratings: fitted.append(cycle) or real(data, cycle, ratings),
    )
    materialise.refresh(con)  # nothing changed: every cycle kept
    assert fitted == []
    method = replace(methods.PART_METHODS["effects"], version=9)
    monkeypatch.setitem(methods.PART_METHODS, "effects", method)
    materialise.refresh(con)
    assert sorted(fitted) == cycles
    con.close()
