"""End to end on the demo enterprise: import → materialise → findings → report files.

The planted ground truth (data/demo/truth.json semantics) must be found through the real import
path, not only on the generator's frames.
"""

from __future__ import annotations

import json

import openpyxl
import polars as pl
import pytest

from analytics import text
from analytics.cli import main as cli
from analytics.export import report as export
from analytics.findings.materialise import refresh
from analytics.findings.report import build_findings
from analytics.findings.stored import load_company_parts
from analytics.store import db


@pytest.fixture(scope="module")
def findings(demo_company):
    """The report's findings read from the demo database as its import left it: refreshed
    there, as `make run` and the CLI do (a second refresh here refitted every all-cycles
    model again for the same numbers); built once per run (tests/conftest.py
    ``demo_company``, with its packet in each language)."""
    return demo_company.findings


@pytest.fixture(scope="module")
def json_of(findings):
    """``json_of(lang)``: the JSON export of :func:`findings` in ``lang``, made once per module
    and language for the tests that read it (0.25 CPU s each)."""
    made: dict[str, dict] = {}

    def get(lang: str) -> dict:
        if lang not in made:
            made[lang] = export.to_json(findings, lang)
        return made[lang]

    return get


@pytest.fixture(scope="module")
def workbook(findings):
    """The company workbook in a language with every row (``full``) of the two sections the
    tests read (raters, high potential), built once per module and language; read-only mode
    parses only the sheet a test reads. Every section's sheets: test_report_cli_json_xlsx_html
    (the whole workbook of every section took about ten seconds a language)."""
    import io
    from dataclasses import replace

    built: dict[str, bytes] = {}
    read = replace(findings, sections={k: findings[k] for k in ("raters", "high_potential")})

    def open_in(lang: str) -> openpyxl.Workbook:
        if lang not in built:
            built[lang] = export.to_xlsx(read, lang, full=True)
        return openpyxl.load_workbook(io.BytesIO(built[lang]), read_only=True)

    return open_in


def test_round_trip_counts_match_generator(demo_build, demo_con):
    truth = demo_build["demo"].truth["counts"]
    got = {
        t: demo_con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
        for t in ("employees", "cycles", "reviews", "kpi_results", "outcomes", "appeals")
    }
    assert got == {k: truth[k] for k in got}
    assert demo_con.execute("SELECT count(*) FROM quarantine").fetchone()[0] == 0
    scales = dict(
        demo_con.execute("SELECT cycle_id, any_value(scale) FROM reviews GROUP BY 1").fetchall()
    )
    assert scales["2025Q1"] == "1-5" and scales["2026Q2"] == "0-100"


def test_materialised_parts_are_current(demo_con):
    from analytics.findings.scope import overview_counts

    parts = load_company_parts(demo_con)
    assert {
        "co:effects",
        "co:adjusted",
        "co:changes",
        "co:profile",
        "co:recheck",
        "co:reliability",
        "co:scores",
        "co:kpi_drivers",
    } <= set(parts)
    stored, fresh = overview_counts(demo_con), overview_counts(demo_con, use_materialised=False)
    for name in fresh:
        assert stored[name].equals(fresh[name]), name


def test_lenient_and_severe_raters_found(findings, demo_build):
    truth = demo_build["demo"].truth
    raters = findings["raters"]
    for label, planted in (
        ("lenient", truth["lenient_raters"]),
        ("severe", truth["severe_raters"]),
    ):
        flagged = set(raters.filter(pl.col("flags").list.contains(label))["rater_id"])
        tp = len(flagged & set(planted))
        precision = tp / len(flagged) if flagged else 0.0
        recall = tp / len(planted)
        assert precision >= 0.8 and recall >= 0.8, (label, precision, recall)
    # every flag carries its interval and n, never a bare flag
    flagged = raters.filter(pl.col("flags").list.len() > 0)
    assert flagged["ci95_low"].null_count() == 0 and (flagged["n"] > 0).all()
    lenient = flagged.filter(pl.col("flags").list.contains("lenient"))
    assert (lenient["ci95_low"] > 0).all()


def test_rater_status_in_words_in_every_export(findings, workbook, json_of, demo_company):
    """raters[].status and its reason in the JSON (codes kept, reason worded), the workbook and
    the packet (worded), beside ``identified``."""
    from analytics.stats.raters import RATER_STATUSES
    from analytics.text.labels import column_label, section_label

    raters = findings["raters"]
    assert set(raters["status"]) <= set(RATER_STATUSES)
    assert raters.filter(pl.col("status") == "not_estimable")["effect"].null_count() == (
        raters.filter(pl.col("status") == "not_estimable").height
    )
    for lang in ("zh", "en"):
        rows = json_of(lang)["raters"]
        assert all(r["status"] in RATER_STATUSES and "identified" in r for r in rows)
        assert all(set(r["status_reason"]) == {"code", "params", "text"} for r in rows)
        words = text.render_column(raters["status"], lang, "status").to_list()
        wb = workbook(lang)
        sheet = list(wb[section_label("raters", lang)].iter_rows(values_only=True))
        col = sheet[0].index(column_label("status", lang))
        assert [r[col] for r in sheet[1:]] == words
        assert not any("_" in w for w in words)
        page = demo_company.packet[lang]
        # the counts' clauses (those counting 0 left out, rev21 item 11)
        counts = text.render("raters.n_clear", lang, n=0)
        assert counts.split("0")[1].strip() in page.replace("&#x27;", "'")


