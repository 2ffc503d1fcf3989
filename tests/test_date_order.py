"""The warning for dates whose day and month cannot be told apart (analytics.ingest.cells):
it quotes the file's own such dates, with their rows and the date each was read as."""

from __future__ import annotations

from datetime import date

import polars as pl

from analytics.ingest.cells import as_dates
from analytics.text import render


def _read(rows: list[int], cells: list[str | None]):
    frame = pl.DataFrame({"__row": rows, "hire_date": cells})
    return as_dates(frame, "hire_date", "入职日期", "en", "hr.csv")


def test_month_first_warning_names_the_files_values_and_rows():
    # a roster repeated on every rating row: 05/06/2018 on rows 35-36, said once (row 35)
    out, problems, warnings = _read(
        [2, 35, 36, 41, 50],
        ["2020/1/5", "05/06/2018", "05/06/2018", "03/04/2025", "43831"],
    )
    assert out.get_column("hire_date").to_list() == [
        date(2020, 1, 5),
        date(2018, 5, 6),
        date(2018, 5, 6),
        date(2025, 3, 4),
        date(2020, 1, 1),
    ]
    assert not any(p.height for p in problems)
    ((code, params),) = warnings
    assert code == "dates_month_first"
    assert params["n"] == 3
    assert params["examples"] == ["35: 05/06/2018 → 2018-05-06", "41: 03/04/2025 → 2025-03-04"]
    en = render(f"import.{code}", "en", **params)
    assert "'入职日期' (3 rows) do not tell day from month" in en
    assert "35: 05/06/2018 → 2018-05-06, 41: 03/04/2025 → 2025-03-04" in en
    assert "03/04/2025)" not in en.split("date read:")[0]  # no fixed example before the list
    zh = render(f"import.{code}", "zh", **params)
    assert "列「入职日期」中 3 行的日期无法区分日/月" in zh
    assert "35: 05/06/2018 → 2018-05-06、41: 03/04/2025 → 2025-03-04" in zh


def test_month_first_warning_lists_five_then_an_ellipsis():
    cells = [f"0{m}/0{m + 1}/2020" for m in range(1, 8)]  # 01/02 … 07/08: none tells
    _, _, warnings = _read(list(range(2, 9)), cells)
    ((_, params),) = warnings
    assert params["n"] == 7
    assert params["examples"][:2] == ["2: 01/02/2020 → 2020-01-02", "3: 02/03/2020 → 2020-02-03"]
    assert len(params["examples"]) == 6 and params["examples"][-1] == "…"


def test_no_warning_when_the_order_changes_no_date():
    # 05/05/2018 reads the same either way; 13/04/2025 tells the order (day first)
    _, _, same = _read([2, 3], ["05/05/2018", "2021-07-01"])
    assert same == []
    out, _, told = _read([2, 3], ["13/04/2025", "03/04/2025"])
    assert told == []
    assert out.get_column("hire_date").to_list() == [date(2025, 4, 13), date(2025, 4, 3)]
