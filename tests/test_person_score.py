"""One person score (issue 18): the same person's score and change are the same number on every
surface, and the role weights change them as worked by hand."""

from __future__ import annotations

import io
import json
import shutil

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.export.cells import for_people
from analytics.export.report import JSON_DIGITS, XLSX_DIGITS, to_csv, to_json, to_xlsx
from analytics.findings.names import with_names
from analytics.findings.report import build_findings
from analytics.findings.scope import Scope, load_scope, role_weights_of
from analytics.findings.sections import compute_section
from analytics.stats import attribution, distributions, person_score, raters
from analytics.store import db
from analytics.store.settings import read_role_weights, write_role_weights
from analytics.text.labels import section_label

# person A, two cycles. Cycle 1: manager m1 rates two dimensions 4 and 2 (mean 3); peer p1 one
# dimension 5; peer p2 three dimensions 3, 3, 3; self 1; no skip-level. Cycle 2: m1 4 and 4;
# p1 5; skip-level s1 2.
_ROWS = [
    ("c1", 1, "m1", "manager", 4.0),
    ("c1", 1, "m1", "manager", 2.0),
    ("c1", 1, "p1", "peer", 5.0),
    ("c1", 1, "p2", "peer", 3.0),
    ("c1", 1, "p2", "peer", 3.0),
    ("c1", 1, "p2", "peer", 3.0),
    ("c1", 1, "A", "self", 1.0),
    ("c2", 2, "m1", "manager", 4.0),
    ("c2", 2, "m1", "manager", 4.0),
    ("c2", 2, "p1", "peer", 5.0),
    ("c2", 2, "s1", "skip_level", 2.0),
]


def _ratings() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "cycle_id": c,
                "cycle_order": o,
                "employee_id": "A",
                "rater_id": r,
                "rater_role": role,
                "dimension": f"d{i}",
                "score": x,
                "department": "D",
            }
            for i, (c, o, r, role, x) in enumerate(_ROWS)
        ]
    )


_EFFECTS = pl.DataFrame(
    {
        "rater_id": ["m1", "p1", "p2", "s1"],
        "effect": [0.5, 0.2, 0.0, 0.0],
        "se": [0.0, 0.0, 0.0, 0.0],
        "resid_sd": [0.0, 0.0, 0.0, 0.0],
    }
)


def _surfaces(weights) -> dict[str, tuple[float, float, float, float]]:
    """(raw c1, raw c2, adjusted c1, adjusted c2) from each statistic that shows a score."""
    r = _ratings()
    ps = person_score.person_scores(r, _EFFECTS, weights).sort("cycle_id")
    es = distributions.employee_scores(r, None, weights).sort("cycle_id")
    ad = raters.adjusted_scores(r, _EFFECTS, weights).sort("cycle_id")
    ch = attribution.score_changes(r, _EFFECTS, role_weights=weights).row(0, named=True)
    return {
        "person_score": (*ps["score"], *ps["adjusted"]),
        "distributions": (*es["rating_score"], *(es["rating_score"] - ps["effect"])),
        "adjusted_scores": (*ad["raw"], *ad["adjusted"]),
        "score_changes": (
            ch["score_from"],
            ch["score_to"],
            ch["adjusted_from"],
            ch["adjusted_to"],
        ),
    }


def test_default_weights_by_hand() -> None:
    # cycle 1: no skip-level, so manager 0.6 and peer 0.2 are renormalised to 0.75 and 0.25;
    # the peer role's mean pools its rows: (5 + 3 + 3 + 3) / 4 = 3.5; self does not count.
    # raw = 0.75 * 3 + 0.25 * 3.5 = 3.125 (the old row mean was 20 / 6 = 3.333)
    # rater part: m1 weight 0.75, p1 0.25 * 1/4, p2 0.25 * 3/4 -> 0.75 * 0.5 + 0.0625 * 0.2
    # = 0.3875, adjusted 2.7375.
    # cycle 2: 0.6 * 4 + 0.2 * 5 + 0.2 * 2 = 3.8; rater part 0.6 * 0.5 + 0.2 * 0.2 = 0.34,
    # adjusted 3.46. Change 0.675, adjusted change 0.7225.
    want = (3.125, 3.8, 2.7375, 3.46)
    for surface, got in _surfaces(None).items():
        assert got == pytest.approx(want, abs=1e-12), surface
    ch = attribution.score_changes(_ratings(), _EFFECTS).row(0, named=True)
    assert ch["change"] == pytest.approx(0.675, abs=1e-12)
    # the skip-level rates in cycle 2 only: the parts are built on the sources of both cycles
    # (fix23b, rev23b item 2). Cycle 2 on manager and peer, renormalised to 0.75 / 0.25: score
    # 0.75 * 4 + 0.25 * 5 = 4.25, rater part 0.75 * 0.5 + 0.25 * 0.2 = 0.425, adjusted 3.825;
    # the like-for-like adjusted change 3.825 - 2.7375 = 1.0875, so the rater part (raters and
    # sources) is the rest of the change: 0.675 - 1.0875 = -0.4125
    assert ch["rater"] == pytest.approx(0.675 - 1.0875, abs=1e-12)