def test_central_tendency_and_halo_found(findings, demo_build):
    truth = demo_build["demo"].truth
    raters = findings["raters"]
    ct = set(raters.filter(pl.col("flags").list.contains("central_tendency"))["rater_id"])
    halo = set(raters.filter(pl.col("flags").list.contains("halo"))["rater_id"])
    assert set(truth["central_tendency_raters"]) <= ct
    assert set(truth["halo_raters"]) <= halo


def test_department_shock_attributed_to_department(findings, demo_build):
    shock = demo_build["demo"].truth["department_shock"]
    changes = findings["attribution"].filter(
        (pl.col("dept") == shock["department"]) & (pl.col("to_cycle") == shock["cycle_id"])
    )
    assert changes.height > 100
    dept_part = changes["department"].mean()
    assert abs(dept_part - shock["shift"]) < 0.03
    assert changes["department"].abs().mean() > changes["individual"].abs().mean()
    # parts add up to the observed change
    total = changes.select(
        pl.col("company") + pl.col("department") + pl.col("rater") + pl.col("individual")
    )
    assert (total.to_series() - changes["change"]).abs().max() < 1e-9
    shifts = findings["department_shifts"].filter(
        (pl.col("dept") == shock["department"]) & (pl.col("to_cycle") == shock["cycle_id"])
    )
    assert shifts["significant"][0] and shifts["ci95_high"][0] < 0
    # only the shocked department is headlined (the others' small counter-moves are immaterial)
    headlined = findings["department_shifts"].filter(pl.col("significant"))
    assert set(headlined["dept"]) == {shock["department"]}


def test_rising_stars_top_of_high_potential(findings, demo_build):
    stars = set(demo_build["demo"].truth["rising_stars"])
    hipo = findings["high_potential"]
    top = set(hipo.filter(pl.col("rank") <= 50)["employee_id"])
    assert len(stars & top) / len(stars) >= 0.7
    first = hipo.row(0, named=True)
    assert first["reasons"] and first["box_label"] and 1 <= first["box"] <= 9


def test_report_cli_json_xlsx_html(tmp_path, demo_db, monkeypatch):
    """The report command writes each format, and ``--full`` keeps every row. The four calls
    ask for the same findings (销售中心, every cycle, the administrator's view): built by the
    first, handed to the others (each call still parses, opens, checks the viewer, writes the
    file and logs it; a build per call: 3.8 CPU s for the test instead of 3.2)."""
    from analytics.findings import report

    built: dict[tuple, object] = {}
    real = report.build_findings

    def once(con, **kw):
        key = (kw.get("cycles"), kw.get("department"), kw["view"].allowed)
        if key not in built:
            built[key] = real(con, **kw)
        return built[key]

    monkeypatch.setattr(report, "build_findings", once)
    out = {ext: tmp_path / f"report.{ext}" for ext in ("json", "xlsx", "html")}
    for path in out.values():
        assert (
            cli(
                [
                    "--lang",
                    "zh",
                    "report",
                    "--db",
                    str(demo_db),
                    "--out",
                    str(path),
                    "--department",
                    "销售中心",
                ]
            )
            == 0
        )
    full = tmp_path / "full.json"
    assert (
        cli(
            [
                "report",
                "--db",
                str(demo_db),
                "--out",
                str(full),
                "--department",
                "销售中心",
                "--full",
            ]
        )
        == 0
    )
    data = json.loads(out["json"].read_text(encoding="utf-8"))
    every = json.loads(full.read_text(encoding="utf-8"))
    assert every["rows_left_out"] == [] and len(every["attribution"]) > len(data["attribution"])
    for key in (
        "scope",
        "distribution",
        "reliability",
        "raters",
        "recheck",
        "attribution",
        "high_potential",
    ):
        assert key in data
    assert data["scope"]["department"] == "销售中心"
    r = data["raters"][0]
    assert {"rater_id", "n", "effect", "ci95_low", "ci95_high", "flags"} <= set(r)
    assert {f for x in data["raters"] for f in x["flags"]} <= {
        "lenient",
        "severe",
        "central_tendency",
        "halo",
        "recency",
    }
    h = data["high_potential"][0]
    assert {"employee_id", "rank", "box", "reasons"} <= set(h)
    a = data["attribution"][0]
    assert {
        "employee_id",
        "from_cycle",
        "to_cycle",
        "change",
        "company",
        "department",
        "rater",
        "individual",
    } <= set(a)
    summary = data["attribution_summary"]
    assert {"department_shifts", "against_trend", "manager_changes"} <= set(summary)
    assert {
        "rater_change_share",
        "confounded_with_rater_change",
        "broad_shift",
        "n_manager_changed",
    } <= set(summary["department_shifts"][0])
    teams = summary["manager_changes"]  # the demo swaps two managers in 销售中心 (2025Q3)
    assert teams and {
        "manager_from",
        "manager_to",
        "n",
        "diff_vs_stable",
        "estimated",
        "reason",
    } <= set(teams[0])
    assert "上级由" in teams[0]["reason"]["text"]
    wb = openpyxl.load_workbook(out["xlsx"])
    assert "评价人一致性" in wb.sheetnames and "高潜名单" in wb.sheetnames
    ws = wb["评价人一致性"]
    assert ws.freeze_panes == "A2"
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    # the demo's last cycle is on 0-100, the others on 1-5: effects on 0-1, said so
    mixed = text.render("unit.header", "zh", label="评分效应", unit=text.render("unit.mixed", "zh"))
    assert "评价人工号" in header and mixed in header
    html = out["html"].read_text(encoding="utf-8")
    assert "<h1>绩效校准报告" in html and "plotly" in html and "销售中心" in html


