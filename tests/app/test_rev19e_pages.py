"""Minor findings of the fresh-user review of issue 19 (rev19e), on the pages (AppTest, the
small demo): the rater page keeps its rater in the URL and names them. (The person picker's
"id name" options were taken back: a selectbox bound to the URL keeps its formatted option
there, so ``?employee=E000017`` no longer matched and every route into a person broke.)"""

from __future__ import annotations

import json

import pytest

from analytics.store import db
from analytics.text import render
from tests.app.apptest import open_page


def _names(demo) -> dict[str, str]:
    con = db.connect(demo, read_only=True)
    try:
        return dict(con.execute("SELECT employee_id, name FROM employees").fetchall())
    finally:
        con.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rater_from_the_url_is_detailed_by_name(demo, lang):
    """The rater picked on the leniency chart was not in the URL and the detail line gave the id
    only (rev19e minor 7): ``/raters?rater=E…`` (a copied link) details that rater, named as
    ``person.named``; a rater not in this scope details no one."""
    names = _names(demo)
    con = db.connect(demo, read_only=True)
    try:
        (rater,) = con.execute(
            "SELECT rater_id FROM reviews WHERE rater_id <> employee_id "
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    at = open_page("pages/raters.py", lang, query={"rater": rater})
    named = render("person.named", lang, name=names[rater], id=rater)
    head = render(
        "raters.selected", lang, rater=named, effect=0, lo=0, hi=0, unit="", n=0, ratees=0, flags=""
    )
    head = head[: head.index(named) + len(named)]  # "评价人 韩娟鹏（E000091）"
    (line,) = [i.value for i in at.info if i.value.startswith(head)]
    assert rater in line and names[rater] in line
    at = open_page("pages/raters.py", lang, query={"rater": "NOBODY"})
    words = render(
        "raters.selected",
        lang,
        rater="NOBODY",
        effect=0,
        lo=0,
        hi=0,
        unit="",
        n=0,
        ratees=0,
        flags="",
    )
    assert not [i for i in at.info if i.value.startswith(words[:8])]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_rater_counts_say_what_they_count(demo, lang):
    """The tile said 评价人 61 and the headline "50 位评价人中" (rev19e minor 13): the tile counts
    everyone who rated, self-ratings too, the headline raters of others; each says so."""
    con = db.connect(demo, read_only=True)
    try:
        everyone, others = con.execute(
            "SELECT count(DISTINCT rater_id), "
            "count(DISTINCT rater_id) FILTER (WHERE rater_role <> 'self') FROM reviews"
        ).fetchone()
    finally:
        con.close()
    at = open_page("pages/overview.py", lang)
    (tile,) = [m for m in at.metric if m.label == render("overview.raters", lang)]
    assert tile.value == f"{everyone:,}" and tile.proto.help == render("overview.raters_help", lang)
    said = render("overview.headline_raters_none", lang, all=0, not_estimable=0, insufficient=0)
    of_others = "位评价他人的评价人中" if lang == "zh" else "raters of others"
    assert of_others in said
    (line,) = [m.value for m in at.markdown if of_others in m.value]
    head = line.split(of_others)[0] if lang == "zh" else line.split(of_others)[0].split("of ")[-1]
    counted = int("".join(ch for ch in head.split("；")[-1] if ch.isdigit()))
    assert counted == others <= everyone, (line, others, everyone)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_person_header_words_a_missing_level_and_job_family(demo, lang):
    """rev19e nit: a file without 职级 / 岗位序列 gave the header "· — · — ·"."""
    con = db.connect(demo)
    try:
        (emp,) = con.execute("SELECT min(employee_id) FROM employees").fetchone()
        con.execute(
            "UPDATE employees SET level = NULL, job_family = NULL WHERE employee_id = ?", [emp]
        )
    finally:
        con.close()
    at = open_page("pages/person.py", lang, employee=emp)
    (header,) = [m.value for m in at.markdown if m.value.startswith("**") and emp in m.value]
    assert render("person.no_level", lang) in header, header
    assert render("person.no_family", lang) in header and "· — · — ·" not in header, header


def test_distributions_at_team_level_invites_no_drill(demo):
    """rev19e nit: a team's bar chart said "点击柱子下钻" with nothing below; the page draws it
    without the invitation (and no drill), without an error."""
    con = db.connect(demo, read_only=True)
    try:
        dept, team = con.execute(
            "SELECT department, team FROM employees WHERE team IS NOT NULL "
            "GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    at = open_page("pages/distributions.py", "zh", dept=dept, team=team)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    texts = [s["layout"].get("title", {}).get("text", "") for s in specs]
    titles = [x for x in texts if x.startswith("各单元平均分")]
    assert len(titles) == 1, texts
    assert titles and all("点击" not in title for title in titles), titles
