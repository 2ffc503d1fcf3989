"""The two-sheet workbook, then a CSV correction for one person. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import HEAD, role_sheets, rows  # noqa: E402

role_sheets(HERE / "sheets.xlsx")

corr = [r for r in rows() if r[0] == "E001"]
text = ",".join(HEAD) + "\n" + "".join(",".join(map(str, [*r[:7], 1])) + "\n" for r in corr)
(HERE / "correction.csv").write_text(text, encoding="utf-8")
