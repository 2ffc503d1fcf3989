"""The layers contract (``[tool.importlinter]`` in pyproject.toml) holds, and it bites.

The contracts are checked by import-linter over the import graph of ``analytics`` and ``ui``
(imports inside functions included). To show that each contract catches what it is meant to
catch, the same pyproject.toml is run against a small package laid out like ``analytics`` with
one violation planted at a time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]
NAMES = {c["name"]: c["id"] for c in CONFIG["contracts"]}
LINT = "from importlinter.cli import lint_imports_command\nlint_imports_command()\n"


def lint_imports(cwd: Path) -> tuple[int, set[str], str]:
    """Run import-linter with the pyproject.toml in ``cwd``: exit code, ids of the broken
    contracts, and the report."""
    proc = subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache", "--no-logo"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = proc.stdout + proc.stderr
    broken = {NAMES[m] for m in re.findall(r"^(.+) BROKEN$", out, flags=re.MULTILINE)}
    return proc.returncode, broken, out


def test_contracts_cover_the_issue():
    """Layers, no Streamlit under analytics, pure statistics, no cycles: all four present."""
    assert set(NAMES.values()) == {"layers", "no-streamlit", "pure-stats", "acyclic"}
    layers = next(c for c in CONFIG["contracts"] if c["id"] == "layers")["layers"]
    assert layers.index("analytics.findings") < layers.index("analytics.store")
    assert layers.index("analytics.store") < layers.index("analytics.stats")
    assert layers.index("analytics.stats") < layers.index("analytics.text")
    assert layers.index("analytics.findings") < layers.index("analytics.ingest | analytics.auth")


def test_analytics_keeps_its_layers():
    code, broken, out = lint_imports(ROOT)
    assert code == 0 and not broken, out


# a miniature analytics: every layer present, each module importing only the bottom layer
MODULES = {
    "analytics/__init__.py": "",
    "analytics/__main__.py": "from analytics import cli, runtime\n",
    "analytics/cli.py": "from analytics.demo import m as demo\nfrom analytics.export import m\n",
    "analytics/runtime.py": "",
    "analytics/schema.py": "",
    "ui/__init__.py": "",
    "ui/m.py": "import streamlit\n\nfrom analytics.findings import m\n",
}
for _layer in (
    "calibration",
    "export",
    "demo",
    "findings",
    "ingest",
    "auth",
    "store",
    "stats",
    "text",
):
    MODULES[f"analytics/{_layer}/__init__.py"] = ""
    MODULES[f"analytics/{_layer}/m.py"] = "from analytics import schema\n"

PLANTS = {
    "stats imports store": (
        {"analytics/stats/planted.py": "from analytics.store import m\n"},
        {"layers", "pure-stats"},
    ),
    "stats imports duckdb": ({"analytics/stats/planted.py": "import duckdb\n"}, {"pure-stats"}),
    "store imports findings inside a function": (
        {"analytics/store/planted.py": "def f():\n    from analytics.findings import m\n"},
        {"layers"},
    ),
    "auth imports findings": (
        {"analytics/auth/planted.py": "from analytics.findings import m\n"},
        {"layers"},
    ),
    "text imports streamlit": (
        {"analytics/text/planted.py": "import streamlit\n"},
        {"no-streamlit"},
    ),
    "findings imports ui": (
        {"analytics/findings/planted.py": "from ui import m\n"},
        {"no-streamlit"},
    ),
    "a cycle inside findings": (
        {
            "analytics/findings/a.py": "from analytics.findings import b\n",
            "analytics/findings/b.py": "def f():\n    from analytics.findings import a\n",
        },
        {"acyclic"},
    ),
}


def write_tree(root: Path, modules: dict[str, str]) -> None:
    for rel, text in modules.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")


def test_miniature_without_violation_is_clean(tmp_path):
    write_tree(tmp_path, MODULES)
    code, broken, out = lint_imports(tmp_path)
    assert code == 0 and not broken, out


@pytest.mark.parametrize("case", list(PLANTS))
def test_planted_violation_breaks_its_contract(tmp_path, case):
    planted, expected = PLANTS[case]
    write_tree(tmp_path, {**MODULES, **planted})
    code, broken, out = lint_imports(tmp_path)
    assert code != 0, out
    assert broken == expected, out


def test_no_test_skips_itself_silently():
    """A missing test dependency fails the suite (requirements.txt pins every one, `make
    install` installs them) instead of skipping the tests that need it without a word."""
    skip = re.compile(r"importorskip|find_spec|pytest\.skip\(|mark\.skip(if)?\b")
    hits = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if path.name != "test_architecture.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if skip.search(line)
    ]
    assert hits == []


#: our packages whose private names (``_x``) stay inside their module
OURS = ("analytics", "bench", "ui")


#: ``from <ours>... import names`` (a parenthesised list may span lines), inside functions too
FROM_OURS = re.compile(
    r"^[ \t]*from[ \t]+((?:" + "|".join(OURS) + r")(?:\.\w+)*)[ \t]+import[ \t]+"
    r"(\([^)]*\)|[^\n#;]*)",
    re.MULTILINE,
)


def private_imports(source: str) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every ``from <ours> import _x`` in ``source``, inside functions
    too (read with a regular expression: parsing every test module took seconds)."""
    out = []
    for match in FROM_OURS.finditer(source):
        names = [n.split(" as ")[0].strip() for n in match.group(2).strip("()").split(",")]
        private = [n for n in names if n.startswith("_")]
        if private:
            out.append((source.count("\n", 0, match.start()) + 1, match.group(1), private))
    return out


def test_no_private_name_imported_from_another_module():
    """Production code and tests alike use the public API of ``analytics`` (and of ``bench``
    and ``ui``): a name a test needs is made public and documented. (A test module's helpers
    imported by another test module are not counted: they are not the product's API.)"""
    hits = [
        f"{path.relative_to(ROOT)}:{line} imports {names} from {module}"
        for folder in (*OURS, "pages", "tests")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line, module, names in private_imports(path.read_text(encoding="utf-8"))
    ]
    hits += [
        f"dashboard.py:{line} imports {names} from {module}"
        for line, module, names in private_imports((ROOT / "dashboard.py").read_text("utf-8"))
    ]
    assert hits == []


def test_the_private_import_check_bites():
    planted = (
        "from analytics.stats.potential import high_potential\n"
        "def test_x():\n    from analytics.stats.potential import _band, nine_box\n"
        "from tests.app.test_data_page import _click\n"
        "from analytics.findings import (\n    parts,\n    _stack as stack,\n)\n"
        "from analytics_x import _y\n"
    )
    assert private_imports(planted) == [
        (3, "analytics.stats.potential", ["_band"]),
        (5, "analytics.findings", ["_stack"]),
    ]


def test_every_page_is_as_short_as_the_architecture_page_says():
    """docs/architecture.md states the longest a page may be; the pages keep to it (the number
    lives in one place, the sentence, so the page cannot go stale)."""
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    stated = re.search(r"no page is\s+longer than \*\*(\d+) lines\*\*", doc)
    assert stated, "docs/architecture.md no longer states the page limit"
    limit = int(stated.group(1))
    lines = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "pages").glob("*.py")
    }
    assert lines and {name: n for name, n in lines.items() if n > limit} == {}
