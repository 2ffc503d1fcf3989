"""Fitting the company parts side by side (parts.fit_parts, compute_sections) gives what
fitting them one after the other gives; the shared shortcuts under it (pair means from the
shared rating pass, rater slots from sorted runs) equal the plain computations."""

from __future__ import annotations

from functools import partial

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.findings import parts
from analytics.findings import sections as findings
from analytics.findings.scope import Scope, ScopeData, load_scope
from analytics.stats import attribution, distributions, person_score, raters
from analytics.store import db


@pytest.fixture(scope="module")
def scope_data(demo_db):
    con = db.connect(demo_db)
    data = load_scope(con, Scope(), materialised=False)
    con.close()
    return data


def _fresh(data: ScopeData) -> ScopeData:
    """The same frames with an empty memo: every part is fitted anew."""
    fields = {k: getattr(data, k) for k in data.__dataclass_fields__}
    return ScopeData(
        **{**fields, "extras": {k: v for k, v in data.extras.items() if k.startswith("company_")}}
    )


def test_fit_order_covers_every_part():
    assert set(parts.FIT_ORDER) == set(parts.COMPANY_PARTS)
    assert len(parts.FIT_ORDER) == len(set(parts.FIT_ORDER))


@pytest.fixture(scope="module")
def small_scope_data(small_demo_db):
    con = db.connect(small_demo_db, read_only=True)
    data = load_scope(con, Scope(), materialised=False)
    con.close()
    return data


def test_parts_fitted_on_two_threads_equal_one_by_one(small_scope_data):
    """On the small demo (300 people: the threads' mechanics, not the statistics). The rating
    pairs, the recency join and the profile's per-person rows are in a fixed order (left30
    item 6): the rater table is equal to the last bit (tests/test_left30.py asserts that), and
    the profile's slope intervals no longer differ by 1e-12 (their pooled noise summed the
    people in a hash group-by's order), nor the slope's SE by 4e-9 (raw moments less their means
    magnified 1e-16 differences upstream; each person's rows are centred first now). Polars still adds a group's partial sums in the order
    its threads finish: the profile's mgr_peer_gap and the agreement table's intervals differ
    by up to 1e-14 relative (measured: 9.4e-15, 4.1e-16), hence rtol 1e-13; a part fitted from
    other data or a stale memo differs by far more."""
    one, two = _fresh(small_scope_data), _fresh(small_scope_data)
    parts.fit_parts(one, threads=1)
    parts.fit_parts(two, threads=2)
    names = parts.parts_to_fit(_fresh(small_scope_data))
    assert "rater_table" in names and "reliability" in names and len(names) >= 9
    for name in names:
        (
            assert_frame_equal(
                one.extras["co:" + name],
                two.extras["co:" + name],
                check_exact=False,
                rtol=1e-13,
                atol=1e-15,
            ),
            name,
        )
    # the raters' shared weights are let go once their readers are fitted (one thread: in order)
    assert "rater_weights" not in one.extras
    # nothing left to fit afterwards, and a fitted part is not fitted again
    assert parts.parts_to_fit(two) == []
    before = two.extras["co:rater_table"]
    parts.fit_parts(two)
    assert two.extras["co:rater_table"] is before


