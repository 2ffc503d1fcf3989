"""The text layer: one catalogue, one renderer, codes and phrases rendered in both languages."""

from __future__ import annotations

import importlib
import sys
import types

import polars as pl
import pytest

import analytics.text.catalogue as catalogue_pkg
from analytics import text
from analytics.text.labels import column_label, section_label
from analytics.text.messages import ImportRejected
from analytics.text.messages import render as render_import


@pytest.mark.parametrize(
    ("code", "lang", "params", "expected"),
    [
        (
            "reason.top_pct_in_peer_group",
            "zh",
            {"pct": 0.05, "group": "研发 P4", "n": 83, "cycle": "2025Q4"},
            "2025Q4 在研发 P4（n=83）中位列前5%",
        ),
        (
            "reason.top_pct_in_peer_group",
            "en",
            {"pct": 0.01, "group": "研发 P4", "n": 83, "cycle": "2025Q4"},
            "top 1% of 研发 P4 (n=83) in 2025Q4",
        ),
        (
            "reason.falling",
            "en",
            {"slope": 0.0314, "hw": 0.0101, "p": 0.0004, "cycles": 5},
            "falling 0.031 per cycle (±0.010, on the 0-1 score, p<0.001, 5 cycles)",
        ),
        (
            "reason.falling",
            "zh",
            {"slope": 0.0314, "hw": 0.0101, "p": 0.0123, "cycles": 5},
            "每周期下降 0.031（±0.010，0-1 标准分，p=0.012，5个周期）",
        ),
        (
            "reason.against_department_trend",
            "en",
            {
                "dept": "华东区",
                "dept_dir": "fell",
                "shift": 5.12,
                "p": 0.002,
                "n_dept": 40,
                "own_dir": "rose",
                "individual": 12.34,
                "z": 2.56,
                "threshold": 2.0,
                "n": 900,
                "score_scale": "0-100",
            },
            # both in the scale's points to its decimals: "5.1" and "12.3", not "12" (rev19e)
            "华东区 fell 5.1 points on 0-100 (Holm p=0.002, n=40) while this person rose 12.3 "
            "beyond the department (z=+2.6, threshold 2; n=900)",
        ),
        (
            "reason.against_department_trend",
            "zh",
            {
                "dept": "华东区",
                "dept_dir": "fell",
                "shift": 0.0512,
                "p": None,
                "n_dept": 40,
                "own_dir": "rose",
                "individual": 0.1234,
                "z": 2.56,
                "threshold": 2.0,
                "n": 900,
            },
            "华东区整体下降 0.051（0-1 标准分；Holm —，n=40），而此人相对部门上升 0.123（z=+2.6，阈值 2；n=900）",
        ),
        (
            "design.raters_nested",
            "zh",
            {"k": 3},
            "每人 k=3 位评价人（不分角色）",
        ),
        ("flag.lenient", "en", {}, "lenient"),
        ("box.star", "zh", {}, "明星"),
        (
            "person.pick_more",
            "en",
            {"shown": 200, "more": 11800},
            "The list shows the first 200; 11,800 more are not listed: type a name, id or department above to narrow it.",
        ),
    ],
)
def test_render_both_languages(code, lang, params, expected) -> None:
    assert text.render(code, lang, **params) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"loaded": 1, "replaced": 0, "quarantined": 1, "cells": 1},
            "1 row loaded, 0 existing rows replaced, 1 row quarantined (1 cell)",
        ),
        (
            {"loaded": 2, "replaced": 1, "quarantined": 0, "cells": 3},
            "2 rows loaded, 1 existing row replaced, 0 rows quarantined (3 cells)",
        ),
    ],
)
def test_english_counts_take_the_singular_for_one(params, expected) -> None:
    """{n:#row|rows}: "1 row", never "1 rows"; Chinese has no plural."""
    assert (
        text.render("import.import_done", "en", file="a.csv", **params)
        == f"File a.csv: {expected}."
    )
    zh = text.render("import.import_done", "zh", file="a.csv", **params)
    assert "#" not in zh and "|" not in zh


