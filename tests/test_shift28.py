"""shift28 (rev28a items 1, 2, 10): the overview names the people against their department's
shift, a one-cycle overview carries the change into its cycle as the packet does, and the
attribution note counts in English and points to the team section only when it is shown."""

from __future__ import annotations

import polars as pl

from analytics.findings.headlines import headlines
from analytics.findings.units import Unit
from analytics.text.render import render

_AGAINST = pl.DataFrame(
    {
        "employee_id": ["55", "50", "141", "156", "9"],
        "name": ["潘秀鹏", "邱勇轩", "贾娥博", "龚凯鹏", None],
        "dept": ["销售中心"] * 5,
        "to_cycle": ["2026H1"] * 5,
        "individual": [0.16733, 0.15748, 0.14706, 0.13005, 0.07],
    }
)


def test_the_overview_names_the_first_people_against_the_trend() -> None:
    (h,) = headlines({"against_trend": _AGAINST}, Unit("0-100", 0, 100))
    assert h.code == "overview.headline_against" and h.params["n"] == 5
    zh = render(h.code, "zh", **h.params)
    assert zh.startswith("逆势变动人员 5 人")
    assert "潘秀鹏（销售中心 2026H1 个人部分 +16.7，0-100 分制）" in zh
    assert "贾娥博（销售中心 2026H1 个人部分 +14.7" in zh and "龚凯鹏" not in zh
    assert zh.endswith("等，另有 2 人")
    en = render(h.code, "en", **h.params)
    assert en.startswith("5 people moved against their department's or the company's shift")
    assert "邱勇轩 (销售中心 2026H1, own part +15.7, points on 0-100)" in en
    assert en.endswith("and 2 others")
    # one person, no name on the roster: the id, and no "more"
    (one,) = headlines({"against_trend": _AGAINST.tail(1)}, Unit("1-5", 1, 5))
    en = render(one.code, "en", **one.params)
    assert en.startswith("1 person moved") and "9 (销售中心 2026H1, own part +0.28" in en
    assert "other" not in en.split("):")[-1]


def test_a_one_cycle_scope_carries_the_change_into_its_cycle(monkeypatch) -> None:
    """ui.cache.carried: the sections of the same scope over every cycle, narrowed to the pair
    that ends in the scope's cycle (the packet's findings.report.carried_sections)."""
    from analytics.findings.scope import Scope
    from ui import cache

    pairs = {"from_cycle": ["2025H1", "2025H2"], "to_cycle": ["2025H2", "2026H1"]}
    every = {
        "attribution": pl.DataFrame(pairs | {"employee_id": ["1", "1"], "change": [0.0, -0.04]}),
        "department_shifts": pl.DataFrame(
            pairs | {"dept": ["销售中心"] * 2, "significant": [False, True]}
        ),
        "against_trend": pl.DataFrame(pairs | {"employee_id": ["2", "55"]}),
    }
    asked = []

    def section(name, scope, version):
        asked.append((name, scope.cycles))
        return every.get(name)

    monkeypatch.setattr(cache, "section", section)
    scope = Scope(department="销售中心", cycles=("2026H1",))
    got = cache.carried(scope, "v", ("raters", "department_shifts", "against_trend"))
    assert set(got) == {"department_shifts", "against_trend"}
    assert got["department_shifts"]["significant"].to_list() == [True]
    assert got["against_trend"]["employee_id"].to_list() == ["55"]
    assert {cycles for _, cycles in asked} == {()}  # read over every cycle
    assert cache.carried(Scope(cycles=("2025H2", "2026H1")), "v", ("department_shifts",)) == {}


def test_the_not_listed_note_counts_and_points_only_to_what_is_shown() -> None:
    limits = {"material": 1.43, "score_scale": "0-100"}
    one = render("attr.significant_not_listed", "en", n=1, **limits)
    assert one.startswith("1 more department has a department part") and "below" in one
    assert "Sub-department" not in one
    two = render("attr.significant_not_listed_teams", "en", n=2, **limits)
    assert two.startswith("2 more departments have") and "'Sub-department (team) shifts'" in two
    zh = render("attr.significant_not_listed", "zh", n=1, **limits)
    assert "二级部门" not in zh and "（1.4，0-100 分制）" in zh
    assert "见下方“二级部门（团队）的整体变动”" in render(
        "attr.significant_not_listed_teams", "zh", n=1, **limits
    )
