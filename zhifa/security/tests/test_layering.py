"""The security app stands on the ground floor (app map): it imports nothing of ours but
``zhifa.core``, so every app may call ``record`` without an import cycle."""

from __future__ import annotations

from pathlib import Path

from zhifa.cases.tests.test_layering import imported

SECURITY = Path(__file__).resolve().parents[1]
ROOT = SECURITY.parents[1]
ALLOWED = ("zhifa.security", "zhifa.core")


def test_security_imports_only_core_and_itself():
    offenders = []
    for path in sorted(SECURITY.rglob("*.py")):
        if "tests" in path.relative_to(SECURITY).parts:
            continue
        package = list(path.relative_to(ROOT).with_suffix("").parts)[:-1]
        for line, module in imported(path.read_text(encoding="utf-8"), package):
            ours = module == "zhifa" or module.startswith("zhifa.")
            if ours and not module.startswith(ALLOWED):
                offenders.append(f"{path.relative_to(ROOT)}:{line} {module}")
    assert offenders == []
