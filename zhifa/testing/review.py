"""The legal review's checklist (行政处罚法 Art 58: 执法主体、事实、证据、依据、程序、裁量、文书)
as tests send it — to the action and the API (``checklist``) or to the page (``fields``)."""

from __future__ import annotations

from zhifa.cases.choices import CheckResult, ReviewCheck


def checklist(**problems: str) -> list[dict[str, str]]:
    """Every item 通过, except those named with their note: ``checklist(evidence="缺少照片")``."""
    unknown = set(problems) - set(ReviewCheck.values)
    assert not unknown, f"not checklist items: {sorted(unknown)}"
    return [
        {
            "item": item.value,
            "result": CheckResult.PROBLEM if item.value in problems else CheckResult.PASSED,
            "note": problems.get(item.value, ""),
        }
        for item in ReviewCheck
    ]


def returned(note: str = "违法行为面积的证据不足，需补充勘验") -> list[dict[str, str]]:
    """The checklist of a review returned for more investigation: the evidence falls short."""
    return checklist(evidence=note)


def fields(**problems: str) -> dict[str, str]:
    """The page's checklist fields (``check_<item>``, ``check_<item>_note``)."""
    out: dict[str, str] = {}
    for row in checklist(**problems):
        out[f"check_{row['item']}"] = row["result"]
        out[f"check_{row['item']}_note"] = row["note"]
    return out
