"""The declared methods behind every stored part and section, and their fingerprints.

A number stored at import may be shown only while the code and the parameters that computed it
are the ones running now. Each company part and each section therefore declares a method
version (raise it with a deliberate change of method, e.g. a fixed statistic), and its
fingerprint covers

- that version and the fingerprints of the parts it is computed from (a part's inputs; a
  section reads any part, so every part's),
- the values of the thresholds it uses (:data:`THRESHOLDS`: a part declares its own, e.g. the
  department shifts :data:`SHIFT_FLOOR` and :data:`SHIFT_SD`; a section all of them) and any parameter given to a
  parameterised section,
- a hash of the source of the modules that decide its numbers, followed through the
  ``analytics`` modules they import: its own module (``Method.code``) and the builder that
  computes and writes every stored frame, :data:`BUILDERS` (the materialisation: the
  department and single-cycle scopes, the rows kept across an incremental refresh). The
  builder imports the parts and the sections, so an edit to either (or to a statistic, the
  scope, the store, the text layer they import) changes every fingerprint: an edit that forgot
  to raise a version still makes the stored frames stale, and a refresh recomputes them,
- the installed versions of the libraries the code computes with (:data:`LIBRARIES`): an
  upgrade of NumPy, SciPy, Polars, DuckDB, PyArrow or statsmodels can change a number too.

Not covered: modules outside that import graph (the pages, ``ui``, ``export``, the lazily
loaded scope that reads stored frames back), which compute no stored number, and code loaded
without an import statement (none computes a stored number today).

The stored frames carry the fingerprint they were computed with (:mod:`analytics.store.parts`);
:mod:`analytics.findings.stored` shows a frame only while it matches. This module imports no
statistics (it reads their source as text), so asking it is cheap for the dashboard's start.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

__all__ = [
    "BUILDERS",
    "LIBRARIES",
    "MIN_N",
    "MIN_SHIFT",
    "PART_METHODS",
    "SECTION_METHODS",
    "SHIFT_FLOOR",
    "SHIFT_SD",
    "SOURCE",
    "STORE_METHODS",
    "THRESHOLDS",
    "Method",
    "code_hash",
    "code_version",
    "forget_code",
    "library_versions",
    "part_fingerprint",
    "section_fingerprint",
    "store_fingerprint",
]

#: fewest people for a unit's statistics to be shown (smaller units are marked ``small_n``)
MIN_N = 5
#: a material change of a person: 0.2 points on a 5-point scale, 5 on 0-100
MIN_SHIFT = 0.05
#: a material department shift: at least SHIFT_SD SD of the cycle pair's person scores
#: (Cohen's small effect) and at least SHIFT_FLOOR on the 0-1 score (1 point on 0-100); the
#: error rates measured on simulated companies are in docs/methods.md ("Department shifts")
SHIFT_SD = 0.2
SHIFT_FLOOR = 0.01
#: every threshold of this module: a method names those it uses (``Method.thresholds``), and
#: their values are part of its fingerprint (tests/test_stored_parts.py checks that this lists
#: every constant here and that each part declares the thresholds its code reads)
THRESHOLDS = ("MIN_N", "MIN_SHIFT", "SHIFT_FLOOR", "SHIFT_SD")
#: the modules that compute and write every stored frame, hashed into every fingerprint
BUILDERS = ("analytics.findings.materialise",)
#: the libraries ``analytics`` computes with: their installed versions are hashed into every
#: fingerprint (tests/test_stored_parts.py checks that each library ``analytics`` imports for
#: a number is listed)
LIBRARIES = ("duckdb", "numpy", "polars", "pyarrow", "scipy", "statsmodels")


@dataclass(frozen=True)
class Method:
    """How a stored frame is computed: ``version`` (raise it when the method changes on
    purpose), ``inputs`` (the company parts it is computed from), ``code`` (the modules that
    compute it, hashed with :data:`BUILDERS`; their ``analytics`` imports are followed) and
    ``thresholds`` (the names in :data:`THRESHOLDS` its code reads; their values are hashed)."""

    version: int = 1
    inputs: tuple[str, ...] = ()
    code: tuple[str, ...] = ("analytics.findings.parts",)
    thresholds: tuple[str, ...] = ()


#: the company parts (:data:`analytics.findings.parts.COMPANY_PARTS`)
PART_METHODS: dict[str, Method] = {
    # 2: statuses, contrast intervals, FDR tier, power; 3: halo against the same people's raters;
    # 4: scale use (slope on the consensus, fit, KPI criterion; status 'scale_use');
    # 5: a likely flag whose scale use could not be checked is held back (rev18b R3);
    # 6: recency judged as central tendency (BH q, minimum ratings, interval, status)
    # 7: two raters linked across cycles only: status pair_only, no flag (rev29a item 4)
    "rater_table": Method(version=7),
    "effects": Method(inputs=("rater_table",)),
    "rater_panel": Method(inputs=("rater_table",)),  # managers against the anonymous peers
    "adjusted": Method(inputs=("effects",)),
    # 2: manager changes (whether the new manager's standard was estimated; broad shifts);
    # 3: the change's interval on the parts' model, 1.96 SE within [-1, 1] (rev18b R1);
    # 4: one of 3+ departments over half the people: company part 0, the department part the
    # whole environment, environment_joint per row (rev30a item 1)
    "changes": Method(version=4, inputs=("effects",)),
    # 3: material = at least 0.2 SD of the pair's person scores (was 5 points on 0-100);
    # 4: company and department not separable (two departments, or one over half): no
    # department shift claimed, environment_joint (rev29a item 1); 5: there (one of 3+ over
    # half) the department's own change and interval, no test against the company, the
    # difference from the rest with its Welch interval (rev30a item 1); 6: there the answer
    # (environment_answer: own / company / joint), each interval's one-sample p, the
    # difference's Welch p with Holm (diff_p_*), the rest's interval (rev31a item 2)
    "shifts": Method(version=6, inputs=("changes",), thresholds=("SHIFT_FLOOR", "SHIFT_SD")),
    # 3: also against a material, significant company(-and-department) move (rev29a item 2)
    # 4: not separable: against the department's whole environment, trend 'environment'
    # 5: the department over half of the people whose change is its own: a department trend
    "against": Method(version=5, inputs=("changes", "shifts")),
    # 2: the contrast proxy; 3: one cycle: the level's percentile is the cycle's (rev19c M1)
    "profile": Method(version=3, inputs=("adjusted", "effects")),
    "profile_before": Method(inputs=("adjusted", "effects", "profile")),
    "sources": Method(),
    "recheck": Method(inputs=("sources",)),
    "reliability": Method(),
    "reliability_units": Method(),
    "agreement": Method(thresholds=("MIN_N",)),
    "g_study": Method(),
    "scores": Method(),
    # 2: the KPI's mean weight and attainment on each side (rev19c M3)
    "kpi_drivers": Method(version=2),
}

#: the attribution's sections: a one-cycle report takes them from the change into its cycle
#: (:func:`analytics.findings.report.build_findings`, rev27a item 1); listed once here and
#: spliced into :data:`SECTION_METHODS` and :data:`analytics.findings.sections.REPORT_SECTIONS`
ATTRIBUTION_SECTIONS = (
    "attribution",
    "variance",
    "department_shifts",
    "team_shifts",
    "against_trend",
    "manager_changes",
)

_SECTION = Method(code=("analytics.findings.sections",), thresholds=THRESHOLDS)

#: the sections (:data:`analytics.findings.sections.SECTIONS`)
SECTION_METHODS: dict[str, Method] = dict.fromkeys(
    (
        "summary",
        "distribution",
        "distribution_company",
        "grade_shares",
        "guideline_units",
        "guideline_scope",
        "guideline_grades",
        "unit_tests",
        "unit_ranks",
        "unit_pairs",
        "inflation",
        "heatmap",
        "scores",
        "score_box",
        "lone_units",
        "reliability",
        "agreement",
        "g_study",
        "decision_study",
        "raters",
        "rater_panel",
        "recheck",
        "sources",
        "source_summary",
        "adjusted",
        *ATTRIBUTION_SECTIONS,
        "kpi_drivers",
        "kpi_drivers_employee",
        "profile",
        "nine_box",
        "nine_box_counts",
        "guideline_check",
        "potential_check",
        "high_potential",
        "hipo_backtest",
        "hidden_strengths",
        "decliners",
        "risers",
    ),
    _SECTION,
)

#: the other stored frames: the raters per department path, the overview's counts, who
#: graded whom
STORE_METHODS: dict[str, Method] = {
    "dept_raters": Method(code=("analytics.findings.materialise",)),
    # the people left out at a department's root for the analyst (scope.root_few)
    "excluded": Method(code=("analytics.findings.materialise",)),
    "overview": Method(code=("analytics.findings.scope",)),
    "graded": Method(code=("analytics.findings.graded",)),  # who graded whom, company-wide
}

#: the ``analytics`` source tree whose modules the code hashes read
SOURCE = Path(__file__).resolve().parents[1]
#: not hashed as code: it declares the versions and parameters, which are hashed as values
_SELF = "analytics.findings.methods"


def _source(module: str) -> Path | None:
    parts = module.split(".")[1:]
    candidates = [SOURCE.joinpath(*parts, "__init__.py")]
    if parts:
        candidates.insert(0, SOURCE.joinpath(*parts[:-1], parts[-1] + ".py"))
    for path in candidates:
        if path.is_file():
            return path
    return None


#: an import statement at the start of a line (a parenthesised name list may span lines)
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#;]*)|import[ \t]+([^\n#;]*))",
    re.MULTILINE,
)


@lru_cache(maxsize=256)
def _imports(module: str, path: Path) -> frozenset[str]:
    """The ``analytics`` modules ``module`` imports anywhere in its source. Found with a regular
    expression rather than by parsing the module (a tenth of the time: this runs at the
    dashboard's start); a line in a docstring that reads like an import only hashes one module
    more, which can never leave a stale number."""
    out: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for base, names, plain in _IMPORT.findall(path.read_text(encoding="utf-8")):
        if plain:
            out.update(n.split(" as ")[0].strip() for n in plain.split(","))
            continue
        if base.startswith("."):  # relative: from the package up
            level = len(base) - len(base.lstrip("."))
            up = package.split(".")[: len(package.split(".")) - level + 1]
            base = ".".join(up + ([base.lstrip(".")] if base.strip(".") else []))
        out.add(base)
        for name in names.strip("()").split(","):
            name = name.split(" as ")[0].strip()
            if name:
                out.add(f"{base}.{name}")  # a submodule imported by name
    return frozenset(m for m in out if m.startswith("analytics") and _source(m) is not None)


@lru_cache(maxsize=64)
def code_hash(modules: tuple[str, ...]) -> str:
    """SHA-256 of the source of ``modules`` and of every ``analytics`` module they import,
    transitively (read once per process: the code does not change under a running process)."""
    seen: dict[str, Path] = {}
    todo = list(modules)
    while todo:
        module = todo.pop()
        path = _source(module)
        if module in seen or path is None:
            continue
        seen[module] = path
        todo.extend(_imports(module, path) - set(seen))
    digest = hashlib.sha256()
    for module in sorted(seen):
        if module != _SELF:
            digest.update(module.encode() + b"\0" + seen[module].read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def library_versions() -> tuple[tuple[str, str], ...]:
    """(name, installed version) of each of :data:`LIBRARIES`, from the packages' metadata
    (nothing is imported; read once per process); None for one that is not installed."""

    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    return tuple((name, version(name)) for name in LIBRARIES)


def forget_code() -> None:
    """Forget the source read and the fingerprints computed so far (a running process never
    needs it: its code does not change under it; a test that edits a copy of :data:`SOURCE`
    does)."""
    code_hash.cache_clear()
    _imports.cache_clear()
    _fingerprints.cache_clear()


def _digest(*items: object) -> str:
    text = json.dumps(items, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _thresholds(method: Method, values: dict[str, object]) -> dict[str, object]:
    return {name: values[name] for name in method.thresholds}


def _part(name: str, code: dict[tuple[str, ...], str], values: dict[str, object]) -> str:
    method = PART_METHODS[name]
    inputs = [_part(i, code, values) for i in method.inputs]
    return _digest(
        "part", name, method.version, inputs, _thresholds(method, values), code[method.code]
    )


def _section(name: str, params: dict, parts: dict[str, str], code: dict, values: dict) -> str:
    method = SECTION_METHODS[name]
    thresholds = _thresholds(method, values)
    return _digest("section", name, method.version, thresholds, params, parts, code[method.code])


def _declared() -> tuple:
    """Everything a fingerprint depends on, hashable: the declared methods, the libraries'
    versions, the thresholds' values and the code hashes (each method's modules with the
    builders; computed once per process)."""
    methods = (PART_METHODS, SECTION_METHODS, STORE_METHODS)
    code = tuple(
        sorted({(m.code, code_hash(m.code + BUILDERS)) for d in methods for m in d.values()})
    )
    values = tuple((name, globals()[name]) for name in THRESHOLDS)
    return (*(tuple(sorted(d.items())) for d in methods), library_versions(), values, code)


def _code(declared: tuple) -> dict[tuple[str, ...], str]:
    """Each method's code hash, with the libraries' versions it computes with."""
    return {modules: _digest(digest, declared[-3]) for modules, digest in declared[-1]}


def _parts(code: dict, values: dict) -> dict[str, str]:
    return {name: _part(name, code, values) for name in sorted(PART_METHODS)}


@lru_cache(maxsize=8)
def _fingerprints(declared: tuple) -> dict[str, str]:
    """Every default fingerprint (``part:<name>``, ``section:<name>``, ``store:<name>``) for
    one state of :func:`_declared`: asked on every page run, computed once per state."""
    code, values = _code(declared), dict(declared[-2])
    parts = _parts(code, values)
    out = {f"part:{name}": fp for name, fp in parts.items()}
    for name in SECTION_METHODS:
        out[f"section:{name}"] = _section(name, {}, parts, code, values)
    for name, method in STORE_METHODS.items():
        out[f"store:{name}"] = _digest("store", name, method.version, code[method.code])
    return out


def fingerprints() -> dict[str, str]:
    """Every default fingerprint as it is now (``part:<name>``, ``section:<name>``,
    ``store:<name>``): for a caller that looks up many (the store's catalog, table by table)
    without working out the declared state again for each. Read it, never change it."""
    return _fingerprints(_declared())


def part_fingerprint(name: str) -> str:
    """The fingerprint of company part ``name``: its method, its inputs' fingerprints, its code."""
    return _fingerprints(_declared())[f"part:{name}"]


def section_fingerprint(name: str, params: dict | None = None) -> str:
    """The fingerprint of section ``name`` computed with ``params`` (None or empty: its
    defaults): its method, the thresholds, every part's fingerprint (a section may read any
    part), its code."""
    if not params:
        return _fingerprints(_declared())[f"section:{name}"]
    declared = _declared()
    code, values = _code(declared), dict(declared[-2])
    return _section(name, dict(params), _parts(code, values), code, values)


def store_fingerprint(name: str) -> str:
    """The fingerprint of another stored frame (:data:`STORE_METHODS`)."""
    return _fingerprints(_declared())[f"store:{name}"]


def code_version() -> str:
    """One token over every fingerprint: it changes whenever any stored frame's does (the
    dashboard keys its caches on it with the data version)."""
    return _digest(sorted(_fingerprints(_declared()).items()))[:12]
