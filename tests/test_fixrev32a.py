"""The fresh review rev32a's findings (fixrev32a), below the pages."""

from __future__ import annotations

import sys

import playwright.sync_api
import polars as pl
import pytest

from analytics.export import packet
from analytics.ingest.preview import view_file
from analytics.ingest.readers import ROW
from analytics.ingest.typos import near_duplicate_units
from analytics.store import db
from analytics.text import render
from tests.test_fiximp31 import two_sheet_workbook


class _Recorder:
    """A stand-in for Playwright that records the time limits it is given; ``fail`` is raised
    by ``goto`` (a busy machine's load that does not finish)."""

    def __init__(self, fail: Exception | None) -> None:
        self.fail, self.limits = fail, {}

    def __call__(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    @property
    def chromium(self):
        return self

    def launch(self, **kw):
        self.limits["launch"] = kw.get("timeout")
        return self

    def new_page(self):
        return self

    def set_default_timeout(self, ms):
        self.limits["default"] = ms

    def goto(self, url, **kw):
        self.limits["goto"] = kw.get("timeout")
        if self.fail is not None:
            raise self.fail

    def emulate_media(self, **kw):
        pass

    def pdf(self, **kw):
        return b"%PDF-1.4"

    def close(self):
        self.limits["closed"] = True


def _print(monkeypatch, html_text: str, fail: Exception | None, lang: str = "zh"):
    fake = _Recorder(fail)
    monkeypatch.setattr(playwright.sync_api, "sync_playwright", fake)
    monkeypatch.setenv(packet.CHROMIUM_ENV, sys.executable)  # a file that exists
    monkeypatch.setattr(packet, "unified_text_layer", lambda pdf: pdf)  # the fake's is no PDF
    return fake, (lambda: packet.pdf_bytes(html_text, lang))


def test_the_packet_print_allows_for_its_size_not_a_fixed_30_seconds(monkeypatch):
    """rev32a finding 1: the company packet (4.9 MB of HTML) failed Playwright's fixed 30 s
    load on a busy machine. Hand: 120 s + 30 s per MB: 4,900,000 bytes -> 267 s, for the
    start and for the load."""
    html_text = "<p>" + "x" * (4_900_000 - 3)
    assert packet.print_timeout_s(html_text) == pytest.approx(267.0)
    fake, run = _print(monkeypatch, html_text, None)
    assert run() == b"%PDF-1.4"
    assert fake.limits == {
        "launch": 267_000,
        "default": 267_000,
        "goto": 267_000,
        "closed": True,
    }


def test_a_print_that_times_out_raises_a_worded_error(monkeypatch):
    """rev32a finding 1: a load that does not finish raised Playwright's English
    ``Page.goto: Timeout 30000ms exceeded`` and the page said nothing; now it is
    :class:`PrintFailed`, worded in the packet's language (its first line is what the
    download's failure note shows), with the limit in seconds and what to do."""
    slow = playwright.sync_api.TimeoutError("Page.goto: Timeout 120000ms exceeded.")
    fake, run = _print(monkeypatch, "<p>short</p>", slow)
    with pytest.raises(packet.PrintFailed) as zh:
        run()
    assert fake.limits["closed"] and fake.limits["goto"] == pytest.approx(120_000, abs=1)
    first = str(zh.value).splitlines()[0]
    assert first.startswith("PDF 未能生成：打印用的浏览器在 120 秒内没有完成。")
    assert "稍后再点一次" in first and "HTML" in first and "Timeout" not in first
    _fake, run = _print(monkeypatch, "<p>short</p>", slow, "en")
    with pytest.raises(packet.PrintFailed, match=r"did not finish within 120 s\. The server"):
        run()
    crash = playwright.sync_api.Error("Target page, context or browser has been closed")
    _fake, run = _print(monkeypatch, "<p>short</p>", crash, "en")
    with pytest.raises(packet.PrintFailed, match=r"failed \(Target page, context or browser"):
        run()


def test_a_potential_sheet_says_the_records_it_completes_and_no_rater_warning(tmp_path):
    """rev32a finding 4: her 潜力 sheet (potentials of 142 people of the 最终结果 sheet and one
    person it alone has) read "导入时将写入 1 行", and both sheets got "没有评价人列，分数和等级只
    作为考核结果导入". Here, small: 最终结果 12 records; 潜力 6, of which 5 complete records of
    最终结果 and 1 is new; the warning is the score sheet's only."""
    path = tmp_path / "华峰制造_考核结果.xlsx"
    two_sheet_workbook(path)
    con = db.connect(tmp_path / "p.duckdb")
    try:
        view, _ = view_file(con, path)
    finally:
        con.close()
    assert [(tv.sheet, tv.rows_to_load, tv.rows_joined) for tv in view.tables] == [
        ("最终结果", 12, 0),
        ("潜力", 1, 5),
    ]
    warned = [p["sheet"] for code, p in view.warnings if code == "no_rater_results_only"]
    assert warned == [" [最终结果]"]
    assert render("data.will_load_joined", "zh", rows=1, joined=5) == (
        "导入时本工作表新写入 1 行，并补全前面工作表中的 5 条记录"
        "（导入结果中的“导入 N 行”只计新写入的行）。"
    )
    assert render("data.will_load_joined", "en", rows=1, joined=5).startswith(
        "The import will load 1 new row from this sheet and complete 5 records of the earlier"
    )


def test_a_typo_note_says_how_many_rows_it_does_not_name():
    """rev32a finding 5: "「质量郡」的 5 人 …（行 3274, 3307, 3489, 7487, 11770）" named 5 of the
    6 rows without a word of the sixth (24248). Here 销售布 on 6 rows of one person (rows 42-47
    after 40 销售部 rows from row 2): the first five and "1 more"; 5 rows: no such words."""
    people = [f"E{i:03d}" for i in range(40)] + ["E999"] * 6
    base = pl.DataFrame(
        {
            ROW: list(range(2, len(people) + 2)),
            "employee_id": people,
            "department": ["销售部"] * 40 + ["销售布"] * 6,
        }
    )
    ((code, typo),) = near_duplicate_units(base, {"department": "部门"}, "f.csv")
    assert code == "unit_near_duplicate" and typo["rows"] == "42, 43, 44, 45, 46"
    zh = render("import.unit_near_duplicate", "zh", **typo)
    en = render("import.unit_near_duplicate", "en", **typo)
    assert "可能是笔误（行 42, 43, 44, 45, 46，另有 1 行）。" in zh
    assert "perhaps a typo (rows 42, 43, 44, 45, 46 and 1 more)." in en
    ((_, five),) = near_duplicate_units(base.head(45), {"department": "部门"}, "f.csv")
    assert "（行 42, 43, 44, 45, 46）。" in render("import.unit_near_duplicate", "zh", **five)
