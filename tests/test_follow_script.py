"""The script that follows a hidden page link (ui.state.follow_script) carries values of the
address (the breadcrumb's bound filters): none of them may end the script element."""

from __future__ import annotations

import json
import re

from ui.state import follow_script

HOSTILE = "</script><script>alert(1)</script>"


def test_an_address_value_cannot_end_the_script():
    html = follow_script("perflens_open_person_1", {"dept": [HOSTILE, "研发中心 & <b>"]})
    assert html.count("</script>") == 1 and html.endswith("</script>")
    assert "<script>alert" not in html and "<b>" not in html
    # the value still reaches the script whole: the literal reads back as the same JSON
    literal = re.search(r"const bound = (\{.*?\});", html).group(1)
    assert json.loads(literal) == {"dept": [HOSTILE, "研发中心 & <b>"]}