def test_report_keeps_the_people_to_act_on(findings, json_of):
    """The per-person sections of a report keep the flagged raters, the material changes and
    adjustments and the people other sections name; each says how many rows it left out and
    how to get them all; no column only repeats another."""
    import io

    from analytics.findings.methods import MIN_SHIFT

    attribution, adjusted, raters = (findings[s] for s in ("attribution", "adjusted", "raters"))
    for lang in ("zh", "en"):
        js = json_of(lang)
        left = {k["section"]: k for k in js["rows_left_out"]}
        for section, key, frame in (
            ("attribution", "attribution", attribution),
            ("adjusted", "adjusted_scores", adjusted),
            ("raters", "raters", raters),
        ):
            k = left[section]
            assert k["shown"] == len(js[key]) < k["total"] == frame.height, section
            assert "CSV" in k["text"] and k["rule"]["text"] in k["text"]
            assert not {"cycle_order", "from_order", "to_order"} & set(js[key][0])
        flagged = raters.filter(pl.col("flags").list.len() > 0)["rater_id"]
        assert flagged.len() and set(flagged) <= {r["rater_id"] for r in js["raters"]}
        material = attribution.filter(
            (pl.col("change").abs() >= MIN_SHIFT)
            & ((pl.col("change_ci95_low") > 0) | (pl.col("change_ci95_high") < 0))
        )
        shown = {(r["to_cycle"], r["employee_id"]) for r in js["attribution"]}
        assert material.height and set(material.select("to_cycle", "employee_id").rows()) <= shown
        named = set(findings["high_potential"]["employee_id"])
        latest = {r["employee_id"] for r in js["adjusted_scores"]}
        assert named <= latest and len({r["cycle_id"] for r in js["adjusted_scores"]}) == 1
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(findings, "en")), read_only=True)
    note = list(book[text.render("report.kept_sheet", "en")].iter_rows(values_only=True))
    assert [r[1] for r in note[1:]] == [left[s]["shown"] for s in left]


def test_spreadsheet_formula_neutralisation():
    frame = pl.DataFrame(
        {
            "txt": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "ok", "-"],
            "num": [-1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
            "lst": [["=x"], ["a"], [], ["b"], ["c"], ["d"], ["e"], ["f"]],
        }
    )
    out = export.neutralise(frame)
    assert out["txt"].to_list() == [
        '\'=HYPERLINK("x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "ok",
        "'-",
    ]
    assert out["num"].to_list()[0] == -1.0  # numbers are not text: untouched
    assert out["lst"][0] == "'=x"
    from analytics.findings.report import Findings
    from analytics.findings.scope import Scope

    f = Findings(Scope(), {"recheck": frame})
    wb = openpyxl.load_workbook(__import__("io").BytesIO(export.to_xlsx(f, "en")))
    ws = wb.worksheets[0]
    assert ws["A2"].value == '\'=HYPERLINK("x")' and ws["A2"].data_type == "s"


