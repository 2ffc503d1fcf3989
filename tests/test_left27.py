"""left27: rev26a's open items on the reviewer's workbook (``rev23a_db``): the trend lists'
netted numbers (item 4), the 销售中心 packet's heat map against the company (item 5), and
label nits (item 9): the final score named as its column, the shift warning's full stop, the
signer without sign-in, the write-back's file name."""

from __future__ import annotations

import html
from pathlib import Path

import polars as pl
import pytest

from analytics.findings.report import build_findings
from analytics.findings.units import convert
from analytics.store import db
from analytics.text import render
from tests.sim.guided import GUIDELINE

# --- item 4: the risers and decliners netted of a department shift ---------------------------


@pytest.fixture(scope="module")
def company(rev23a_db):
    con = db.connect(rev23a_db, read_only=True)
    try:
        yield build_findings(
            con, sections=("risers", "decliners", "high_potential", "potential_check")
        )
    finally:
        con.close()


def _codes(reasons: pl.Series) -> list[set[str]]:
    return [set(r.struct.field("code").to_list()) for r in reasons]


@pytest.mark.parametrize("name, word", [("risers", "rose"), ("decliners", "declined")])
def test_a_netted_trend_shows_its_netted_change_and_says_its_percentile_is_raw(company, name, word):
    """rev26a item 4: 000151 王佳秀 was a riser at 62.2 -> 64.8 ("+2.6 over a year") because
    销售中心's -5.3 was taken out, with nothing visible saying so, and "目前在M1中位于第 1
    百分位" on the company's percentile. Each row now carries ``net_change`` (latest - first
    - the shift taken out), and a netted row's percentile phrase says it is the company's on
    the score as recorded; a row with nothing taken out keeps the plain phrase."""
    rows = convert(company.sections[name], company.unit)
    raw = rows["latest_adjusted"] - rows["first_adjusted"]
    assert ((rows["net_change"] - (raw - rows["dept_net"])).abs() < 1e-9).all()
    netted = rows.filter(pl.col("dept_net") != 0)
    assert netted.height > 0 and (netted["dept_net"] < -5).all()  # 销售中心's -5.3
    plain = rows.filter(pl.col("dept_net") == 0)
    for codes in _codes(netted["reasons"]):
        assert f"{word}_company_pct" in codes and word not in codes
    for codes in _codes(plain["reasons"]):
        assert word in codes and f"{word}_company_pct" not in codes
    if name == "risers":  # the netted rise is what listed them: more than 5 points net
        assert ((netted["net_change"] - (netted["latest_adjusted"] - netted["first_adjusted"])) > 5).all()  # fmt: skip
    for lang in ("zh", "en"):
        said = render("column.net_change", lang)
        assert said and said != "column.net_change"


def test_the_netted_percentile_is_worded_as_the_companys():
    params = dict(first=0.622, first_cycle="2025H1", latest=0.648, cycle="2026H1", pct=1.0)
    params |= {"group": "M1", "score_scale": "0-100"}
    assert "全公司" in render("reason.rose_company_pct", "zh", **params)
    assert "未扣除部门整体变动" in render("reason.rose_company_pct", "zh", **params)
    assert "company-wide" in render("reason.declined_company_pct", "en", **params)


def test_the_trend_tables_keep_the_numbers_and_reasons_in_view_at_1280():
    """The page's trend tables put the netted change, the shift taken out and the reasons
    first, and :func:`ui.tables.fit` keeps them visible in a full-width table."""
    from ui.tables import PRIORITY, fit

    first = PRIORITY["pot_risers"]
    assert PRIORITY["pot_decliners"] == first
    assert first[:3] == ("net_change", "dept_net", "reasons")
    frame = pl.DataFrame(
        {
            "employee_id": ["000151"],
            "first_adjusted": [62.2],
            "latest_adjusted": [64.8],
            "dept_net": [-5.3],
            "net_change": [7.9],
            "reasons": [["含部门整体变动 -5.3（销售中心 2026H1；0-100 分制），已从趋势中扣除" * 2]],
            "peer_group": ["M1"],
            "slope": [3.96],
            "slope_ci95_low": [0.1],
            "slope_ci95_high": [7.8],
        }
    )
    config, _ = fit(frame, {}, 1.0, first)
    for col in first[:3]:
        assert not config[col].get("hidden"), col


