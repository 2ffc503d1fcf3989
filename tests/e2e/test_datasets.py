"""Datasets in a real browser: a file imported into a new dataset from the Data page is shown
on its own (not pooled with the demo), the sidebar switches between datasets with
``?dataset=`` in the URL through page navigation, an unknown ``?dataset=`` is a message, and a
dataset is deleted after a confirmation, switching to another: in both languages.

On the small demo (``data_server``: 300 people, 3 cycles) as "the demo": what is tested is
the new dataset's and the demo's counts apart, not the demo's numbers (it served the bundled
2,000-person demo, whose every page computes more in the server). The server is the one the
other Data-page tests change (tests/conftest.py ``data_server``, their ``xdist_group``): the
demo's head count is read from its page before the import, whatever they added to it."""

from __future__ import annotations

import random
import re
from urllib.parse import parse_qs, urlparse

import pytest

from analytics.text import render
from tests.e2e.test_browser import (
    TITLES,
    assert_no_error,
    choose,
    literal,
    menu_to,
    open_page,
    wait_idle,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser_data")]

NAME = {"zh": "华东分公司", "en": "ACME Ltd"}
#: the key keeps a Chinese name's characters (rev21 item 10: "华东分公司" was ``dataset-1``)
KEY = {"zh": "华东分公司", "en": "acme-ltd"}


def key_class(key: str) -> str:
    """A widget key as Streamlit's ``st-key-`` class writes it (other than a-z, 0-9, _ and -
    each character a "-")."""
    return re.sub(r"[^a-zA-Z0-9_-]", "-", key)


PEOPLE = 16


def company_csv(path, seed: int):
    """A small company with the demo's department names (研发中心, 市场部), two cycles."""
    rng = random.Random(seed)
    lines = ["工号,姓名,部门,考核周期,评价人工号,评价关系,考核维度,得分"]
    for cycle in ("2026H1", "2026H2"):
        for i in range(PEOPLE):
            dept = ("研发中心", "市场部")[i % 2]
            for rater, role in (
                (f"X{PEOPLE + i % 3:04d}", "上级"),
                (f"X{(i + 1) % PEOPLE:04d}", "同事"),
            ):
                for dim in ("业绩", "能力"):
                    lines.append(
                        f"X{i:04d},员工{i},{dept},{cycle},{rater},{role},{dim},{rng.randint(2, 5)}"
                    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def dataset_param(page) -> list[str] | None:
    return parse_qs(urlparse(page.url).query).get("dataset")


def employees(page, lang: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(
        has_text=render("overview.employees", lang)
    )
    return metric.locator('[data-testid="stMetricValue"]').first.inner_text()


#: the languages that take the journey's steps whose outcome and words do not depend on the
#: language (the menu keeping ``?dataset=`` on a chart page, the person page of the dataset
#: with its person found): their words are no other than the every-page test's
#: (tests/e2e/test_browser.py), their outcome the dataset's key in the URL and the dataset's
#: person found; in English the journey goes from the overview on (a page drawn and a page
#: loaded fewer, and the overview not opened again by the menu)
ONE_LANGUAGE = ("zh",)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_import_switch_url_and_delete(data_server, browser, tmp_path, lang):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    base = data_server["base"]
    # the demo alone: its head count
    open_page(page, base, "overview", lang)
    demo_people = employees(page, lang)

    # 1. the Data page (by the sidebar's menu): a new dataset, named here, gets the upload
    menu_to(page, "data", lang)
    choose(page, render("dataset.target", lang), render("dataset.target_new", lang))
    name_box = page.get_by_label(render("dataset.new_name", lang), exact=True)
    name_box.fill(NAME[lang])
    name_box.press("Enter")
    wait_idle(page)
    path = company_csv(tmp_path / f"company_{lang}.csv", 7 if lang == "zh" else 8)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    button = page.get_by_role("button", name=f"{render('data.import', lang)} {path.name}")
    button.wait_for(timeout=120_000)
    button.click()
    created = render("dataset.created_named", lang, name=NAME[lang])
    page.get_by_text(created).first.wait_for(timeout=240_000)
    wait_idle(page)
    assert_no_error(page)
    # shown from now on: in the URL, in the sidebar
    assert dataset_param(page) == [KEY[lang]], page.url
    picker = page.get_by_role("combobox", name=render("dataset.pick", lang), exact=True)
    assert picker.count() == 1

    # 2. navigation keeps it; the overview counts this company alone (same department names)
    menu_to(page, "overview", lang)
    assert dataset_param(page) == [KEY[lang]], page.url
    assert employees(page, lang) != demo_people
    assert int(employees(page, lang).replace(",", "")) < 100
    label = "中文" if lang == "zh" else "English"
    if lang in ONE_LANGUAGE:
        menu_to(page, "distributions", lang)
        assert dataset_param(page) == [KEY[lang]], page.url
        assert_no_error(page)
        # the person page reads this dataset: its people, not the demo's
        page.goto(f"{base}/person?lang={label}&dataset={KEY[lang]}&employee=X0001")
        page.get_by_role("heading", name=TITLES[lang]["person"]).first.wait_for(timeout=90_000)
        wait_idle(page)
        assert_no_error(page)
        assert page.get_by_text(render("person.none", lang), exact=True).count() == 0
        assert dataset_param(page) == [KEY[lang]], page.url

    # 3. the sidebar switches back to the demo, and the URL says so (the first dataset, the
    # default, is what a URL without ?dataset= shows: Streamlit leaves a default value out)
    if lang in ONE_LANGUAGE:  # from the person page (the others are on the overview still)
        menu_to(page, "overview", lang)
    choose(page, render("dataset.pick", lang), render("dataset.default_name", lang))
    page.wait_for_function(
        "() => [null, 'default'].includes(new URLSearchParams(location.search).get('dataset'))",
        timeout=60_000,
    )
    wait_idle(page)
    assert employees(page, lang) == demo_people
    # a copied link opens the company's dataset again (and shows it for step 4)
    page.goto(f"{base}/overview?lang={label}&dataset={KEY[lang]}")
    page.get_by_role("heading", name=TITLES[lang]["overview"]).first.wait_for(timeout=90_000)
    wait_idle(page)
    assert int(employees(page, lang).replace(",", "")) < 100

    # 4. delete it from the Data page (by the menu, the dataset kept), with a confirmation; the
    # page switches to another dataset
    menu_to(page, "data", lang)
    assert dataset_param(page) == [KEY[lang]], page.url
    page.locator(f".st-key-dataset_del_{key_class(KEY[lang])} button").click()
    wait_idle(page)
    confirm = render("dataset.confirm", lang, name=NAME[lang])
    page.get_by_text(confirm).first.wait_for(timeout=60_000)
    page.locator(f".st-key-dataset_yes_{key_class(KEY[lang])} button").click()
    page.get_by_text(render("dataset.deleted_page", lang, name=NAME[lang])).first.wait_for(
        timeout=60_000
    )
    wait_idle(page)
    assert_no_error(page)
    assert dataset_param(page) in (None, ["default"]), page.url
    # kept as deleted, with its import log
    page.get_by_text(render("dataset.deleted_section", lang)).first.wait_for(timeout=30_000)
    # one dataset left: no dataset choice in the sidebar
    assert page.get_by_role("combobox", name=render("dataset.pick", lang), exact=True).count() == 0
    menu_to(page, "overview", lang)
    assert employees(page, lang) == demo_people

    # 5. an unknown dataset in a link: a message, not a traceback
    page.goto(f"{base}/overview?lang={label}&dataset=no-such-thing")
    page.get_by_text(literal("dataset.unknown_url", lang)).first.wait_for(timeout=90_000)
    wait_idle(page)
    assert page.locator('[data-testid="stException"]').count() == 0  # said, not a traceback
    assert "Traceback" not in page.locator("body").inner_text()
    page.close()
