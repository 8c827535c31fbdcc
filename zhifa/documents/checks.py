"""Preconditions the documents app adds to case steps (``workflow.STEP_CHECKS``)."""

from __future__ import annotations

from zhifa.cases.facts import Facts, Problem
from zhifa.documents.contexts.decision import statement_reviews


def statements_reviewed(f: Facts) -> list[Problem]:
    """行政处罚法 Art 45: the penalty decision states, for every statement, whether it was
    adopted and why not — so each must have been re-examined first (the step 复核陈述申辩, or
    a 陈述申辩复核意见书 made by hand). Without it the decision is refused, not issued without
    its document."""
    if f.decision_outcome() != "penalty" or not f.case.statements.exists():
        return []
    missing = [s["received_on"] for s in statement_reviews(f.case) if not s["reviewed"]]
    if not missing:
        return []
    return [
        Problem(
            "statement_not_reviewed",
            f"当事人于{'、'.join(missing)}提出的陈述申辩尚未复核(是否采纳及理由)，"
            "请先办理「复核陈述申辩」 (行政处罚法第45条)",
            field="statements",
        )
    ]