def test_unknown_code_and_missing_parameter() -> None:
    assert text.render("reason.no_such_code", "en") == "reason.no_such_code"
    # a missing parameter leaves the template unformatted instead of failing a page ...
    assert text.render("reason.rising", "en", slope=0.1) == text.entries()["reason.rising"]["en"]
    # ... while the strict form, used by the tests of every emitted code, raises
    with pytest.raises(KeyError):
        text.render_strict("reason.rising", "en", slope=0.1)
    with pytest.raises(KeyError):
        text.render_strict("reason.no_such_code", "en")


def test_every_entry_has_both_languages_and_duplicates_fail(monkeypatch) -> None:
    for code, entry in text.entries().items():
        assert set(entry) == {"zh", "en"} and all(entry.values()), code
    dup = types.ModuleType("analytics.text.catalogue.zz_dup")
    dup.TEXT = {"reason.rising": {"zh": "x", "en": "x"}}
    monkeypatch.setitem(sys.modules, dup.__name__, dup)
    real_iter = catalogue_pkg.pkgutil.iter_modules

    def with_dup(path):
        yield from real_iter(path)
        yield types.SimpleNamespace(name="zz_dup")

    monkeypatch.setattr(catalogue_pkg.pkgutil, "iter_modules", with_dup)
    monkeypatch.setattr(catalogue_pkg, "_MERGED", {})
    with pytest.raises(KeyError, match=r"reason\.rising"):
        catalogue_pkg.entries()
    importlib.reload(catalogue_pkg)  # later tests see the real catalogue again


def test_phrase_columns_render_per_row_in_both_languages() -> None:
    frame = pl.DataFrame(
        {"slope": [0.012, 0.02, None], "flags": [["lenient", "halo"], [], None]}
    ).with_columns(
        reasons=text.phrases(
            pl.when(pl.col("slope") > 0).then(
                text.phrase("rising", slope=pl.col("slope"), hw=0.004, cycles=4)
            ),
            pl.when(pl.col("slope") > 0.015).then(text.phrase("manager_peer")),
        ),
        reason=pl.when(pl.col("slope") > 0.015).then(text.phrase("self_manager")),
        flag=pl.col("slope") > 0.015,  # a Boolean flag is not a code: left alone
    )
    # one column for phrases of different codes: the params' fields are united
    assert frame.schema["reasons"] == pl.List(
        text.phrase_dtype(slope=pl.Float64, hw=pl.Float64, cycles=pl.Int32)
    )
    zh = text.render_frame(frame, "zh")
    en = text.render_frame(frame, "en")
    assert zh["reasons"].to_list() == [
        ["每周期上升 0.012（±0.004，0-1 标准分，4个周期）"],
        ["每周期上升 0.020（±0.004，0-1 标准分，4个周期）", "上级与同事评分差距过大"],
        [],
    ]
    assert en["reasons"].to_list()[1] == [
        "rising 0.020 per cycle (±0.004, on the 0-1 score, 4 cycles)",
        "manager and peers disagree",
    ]
    assert en["reason"].to_list() == [None, "self and manager disagree", None]
    assert zh["flags"].to_list() == [["偏宽松", "光环效应"], [], None]
    assert en["flag"].to_list() == [False, True, None]
    assert set(text.codes_in(frame)) == {
        "reason.rising",
        "reason.manager_peer",
        "reason.self_manager",
        "flag.lenient",
        "flag.halo",
    }
    assert {"slope": 0.012, "hw": 0.004, "cycles": 4} in text.codes_in(frame)["reason.rising"]