def test_tiny_company_with_single_cycle_people(tmp_path):
    """Small, ragged data (people with one cycle, raters outside the roster, no outcomes or KPIs)
    must build every section without errors: the Data page runs this right after an upload."""
    from analytics.findings.scope import Scope, load_scope
    from analytics.findings.sections import SECTIONS, compute_section
    from analytics.ingest.pipeline import import_file

    rows = ["工号,部门,考核周期,评价人工号,评价关系,考核维度,得分"]
    for emp in range(12):
        for cyc in ("2025Q1", "2025Q2") if emp < 8 else ("2025Q2",):
            rows.append(f"E{emp},研发中心/平台,{cyc},E{emp},自评,专业能力,{3 + emp % 3}")
            rows.append(f"E{emp},研发中心/平台,{cyc},M1,上级,专业能力,{2 + emp % 4}")
            rows.append(f"E{emp},研发中心/平台,{cyc},P{emp % 3},同事,专业能力,{1 + emp % 5}")
            rows.append(
                f"E{emp},研发中心/平台,{cyc},P{(emp + 1) % 3},同事,专业能力,{1 + (emp + 2) % 5}"
            )
    path = tmp_path / "tiny.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    con = db.connect(tmp_path / "tiny.duckdb")
    import_file(con, path)
    assert refresh(con)["profile"] == 12
    data = load_scope(con, Scope())
    for name in SECTIONS:
        frame = compute_section(name, data)
        assert frame is not None, name
    single = data.extras["co:profile"].filter(pl.col("n_cycles") == 1)
    assert single.height == 4 and single["slope"].null_count() == 4
    con.close()


# --- words: analyses return codes, the text layer words them ----------------------------------
def _cjk(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


@pytest.fixture(scope="module")
def department_findings(demo_db):
    con = db.connect(demo_db)
    f = build_findings(con, department="销售中心")
    con.close()
    return f


def test_no_language_columns_in_any_section(findings, department_findings):
    for f in (findings, department_findings):
        for name, frame in f.sections.items():
            assert not [c for c in frame.columns if c.endswith(("_zh", "_en"))], name


def test_every_emitted_code_is_in_the_catalogue_in_both_languages(findings, department_findings):
    frames = [*findings.sections.values(), *department_findings.sections.values()]
    seen = text.codes_in(frames)
    # the demo plants enough to exercise the reasons of every list and the rater flags
    for code in (
        "reason.top_pct_in_peer_group",
        "reason.rising",
        "reason.severe_raters",
        "reason.declined",
        "reason.department_shift_significant",
        "reason.against_department_trend",
        "reason.manager_peer",
        "flag.lenient",
        "flag.severe",
        "design.sparse_panels",
        "role.manager",
    ):
        assert code in seen, code
    for code, params_seen in seen.items():
        for params in params_seen[:25]:
            zh = text.render_strict(code, "zh", **params)  # raises on a missing code or param
            en = text.render_strict(code, "en", **params)
            data = [v for v in params.values() if isinstance(v, str)]
            for value in data:
                en = en.replace(value, "")
            assert not _cjk(en), (code, en)
            if code.startswith("reason."):
                assert _cjk(zh), (code, zh)


def test_report_reasons_follow_the_language(findings, workbook, json_of):
    import html as html_lib

    from analytics.export.cells import html_table
    from analytics.text.labels import column_label, section_label

    hipo = findings["high_potential"]
    assert text.is_phrase(hipo.schema["reasons"].inner)
    for lang in ("zh", "en"):
        words = text.render_column(hipo["reasons"], lang, "reason").to_list()
        # XLSX: the reasons column holds the rendered sentences of the same rows
        wb = workbook(lang)
        rows = list(wb[section_label("high_potential", lang)].iter_rows(values_only=True))
        col = rows[0].index(column_label("reasons", lang))
        assert [r[col] or "" for r in rows[1:]] == ["; ".join(w) for w in words]
        # HTML tables (the printed packet's) and CSV words come from the same renderer; the
        # packet itself is checked in test_packet.py
        page = html_table(hipo, lang, limit=5)
        assert html_lib.escape(words[0][0]) in page
        csv = export.to_csv(hipo, lang).decode("utf-8-sig")
        assert words[0][0] in csv and column_label("reasons", lang) in csv.splitlines()[0]
        # JSON keeps the code and its parameters beside the words
        first = json_of(lang)["high_potential"][0]["reasons"][0]
        assert set(first) == {"code", "params", "text"} and first["text"] == words[0][0]
        reasons = [w for ws in words for w in ws]
        if lang == "zh":
            assert all(_cjk(w) for w in reasons)
        else:  # English words; only data values (peer groups, potential labels) may be Chinese
            values = {
                v
                for params in text.codes_in(hipo)["reason.top_pct_in_peer_group"]
                + text.codes_in(hipo).get("reason.rated_high_potential", [])
                for v in params.values()
                if isinstance(v, str)
            }
            for v in sorted(values, key=len, reverse=True):
                reasons = [w.replace(v, "") for w in reasons]
            assert not any(_cjk(w) for w in reasons)
