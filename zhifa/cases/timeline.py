"""The full-process record (行政处罚法 Art 47) as people read it: each event's kind in Chinese,
who, when, where, what it said, its evidence, and its place in the hash chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.utils import timezone

from zhifa.cases import review_checklist
from zhifa.cases.choices import (
    CaseStatus,
    CourtRuling,
    EventKind,
    EvidenceKind,
    NoPenaltyReason,
    Outcome,
    RemedyKind,
    RemedyResult,
    Source,
    TranscriptKind,
)
from zhifa.cases.models import Case, CaseEvent, EvidenceFile
from zhifa.core.templatetags.zhifa import yuan
from zhifa.law.choices import BandLevel, PenaltyKind

if TYPE_CHECKING:
    from zhifa.cases.facts import Facts

# Event kinds in words (``EventKind`` labels; apps may add words with ``register_labels``).
KIND_LABELS: dict[str, str] = dict(EventKind.choices)

# Payload keys in the order and words they are shown; keys not listed are not shown (ids).
FIELD_LABELS: dict[str, str] = {
    "number": "文号",
    "source": "来源",
    "found_on": "发现日期",
    "facts": "事实",
    "findings": "调查认定的事实",
    "handlers": "承办人",
    "officer": "承办人",
    "co_handler": "协办人",
    "violation": "违法行为",
    "act_on": "违法行为发生日",
    "continuing": "连续/继续状态",
    "filed_on": "立案日期",
    "decision_due": "决定期限",
    "kind": "种类",
    "description": "说明",
    "files": "文件",
    "corrects_seq": "更正第几条记录",
    "interviewee": "被询问人",
    "started_at": "开始",
    "ended_at": "结束",
    "items": "物品",
    "decision": "处理决定",
    "outcome": "处理意见",
    "agreed_outcome": "决定意见",
    "penalty_kinds": "处罚种类",
    "intended_kinds": "拟处罚种类",
    "fine": "罚款",
    "intended_fine": "拟罚款",
    "agreed_fine": "决定罚款",
    "discretion_level": "裁量档次",
    "out_of_band": "超出裁量基准",
    "out_of_band_reason": "超出理由",
    "serious_facts": "情节严重的事实和理由",
    "no_penalty_reason": "不予处罚理由",
    "transfer_to": "移送机关",
    "legal_review_reasons": "须法制审核的情形",
    "reasons": "须法制审核的情形",
    "hearing_offered": "告知听证权利",
    "served_on": "送达日期",
    "statement_due": "陈述申辩期限",
    "hearing_request_due": "听证申请期限",
    "received_on": "收到日期",
    "waived_on": "放弃日期",
    "requested_on": "申请日期",
    "notified_on": "通知日期",
    "hearing_on": "听证日期",
    "host": "主持人",
    "held_on": "举行日期",
    "party_absent": "当事人缺席",
    "attendees": "参加人员",
    "conclusion": "结论",
    "opinion": "意见",
    "checklist": "审核内容",
    "content": "内容",
    "minutes": "笔录",
    "education_given": "已教育",
    "party_signed": "当事人签名",
    "refusal_note": "拒签情况",
    "collected_on_spot": "当场收缴",
    "mode_label": "送达方式",
    "note": "说明",
    "applied_on": "申请日期",
    "body": "复议机关/法院",
    "answer_due": "答复期限",
    "result": "结果",
    "decided_on": "结果日期",
    "result_received_on": "结果文书送达当事人日期",
    "ruling": "裁判类型",
    "new_fine": "变更后罚款",
    "reason": "理由",
    "amount": "金额",
    "principal": "其中罚款",
    "surcharge": "其中加处罚款",
    "paid_on": "缴款日期",
    "channel": "方式",
    "reference": "凭证号",
    "owed_after": "尚欠",
    "handover_due": "交款期限",
    "instalments": "缴纳安排",
    "approved": "批准",
    "wait_until": "履行期限",
    "fine_owed": "应缴罚款",
    "surcharge_owed": "应缴加处罚款",
    "court_window_ends": "申请法院期限",
    "court": "法院",
    "window_ends_on": "申请期限届满",
    "stage": "进展",
    "on": "日期",
    "court_case_number": "法院案号",
    "amount_recovered": "执行到位",
    "closed_on": "结案日期",
    "archived_on": "归档日期",
    "late": "逾期",
}
MONEY = frozenset(
    {
        "fine",
        "intended_fine",
        "agreed_fine",
        "new_fine",
        "amount",
        "principal",
        "surcharge",
        "owed_after",
        "fine_owed",
        "surcharge_owed",
        "amount_recovered",
    }
)
CHOICES: dict[str, dict[str, str]] = {
    "source": dict(Source.choices),
    "outcome": dict(Outcome.choices),
    "agreed_outcome": dict(Outcome.choices),
    "penalty_kinds": dict(PenaltyKind.choices),
    "intended_kinds": dict(PenaltyKind.choices),
    "discretion_level": dict(BandLevel.choices),
    "no_penalty_reason": dict(NoPenaltyReason.choices),
    "result": dict(RemedyResult.choices),
    "ruling": dict(CourtRuling.choices),
    "kind": {
        **dict(EvidenceKind.choices),
        **dict(TranscriptKind.choices),
        **dict(RemedyKind.choices),
    },
}  # apps add the choices of their payloads with ``register_labels`` (performance: stage, …)
SHORT = 90


@dataclass(frozen=True)
class Item:
    label: str
    text: str
    full: str  # the whole text when ``text`` is shortened


@dataclass
class Entry:
    event: CaseEvent
    label: str
    items: list[Item] = field(default_factory=list)
    moved: tuple[str, str] | None = None  # (from, to) status labels
    files: list[EvidenceFile] = field(default_factory=list)
    # a visit to the party's page: its other events (each still its own link of the chain)
    grouped: list[CaseEvent] = field(default_factory=list)

    @property
    def digest_short(self) -> str:
        return self.event.digest_sm3[:12]

    @property
    def seqs(self) -> str:
        """第几条: "12" or, for a visit, "12–15"."""
        if not self.grouped:
            return str(self.event.seq)
        return f"{self.event.seq}–{self.grouped[-1].seq}"

    @property
    def ended_at(self) -> datetime | None:
        return self.grouped[-1].occurred_at if self.grouped else None


def _instalments(rows: list[dict[str, str]]) -> str:
    return "；".join(f"{r.get('due_on')} {yuan(r.get('amount'))}" for r in rows)


def _when(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = timezone.localtime(moment)  # Asia/Shanghai, never the stored UTC
    return f"{moment:%Y-%m-%d %H:%M}"


def _is_moment(value: str) -> bool:
    """An ISO date-time as payloads store them ("2026-03-10T02:05:00+00:00")."""
    return len(value) >= 16 and value[4:5] == "-" and value[10:11] == "T" and value[:4].isdigit()


def render_value(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "instalments" and isinstance(value, list):
        return _instalments(value)
    if key == "checklist" and isinstance(value, list):
        return review_checklist.summary(value)
    labels = CHOICES.get(key, {})
    if isinstance(value, list):
        return "、".join(labels.get(str(v), str(v)) for v in value)
    if key in MONEY:
        return yuan(value)
    if key in ("started_at", "ended_at") or (isinstance(value, str) and _is_moment(value)):
        return _when(str(value))
    return labels.get(str(value), str(value))


def register_labels(
    kinds: dict[str, str],
    fields: dict[str, str] | None = None,
    choices: dict[str, dict[str, str]] | None = None,
) -> None:
    """Other apps label the events they write (called from their ``ready()``), so the timeline
    shows every event in words without importing those apps: event kinds, payload keys, and
    the words of a payload key's values (``choices``, added to those already known)."""
    KIND_LABELS.update(kinds)
    for key, label in (fields or {}).items():
        FIELD_LABELS.setdefault(key, label)
    for key, labels in (choices or {}).items():
        CHOICES.setdefault(key, {}).update(labels)