def test_with_phrases_is_phrases_built_from_the_rows_that_have_one() -> None:
    frame = pl.DataFrame(
        {"slope": [0.012, None, 0.03, -0.02, 0.02], "old": ["甲", "乙", None, "丙", None]}
    )
    items = (
        pl.when(pl.col("old").is_not_null()).then(text.phrase("trend_new_manager", old="old")),
        pl.when(pl.col("slope") > 0).then(
            text.phrase("rising", slope=pl.col("slope"), hw=0.004, cycles=4)
        ),
        pl.when(pl.col("slope") > 0.015).then(text.phrase("manager_peer")),
        text.phrase("declined", first=pl.col("slope"), cycle="2025"),
    )
    expected = frame.with_columns(reasons=text.phrases(*items))
    built = text.with_phrases(frame, "reasons", *items)
    assert built.schema == expected.schema and built.equals(expected)
    # items in their order within each row; a row with none has an empty list, not null
    lists = text.with_phrases(frame, "reasons", *items[:3])["reasons"].to_list()
    assert [[p["code"] for p in row] for row in lists] == [
        ["trend_new_manager", "rising"],
        ["trend_new_manager"],
        ["rising", "manager_peer"],
        ["trend_new_manager"],
        ["rising", "manager_peer"],
    ]
    assert text.with_phrases(frame.filter(pl.col("slope") < -1), "reasons", *items[1:3]).equals(
        frame.head(0).with_columns(reasons=text.phrases(*items[1:3]))
    )
    assert text.with_phrases(frame, "r", *items[1:3])["r"].to_list()[1] == []
    # ``like``: the dtype of a list nesting one of phrases (its params' fields in its order)
    like = pl.concat_list(items[0], text.phrases(*items[1:]))
    nested = frame.with_columns(reasons=like.list.drop_nulls())
    built = text.with_phrases(frame, "reasons", *items, like=like)
    assert built.schema == nested.schema != expected.schema and built.equals(nested)


def test_labels_and_import_messages_come_from_the_catalogue() -> None:
    assert column_label("rater_id", "zh") == "评价人工号"
    assert column_label("no_such_column", "zh") == "no_such_column"
    assert section_label("high_potential", "en") == "High potential"
    assert render_import("out_of_range", "zh", scale="1-5") == "分数超出量表范围 1-5"
    assert render_import("no_such_code", "en") == "no_such_code"
    err = ImportRejected("file_missing", file="a.csv")
    assert str(err) == "File a.csv: not found." and err.message("zh") == "文件 a.csv：不存在。"


def test_ui_t_is_the_catalogue() -> None:
    from ui.i18n import catalog, t

    assert catalog() is text.entries()
    assert t("nav.raters", "zh") == "评价人一致性" and t("nav.raters", "en") == "Rater consistency"
    assert t("common.too_few", "en", n=3, min_n=5) == text.render(
        "common.too_few", "en", n=3, min_n=5
    )


def test_every_code_the_analyses_can_emit_has_words() -> None:
    """Read from the sources and constants, so a code no demo row happens to reach is checked
    too (the demo-data test in test_findings covers the parameters)."""
    import re
    from pathlib import Path

    from analytics.findings.parts import RELIABILITY_REASONS
    from analytics.stats import potential, raters

    root = Path(__file__).resolve().parents[1] / "analytics"
    codes = set()
    family = {"role_share": "mix"}  # raters' role_mix; every other phrase is a reason
    for path in (root / "stats").glob("*.py"):
        found = re.findall(r'\bphrase\(\s*"(\w+)"', path.read_text())
        codes |= {f"{family.get(c, 'reason')}.{c}" for c in found}
    for path in (root / "findings").glob("*.py"):
        found = re.findall(r'\bphrase_value\(\s*"(\w+)"', path.read_text())
        codes |= {f"design.{c}" for c in found}
    codes |= {f"flag.{f}" for f in raters.RATER_FLAGS}
    codes |= {f"flag.likely_{d}" for d in ("lenient", "severe")}  # raters' fdr_flag
    codes |= {f"status.{s}" for s in raters.RATER_STATUSES}
    codes |= {f"reason.{c}" for c in raters.STATUS_REASONS}
    codes |= {f"reason.{c}" for c in raters.RECENCY_REASONS}  # recency's ``reason``
    # the rater table's pattern_reason (stats.raters._with_pattern_reasons)
    codes |= {f"reason.{c}" for c in ("ct_flagged", "halo_flagged", "pattern_too_few")}
    codes |= {"reason.rec_flagged", "reason.rec_too_few"}
    codes |= {f"interval.{m}" for m in ("blup", "fixed", "fixed_fallback")}
    codes |= {f"box.{b}" for b in potential.BOX_CODES.values()}
    codes |= {"reason.manager_peer", "reason.self_manager"}  # gaps.recheck_list
    codes |= {f"role.{r}" for r in ("self", "manager", "peer", "skip_level", "subordinate")}
    codes |= {f"reason.{c}" for c in RELIABILITY_REASONS}  # the reliability table's reason
    assert len([c for c in codes if c.startswith("reason.")]) >= 13
    missing = sorted(codes - set(text.entries()))
    assert not missing, missing


