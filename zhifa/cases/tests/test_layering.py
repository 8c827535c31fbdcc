"""Dependencies point downwards (docs/architecture.md): ``cases`` is the case engine and never
imports ``performance``, which is built on it — performance fills the case's registries from
its ``ready()`` instead (steps, effects, pages, sections, the API's detail, timeline labels).
Every import counts, including those inside functions and relative ones; comments and strings
do not."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parents[1]
ROOT = CASES.parents[1]  # the directory holding the ``zhifa`` package
ABOVE = ("zhifa.performance",)


def _sources() -> list[Path]:
    """Every non-test module of ``zhifa/cases`` (migrations included)."""
    return sorted(p for p in CASES.rglob("*.py") if "tests" not in p.relative_to(CASES).parts)


def _package_of(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1]  # a module's package; ``__init__``'s is the package itself


def imported(source: str, package: list[str]) -> list[tuple[int, str]]:
    """(line, module) of every import in ``source``; ``from a import b`` counts ``a`` and
    ``a.b`` (``b`` may be a module), relative imports resolved against ``package``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _upward(module: str) -> bool:
    return any(module == above or module.startswith(above + ".") for above in ABOVE)


def test_the_walk_covers_the_case_engine_and_not_its_tests():
    names = {p.relative_to(CASES).as_posix() for p in _sources()}
    assert {"workflow.py", "actions/decision.py", "views/case.py", "api/reads.py"} <= names
    assert not any(n.startswith("tests/") for n in names)


def test_the_check_sees_every_form_of_import():
    source = (
        "# from zhifa.performance import comments\n"
        "text = 'import zhifa.performance'\n"
        "def f():\n"
        "    from zhifa.performance.actions import collect_on_the_spot\n"
        "    import zhifa.performance.selectors as perf\n"
        "from zhifa import performance\n"
        "from ..performance import models\n"
    )
    upward = [(n, m) for n, m in imported(source, ["zhifa", "cases"]) if _upward(m)]
    assert upward == [
        (6, "zhifa.performance"),
        (7, "zhifa.performance"),
        (7, "zhifa.performance.models"),
        (4, "zhifa.performance.actions"),
        (4, "zhifa.performance.actions.collect_on_the_spot"),
        (5, "zhifa.performance.selectors"),
    ]


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.relative_to(CASES).as_posix())
def test_cases_does_not_import_performance(path):
    source = path.read_text(encoding="utf-8")
    upward = sorted(
        {
            f"{path.relative_to(ROOT)}:{line}: {module}"
            for line, module in imported(source, _package_of(path))
            if _upward(module)
        }
    )
    assert not upward, (
        "cases imports an app built on it (register into a cases registry from the app's "
        "ready() instead):\n" + "\n".join(upward)
    )