def test_effects_from_the_rater_models_stage_equal_the_tables_effect_columns(scope_data):
    """While fit_parts fits the rater table too, the effects part is taken from the rater
    model's stage (before the table's central tendency, halo and recency columns exist); it
    equals the one taken from the whole table's effect columns, and the stage is let go once
    both of its readers are fitted. Asked for alone, the effects come from the table, and the
    stage is not held."""
    staged = _fresh(scope_data)
    staged.__dict__["_fitting"] = frozenset({"effects", "rater_table"})  # as fit_parts marks it
    early = parts.company_part(staged, "effects")  # first: from the model's stage
    assert "co:rater_table" not in staged.extras and "rater_fit" in staged.extras
    table = parts.company_part(staged, "rater_table")
    assert "rater_fit" not in staged.extras
    alone = _fresh(scope_data)
    late = parts.company_part(alone, "effects")  # the whole table first, its columns
    assert "co:rater_table" in alone.extras and "rater_fit" not in alone.extras
    assert early.height > 100 and early["effect"].is_not_null().sum() > 100
    assert_frame_equal(early, late, check_exact=False, rtol=0, atol=1e-12)
    assert_frame_equal(table, alone.extras["co:rater_table"], check_exact=False, rtol=0, atol=1e-12)
    # fit_parts marks what it fits only while it runs
    both = _fresh(scope_data)
    parts.fit_parts(both, ["effects", "rater_table"], threads=2)
    assert "_fitting" not in both.__dict__ and "rater_fit" not in both.extras
    assert_frame_equal(both.extras["co:effects"], late, check_exact=False, rtol=0, atol=1e-12)


def test_shared_rater_weights_give_what_each_model_computes_alone(scope_data):
    """The scores, adjusted scores and score changes from the weights computed once
    (person_score.rater_weights_from_pairs, or rater_views_from_pairs: also grouped once)
    equal each model weighting the pairs itself."""
    d = _fresh(scope_data)
    ratings, effects = d.company_ratings, parts.company_part(d, "effects")
    pairs = d.extras["rating_pairs"]
    # as a frame, and grouped once to (cycle, person) as the findings layer passes them
    frame = person_score.rater_weights_from_pairs(ratings, pairs)
    views = person_score.rater_views_from_pairs(ratings, pairs)
    for weighted in (frame, views):
        for alone, shared in (
            (
                distributions.employee_scores_from_pairs(ratings, pairs),
                distributions.employee_scores_from_pairs(ratings, pairs, weighted=weighted),
            ),
            (
                raters.adjusted_scores_from_pairs(ratings, effects, pairs),
                raters.adjusted_scores_from_pairs(ratings, effects, pairs, weighted=weighted),
            ),
            (
                attribution.score_changes_from_pairs(ratings, pairs, effects),
                attribution.score_changes_from_pairs(ratings, pairs, effects, weighted=weighted),
            ),
        ):
            assert alone.height > 0
            assert_frame_equal(alone, shared, check_exact=False, rtol=1e-12, atol=1e-12)


@pytest.fixture(scope="module")
def one_by_one(scope_data) -> list:
    """Every report section of the demo computed one after the other on one thread, each part
    fitted when a section first asks for it: the reference of the two tests below. Why one:
    the second computed a reference of its own (every part fitted first, then the sections),
    the same frames (that test asserts its threads' sections equal it) for another refit of
    the 2,000-person company."""
    names = list(findings.REPORT_SECTIONS)
    seq = findings.compute_sections(_fresh(scope_data), names, threads=1)
    assert len(seq) == len(names)
    return seq


def _assert_same_sections(want: list, got: list) -> None:
    """The frames of ``want`` and ``got`` (sections in REPORT_SECTIONS' order) equal to 1e-12."""
    assert len(got) == len(want) == len(findings.REPORT_SECTIONS)
    for name, a, b in zip(findings.REPORT_SECTIONS, want, got):
        assert (a is None) == (b is None), name
        if a is not None:  # (the summary's time stamp aside)
            a, b = (f.drop("generated_at", strict=False) for f in (a, b))
            assert_frame_equal(a, b, check_exact=False, rtol=0, atol=1e-12), name


def test_sections_on_two_threads_equal_one_by_one(scope_data, one_by_one):
    names = list(findings.REPORT_SECTIONS)
    par = findings.compute_sections(_fresh(scope_data), names, threads=2)
    _assert_same_sections(one_by_one, par)


#: what fitting the rater model and the parts after it leaves in a scope's memo
_MODEL_KEYS = {"rater_fit", "co:rater_table", "co:effects", "co:adjusted", "co:changes"}
_PROFILE_KEYS = {"co:adjusted", "co:profile"}


