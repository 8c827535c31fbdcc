"""What the demo's legal reviewers write (行政处罚法 Art 58): the checklist item by item — 执法
主体、事实、证据、依据、程序、裁量、文书 — and the opinion. A review returned for more
investigation names the evidence it lacks."""

from __future__ import annotations

from zhifa.cases.choices import CheckResult, ReviewCheck

PASSED = "事实清楚，证据确实充分，适用依据正确，程序合法，处罚适当。"
RETURNED = "违法行为面积(数量)的证据不足，请补充现场勘验笔录和照片后重新报送。"

NOTES: dict[str, str] = {
    ReviewCheck.SUBJECT: "本机关依法行使城市管理综合执法权，承办人均持有效执法证",
    ReviewCheck.FACTS: "违法行为的时间、地点、情节已查清",
    ReviewCheck.EVIDENCE: "现场检查笔录、询问笔录与现场照片相互印证",
    ReviewCheck.BASIS: "违法条款和处罚条款引用准确",
    ReviewCheck.PROCEDURE: "立案、调查取证、事先告知和听取陈述申辩的程序合法",
    ReviewCheck.DISCRETION: "拟处罚数额在裁量基准相应档次内",
    ReviewCheck.DOCUMENTS: "文书齐全，文号、送达回证完备",
}
PROBLEM = {ReviewCheck.EVIDENCE: "违法行为面积(数量)仅有当事人陈述，缺少现场勘验笔录和测量照片"}


def checklist(*, returned: bool = False) -> list[dict[str, str]]:
    """Every item passed with what the reviewer saw; returned: the evidence item has a problem."""
    rows = []
    for item in ReviewCheck:
        problem = PROBLEM.get(item) if returned else None
        rows.append(
            {
                "item": item.value,
                "result": CheckResult.PROBLEM if problem else CheckResult.PASSED,
                "note": problem or NOTES[item],
            }
        )
    return rows