def test_configured_weights_by_hand() -> None:
    # manager 0.5, peer 0.5 (skip-level 0): cycle 1 0.5 * 3 + 0.5 * 3.5 = 3.25; cycle 2
    # 0.5 * 4 + 0.5 * 5 = 4.5 (s1 does not count). Rater part: cycle 1 0.5 * 0.5 + 0.125 *
    # 0.2 = 0.275 -> 2.975; cycle 2 0.25 + 0.1 = 0.35 -> 4.15.
    want = (3.25, 4.5, 2.975, 4.15)
    for surface, got in _surfaces({"manager": 0.5, "peer": 0.5}).items():
        assert got == pytest.approx(want, abs=1e-12), surface
    # self counted: manager 1, self 1 -> cycle 1 (3 + 1) / 2 = 2; cycle 2 has no self rating,
    # so the manager alone: 4
    ps = person_score.person_scores(_ratings(), None, {"manager": 1, "self": 1})
    assert ps["score"].to_list() == pytest.approx([2.0, 4.0], abs=1e-12)
    with pytest.raises(ValueError):
        person_score.role_weights({"boss": 1.0})
    with pytest.raises(ValueError):
        person_score.role_weights({"manager": -1.0})
    with pytest.raises(ValueError):
        person_score.role_weights({"manager": 0.0})


