"""fix33b: the smaller findings of the reviews rev33a and rev33b, on hand-made frames."""

from __future__ import annotations

import polars as pl
import pytest

from analytics import text
from analytics.calibration.evidence import attribution_line
from analytics.findings.units import unit_of_scales


def _change(answer: str | None) -> pl.DataFrame:
    """1261's change 2026Q1→2026Q2 on 1-5 (spans 4): +0.50 of which the pooled environment
    +0.35 (company 0, department +0.0875 × 4), rater +0.05, individual +0.10; company and
    department not separable, the pair answered ``answer``."""
    return pl.DataFrame(
        {
            "employee_id": ["1261"],
            "from_cycle": ["2026Q1"],
            "to_cycle": ["2026Q2"],
            "change": [0.125],
            "company": [0.0],
            "department": [0.0875],
            "rater": [0.0125],
            "individual": [0.025],
            "environment_joint": [True],
            "environment_answer": [answer],
        }
    )


@pytest.mark.parametrize(
    ("answer", "code", "zh", "en"),
    [  # the department's own change, as the person page's waterfall and the warning say
        (
            "own",
            "cs.evidence_attribution",
            "公司整体 0.00、部门 +0.35",
            "company 0.00, department +0.35",
        ),
        (
            "none",
            "cs.evidence_attribution",
            "公司整体 0.00、部门 +0.35",
            "company 0.00, department +0.35",
        ),
        (
            "company",
            "cs.evidence_attribution",
            "公司整体 +0.35、部门 0.00",
            "company +0.35, department 0.00",
        ),
        # not told: one environment, "cannot be separated"
        (
            "joint",
            "cs.evidence_attribution_joint",
            "公司或部门环境 +0.35",
            "company or department +0.35",
        ),
        (
            None,
            "cs.evidence_attribution_joint",
            "公司或部门环境 +0.35",
            "company or department +0.35",
        ),
    ],
)
def test_the_meetings_evidence_follows_the_pairs_answer(answer, code, zh, en):
    """rev33a finding 4: the meeting's 人员证据 of 1261 said "公司或部门环境 +0.35（…无法分开…）"
    where the pair is answered as the department's own change (the person page: 部门环境)."""
    got, params = attribution_line(_change(answer), None, "2026Q2", unit_of_scales(["1-5"]))
    assert got == code
    words = {lang: text.render(got, lang, **params) for lang in ("zh", "en")}
    assert zh in words["zh"] and en in words["en"], words
    assert "变动 +0.50" in words["zh"] and "评价人 +0.05、个人 +0.10" in words["zh"], words
    assert ("无法分开" in words["zh"]) == code.endswith("_joint"), words