def summarise(payload: dict[str, Any]) -> list[Item]:
    items = []
    for key, label in FIELD_LABELS.items():
        value = payload.get(key)
        if value is None or value == "" or value == []:
            continue
        text = render_value(key, value)
        short = text if len(text) <= SHORT else text[:SHORT] + "…"
        items.append(Item(label, short, text if short != text else ""))
    return items


def _status(value: Any) -> str:
    return dict(CaseStatus.choices).get(str(value), str(value))


def _events(
    case: Case, facts: Facts | None
) -> tuple[list[CaseEvent], dict[int, list[EvidenceFile]]]:
    """The case's events in order, and the evidence files of each: from the case page's
    ``facts`` (the rows its steps read too), else two queries."""
    if facts is None:
        events = list(
            CaseEvent.objects.filter(case=case)
            .select_related("actor")
            .prefetch_related(Prefetch("evidence", queryset=EvidenceFile.objects.order_by("id")))
            .order_by("seq")
        )
        return events, {e.pk: list(e.evidence.all()) for e in events}
    files: dict[int, list[EvidenceFile]] = {}
    for file in facts.rows("evidence"):
        files.setdefault(file.event_id, []).append(file)
    return facts.rows("events"), files


def entries(case: Case, facts: Facts | None = None) -> list[Entry]:
    """The case's events, oldest first, each with its evidence files (two queries, or none
    with the case page's ``facts``)."""
    events, files = _events(case, facts)
    rows: list[Entry] = []
    visits: dict[object, Entry] = {}  # the open visit of each party link
    for event in events:
        payload = event.payload or {}
        if event.kind == VISIT_KIND:
            key = payload.get("link") or payload.get("ip")
            visit = visits.get(key)
            if visit is not None and event.occurred_at - _last(visit) <= VISIT_GAP:
                visit.grouped.append(event)
                continue
            visits[key] = Entry(event=event, label=VISIT_LABEL)
            rows.append(visits[key])
            continue
        moved = None
        if "from" in payload and "to" in payload:
            moved = (_status(payload["from"]), _status(payload["to"]))
        rows.append(
            Entry(
                event=event,
                label=KIND_LABELS.get(event.kind, event.kind),
                items=summarise(payload),
                moved=moved,
                files=files.get(event.pk, []),
            )
        )
    for row in rows:
        if row.event.kind == VISIT_KIND:
            row.items = _visit_items(row)
    return rows