def _csv(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    return pl.read_csv(io.BytesIO(to_csv(frame, lang)), infer_schema_length=0)


def test_every_surface_shows_the_same_score_and_change(small_con) -> None:
    """Several people: the person page's rows (adjusted, attribution, profile), the attribution
    table, the high-potential list, the distributions' rating score and the calibration exports
    (JSON and CSV, both languages) carry the same score and change. (On the small demo: the
    same number on every surface does not depend on the company's size, and the exports of
    2,000 people took a quarter of a minute.)"""
    con = small_con
    findings = build_findings(con, sections=("adjusted", "attribution", "high_potential"))
    company = load_scope(con, Scope())
    scores = compute_section("scores", company)
    profile = compute_section("profile", company)
    adjusted, changes = findings["adjusted"], findings["attribution"]
    hipo = findings["high_potential"]
    latest = adjusted.sort("cycle_order")["cycle_id"][-1]
    people = (
        hipo["employee_id"].head(3).to_list()
        + changes["employee_id"].unique().sort()[::100].head(3).to_list()
    )
    assert len(people) == 6
    k = ["cycle_id", "employee_id"]
    joined = adjusted.select(*k, "raw", "adjusted").join(
        scores.select(*k, "rating_score"), on=k, how="inner"
    )
    assert joined.height == adjusted.height > 0
    assert (joined["raw"] - joined["rating_score"]).abs().max() < 1e-9
    for lang in ("zh", "en"):
        js = json.loads(json.dumps(to_json(findings, lang, full=True), default=str))
        adj_js = {(r["cycle_id"], r["employee_id"]): r for r in js["adjusted_scores"]}
        ch_js = {(r["to_cycle"], r["employee_id"]): r for r in js["attribution"]}
        hp_js = {r["employee_id"]: r for r in js["high_potential"]}
        adj_csv, ch_csv = _csv(adjusted, lang), _csv(changes, lang)
        for e in people:
            a = adjusted.filter(pl.col("employee_id") == e).sort("cycle_order")
            c = changes.filter((pl.col("employee_id") == e) & (pl.col("to_cycle") == latest))
            d = scores.filter(pl.col("employee_id") == e).sort("cycle_order")
            p = profile.filter(pl.col("employee_id") == e).row(0, named=True)
            raw_now, raw_before = a["raw"][-1], a["raw"][-2]
            adj_now = a["adjusted"][-1]
            # the distributions' rating score and the profile (person page, high-potential)
            assert abs(d["rating_score"][-1] - raw_now) < 1e-9
            assert abs(p["latest_raw"] - raw_now) < 1e-9
            assert abs(p["latest_adjusted"] - adj_now) < 1e-9
            if c.height:  # the attribution table: the same change
                row = c.row(0, named=True)
                assert abs(row["score_to"] - raw_now) < 1e-9
                assert abs(row["change"] - (raw_now - raw_before)) < 1e-9
                assert abs(row["adjusted_to"] - adj_now) < 1e-9
                assert _shown(ch_js[(latest, e)]["change"], row["change"])
            assert _shown(adj_js[(latest, e)]["raw"], raw_now)
            if e in hp_js:
                assert _shown(hp_js[e]["latest_adjusted"], adj_now)
                assert _shown(hp_js[e]["latest_raw"], raw_now)
        # the CSV exports carry the same numbers (one column per number, in order), rounded
        # as the screen shows them: 3 decimals on the 0-1 score (rev19d)
        assert adj_csv.height == adjusted.height and ch_csv.height == changes.height
        raw_col = adj_csv.columns[adjusted.columns.index("raw")]
        got = adj_csv[raw_col].cast(pl.Float64)
        assert (got - adjusted["raw"].round(3)).abs().max() < 1e-9
        change_col = ch_csv.columns[changes.columns.index("change")]
        got = ch_csv[change_col].cast(pl.Float64)
        assert (got - changes["change"].round(3)).abs().max() < 1e-9
        # the calibration page's download: on the company's scale, the same numbers converted
        unit = findings.unit
        if unit is not None:
            shown = pl.read_csv(io.BytesIO(to_csv(adjusted, lang, unit)), infer_schema_length=0)
            col = shown.columns[adjusted.columns.index("raw")]
            want = pl.Series([unit.level(x) for x in adjusted["raw"].to_list()])
            assert (shown[col].cast(pl.Float64) - want.round(unit.digits)).abs().max() < 1e-9
            # and the calibration workbook's sheets (one per section), full precision in the cells
            book = to_xlsx(findings, lang, full=True)
            for name, frame, column in (
                ("adjusted", adjusted, "raw"),
                ("attribution", changes, "change"),
                ("high_potential", hipo, "latest_adjusted"),
            ):
                sheet = pl.read_excel(io.BytesIO(book), sheet_name=section_label(name, lang)[:31])
                named = with_names(frame, findings.names)  # names beside ids, as written
                header = for_people(named, lang, unit).columns[named.columns.index(column)]
                got = sheet[header].cast(pl.Float64)
                level = column != "change"
                want = pl.Series(
                    [unit.level(x) if level else unit.diff(x) for x in frame[column].to_list()]
                )
                assert got.len() == frame.height
                if not level:  # the change and its parts are written rounded together to the
                    # decimals shown, so that the parts add up as shown (rev28b item 6): within
                    # half a shown step of the change
                    half = 0.5 * 10.0**-unit.digits + 1e-9
                    assert (got - want).abs().max() <= half, (name, lang)
                    continue
                # a negative value its 0.000 format shows as zero is written as 0 (issue 19:
                # the cell read "-0.000"); every other value to XLSX_DIGITS significant digits
                assert all(
                    _shown(g, w, XLSX_DIGITS) or (g == 0 and w < 0 and round(w, 3) == 0)
                    for g, w in zip(got, want, strict=True)
                ), (name, lang)
        # the default report keeps fewer people, with the same numbers
        short = json.loads(json.dumps(to_json(findings, lang), default=str))
        assert 0 < len(short["adjusted_scores"]) < len(js["adjusted_scores"])
        for r in short["adjusted_scores"] + short["attribution"]:
            key = (r["cycle_id"], r["employee_id"]) if "cycle_id" in r else None
            same = adj_js[key] if key else ch_js[(r["to_cycle"], r["employee_id"])]
            assert same == r


def test_dataset_weights_reach_every_part(demo_db, tmp_path) -> None:
    """Role weights kept for the dataset are the ones the company parts use; the data version
    moves on when they change, so nothing computed with the old ones is shown."""
    path = tmp_path / "w.duckdb"
    shutil.copyfile(demo_db, path)
    con = db.connect(path)
    try:
        before = db.data_version(con)
        assert read_role_weights(con) is None
        assert write_role_weights(con, {"manager": 1.0})
        assert db.data_version(con) != before
        assert not write_role_weights(con, {"manager": 1.0})  # unchanged: no new version
        data = load_scope(con, Scope())
        assert role_weights_of(data) == person_score.role_weights({"manager": 1.0})
        adjusted = compute_section("adjusted", data)
        direct = person_score.person_scores(
            data.company_ratings, None, {"manager": 1.0}
        ).with_columns(pl.col("cycle_id", "employee_id").cast(pl.String))
        j = adjusted.select("cycle_id", "employee_id", "raw").join(
            direct, on=["cycle_id", "employee_id"]
        )
        assert j.height == adjusted.height > 0
        assert (j["raw"] - j["score"]).abs().max() < 1e-9
    finally:
        con.close()


def _shown(shown: float, exact: float, digits: int = JSON_DIGITS) -> bool:
    """The JSON report keeps ``JSON_DIGITS`` significant digits (the workbook ``XLSX_DIGITS``):
    the same number to half a unit of the last (of the units digit for a longer number)."""
    return abs(shown - exact) <= 5 * 10.0**-digits * abs(exact) + 1e-15


def _views_frame(seed: int, categorical: bool) -> pl.DataFrame:
    """Rater views of 300 (cycle, person) keys in shuffled order: some keys null, roles mixed."""
    rng = np.random.default_rng(seed)
    n = 2_000
    cycle = rng.choice(["2024H2", "2024H1", "2023H2", None], n, p=[0.4, 0.3, 0.28, 0.02])
    person = rng.choice([f"e{i:03d}" for i in range(100)] + [None], n)
    ids = pl.DataFrame(
        {"cycle_id": cycle.tolist(), "employee_id": person.tolist()},
        schema={"cycle_id": pl.String, "employee_id": pl.String},
    )
    if categorical:
        ids = ids.with_columns(pl.all().cast(pl.Categorical))
    return ids.with_columns(
        rater_id=pl.Series([f"r{i}" for i in rng.integers(0, 40, n)]),
        rater_role=pl.Series(rng.choice(["manager", "peer", "skip_level"], n)),
        w=rng.random(n),
        s=rng.normal(3, 1, n),
        n=pl.Series(rng.integers(1, 5, n), dtype=pl.UInt32),
        _row=pl.Series(rng.permutation(n), dtype=pl.UInt32),
    )


@pytest.mark.parametrize("categorical", [False, True])
def test_rater_views_sum_per_group_in_sorted_order(categorical: bool) -> None:
    """RaterViews (the one grouping the person scores, adjusted scores and score changes share)
    gives a hash group-by's sums, counts, minima, deviations and distinct counts, its groups
    in the keys' sort order (nulls first) with their keys."""
    frame = _views_frame(3, categorical)
    views = person_score.RaterViews(frame)
    keys = ["cycle_id", "employee_id"]
    want = (
        frame.group_by(keys)
        .agg(
            ws=(pl.col("w") * pl.col("s")).sum(),
            count=pl.len(),
            row=pl.col("_row").min(),
            sd=pl.col("s").std(),
            roles=pl.col("rater_role").n_unique(),
            peer=(pl.col("rater_role") == "peer").any(),
        )
        .sort(pl.col(keys).cast(pl.String), nulls_last=False)
    )
    w, s = frame["w"].to_numpy(), frame["s"].to_numpy()
    got = views.key_frame().with_columns(
        ws=views.sum(w * s),
        count=pl.Series(views.count(), dtype=pl.UInt32),
        row=pl.Series(views.min(frame["_row"].to_numpy()), dtype=pl.UInt32),
        sd=views.std(s),
        roles=pl.Series(views.n_unique("rater_role"), dtype=pl.UInt32),
        peer=views.any((frame["rater_role"] == "peer").to_numpy()),
    )
    assert views.size == want.height > 250
    assert want["count"].min() == 1  # a group of one: a null deviation
    assert_frame_equal(got, want, check_exact=False, rel_tol=1e-12, abs_tol=1e-12)


def test_rater_views_from_pairs_weigh_as_the_window_sums() -> None:
    """rater_views_from_pairs's weights (bincounts over the shared grouping) equal
    with_rater_weights's window sums, row for row, and each person's weights sum to 1."""
    from analytics.stats.keys import rating_pairs

    ratings = _ratings().with_columns(pl.col("cycle_id").cast(pl.Categorical))
    pairs = rating_pairs(ratings)
    weights = {"manager": 0.5, "peer": 0.3, "skip_level": 0.2}
    views = person_score.rater_views_from_pairs(ratings, pairs, weights)
    want = person_score.with_rater_weights(
        person_score.rater_means_from_pairs(ratings, pairs, weights, ["cycle_order"]), weights
    ).collect()
    assert_frame_equal(views.frame, want, check_exact=False, rel_tol=1e-12)
    per = views.key_frame().with_columns(total=views.sum(views.frame["w"].to_numpy()))
    assert per.height == 2 and np.allclose(per["total"].to_numpy(), 1.0)


def test_no_weighted_rater_gives_empty_float_scores() -> None:
    """Only self ratings (weight 0): no person score, the empty frames keep their float columns
    (``np.bincount`` of no rows is int64; the shared grouping's sums are not)."""
    ratings = _ratings().filter(pl.col("rater_role") == "self")
    scores = person_score.person_scores(ratings, _EFFECTS)
    adjusted = raters.adjusted_scores(ratings, _EFFECTS)
    assert scores.height == adjusted.height == 0
    assert {scores.schema[c] for c in ("score", "effect", "adjusted")} == {pl.Float64}
    assert {adjusted.schema[c] for c in ("raw", "adjustment", "adjusted")} == {pl.Float64}
