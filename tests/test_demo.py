"""Tests for analytics.demo.company: determinism, org/review structure, planted truth, export files."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from analytics import schema
from analytics.demo.company import (
    CEO_ID,
    DEPARTMENTS,
    DIMENSIONS,
    EXPORT_NAMES,
    GRADE_SHARES,
    GRADES,
    MAPPING_NAME,
    DemoData,
    generate,
    write_exports,
)

_FRAMES = ("employees", "cycles", "reviews", "kpi_results", "outcomes", "appeals")
_TABLES = {
    "employees": schema.EMPLOYEES,
    "cycles": schema.CYCLES,
    "reviews": schema.REVIEWS,
    "kpi_results": schema.KPI_RESULTS,
    "outcomes": schema.OUTCOMES,
    "appeals": schema.APPEALS,
}


@pytest.fixture(scope="module")
def big(planted) -> DemoData:
    return planted[0]  # generate(n_employees=2000, n_cycles=6, seed=7), shared (conftest)


@pytest.fixture(scope="module")
def small() -> DemoData:
    return generate(n_employees=300, n_cycles=6, seed=3)


@pytest.fixture(scope="module")
def exported(small: DemoData, tmp_path_factory) -> tuple[DemoData, list[Path], Path]:
    out = tmp_path_factory.mktemp("demo_exports")
    return small, write_exports(small, out), out


# --------------------------------------------------------------------------------------------
# determinism and schema
# --------------------------------------------------------------------------------------------


def test_same_seed_same_frames_other_seed_differs() -> None:
    a = generate(n_employees=300, n_cycles=3, seed=11)
    b = generate(n_employees=300, n_cycles=3, seed=11)
    c = generate(n_employees=300, n_cycles=3, seed=12)
    for name in _FRAMES:
        assert getattr(a, name).equals(getattr(b, name)), name
    assert a.truth == b.truth
    assert not a.reviews.equals(c.reviews)
    assert not a.employees.equals(c.employees)
    assert a.truth["lenient_raters"] != c.truth["lenient_raters"]


def test_frames_conform_to_schema(small: DemoData) -> None:
    for name, table in _TABLES.items():
        frame = getattr(small, name)
        assert dict(frame.schema) == table.columns, name
        assert frame.height > 0, name
    assert small.truth["counts"] == {name: getattr(small, name).height for name in _FRAMES}


def test_too_small_company_is_refused() -> None:
    with pytest.raises(ValueError):
        generate(n_employees=50)


# --------------------------------------------------------------------------------------------
# organisation and cycles
# --------------------------------------------------------------------------------------------


def test_organisation(big: DemoData) -> None:
    e = big.employees
    assert e.height == 2000 and e["employee_id"].n_unique() == 2000
    assert e["employee_id"].str.contains(r"^E\d{6}$").all()
    top = e["department"].str.split("/").list.first()
    assert sorted(top.unique().to_list()) == sorted(d[0] for d in DEPARTMENTS)
    # sales, R&D and customer service are the largest departments
    sizes = e.group_by(top.alias("top")).len().sort("len", descending=True)["top"].to_list()
    assert set(sizes[:3]) == {"销售中心", "研发中心", "客户服务中心"}
    # each department has 2 sub-departments with 2-4 teams each
    ics = e.filter(pl.col("level").str.starts_with("P"))
    assert ics["department"].str.count_matches("/").eq(1).all()
    per_sub = ics.group_by("department").agg(pl.col("team").n_unique())
    assert per_sub.height == 16 and per_sub["team"].is_between(2, 4).all()
    # three management levels: M3 heads report to the CEO, M2 to M3, M1 to M2, ICs to M1
    lvl = dict(zip(e["employee_id"], e["level"]))
    lvl[CEO_ID] = "CEO"
    boss = e.with_columns(boss_level=pl.col("manager_id").replace_strict(lvl, default=None))
    expected = {"M3": "CEO", "M2": "M3", "M1": "M2"}
    for row in boss.select("level", "boss_level").unique().iter_rows():
        assert row[1] == expected.get(row[0], "M1"), row
    assert e.filter(pl.col("level") == "M3").height == 8
    assert set(e["job_family"].unique()) == {"销售", "研发", "客服", "市场", "产品", "运营", "职能"}
    assert set(e["location"].unique()) <= {"北京", "上海", "深圳", "杭州", "成都"}
    assert e["name"].str.len_chars().is_between(2, 3).all()
    assert e["hire_date"].null_count() == 0


def test_cycles(big: DemoData) -> None:
    c = big.cycles
    assert c["cycle_id"].to_list() == ["2025Q1", "2025Q2", "2025Q3", "2025Q4", "2026Q1", "2026Q2"]
    assert c["label"].to_list() == c["cycle_id"].to_list()
    assert c["ordering"].to_list() == list(range(1, 7))
    assert (c["cadence"] == "quarterly").all()
    assert c.row(0, named=True)["end"].isoformat() == "2025-03-31"
    assert c.row(3, named=True)["start"].isoformat() == "2025-10-01"


# --------------------------------------------------------------------------------------------
# reviews
# --------------------------------------------------------------------------------------------


def test_reviews_roles_and_counts(big: DemoData) -> None:
    r = big.reviews
    n_dim = len(DIMENSIONS)
    per = r.group_by("cycle_id", "employee_id", "dimension").agg(
        n_self=(pl.col("rater_role") == "self").sum(),
        n_mgr=(pl.col("rater_role") == "manager").sum(),
        n_peer=(pl.col("rater_role") == "peer").sum(),
        n_skip=(pl.col("rater_role") == "skip_level").sum(),
    )
    assert per.height == 2000 * 6 * n_dim
    assert (per["n_self"] == 1).all() and (per["n_mgr"] == 1).all()
    assert per["n_peer"].is_between(2, 4).all()
    assert per["n_skip"].is_between(0, 1).all()
    skip_share = per.filter(pl.col("n_skip") == 1).height / per.height
    assert 0.25 < skip_share < 0.35
    # self review is by the employee; never a peer review of oneself; one row per key
    assert (
        r.filter(pl.col("rater_role") == "self")
        .select((pl.col("rater_id") == pl.col("employee_id")).all())
        .item()
    )
    assert (
        r.filter(
            (pl.col("rater_role") != "self") & (pl.col("rater_id") == pl.col("employee_id"))
        ).height
        == 0
    )
    assert r.select(pl.struct(*schema.REVIEWS.key).n_unique()).item() == r.height
    assert set(r["dimension"].unique()) == set(DIMENSIONS)
    # every rater fills all 6 dimensions
    assert (r.group_by("cycle_id", "employee_id", "rater_id").len()["len"] == n_dim).all()


def test_peers_come_from_the_same_team(big: DemoData) -> None:
    e = big.employees.select("employee_id", "team", "level")
    peers = (
        big.reviews.filter(pl.col("rater_role") == "peer")
        .select("employee_id", "rater_id")
        .unique()
        .join(e, on="employee_id")
        .join(
            e.rename({"employee_id": "rater_id", "team": "rater_team", "level": "rater_level"}),
            on="rater_id",
        )
        .filter(pl.col("level").str.starts_with("P"))
    )
    assert peers.height > 1000
    assert (peers["team"] == peers["rater_team"]).all()


def test_scores_and_scales(big: DemoData) -> None:
    r = big.reviews
    assert r["score"].is_between(0.0, 1.0).all()
    last = big.cycles["cycle_id"][-1]
    old = r.filter(pl.col("cycle_id") != last)
    new = r.filter(pl.col("cycle_id") == last)
    assert (old["scale"] == "1-5").all() and (new["scale"] == "0-100").all()
    raw = old["score_raw"].cast(pl.Float64)
    assert set(raw.unique().to_list()) <= {1 + k / 2 for k in range(9)}
    assert np.allclose((raw - 1) / 4, old["score"])
    assert np.allclose(new["score_raw"].cast(pl.Int64) / 100, new["score"])
    # comments and submission times exist only where the export carries them (last cycle)
    assert old["comment"].null_count() == old.height
    assert new["submitted_at"].null_count() == 0
    assert 0.6 < new["comment"].is_not_null().mean() < 0.9
    # self reviews are inflated
    by_role = r.group_by("rater_role").agg(pl.col("score").mean())
    m = dict(by_role.iter_rows())
    assert m["self"] - m["manager"] > 0.03


# --------------------------------------------------------------------------------------------
# planted truth
# --------------------------------------------------------------------------------------------


def _residuals(d: DemoData) -> pl.DataFrame:
    """Pair mean minus the mean of all non-self raters of the same person and cycle."""
    pairs = (
        d.reviews.filter(pl.col("rater_role") != "self")
        .group_by("cycle_id", "employee_id", "rater_id", "rater_role")
        .agg(y=pl.col("score").mean())
    )
    return pairs.with_columns(
        resid=pl.col("y") - pl.col("y").mean().over("cycle_id", "employee_id")
    )


def test_truth_sets_are_coherent(big: DemoData) -> None:
    t = big.truth
    ids = set(big.employees["employee_id"])
    keys = (
        "lenient_raters",
        "severe_raters",
        "central_tendency_raters",
        "halo_raters",
        "recency_raters",
    )
    sets = [set(t[k]) for k in keys]
    assert [len(s) for s in sets[:4]] == [8, 8, 2, 2] and 1 <= len(sets[4]) <= 2
    assert sum(len(s) for s in sets) == len(set().union(*sets))  # disjoint
    assert set().union(*sets) <= ids
    assert len(t["rising_stars"]) == 15 and len(t["decliners"]) == 10
    assert not set(t["rising_stars"]) & set(t["decliners"])
    managers = big.reviews.filter(pl.col("rater_role") == "manager")
    team_size = (
        managers.filter(pl.col("cycle_id") == "2025Q1")
        .group_by("rater_id")
        .agg(pl.col("employee_id").n_unique())
    )
    sizes = dict(team_size.iter_rows())
    assert all(sizes[m] >= 5 for m in t["lenient_raters"] + t["severe_raters"])
    assert t["department_shock"] == {"department": "销售中心", "cycle_id": "2025Q4", "shift": -0.10}
    assert t["params"]["seed"] == 7 and t["params"]["n_employees"] == 2000
    json.dumps(t, ensure_ascii=False)  # serialisable


def test_lenient_raters_score_above_severe(big: DemoData) -> None:
    res = _residuals(big)
    t = big.truth
    by = res.group_by("rater_id").agg(pl.col("resid").mean())
    m = dict(by.iter_rows())
    lenient = np.array([m[r] for r in t["lenient_raters"]])
    severe = np.array([m[r] for r in t["severe_raters"]])
    assert lenient.min() > 0.04 and severe.max() < -0.04
    assert lenient.mean() - severe.mean() > 0.12
    others = by.filter(~pl.col("rater_id").is_in(t["lenient_raters"] + t["severe_raters"]))
    assert others["resid"].abs().median() < 0.02


def test_central_tendency_and_halo(big: DemoData) -> None:
    t = big.truth
    mgr = big.reviews.filter(pl.col("rater_role") == "manager")
    spread = mgr.group_by("rater_id").agg(pl.col("score").std().alias("sd"))
    sd = dict(spread.iter_rows())
    typical = spread["sd"].median()
    assert all(sd[r] < 0.5 * typical for r in t["central_tendency_raters"])
    flat = mgr.group_by("rater_id", "employee_id", "cycle_id").agg(
        pl.col("score").std().alias("within")
    )
    within = dict(flat.group_by("rater_id").agg(pl.col("within").mean()).iter_rows())
    assert all(within[r] < 0.3 * np.median(list(within.values())) for r in t["halo_raters"])


def test_department_shock_visible(big: DemoData) -> None:
    shock = big.truth["department_shock"]
    dept = big.employees.select(
        "employee_id", sales=pl.col("department").str.starts_with(shock["department"])
    )
    means = (
        big.reviews.filter(pl.col("rater_role") != "self")
        .join(dept, on="employee_id")
        .group_by("cycle_id", "sales")
        .agg(pl.col("score").mean())
        .pivot(on="sales", index="cycle_id", values="score")
        .with_columns(gap=pl.col("true") - pl.col("false"))
        .sort("cycle_id")
    )
    gap = dict(zip(means["cycle_id"], means["gap"]))
    shocked = gap[shock["cycle_id"]]
    normal = np.mean([g for c, g in gap.items() if c != shock["cycle_id"]])
    assert shocked - normal == pytest.approx(shock["shift"], abs=0.03)
    assert min(gap, key=gap.get) == shock["cycle_id"]
    # the downturn also shows in the sales KPIs
    kpi = (
        big.kpi_results.filter(pl.col("kpi") == "销售额(万元)")
        .group_by("cycle_id")
        .agg(pl.col("attainment").mean())
    )
    att = dict(kpi.iter_rows())
    assert min(att, key=att.get) == shock["cycle_id"]


def test_manager_changes_follow_the_reviews(big: DemoData) -> None:
    changes = big.truth["manager_changes"]
    assert len(changes) == 6
    assert sum(c["new_manager_bias"] in ("lenient", "severe") for c in changes) >= 2
    order = dict(zip(big.cycles["cycle_id"], big.cycles["ordering"]))
    e = big.employees
    for ch in changes:
        assert ch["old_manager_id"] != ch["new_manager_id"]
        members = e.filter((pl.col("team") == ch["team"]) & pl.col("level").str.starts_with("P"))
        assert (members["manager_id"] == ch["new_manager_id"]).all()
        raters = (
            big.reviews.filter(
                (pl.col("rater_role") == "manager")
                & pl.col("employee_id").is_in(members["employee_id"].implode())
            )
            .select("cycle_id", "rater_id")
            .unique()
        )
        for cycle_id, rater in raters.iter_rows():
            before = order[cycle_id] < order[ch["cycle_id"]]
            assert rater == (ch["old_manager_id"] if before else ch["new_manager_id"])


def test_rising_stars_and_decliners(big: DemoData) -> None:
    t = big.truth
    first, last = big.cycles["cycle_id"][0], big.cycles["cycle_id"][-1]
    out = big.outcomes.filter(pl.col("cycle_id").is_in([first, last]))
    pct = out.with_columns(pct=pl.col("final_score").rank().over("cycle_id") / 2000)

    def mean_pct(ids: list[str], cycle: str) -> float:
        return pct.filter(pl.col("employee_id").is_in(ids) & (pl.col("cycle_id") == cycle))[
            "pct"
        ].mean()

    assert 0.3 < mean_pct(t["rising_stars"], first) < 0.8
    assert mean_pct(t["rising_stars"], last) > 0.9
    assert mean_pct(t["decliners"], last) < 0.2
    pot = big.outcomes.filter(
        (pl.col("cycle_id") == last) & pl.col("employee_id").is_in(t["rising_stars"])
    )
    assert (pot["potential"] == "高").mean() > 0.8


def test_recency_raters_follow_last_month(big: DemoData) -> None:
    kpi = big.kpi_results.group_by("cycle_id", "employee_id", "period").agg(
        a=(pl.col("attainment") * pl.col("weight")).sum()
    )
    last_month = (
        kpi.sort("period")
        .group_by("cycle_id", "employee_id")
        .agg(last=pl.col("a").last(), whole=pl.col("a").mean())
    )
    mgr = (
        big.reviews.filter(pl.col("rater_role") == "manager")
        .group_by("cycle_id", "employee_id", "rater_id")
        .agg(y=pl.col("score").mean())
        .join(last_month, on=["cycle_id", "employee_id"])
    )
    per = (
        mgr.group_by("rater_id")
        .agg(
            n=pl.len(),
            diff=pl.corr("y", "last") - pl.corr("y", "whole"),
        )
        .filter(pl.col("n") >= 30)
    )
    diff = dict(zip(per["rater_id"], per["diff"]))
    rec = big.truth["recency_raters"]
    typical = per.filter(~pl.col("rater_id").is_in(rec))["diff"]
    assert all(diff[r] > 0.15 for r in rec)
    assert all(diff[r] > typical.max() for r in rec)


# --------------------------------------------------------------------------------------------
# KPIs, outcomes, appeals
# --------------------------------------------------------------------------------------------


def test_kpi_results(big: DemoData) -> None:
    k = big.kpi_results
    assert k.height == 2000 * 6 * 2 * 3
    assert (k.group_by("cycle_id", "employee_id").len()["len"] == 6).all()
    q1 = k.filter(pl.col("cycle_id") == "2025Q1")
    assert sorted(q1["period"].unique()) == ["2025-01", "2025-02", "2025-03"]
    w = k.group_by("cycle_id", "employee_id", "period").agg(pl.col("weight").sum())
    assert np.allclose(w["weight"], 1.0)
    assert np.allclose(k["attainment"], k["actual"] / k["target"])
    fam = k.join(big.employees.select("employee_id", "job_family"), on="employee_id")
    names = dict(fam.group_by("job_family").agg(pl.col("kpi").unique().sort()).iter_rows())
    assert names["销售"] == sorted(["销售额(万元)", "新客户数"])
    assert names["客服"] == sorted(["接听量", "客户满意度"])
    # actual correlates with the people's scores
    score = big.outcomes.select("cycle_id", "employee_id", "final_score")
    att = k.group_by("cycle_id", "employee_id").agg(pl.col("attainment").mean())
    j = att.join(score, on=["cycle_id", "employee_id"])
    assert j.select(pl.corr("attainment", "final_score")).item() > 0.3


def test_outcomes(big: DemoData) -> None:
    o = big.outcomes
    assert o.height == 2000 * 6
    for cycle, g in o.group_by("cycle_id"):
        shares = g["grade"].value_counts(normalize=True)
        got = dict(zip(shares["grade"], shares["proportion"]))
        for grade, share in zip(GRADES, GRADE_SHARES):
            assert got[grade] == pytest.approx(share, abs=0.01), (cycle, grade)
        # better grades have higher final scores
        means = g.group_by("grade").agg(pl.col("final_score").min())
        mins = dict(means.iter_rows())
        assert mins["S"] >= mins["A"] >= mins["B"] >= mins["C"] >= mins["D"]
    assert 0.85 < o["calibrated"].mean() < 0.95
    assert set(o["potential"].unique()) == {"高", "中", "低"}
    last = big.cycles["cycle_id"][-1]
    new = o.filter(pl.col("cycle_id") == last)
    assert np.allclose(new["final_score_raw"].cast(pl.Float64) / 100, new["final_score"])
    old = o.filter(pl.col("cycle_id") != last)
    assert old["final_score_raw"].str.contains(r"^\d(\.\d{1,2})?$").all()
    assert np.allclose((old["final_score_raw"].cast(pl.Float64) - 1) / 4, old["final_score"])


def test_appeals(big: DemoData) -> None:
    a = big.appeals
    per_cycle = a.group_by("cycle_id").len()["len"] / 2000
    assert per_cycle.is_between(0.015, 0.05).all()
    assert set(a["grade_before"].unique()) <= {"C", "D"}
    assert set(a["status"].unique()) == {"已受理", "已驳回", "已调整"}
    pending = a.filter(pl.col("status") == "已受理")
    assert pending["grade_after"].null_count() == pending.height
    rejected = a.filter(pl.col("status") == "已驳回")
    assert (rejected["grade_after"] == rejected["grade_before"]).all()
    rank = {g: i for i, g in enumerate(GRADES)}
    adjusted = a.filter(pl.col("status") == "已调整")
    assert all(
        rank[b] - rank[x] == 1 for b, x in zip(adjusted["grade_before"], adjusted["grade_after"])
    )
    ends = dict(zip(big.cycles["cycle_id"], big.cycles["end"]))
    assert all(f > ends[c] for c, f in zip(a["cycle_id"], a["filed_at"]))
    joined = a.join(big.outcomes, on=["cycle_id", "employee_id"])
    assert (joined["grade"] == joined["grade_before"]).all()


# --------------------------------------------------------------------------------------------
# export files
# --------------------------------------------------------------------------------------------


def test_write_exports_files(exported) -> None:
    demo, paths, out = exported
    last = demo.cycles["cycle_id"][-1]
    assert [p.name for p in paths] == [
        EXPORT_NAMES["csv"],
        EXPORT_NAMES["parquet"].format(last=last),
        EXPORT_NAMES["xlsx"],
    ]
    assert all(p.exists() and p.stat().st_size > 0 for p in paths)
    assert (out / "truth.json").exists() and out / "truth.json" not in paths


def test_write_exports_declares_every_cycle_s_scale(exported) -> None:
    """The last cycle moves to 0-100: the mapping beside the exports declares every cycle's
    scale (the files may be imported in any order; a cycle on another scale than a stored one
    is refused unless declared), for the ratings and the final score; the shipped demo's
    mapping says the same of its cycles."""
    from analytics.ingest.mapping import load_mapping

    demo, _, out = exported
    order = demo.cycles.sort("ordering")["cycle_id"].to_list()
    want = {c: ("0-100" if c == order[-1] else "1-5") for c in order}
    assert load_mapping(out / MAPPING_NAME).scales == {"*": want, "最终得分": want}
    shipped = Path(__file__).parents[1] / "data" / "demo"
    truth = json.loads((shipped / "truth.json").read_text(encoding="utf-8"))
    assert load_mapping(shipped / MAPPING_NAME).scales == {
        "*": truth["scales"],
        "最终得分": truth["scales"],
    }


def test_csv_is_gbk_and_wide(exported) -> None:
    demo, paths, _ = exported
    raw = paths[0].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("gbk")
    header = text.splitlines()[0].split(",")
    assert header == [
        "工号",
        "姓名",
        "部门",
        "团队",
        "岗位序列",
        "职级",
        "直属上级",
        "工作地点",
        "入职日期",
        "考核周期",
        "评价人工号",
        "评价关系",
        *DIMENSIONS,
    ]
    df = pl.read_csv(text.encode("utf-8"), infer_schema=False)
    last = demo.cycles["cycle_id"][-1]
    body = demo.reviews.filter(pl.col("cycle_id") != last)
    assert df.height == body.height // len(DIMENSIONS)
    assert set(df["考核周期"].unique()) == {
        "2025年第1季度",
        "2025年第2季度",
        "2025年第3季度",
        "2025年第4季度",
        "2026年第1季度",
    }
    assert set(df["评价关系"].unique()) == {"自评", "上级", "同事", "隔级"}
    values = set(pl.concat([df[d] for d in DIMENSIONS]).unique().to_list())
    assert values <= {"1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5", "5"}
    # one cell checks out against the canonical frame
    row = df.row(0, named=True)
    ref = body.filter(
        (pl.col("employee_id") == row["工号"])
        & (pl.col("rater_id") == row["评价人工号"])
        & (pl.col("cycle_id") == "2025Q1")
        & (pl.col("dimension") == "执行力")
    )
    assert ref["score_raw"].item() == row["执行力"]


def test_parquet_long_last_cycle(exported) -> None:
    demo, paths, _ = exported
    pq = pl.read_parquet(paths[1])
    assert pq.columns == [
        "employee_id",
        "cycle",
        "rater_id",
        "rater_role",
        "dimension",
        "score",
        "comment",
        "submitted_at",
    ]
    last = demo.cycles["cycle_id"][-1]
    assert (pq["cycle"] == last).all()
    assert pq["score"].dtype.is_integer() and pq["score"].is_between(0, 100).all()
    assert pq.height == demo.reviews.filter(pl.col("cycle_id") == last).height
    assert set(pq["rater_role"].unique()) == {"self", "manager", "peer", "skip_level"}
    assert pq["submitted_at"].dtype == pl.Datetime("us")


def test_xlsx_three_long_sheets(exported) -> None:
    demo, paths, _ = exported
    sheets = pl.read_excel(paths[2], sheet_id=0)
    assert list(sheets) == ["考核结果", "KPI", "申诉"]
    res, kpi, app = sheets["考核结果"], sheets["KPI"], sheets["申诉"]
    assert res.columns == [
        "工号",
        "考核周期",
        "最终得分",
        "绩效等级",
        "潜力",
        "是否校准",
        "性别",
        "年龄段",
    ]
    assert kpi.columns == ["工号", "考核周期", "指标名称", "月份", "目标值", "实际值", "权重"]
    assert app.columns == [
        "工号",
        "考核周期",
        "申诉日期",
        "申诉原因",
        "处理状态",
        "原等级",
        "调整后等级",
    ]
    assert res.height == demo.outcomes.height and kpi.height == demo.kpi_results.height
    assert app.height == demo.appeals.height
    assert set(res["是否校准"].unique()) <= {"是", "否"}
    assert set(res["考核周期"].unique()) == set(demo.cycles["cycle_id"])
    last = demo.cycles["cycle_id"][-1]
    old = res.filter(pl.col("考核周期") != last)["最终得分"]
    new = res.filter(pl.col("考核周期") == last)["最终得分"]
    assert old.is_between(1, 5).all() and new.max() > 5 and new.is_between(0, 100).all()
    assert app["申诉日期"].dtype == pl.Date


def test_truth_json(exported) -> None:
    demo, _, out = exported
    text = (out / "truth.json").read_text(encoding="utf-8")
    assert "销售中心" in text and "\n  " in text  # UTF-8 text, indented
    truth = json.loads(text)
    assert set(truth) >= {
        "lenient_raters",
        "severe_raters",
        "central_tendency_raters",
        "halo_raters",
        "recency_raters",
        "department_shock",
        "manager_changes",
        "rising_stars",
        "decliners",
        "counts",
        "params",
        "seed",
    }
    assert truth == json.loads(json.dumps(demo.truth, ensure_ascii=False))


def test_the_shipped_demo_is_what_the_generator_writes(planted, tmp_path) -> None:
    """data/demo is `make demo`'s output (2,000 people, 6 cycles, seed 7), byte for byte for
    the CSV, Parquet, mapping and truth, and cell for cell for the workbook: the test fixtures
    copy it instead of writing the same files again (tests/conftest.py)."""
    from analytics.demo.company import workbook_sheets

    demo, _ = planted
    shipped = Path(__file__).parents[1] / "data" / "demo"
    paths = write_exports(demo, tmp_path, workbook=False)
    assert not paths[2].exists()
    for made in [*paths[:2], tmp_path / "truth.json", tmp_path / MAPPING_NAME]:
        assert made.read_bytes() == (shipped / made.name).read_bytes(), made.name
    book = shipped / paths[2].name
    for name, frame in workbook_sheets(demo).items():
        read = pl.read_excel(book, sheet_name=name, engine="calamine")
        assert read.columns == frame.columns, name
        assert read.height == frame.height > 0, name
        for col in frame.columns:
            want, got = frame[col], read[col]
            if want.dtype.is_numeric():
                assert (got.cast(pl.Float64) - want.cast(pl.Float64)).abs().max() < 1e-9, col
            else:
                assert got.cast(pl.String).to_list() == want.cast(pl.String).to_list(), col