# --- item 5: the 销售中心 packet's heat map: every cycle, against the company -----------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_department_packet_draws_every_cycle_against_the_company(sales_packet_findings, lang):
    """rev26a item 5: the 销售中心 2026H1 packet drew one column centred on its own mean (the
    -5.3 invisible), then none (session 26). Now: the department as a whole and its four units
    in all three cycles, each cell its mean less the company's of that cycle; the whole
    department near the company in 2025H1-H2 and about 5 points under it in 2026H1."""
    from analytics.export.figures import heatmap
    from analytics.export.packet import to_packet_html
    from tests.test_pack26 import _section

    findings = sales_packet_findings
    heat = convert(findings.heat_company, findings.unit)
    assert sorted(heat["cycle_id"].unique()) == ["2025H1", "2025H2", "2026H1"]
    assert heat["unit"].n_unique() == 5  # 销售中心 itself and its 4 units
    whole = heat.filter(pl.col("unit") == "销售中心").sort("cycle_id")
    diff = (whole["mean"] - whole["company_mean"]).to_list()
    assert all(abs(d) < 1.5 for d in diff[:2]) and -6 < diff[2] < -4, diff
    fig = heatmap(findings.heat_company, lang, findings.unit)  # as the packet draws it
    cells = fig.data[0]
    assert set(cells.x) == {"2025H1", "2025H2", "2026H1"}
    assert f"{diff[2]:+.1f}" in cells.text and cells.marker.cmin == -cells.marker.cmax
    title = render("fig.heatmap_company", lang)
    assert fig.layout.title.text.startswith(title[: title.index("（" if lang == "zh" else " (")])
    page = to_packet_html(findings, lang)
    guide = _section(page, findings, "guideline_units", lang)
    assert "class='chart'" in guide
    note = render("packet.heatmap_company", lang, cycle="2026H1", dept="销售中心")
    assert html.escape(note) in guide
    assert html.escape(render("packet.heatmap_one_cycle", lang, cycle="2026H1")) not in guide


# --- item 9: labels -----------------------------------------------------------------------