# The party's page (zhifa.delivery): each request is its own event of the record; a visit — the
# same link, requests no more than VISIT_GAP apart — is read as one line.
VISIT_KIND = "e_service_access"
VISIT_LABEL = "当事人访问送达页面"
VISIT_GAP = timedelta(minutes=30)


def _last(visit: Entry) -> datetime:
    return (visit.grouped[-1] if visit.grouped else visit.event).occurred_at


def _visit_items(entry: Entry) -> list[Item]:
    events = [entry.event, *entry.grouped]
    steps: list[str] = []
    for event in events:
        payload = event.payload or {}
        label = str(payload.get("label") or payload.get("action") or "")
        if payload.get("document"):
            label += f"《{payload['document']}》"
        if not steps or steps[-1] != label:
            steps.append(label)
    start = timezone.localtime(entry.event.occurred_at)
    end = timezone.localtime(events[-1].occurred_at)
    when = f"{start:%Y-%m-%d %H:%M}" + (f"–{end:%H:%M}" if end != start else "")
    first = entry.event.payload or {}
    items = [Item("时间", when, ""), Item("操作", "、".join(steps), "")]
    if first.get("ip"):
        items.append(Item("来源地址", str(first["ip"]), ""))
    if entry.grouped:
        items.append(Item("记录", f"第 {entry.seqs} 条中的 {len(events)} 条", ""))
    return items


def is_image(file: EvidenceFile) -> bool:
    return file.content_type.startswith("image/") and file.content_type != "image/svg+xml"
