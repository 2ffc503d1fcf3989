"""Datasets in a real browser, part two: one import of a dataset deleted from the Data page
after a confirmation (the dataset's counts change, the other import stays), and a table row
that opens a person (the raters page's re-check list, the high-potential list) opening that
person in the dataset shown, with ``?dataset=`` and ``?employee=`` in the URL: in both
languages; and a dataset renamed there keeps its links.

The server reads a small database of its own (no demo): the default dataset (people X…) and
a dataset Beta (people B…), so a person opened from Beta can only be Beta's; and one dataset
per language with two imports (two years each) for the deletion."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import duckdb
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from analytics.cli import main
from analytics.findings import materialise, writes
from analytics.store import datasets
from analytics.text import render
from bench.startup import CHROMIUM, DashboardServer
from tests.e2e.test_browser import TITLES, assert_no_error, menu_to, wait_idle

pytestmark = pytest.mark.browser

LABEL = {"zh": "中文", "en": "English"}
TWO = {"zh": "两次导入", "en": "Two imports"}
TWO_KEY = {"zh": "两次导入", "en": "two-imports"}  # a Chinese name's characters kept (rev21)


def company(path: Path, seed: int, prefix: str, cycles: tuple[str, ...], people: int = 24):
    """A small company on 1-5: self, manager and two peers rate everyone on two dimensions;
    every fifth person's manager rates two points higher (a re-check case)."""
    rng = random.Random(seed)
    lines = ["工号,姓名,部门,考核周期,评价人工号,评价关系,考核维度,得分"]
    for cycle in cycles:
        for i in range(people):
            dept = ("研发中心", "市场部")[i % 2]
            base = 2 + i % 4
            raters = (
                (f"{prefix}{i:04d}", "自评"),
                (f"{prefix}{people + i % 3:04d}", "上级"),
                (f"{prefix}{(i + 1) % people:04d}", "同事"),
                (f"{prefix}{(i + 2) % people:04d}", "同事"),
            )
            for rater, role in raters:
                for dim in ("业绩", "能力"):
                    score = (
                        base
                        + rng.choice((-1, 0, 0, 1))
                        + (2 if role == "上级" and i % 5 == 0 else 0)
                    )
                    score = min(5, max(1, score))
                    lines.append(
                        f"{prefix}{i:04d},员工{i},{dept},{cycle},{rater},{role},{dim},{score}"
                    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ratings(path: Path, where: str = "") -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM reviews {where}").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assert Path(CHROMIUM).exists(), "Debian chromium is required: `make test` installs it"
    tmp = tmp_path_factory.mktemp("dataset_routes")
    dbp = tmp / "perflens.duckdb"
    three = ("2025H1", "2025H2", "2026H1")

    def load(csvs: list[Path], *dataset: str) -> None:
        args = ["--lang", "en", "import", *map(str, csvs), "--db", str(dbp), "--quiet"]
        assert main([*args, *(["--dataset", dataset[0]] if dataset else [])]) == 0

    # the default dataset, which no test opens (each names its dataset): its models not fitted
    # (the refresh after an import: 3-4 of the 4.5 CPU s of each load here)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(materialise, "refresh", lambda *a, **k: {})
        patch.setattr(writes, "refresh_database", lambda *a, **k: False)
        load([company(tmp / "x.csv", 1, "X", three)])
    load([company(tmp / "beta.csv", 2, "B", three)], "Beta")
    first = company(tmp / "first.csv", 3, "T", ("2025H1", "2025H2"), 12)
    second = company(tmp / "second.csv", 4, "T", ("2026H1", "2026H2"), 12)
    load([first, second], TWO["zh"])  # two imports (one a file) in one call: one refresh
    # the English dataset: the same two imports, its file a copy of the Chinese one's (a
    # dataset's file holds nothing of its key or name: the registry does). Why: importing them
    # again refitted the same models (5.4 of the fixture's 19 CPU s)
    twin = datasets.create(TWO["en"], dbp)
    shutil.copyfile(datasets.require(TWO_KEY["zh"], dbp).file, twin.file)
    keys = {d.label("en"): d.key for d in datasets.live(str(dbp))}
    assert keys[TWO["zh"]] == TWO_KEY["zh"] and keys[TWO["en"]] == TWO_KEY["en"]
    app = DashboardServer(dbp)
    try:
        app.wait_healthy(timeout=90)
        yield {"base": app.base, "db": dbp}
    finally:
        app.stop()


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def goto(page, base: str, name: str, lang: str, dataset: str) -> None:
    page.goto(f"{base}/{name}?lang={LABEL[lang]}&dataset={dataset}")
    page.get_by_role("heading", name=TITLES[lang][name]).first.wait_for(timeout=90_000)
    wait_idle(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_one_import_deleted_and_the_counts_change_then_renamed(server, browser, lang):
    """One import of the dataset deleted from the Data page after a confirmation: the counts
    change, the log keeps the import as deleted. Then, on the same page, the dataset renamed
    (:func:`rename_and_follow_an_old_link`: a test of its own that loaded the page again)."""
    key = TWO_KEY[lang]
    ds = next(d for d in datasets.live(str(server["db"])) if d.key == key)
    total = _ratings(ds.file)
    kept = _ratings(ds.file, "WHERE cycle_id LIKE '2026%'")
    assert 0 < kept < total
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    goto(page, server["base"], "data", lang, key)
    title = render("dataset.imports_title", lang, name=TWO[lang], imports=2, ratings=total)
    page.get_by_text(title).first.wait_for(timeout=60_000)
    # pick the first year's import and ask to delete it
    pick(page, f"imports_pick_{key}", "first.csv")
    page.locator(st_key(f"imports_del_{key}") + " button").click()
    wait_idle(page)
    confirm = render(
        "imports.confirm", lang, name=TWO[lang], file="first.csv", time="\x00", rows=1
    ).split("\x00")[0]
    page.get_by_text(confirm).first.wait_for(timeout=60_000)
    assert _ratings(ds.file) == total  # asked, not yet done
    page.locator(st_key(f"imports_yes_{key}") + " button").click()
    said = render("imports.deleted_page", lang, file="first.csv", ratings=1, other=0)
    page.get_by_text(said.split("：")[0].split(":")[0]).first.wait_for(timeout=120_000)
    wait_idle(page)
    assert_no_error(page)
    # the counts changed: one import and the second year's ratings left
    after = render("dataset.imports_title", lang, name=TWO[lang], imports=1, ratings=kept)
    page.get_by_text(after).first.wait_for(timeout=60_000)
    assert _ratings(ds.file) == kept
    # the log keeps the deleted import's line, worded as deleted
    # (the grid draws on a canvas: its accessible cells are in the page, not "visible")
    deleted = page.get_by_text(render("status.deleted", lang), exact=True).first
    deleted.wait_for(state="attached", timeout=30_000)
    assert params(page).get("dataset") == [key]
    rename_and_follow_an_old_link(page, browser, server, lang)
    page.close()


def st_key(key: str) -> str:
    """The CSS selector of a widget's ``key`` as Streamlit's ``st-key-`` class writes it
    (other than a-z, 0-9, _ and -, each character a "-": a Chinese dataset key's widgets)."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


def pick(page, key: str, text: str) -> None:
    """Pick the option holding ``text`` in the selectbox ``key`` (a click while the app is
    still running may not open its list: retried)."""
    box = page.locator(st_key(key)).get_by_role("combobox")
    item = page.get_by_role("option").filter(has_text=text).first
    for _ in range(3):
        wait_idle(page)
        box.click(timeout=60_000)
        try:
            item.wait_for(timeout=15_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    item.click(timeout=30_000)
    wait_idle(page)


def _click_first_row(page, key: str) -> None:
    grid = page.locator(st_key(key) + " [data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    grid.wait_for(timeout=60_000)
    box = grid.bounding_box()
    # the row-selection checkbox column of the first data row (header row is about 35 px)
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)


#: the pages whose table row opens a person, and the table: one journey a language, the first
#: page loaded, the next opened from the person's page by the sidebar's menu (which keeps the
#: dataset, the language); it was one test a page, each loading its page
ROW_PAGES = (("raters", "raters_recheck"), ("potential", "pot_hipo"))
#: the row pages each language takes. The high-potential row in zh only: what it checks beyond
#: the re-check row (the menu keeping ``?dataset=``, a row opening a person of the dataset
#: shown) does not depend on the language, and its English words are the person page's, which
#: the re-check row's person shows here, and the same list's row click in English on the demo
#: (tests/e2e/test_navigation.py, ``high_potential_row``: its person, ``?employee=``, Back)
ROW_PAGES_OF = {"zh": ROW_PAGES, "en": ROW_PAGES[:1]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_row_click_opens_the_person_of_the_dataset_shown(server, browser, lang):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    for i, (name, table) in enumerate(ROW_PAGES_OF[lang]):
        if i == 0:
            goto(page, server["base"], name, lang, "beta")
        else:
            menu_to(page, name, lang)
        assert params(page).get("dataset") == ["beta"], (name, page.url)
        assert "employee" not in params(page), (name, page.url)
        _click_first_row(page, table)
        page.get_by_role("heading", name=TITLES[lang]["person"]).first.wait_for(timeout=90_000)
        wait_idle(page)
        assert_no_error(page)
        history = render("person.history", lang)  # shown for a person found in this dataset
        page.get_by_role("heading", name=history).first.wait_for(timeout=60_000)
        page.wait_for_function(
            "() => new URLSearchParams(location.search).get('dataset') === 'beta'"
            " && new URLSearchParams(location.search).has('employee')",
            timeout=30_000,
        )
        got = params(page)
        assert got.get("dataset") == ["beta"], page.url
        (employee,) = got["employee"]
        assert employee.startswith("B"), page.url  # Beta's people only
        # the profile is drawn for that person (their header names the id)
        assert employee in page.locator('[data-testid="stMain"]').inner_text()
    page.close()


NEW = {"zh": "华南分公司", "en": "South Ltd"}


def rename_and_follow_an_old_link(page, browser, server, lang: str) -> None:
    """The Data page (at the dataset ``TWO_KEY[lang]``) renames the dataset: the success
    message, the dataset's section and the sidebar show the new name; its key stays, so
    ``?dataset=KEY`` still opens it (now under the new name) and the old name is gone."""
    key = TWO_KEY[lang]
    box = page.locator(st_key(f"dataset_rename_name_{key}") + " input")
    box.wait_for(timeout=60_000)
    box.fill(NEW[lang])
    box.press("Enter")
    wait_idle(page)
    page.locator(st_key(f"dataset_rename_{key}") + " button").click()
    said = render("dataset.renamed", lang, old=TWO[lang], name=NEW[lang], dataset_key=key)
    page.get_by_text(said).first.wait_for(timeout=60_000)
    wait_idle(page)
    assert_no_error(page)
    assert {d.key: d.label(lang) for d in datasets.live(str(server["db"]))}[key] == NEW[lang]
    assert params(page).get("dataset") == [key]
    # the dataset's own section is titled with the new name
    page.get_by_text(f"{NEW[lang]} · ").first.wait_for(timeout=30_000)
    # a link copied before the rename opens the same dataset, under its new name
    other = browser.new_page(viewport={"width": 1280, "height": 800})
    goto(other, server["base"], "overview", lang, key)
    picker = other.get_by_role("combobox", name=render("dataset.pick", lang), exact=True)
    picker.wait_for(timeout=30_000)
    shown = picker.evaluate(
        "e => (e.value || '') + ' ' + (e.closest('[data-baseweb=\"select\"]') || e).innerText"
    )
    assert NEW[lang] in shown and TWO[lang] not in shown, shown
    assert_no_error(other)
    assert params(other).get("dataset") == [key]
    other.close()