def test_the_company_unit_is_a_code_worded_per_language() -> None:
    """A peer group or department row that stands for the whole company is the code ``company``:
    全公司 on a Chinese page, "Company" on an English one; real group names pass through."""
    from analytics.schema import COMPANY_UNIT

    frame = pl.DataFrame(
        {
            "peer_group": [COMPANY_UNIT, "研发 P4"],
            "dept": [COMPANY_UNIT, "研发中心"],
            "scope": ["company", "department"],
        }
    ).with_columns(
        reasons=pl.concat_list(
            text.phrase(
                "top_pct_in_peer_group", pct=0.05, group=pl.col("peer_group"), n=83, cycle="2025Q4"
            )
        )
    )
    zh = text.render_frame(frame, "zh")
    en = text.render_frame(frame, "en")
    assert zh["peer_group"].to_list() == ["全公司", "研发 P4"]
    assert en["dept"].to_list() == ["Company", "研发中心"]
    assert en["scope"].to_list() == ["Company", "Department"]
    assert en["reasons"].to_list() == [
        ["top 5% of Company (n=83) in 2025Q4"],
        ["top 5% of 研发 P4 (n=83) in 2025Q4"],
    ]
    assert zh["reasons"][0].to_list() == ["2025Q4 在全公司（n=83）中位列前5%"]
    # the names are data, not codes the catalogue would have to word
    assert set(text.codes_in(frame)) == {
        "unit.company",
        "unit.department",
        "reason.top_pct_in_peer_group",
    }


def test_table_headers_are_one_family() -> None:
    """Pages' plain tables and the exports take headers from the same ``column.<name>`` entries
    (no second ``col.*`` family to drift apart)."""
    from ui.tables import headers

    assert not [code for code in text.entries() if code.startswith("col.")]
    assert headers(["file", "cycle_id", "self_done"], "en") == {
        "file": "File",
        "cycle_id": "Cycle",
        "self_done": "Self done",
    }
    assert headers(["file"], "zh") == {"file": column_label("file", "zh")} == {"file": "文件"}


def test_counts_dates_and_zero_are_written_for_reading() -> None:
    """rev19 minor 4: "381630", "1 import(s)", ISO time stamps and "-0.000" on screen."""
    from analytics.text.render import render

    en = render("dataset.imports_title", "en", name="A", imports=1, ratings=381630)
    assert en == "A · 1 import · 381,630 ratings"
    assert "381,630 条评分" in render(
        "dataset.imports_title", "zh", name="A", imports=3, ratings=381630
    )
    stamp = "2026-12-04T14:57:40Z"
    assert render("dataset.deleted_title", "en", name="A", deleted_at=stamp) == (
        "A · deleted 4 Dec 2026, 14:57 UTC"
    )
    assert "2026年12月4日 14:57" in render(
        "dataset.deleted_title", "zh", name="A", deleted_at=stamp
    )
    assert "T14:58" not in render("packet.cover_note", "en", at="2026-12-04T14:58:07")
    from analytics.text.render import format_when

    assert format_when("not a time", "en") == "not a time"
    shift = render(
        "story.shift_story_no_kpi",
        "zh",
        dept="销售中心",
        from_cycle="Q3",
        to_cycle="Q4",
        n=424,
        change=-0.4,
        scale="1-5",
        score_scale="1-5",  # as stories.shift_sentences gives it: the decimals of 1-5
        company=-0.1,
        department=-0.3,
        lo=-0.5,
        hi=-0.1,
        rater=-0.0,
        individual=0.0,
    )
    # a department mean's individual part is 0 by construction, but a filtered scope's is not
    # (Sales IC3: -0.11): said, so the parts add up to the change as written (rev30b item 16)
    assert "评价人变化 0.00、个人因素 0.00。" in shift
    assert "平均变动 -0.40 分" in shift  # every number to the scale's decimals (rev19e minor 9)