@pytest.mark.parametrize("name", sorted(findings.SECTION_QUEUE))
def test_a_section_queued_early_reads_no_part_fitted_after_its_place(scope_data, name):
    """build_findings queues each section on the fitting threads after the parts it reads
    (findings.SECTION_QUEUE): one queued before the rater model reads none of its parts (else
    the second thread would wait for the model there, as it did before), one queued after the
    score changes reads no adjusted score or profile (the rater table, which gives its effects
    when they are asked alone, is queued before the changes)."""
    data = _fresh(scope_data)
    findings.compute_section(name, data)
    read = set(data.extras)
    after = findings.queued_after(name)
    assert after in parts.FIT_ORDER
    if after == "recheck":
        assert not read & (_MODEL_KEYS | _PROFILE_KEYS), read & (_MODEL_KEYS | _PROFILE_KEYS)
        assert parts.FIT_ORDER.index("recheck") < parts.FIT_ORDER.index("rater_table")
    else:
        assert after == "against" and not read & _PROFILE_KEYS, read & _PROFILE_KEYS
    # and a section queued last reads the profile (the listing is not every section)
    assert findings.queued_after("decliners") == parts.FIT_ORDER[-1]


def test_sections_queued_with_the_parts_equal_the_sections_after_them(scope_data, one_by_one):
    """Every section computed on the fitting threads, queued after the parts it reads
    (fit_parts' ``meanwhile``, as build_findings does), equals every section computed one
    after the other (:func:`one_by_one`; it was compared with every part fitted first, on two
    threads, and then every section: the same frames): the same frames, in the order asked."""
    names = list(findings.REPORT_SECTIONS)
    for threads in (1, 2):
        data = _fresh(scope_data)
        tasks = [
            (findings.queued_after(n), partial(findings.compute_section, n, data)) for n in names
        ]
        got = parts.fit_parts(data, threads=threads, meanwhile=tasks)
        assert len(got) == len(names) and parts.parts_to_fit(data) == []
        _assert_same_sections(one_by_one, got)
    with pytest.raises(ValueError, match="no part"):
        parts.fit_parts(_fresh(scope_data), meanwhile=[("kpi_driver", lambda: None)])


def test_a_part_error_surfaces_from_the_threads(scope_data, monkeypatch):
    data = _fresh(scope_data)

    def broken(d):
        raise RuntimeError("reliability failed")

    monkeypatch.setitem(parts.COMPANY_PARTS, "reliability", broken)
    with pytest.raises(RuntimeError, match="reliability failed"):
        parts.fit_parts(data, threads=2)


def test_pair_means_from_shared_pass_equal_grouping_the_rows(scope_data):
    data = _fresh(scope_data)
    key = ["cycle_id", "employee_id", "rater_id"]
    plain = parts.pair_means(data.company_ratings).sort(key)
    shared = parts.company_pair_means(data).sort(key)
    assert plain.height > 1000
    assert_frame_equal(plain, shared, check_exact=False, rtol=0, atol=1e-12)


def test_sorted_pair_means_sum_a_raters_roles_as_the_plain_grouping_does(scope_data):
    ratings = scope_data.company_ratings
    # one peer rates the same person in the same cycle as manager too: two roles, one pair
    first = ratings.filter(pl.col("rater_role") == "peer").row(0, named=True)
    again = (
        ratings.filter(
            (pl.col("cycle_id") == first["cycle_id"])
            & (pl.col("employee_id") == first["employee_id"])
            & (pl.col("rater_id") == first["rater_id"])
        )
        .with_columns(
            pl.lit("manager").cast(ratings.schema["rater_role"]).alias("rater_role"),
            (1 - pl.col("score")).alias("score"),
        )
        .head(1)
    )
    data = _fresh(scope_data)
    data.company_ratings = pl.concat([ratings, again])
    data.extras.pop("rating_pairs", None)
    got = parts.company_pairs(data)
    want = parts.sorted_pairs(parts.pair_means(data.company_ratings))
    assert_frame_equal(got, want, check_exact=False, rtol=0, atol=1e-12)
    assert got.height == want.height == parts.pair_means(ratings).height


