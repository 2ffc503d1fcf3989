"""Two sheets that repeat two ratings (a copied block). (generated input: run this file to write it again)"""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
from s_make import HEAD, rows, workbook, write  # noqa: E402

wb = workbook(HERE / "repeat.xlsx")
data = rows()
ws = wb.add_worksheet("一部")
ws.write_row(0, 0, HEAD)
write(ws, 1, data[:20])
ws = wb.add_worksheet("二部")
ws.write_row(0, 0, HEAD)
write(ws, 1, data[18:])
wb.close()