def test_review19_wording() -> None:
    """rev19 minors 4-5: "1 of 2 departments are off", lowercase chart words, and a note that
    named the 5-point scale in a 0-100 dataset."""
    from analytics.findings.stories import material_shift
    from analytics.findings.units import Unit
    from analytics.text.render import phrase_value, render

    line = render(
        "overview.headline_guideline",
        "en",
        cycle="2025Q4",
        n=1,
        names=["销售中心/华东区"],
        units=2,
        inflated=1,
        deflated=0,
        mixed=0,
        people=40,
        moves=6,
        too_small=0,
        ways=[phrase_value("overview.n_way", n=1, way="inflated")],
        small=[],
        kind="department",  # the units' word (left31: a department's teams are teams)
    )
    assert "departments are off" not in line and "in 1 of 2 departments" in line
    assert render("fig.guideline", "en") == "Guideline" and render("fig.share", "en") == "Share"
    # the pairs' thresholds (0.2 SD of the person scores): the note gives the largest, in the
    # scale's points to its decimals, as the sentences beside it (rev19e minor 9, rev28a 1)
    pairs = pl.DataFrame({"min_shift": [0.0121, 0.01428]})
    note = render("attr.shift_limits", "zh", **material_shift(Unit("0-100", 0, 100), pairs))
    assert "标准差的 20%" in note and "至少 1.0；本范围为 1.4（0-100 分制）" in note
    assert "5.0" not in note and "5 分制 0.2" not in note
    note = render("attr.shift_limits", "en", **material_shift(Unit("1-5", 1, 5), pairs))
    assert "20% of the SD" in note and "at least 0.04; in this scope 0.06 (points on 1-5)" in note


def test_no_catalogue_code_is_defined_twice():
    """The catalogue's modules merge plain dicts (``TEXT.update``): a code defined twice
    silently keeps the last words, as ``calib.not_signed`` (the export's refusal) nearly
    became the list's "(not signed)"."""
    import ast
    from collections import defaultdict
    from pathlib import Path

    import analytics.text.catalogue as catalogue

    where: dict[str, list[str]] = defaultdict(list)
    for file in sorted(Path(catalogue.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Dict):
                continue
            for key, value in zip(node.keys, node.values, strict=True):
                langs = {k.value for k in getattr(value, "keys", []) if isinstance(k, ast.Constant)}
                if (
                    isinstance(key, ast.Constant)
                    and isinstance(key.value, str)
                    and langs
                    >= {
                        "zh",
                        "en",
                    }
                ):
                    where[key.value].append(f"{file.name}:{key.lineno}")
    assert len(where) > 1000
    assert not {code: at for code, at in where.items() if len(at) > 1}


def test_english_opens_a_parenthesis_after_a_space() -> None:
    """English words take a space before "(" ("Mean score per unit (2026Q2, …", session 45);
    the exceptions are names whose parenthesis is part of them (ICC(1,k)) and a quoted
    Chinese header."""
    import re

    glued = {
        code: words["en"]
        for code, words in catalogue_pkg.entries().items()
        if re.search(r"[\w}](?<!ICC)\((?!60%\))", words["en"])
    }
    assert glued == {}
