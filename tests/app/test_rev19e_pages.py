"""Minor findings of the fresh-user review of issue 19 (rev19e), on the pages (AppTest, the
small demo): the person picker lists "id name" while ``?employee=`` keeps the bare id (minor 3);
the rater page keeps its rater in the URL and names them (minor 7); a landed ``?section=`` is
never written back into the URL (nit 14)."""

from __future__ import annotations

import json
import shutil

import pytest

from analytics.auth.roles import ask_whom
from analytics.store import datasets, db
from analytics.text import render
from tests.app.apptest import open_page
from tests.readonly import rows


def _names(demo) -> dict[str, str]:
    return dict(rows(demo, "SELECT employee_id, name FROM employees"))


def _biggest_department(demo) -> tuple[str, list[str]]:
    """The department with the most people, and its people's ids in order."""
    ((dept,),) = rows(
        demo, "SELECT department FROM employees GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    )
    ids = rows(demo, "SELECT employee_id FROM employees WHERE department = ? ORDER BY 1", [dept])
    return dept, [e for (e,) in ids]


def _header(at, emp: str) -> str:
    (header,) = [m.value for m in at.markdown if m.value.startswith("**") and emp in m.value]
    return header


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_person_picker_names_people_and_the_url_keeps_the_id(demo, lang):
    """The picker listed ids only (rev19e minor 3): with a department filter set, each option
    reads "id name" (``person.option``); a choice writes the bare id into ``?employee=`` (the
    form every link uses: a bound picker wrote "id name" there and links stopped opening
    people), drops the change shown for the person before (``?pair=``), and the picker
    follows the URL: an earlier URL again (Back) shows that person, a link opens its person."""
    names = _names(demo)
    dept, inside = _biggest_department(demo)
    a, b = inside[1], inside[2]
    at = open_page("pages/person.py", lang, query={"employee": a, "pair": "2026Q1"}, dept=dept)
    picker = at.selectbox(key="employee")
    assert picker.label == render("person.pick", lang)
    assert picker.value == a and at.query_params["employee"] == a  # a link's bare id opens a
    assert render("person.named", lang, name=names[a], id=a) in _header(at, a)
    listed = [o.split(" ")[0] for o in picker.options]
    assert set(listed) <= set(inside) and a in listed
    # "id name · department" since rev21 item 6
    worded = [render("person.option_dept", lang, id=e, name=names[e], dept=dept) for e in listed]
    assert picker.options == worded
    assert all(o == f"{e} {names[e]} · {dept}" for o, e in zip(picker.options, listed, strict=True))
    picker.set_value(b).run()  # a choice in the picker
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["employee"] == b, at.query_params  # the id, not "id name"
    assert "pair" not in at.query_params  # a's change, not b's
    assert at.query_params["dept"] == dept  # the filter stays
    assert at.selectbox(key="employee").value == b
    assert render("person.named", lang, name=names[b], id=b) in _header(at, b)
    at.query_params["employee"] = a  # Back: the earlier URL again
    at.run()
    assert at.selectbox(key="employee").value == a
    assert render("person.named", lang, name=names[a], id=a) in _header(at, a)
    # typing a name in the search narrows the list to the people of that name, named
    c = next(e for e in reversed(inside) if e not in listed[:5])
    at.text_input(key="person_search").set_value(names[c]).run()
    options = at.selectbox(key="employee").options
    assert render("person.option_dept", lang, id=c, name=names[c], dept=dept) in options
    assert all(names[o.split(" ")[0]] == names[c] for o in options if o.split(" ")[0] != a)
    at.selectbox(key="employee").set_value(None).run()  # cleared: no one, and not in the URL
    assert "employee" not in at.query_params
    assert render("person.none", lang) in [i.value for i in at.info]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_person_picker_without_names_lists_ids(demo, lang):
    """A roster without names: the picker lists the ids alone, under the ids' label, and no
    option reads "None" (the names are the imported roster's; some files have none)."""
    con = db.connect(demo)
    try:
        con.execute("UPDATE employees SET name = NULL")
    finally:
        con.close()
    dept, inside = _biggest_department(demo)
    at = open_page("pages/person.py", lang, query={"employee": inside[0]}, dept=dept)
    picker = at.selectbox(key="employee")
    assert picker.label == render("person.pick_ids", lang)
    listed = [o.split(" ")[0] for o in picker.options]
    assert listed and set(listed) <= set(inside)
    assert picker.options == [
        render("person.option_id_dept", lang, id=e, dept=dept) for e in listed
    ]
    assert picker.value == inside[0] and at.query_params["employee"] == inside[0]
    assert not [o for o in picker.options if "None" in o]


@pytest.mark.parametrize("lang", ["zh"])
def test_dataset_switch_drops_the_person_from_the_url(demo, lang):
    """The people of one dataset are nobody in another: switching the dataset in the sidebar
    takes ``?employee=`` (no widget's: the URL owns it) out of the URL; the picker is empty.
    (中文 only: AppTest words the dataset picker's value outside the script run, where the
    language is the default, so in English it fails to find it among the English options.)"""
    other = datasets.create("Second company", demo)
    other.file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo, other.file)
    dept, inside = _biggest_department(demo)
    at = open_page("pages/person.py", lang, query={"employee": inside[0]}, dept=dept)
    assert at.selectbox(key="employee").value == inside[0]
    at.sidebar.selectbox(key="dataset_pick").set_value(other.key).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params.get("dataset") == other.key
    assert "employee" not in at.query_params, at.query_params
    assert at.selectbox(key="employee").value is None
    assert render("person.none", lang) in [i.value for i in at.info]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_landed_section_is_never_written_back(demo, lang):
    """rev19e nit 14: after a link into a section (``?section=recheck``) the next URL the
    session wrote carried the section again, so Back and copied addresses landed at a section
    no longer shown. The session lands (the scroll script, which also takes the section out of
    the browser's address) and drops the parameter from its copy of the URL: the next URL it
    writes has none, though the browser's next rerun still names the section (its frontend's
    copy of the query string)."""
    dept, _ = _biggest_department(demo)
    at = open_page("pages/raters.py", lang, dept=dept)
    at.query_params["section"] = "recheck"  # a link into the page's re-check list
    at.run()
    scripts = [e.proto.srcdoc for e in at.get("iframe")]
    assert any('"recheck"' in s and "replaceState" in s for s in scripts), scripts
    # a second dataset: the session writes ?dataset= into the URL on its next run
    other = datasets.create("Second company", demo)
    other.file.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo, other.file)
    assert at.query_params.get("section") == "recheck"  # the browser's copy, sent again
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params.get("dataset") and at.query_params.get("dept") == dept
    assert "section" not in at.query_params, at.query_params


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rater_from_the_url_is_detailed_by_name(demo, lang):
    """The rater picked on the leniency chart was not in the URL and the detail line gave the id
    only (rev19e minor 7): ``/raters?rater=E…`` (a copied link) details that rater, named as
    ``person.named``; a rater not in this scope details no one."""
    names = _names(demo)
    ((rater,),) = rows(
        demo,
        "SELECT rater_id FROM reviews WHERE rater_id <> employee_id "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    )
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
    # ... and says so (rev24b: a department head's link to a rater outside their scope was
    # dropped without a word, where ?dept= and ?employee= say it)
    said = ask_whom(render("auth.rater_outside", lang, rater_id="NOBODY"), lang, None)
    assert said in [w.value for w in at.warning], [w.value for w in at.warning]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_overview_rater_counts_say_what_they_count(demo, lang):
    """The tile said 评价人 61 and the headline "50 位评价人中" (rev19e minor 13): the tile counts
    everyone who rated, self-ratings too, the headline raters of others; each says so."""
    ((everyone, others),) = rows(
        demo,
        "SELECT count(DISTINCT rater_id), "
        "count(DISTINCT rater_id) FILTER (WHERE rater_role <> 'self') FROM reviews",
    )
    at = open_page("pages/overview.py", lang)
    (tile,) = [m for m in at.metric if m.label == render("overview.raters", lang)]
    # said in a line under the tiles (fiximp30: a tooltip's button reads "Help for …" in English)
    assert tile.value == f"{everyone:,}" and not tile.proto.help
    assert render("overview.raters_help", lang) in [c.value for c in at.caption]
    said = render("overview.raters_unsure", lang, all=0, kinds=[])  # the headline's clause
    of_others = "位评价他人的评价人中" if lang == "zh" else "raters of others"
    assert of_others in said
    (line,) = [m.value for m in at.markdown if of_others in m.value]
    head = line.split(of_others)[0] if lang == "zh" else line.split(of_others)[0].split("of ")[-1]
    counted = int("".join(ch for ch in head.split("；")[-1] if ch.isdigit()))
    assert counted == others <= everyone, (line, others, everyone)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_person_header_words_a_missing_level_and_job_family(demo, lang):
    """rev19e nit: a file without 职级 / 岗位序列 gave the header "· — · — ·"; without 团队
    an unlabelled "—" stood for the team (session 45 tester G)."""
    con = db.connect(demo)
    try:
        (emp,) = con.execute("SELECT min(employee_id) FROM employees").fetchone()
        con.execute(
            "UPDATE employees SET level = NULL, job_family = NULL, team = NULL "
            "WHERE employee_id = ?",
            [emp],
        )
    finally:
        con.close()
    at = open_page("pages/person.py", lang, employee=emp)
    (header,) = [m.value for m in at.markdown if m.value.startswith("**") and emp in m.value]
    assert render("person.no_level", lang) in header, header
    assert render("person.no_family", lang) in header and "· — · — ·" not in header, header
    assert render("person.no_team", lang) in header and "· — ·" not in header, header


def test_distributions_at_team_level_invites_no_drill(demo):
    """rev19e nit: a team's bar chart said "点击柱子下钻" with nothing below; the page draws it
    without the invitation (and no drill), without an error."""
    ((dept, team),) = rows(
        demo,
        "SELECT department, team FROM employees WHERE team IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1",
    )
    at = open_page("pages/distributions.py", "zh", dept=dept, team=team)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    texts = [s["layout"].get("title", {}).get("text", "") for s in specs]
    titles = [x for x in texts if x.startswith("各单元平均分")]
    assert len(titles) == 1, texts
    assert titles and all("点击" not in title for title in titles), titles