def test_pair_means_keep_null_scores_as_the_plain_grouping_does(scope_data):
    ratings = scope_data.company_ratings
    # one pair whose every score is missing: it still takes a rater slot
    first = ratings.filter(pl.col("rater_role") != "self").row(0, named=True)
    pair = (
        (pl.col("cycle_id") == first["cycle_id"])
        & (pl.col("employee_id") == first["employee_id"])
        & (pl.col("rater_id") == first["rater_id"])
    )
    holed = ratings.with_columns(pl.when(pair).then(None).otherwise(pl.col("score")).alias("score"))
    data = _fresh(scope_data)
    data.company_ratings = holed
    data.extras.pop("rating_pairs", None)
    key = ["cycle_id", "employee_id", "rater_id"]
    got = parts.company_pair_means(data).sort(key)
    want = parts.pair_means(holed).sort(key)
    assert_frame_equal(got, want)
    assert got.filter(pl.col("score").is_null()).height == 1


def test_pair_means_keep_infinite_scores_as_the_plain_grouping_does(scope_data):
    ratings = scope_data.company_ratings
    first = ratings.filter(pl.col("rater_role") != "self").row(0, named=True)
    row = (
        (pl.col("cycle_id") == first["cycle_id"])
        & (pl.col("employee_id") == first["employee_id"])
        & (pl.col("rater_id") == first["rater_id"])
        & (pl.col("dimension") == first["dimension"])
    )
    data = _fresh(scope_data)
    data.company_ratings = ratings.with_columns(
        pl.when(row).then(float("inf")).otherwise(pl.col("score")).alias("score")
    )
    key = ["cycle_id", "employee_id", "rater_id"]
    got = parts.company_pair_means(data).sort(key)
    assert_frame_equal(got, parts.pair_means(data.company_ratings).sort(key))
    assert got.filter(pl.col("score").is_infinite()).height == 1


def test_rater_slots_from_sorted_runs():
    per = pl.DataFrame(
        {
            "cycle_id": ["q2", "q1", "q1", "q1", "q2", "q1"],
            "employee_id": ["a", "b", "a", "a", "a", "a"],
            "rater_id": ["x", "x", "z", "y", "y", "x"],
            "score": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
        }
    )
    for frame in (per, per.with_columns(pl.col("cycle_id", "employee_id").cast(pl.Categorical))):
        got = parts.sorted_pairs(frame)
        assert got.select(
            pl.col("cycle_id", "employee_id").cast(pl.String), "rater_id", "slot", "_m"
        ).rows() == [
            ("q1", "a", "x", 0, 3),
            ("q1", "a", "y", 1, 3),
            ("q1", "a", "z", 2, 3),
            ("q1", "b", "x", 0, 1),
            ("q2", "a", "x", 0, 2),
            ("q2", "a", "y", 1, 2),
        ]
    empty = parts.sorted_pairs(per.clear())
    assert empty.height == 0 and {"slot", "_m"} <= set(empty.columns)


def test_company_scope_holds_a_part_not_a_copy(scope_data):
    data = _fresh(scope_data)
    parts.fit_parts(data, ["changes"], threads=1)
    assert parts.part_in_scope(data, "changes") is data.extras["co:changes"]


def test_what_a_scope_holds_is_asked_by_name_and_a_misspelt_name_fails():
    """The sections and parts ask ``has_company_part`` / ``company_table``, not string keys of
    ``extras``: a typo raises instead of quietly taking the slow path or dropping the KPIs."""
    empty = pl.DataFrame()
    data = ScopeData(Scope(), *[empty] * 7)
    assert not data.has_company_part("kpi_drivers")
    assert data.company_table("company_kpi") is None
    data.extras["co:kpi_drivers"] = empty
    data.extras["company_kpi"] = empty
    assert data.has_company_part("kpi_drivers")
    assert data.company_table("company_kpi") is empty
    with pytest.raises(KeyError):
        data.has_company_part("kpi_driver")
    with pytest.raises(KeyError):
        data.company_table("company_kpis")


