"""Two sheets of one workbook for the same people: self ratings and manager ratings. (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import role_sheets  # noqa: E402

role_sheets(HERE / "sheets.xlsx")
