"""法制审核的审核内容 (行政处罚法 Art 58; 国办发〔2018〕118号): seven items — 执法主体、事实、
证据、依据、程序、裁量、文书 — each 通过 or 有问题, a note required where there is a problem.

The reviewer fills it in (page and API), ``record_legal_review`` stores it on
``LegalReview.checklist`` and in its event, and the 法制审核意见书 prints it as a table. One
reader (``parse``) serves them all: what a client sent becomes the stored list
``[{"item", "result", "note"}]`` in the items' order, or a refusal naming the field —
``checklist`` (missing, not a list, an unknown or repeated item), ``checklist.<item>`` (no
result, or 有问题 on a review that passes) or ``checklist.<item>.note`` (有问题 without a note)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zhifa.cases.choices import CheckResult, ReviewCheck, ReviewOutcome
from zhifa.core.errors import InvalidInput

# What each item asks (the 118号 list of 法制审核内容, as Art 58 codified it for penalties).
QUESTIONS: dict[str, str] = {
    ReviewCheck.SUBJECT: "执法主体是否合法，执法人员是否具备执法资格",
    ReviewCheck.FACTS: "违法事实是否清楚",
    ReviewCheck.EVIDENCE: "证据是否合法、确实、充分",
    ReviewCheck.BASIS: "适用法律、法规、规章是否准确",
    ReviewCheck.PROCEDURE: "执法程序是否合法",
    ReviewCheck.DISCRETION: "行政裁量是否适当，是否符合裁量基准",
    ReviewCheck.DOCUMENTS: "执法文书是否完备、规范",
}
NOTE_MAX = 500
ITEMS = "、".join(ReviewCheck.labels)


def _refuse(code: str, message: str, field: str = "checklist") -> InvalidInput:
    return InvalidInput(code, f"审核内容：{message} (行政处罚法第58条)", field=field)


def _entries(raw: Any) -> dict[str, Mapping[str, Any]]:
    if not isinstance(raw, list | tuple) or not raw:
        raise _refuse("checklist_required", f"请逐项填写{ITEMS}的审核结论")
    given: dict[str, Mapping[str, Any]] = {}
    for entry in raw:
        if not isinstance(entry, Mapping):
            raise _refuse("invalid_checklist", "每一项应为 {item, result, note}")
        item = str(entry.get("item") or "")
        if item not in ReviewCheck.values:
            choices = "、".join(f"{c.value} {c.label}" for c in ReviewCheck)
            raise _refuse("invalid_checklist", f"「{item}」不是审核事项 (应为 {choices})")
        if item in given:
            raise _refuse("invalid_checklist", f"「{ReviewCheck(item).label}」填写了两次")
        given[item] = entry
    return given


def parse(raw: Any) -> list[dict[str, str]]:
    """The checklist as stored: every item once, in order, with its result and note."""
    given = _entries(raw)
    rows = []
    for item in ReviewCheck:
        field = f"checklist.{item.value}"
        entry = given.get(item.value)
        if entry is None:
            raise _refuse("checklist_incomplete", f"缺少「{item.label}」一项的审核结论", field)
        result = str(entry.get("result") or "")
        if result not in CheckResult.values:
            raise _refuse("invalid_choice", f"「{item.label}」请选择通过或有问题", field)
        note = str(entry.get("note") or "").strip()
        if result == CheckResult.PROBLEM and not note:
            raise _refuse(
                "note_required", f"「{item.label}」有问题的，应当说明问题所在", f"{field}.note"
            )
        if len(note) > NOTE_MAX:
            raise _refuse(
                "too_long", f"「{item.label}」的说明不得超过{NOTE_MAX}字", f"{field}.note"
            )
        rows.append({"item": item.value, "result": result, "note": note})
    return rows


def check_outcome(rows: list[dict[str, str]], outcome: str) -> None:
    """A review passes only when every item passed (Art 58 ¶1: not passed, no decision); a
    review returned for more investigation says which item has the problem."""
    problems = [r for r in rows if r["result"] == CheckResult.PROBLEM]
    if outcome == ReviewOutcome.PASSED and problems:
        labels = "、".join(f"「{ReviewCheck(r['item']).label}」" for r in problems)
        raise _refuse(
            "passed_with_problem",
            f"{labels}有问题，不能审核通过；应退回补充调查，或问题解决后再审核",
            f"checklist.{problems[0]['item']}",
        )
    if outcome == ReviewOutcome.RETURNED and not problems:
        raise _refuse(
            "returned_without_problem", "退回补充调查的，应至少有一项为有问题并说明问题所在"
        )


def display(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The stored rows in words (the document, the case page, the API)."""
    out = []
    for row in rows or []:
        item, result = str(row.get("item", "")), str(row.get("result", ""))
        out.append(
            {
                "item": item,
                "label": ReviewCheck(item).label if item in ReviewCheck.values else item,
                "question": QUESTIONS.get(item, ""),
                "result": result,
                "result_label": CheckResult(result).label if result in CheckResult.values else "",
                "problem": result == CheckResult.PROBLEM,
                "note": str(row.get("note") or ""),
            }
        )
    return out


def summary(rows: list[dict[str, Any]] | None) -> str:
    """One line for the timeline: 执法主体 通过；证据 有问题（照片不清）…"""
    parts = []
    for row in display(rows):
        note = f"（{row['note']}）" if row["note"] else ""
        parts.append(f"{row['label']} {row['result_label']}{note}")
    return "；".join(parts)
