"""rev25b (words25) on the pages: what a sentence says where its statistic cannot be had."""

from __future__ import annotations

from tests.app.test_small_scope_pages import ADMIN, HEAD_ONLY, shown, start


def test_one_person_scope_says_cannot_be_estimated_and_one_person(demo, monkeypatch):
    """rev25b item 5: an administrator's one-person scope printed "95% CI — to —" and
    "1 people" under the inflation chart, and "1 of 1 people" on the potential page."""
    at = start(demo, monkeypatch, ADMIN, lang="English", **HEAD_ONLY)
    at.switch_page("pages/distributions.py").run()
    assert not at.exception, [e.value for e in at.exception]
    text = shown(at)
    assert "— to —" not in text and "1 people" not in text
    assert "scores of 1 person; the 95% CI and p cannot be estimated" in text
    at.switch_page("pages/potential.py").run()
    assert "1 people" not in shown(at) and "1 of 1 person" in shown(at)
    zh = start(demo, monkeypatch, ADMIN, lang="中文", **HEAD_ONLY)
    zh.switch_page("pages/distributions.py").run()
    text = shown(zh)
    assert "— 至 —" not in text and "95% CI 与 p 值无法估计" in text