def test_every_name_the_findings_ask_for_exists():
    """The names written in the source are company parts and company tables (read off the
    source, so a branch no test reaches is checked too)."""
    import re
    from pathlib import Path

    from analytics.findings.methods import PART_METHODS
    from analytics.findings.scope import COMPANY_TABLES

    root = Path(__file__).resolve().parents[1] / "analytics"
    source = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py"))
    asked_parts = set(re.findall(r"has_company_part\(\"(\w+)\"\)", source))
    asked_tables = set(re.findall(r"company_table\(\"(\w+)\"\)", source))
    assert {"kpi_drivers", "reliability_units"} <= asked_parts <= set(PART_METHODS)
    assert {"company_kpi", "company_outcomes"} <= asked_tables <= COMPANY_TABLES
    assert set(PART_METHODS) == set(parts.COMPANY_PARTS)


def test_kpi_cells_built_once_per_scope_give_the_drivers_of_the_results(demo_db):
    """The KPI drivers and the team shifts' drivers read one set of KPI cells per scope
    (parts.kpi_cells_of): the company's for the company scope, the scope's own for a
    department; the drivers from them equal the drivers from the KPI results."""
    con = db.connect(demo_db)
    company = load_scope(con, Scope(), materialised=False)
    top = company.employees["department"].drop_nulls().str.split("/").list.first().mode()[0]
    dept = load_scope(con, Scope(department=top), materialised=False)
    con.close()
    cells = parts.kpi_cells_of(company, company.kpi_results)
    assert isinstance(cells, attribution.KpiCells)
    assert parts.kpi_cells_of(company, company.company_table("company_kpi")) is cells
    own = parts.kpi_cells_of(dept, dept.kpi_results)
    assert isinstance(own, attribution.KpiCells) and own is not cells
    assert parts.kpi_cells_of(dept, dept.kpi_results) is own
    other = dept.kpi_results.head(10)
    assert parts.kpi_cells_of(dept, other) is other  # another frame: passed as it is
    for data, got in ((company, cells), (dept, own)):
        for depth in (1, 2):
            assert_frame_equal(
                attribution.kpi_drivers_by_department(
                    got, data.employees, data.cycles, dept_depth=depth
                ),
                attribution.kpi_drivers_by_department(
                    data.kpi_results, data.employees, data.cycles, dept_depth=depth
                ),
            )
    drivers = findings.compute_section("kpi_drivers", dept)
    assert drivers is not None and drivers.height > 0
    assert_frame_equal(
        drivers,
        attribution.kpi_drivers_by_department(dept.kpi_results, dept.employees, dept.cycles),
    )


def test_reliability_of_each_cycles_slice_equals_its_partition(scope_data):
    """The reliability table reads each cycle of the sorted pairs as a slice (one run of rows
    a cycle); pairs whose cycles are not runs, or are text, are partitioned: the same table."""
    pairs = parts.company_pairs(_fresh(scope_data))
    assert pairs.schema["cycle_id"] == pl.Categorical and pairs["cycle_id"].n_unique() > 1
    sliced = parts.reliability_from_pairs(pairs)
    as_text = parts.reliability_from_pairs(pairs.with_columns(pl.col("cycle_id").cast(pl.String)))
    assert_frame_equal(sliced, as_text)
    # the cycles' runs broken up (each cycle's rows in their order, cycles taken in turn)
    turns = pl.int_range(pl.len()).over("cycle_id")
    mixed = pairs.with_columns(turns.alias("_t")).sort("_t", maintain_order=True).drop("_t")
    assert mixed["cycle_id"].head(2).n_unique() == 2
    assert_frame_equal(parts.reliability_from_pairs(mixed), sliced)
    assert sliced["cycle_id"].to_list() == sorted(sliced["cycle_id"].to_list())