def test_the_final_score_is_named_as_its_column():
    """rev26a item 9: "分制 0-100（按数据识别）：KPI得分、价值观得分、总分、最终得分" for a file
    with no 最终得分: the final score read from 总分 is 总分, said once; a final score of no
    known column keeps the catalogue's word."""
    from analytics.ingest.preview import scale_table
    from analytics.ingest.scalebook import scale_lines
    from analytics.ingest.scales import ScaleChoice

    choices = [
        ScaleChoice(kind, cycle, dim, "0-100", "detected", label=label)
        for cycle in ("2025H1", "2026H1")
        for kind, dim, label in (
            ("rating", "KPI得分", None),
            ("rating", "总分", None),
            ("final", "overall", "总分"),
        )
    ]
    for lang in ("zh", "en"):
        (line,) = scale_lines(choices, lang)
        assert line == render("import.scale_line_detected", lang, scale="0-100", dimensions="KPI得分, 总分".replace(", ", "、" if lang == "zh" else ", "))  # fmt: skip
        assert render("import.final_score_dimension", lang) not in line
        assert scale_table(choices, lang).height == 4  # 总分 of each cycle once
    bare = [ScaleChoice("final", "2026H1", "overall", "0-100", "detected")]
    assert render("import.final_score_dimension", "zh") in scale_lines(bare, "zh")[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_shift_warning_ends_its_sentence(lang):
    """rev26a item 9: the downturn warning (meeting page, packet, record) had no final "。"."""
    params = dict(dept="销售中心", from_cycle="2025H2", to_cycle="2026H1", shift=-0.053)
    params |= dict(lo=-0.059, hi=-0.048, n=218, n_rest=678, score_scale="0-100")
    for code in ("reason.scope_shift_department_wide", "reason.scope_shift_none"):
        said = render(code, lang, **params)
        assert said.endswith("。" if lang == "zh" else "."), said
        assert not said.endswith(("。。", ".."))


@pytest.fixture(scope="module")
def local_record(rev23a_db, tmp_path_factory):
    """The reviewer's 销售中心 2026H1 meeting without sign-in: created and signed off by the
    local administrator, 李静 named as the host."""
    import shutil

    from analytics.auth.roles import LOCAL_ADMIN
    from analytics.calibration import sessions

    path = tmp_path_factory.mktemp("left27_record") / "xx.duckdb"
    shutil.copyfile(rev23a_db, path)
    sid = sessions.create(
        path,
        cycle="2026H1",
        department="销售中心",
        author=LOCAL_ADMIN.user,
        facilitator="李静",
        guideline=GUIDELINE,
    )
    sessions.sign_off(path, sid, LOCAL_ADMIN.user)
    s = sessions.load(path, sid)
    return path, s, sessions.writeback_rows(path, s)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_local_sign_off_names_the_host_as_host(local_record, lang):
    """rev26a item 9: "由 本机管理员 于 … 签字确认" while the host was 李静: without sign-in
    the record says who clicked cannot be told and names the host as the host; a signer who
    signed in is named alone."""
    from analytics.auth.roles import LOCAL_ADMIN, signer_words
    from analytics.calibration.record import record_html

    _, s, rows = local_record
    who = signer_words(LOCAL_ADMIN.user, "李静", lang)
    assert who == render(
        "signin.local_signer", lang, who=render("signin.local_user", lang), host="李静"
    )
    assert html.escape(who) in record_html(s, rows, lang)
    assert signer_words("李静", "李静", lang) == "李静"
    assert signer_words(LOCAL_ADMIN.user, LOCAL_ADMIN.user, lang) == render(
        "signin.local_user", lang
    )


def test_the_write_back_is_named_by_the_datasets_own_name(local_record, monkeypatch):
    """rev26a item 9: calibration_xx制造2025-2026_… lower-cased the dataset she named
    XX制造2025-2026 (its key); the file is named as the dataset, a database no dataset names
    by its file."""
    from analytics.store.datasets import Dataset
    from ui import calibration

    path, s, _ = local_record
    named = Dataset("xx制造2025-2026", "XX制造2025-2026", Path(path), "2026-12-05")
    monkeypatch.setattr(calibration, "listing", lambda: [named])
    name = calibration.download_name(str(path), s, "xlsx")
    assert name.startswith("calibration_XX制造2025-2026_session"), name
    monkeypatch.setattr(calibration, "listing", lambda: [])
    assert calibration.download_name(str(path), s, "xlsx").startswith("calibration_xx_session")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_packet_names_the_cycles_as_her_file_did(sales_packet_findings, lang):
    """rev26a item 9: her workbook says 2026年上半年, the packet only 2026H1. The cover says
    which file name each code stands for (the scope's cycles, and the cycle its carried change
    starts from: left28); a dataset whose files used the codes themselves gets no such line."""
    from dataclasses import replace

    from analytics.export.packet import to_packet_html

    findings = sales_packet_findings
    assert findings.cycle_labels == {"2025H2": "2025年下半年", "2026H1": "2026年上半年"}
    pairs = [
        render("packet.cycle_name", lang, cycle=c, label=v)
        for c, v in findings.cycle_labels.items()
    ]
    line = render("packet.cycle_names", lang, names=pairs)
    assert html.escape(line) in to_packet_html(findings, lang)
    plain = to_packet_html(replace(findings, cycle_labels={}), lang)
    assert html.escape(line) not in plain and "2026年上半年" not in plain


def test_a_cut_header_is_widened_by_the_room_the_table_leaves():
    """A header longer than the cut (120 px) is shown whole when the table's columns leave the
    room ("校正分（95%区间" was cut beside empty room at 1280 px, session 44's tester); without
    the room it stays cut, whole on hover."""
    from ui.tables import fit

    long = "校正分（95%区间）"
    frame = pl.DataFrame({"employee_id": ["E1"], "bin_score": ["B"]})
    config, hidden = fit(frame, {"bin_score": long})
    whole = int(sum(14 if ord(ch) > 0x2E80 else 7.5 for ch in long)) + 30  # text and padding
    assert hidden == 0 and config["bin_score"]["width"] >= whole
    narrow, hidden = fit(frame, {"bin_score": long}, share=0.35)  # 8 px to spare
    assert hidden == 0 and 120 <= narrow["bin_score"]["width"] < whole
    assert narrow["bin_score"]["help"] == long
