from django.db import models


class Procedure(models.TextChoices):
    SIMPLE = "simple", "简易程序"
    GENERAL = "general", "普通程序"


class CaseStatus(models.TextChoices):
    CLUE = "clue", "线索"
    FILING_PENDING = "filing_pending", "立案待批"
    NOT_FILED = "not_filed", "不予立案"
    INVESTIGATING = "investigating", "调查取证"
    INVESTIGATED = "investigated", "调查终结"
    NOTIFIED = "notified", "已事先告知"
    LEGAL_REVIEW = "legal_review", "法制审核中"
    REVIEWED = "reviewed", "法制审核通过"
    DISCUSSED = "discussed", "已集体讨论"
    DECIDED = "decided", "已决定待送达"
    SERVED = "served", "已送达待履行"
    REMINDED = "reminded", "已催告"
    COURT = "court", "申请法院强制执行"
    PERFORMED = "performed", "已履行"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"
    WITHDRAWN = "withdrawn", "已撤销立案"


OPEN_STATUSES = frozenset(CaseStatus.values) - {
    CaseStatus.NOT_FILED,
    CaseStatus.CLOSED,
    CaseStatus.ARCHIVED,
    CaseStatus.WITHDRAWN,
}
BEFORE_DECISION = frozenset(
    {
        CaseStatus.CLUE,
        CaseStatus.FILING_PENDING,
        CaseStatus.INVESTIGATING,
        CaseStatus.INVESTIGATED,
        CaseStatus.NOTIFIED,
        CaseStatus.LEGAL_REVIEW,
        CaseStatus.REVIEWED,
        CaseStatus.DISCUSSED,
    }
)


class Source(models.TextChoices):
    PATROL = "patrol", "巡查发现"
    COMPLAINT = "complaint", "群众投诉举报"
    TRANSFER = "transfer", "其他部门移送"
    INSPECTION = "inspection", "检查发现"
    SUPERVISION_ORDER = "supervision_order", "上级交办/督办"


class Outcome(models.TextChoices):
    """行政处罚法 Art 57 ¶1: what the head may decide after the investigation."""

    PENALTY = "penalty", "给予行政处罚"
    NO_PENALTY = "no_penalty", "不予行政处罚"
    TRANSFER = "transfer", "移送"


class NoPenaltyReason(models.TextChoices):
    MINOR = "minor", "违法行为轻微并及时改正，没有造成危害后果 (第33条第1款)"
    FIRST_MINOR = "first_minor", "初次违法且危害后果轻微并及时改正 (首违不罚，第33条第1款)"
    NO_FAULT = "no_fault", "当事人有证据足以证明没有主观过错 (第33条第2款)"
    FACTS_NOT_ESTABLISHED = "facts_not_established", "违法事实不能成立 (第57条第1款第3项)"
    UNDER_AGE = "under_age", "不满十四周岁 (第30条)"
    MENTAL_INCAPACITY = (
        "mental_incapacity",
        "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为 (第31条)",
    )


class EvidenceKind(models.TextChoices):
    """行政处罚法 Art 46: the eight kinds of evidence."""

    DOCUMENTARY = "documentary", "书证"
    PHYSICAL = "physical", "物证"
    AUDIO_VISUAL = "audio_visual", "视听资料"
    ELECTRONIC = "electronic", "电子数据"
    WITNESS = "witness", "证人证言"
    PARTY_STATEMENT = "party_statement", "当事人的陈述"
    EXPERT_OPINION = "expert_opinion", "鉴定意见"
    INSPECTION_RECORD = "inspection_record", "勘验笔录、现场笔录"


class TranscriptKind(models.TextChoices):
    INTERVIEW = "interview", "询问笔录"
    SITE_INSPECTION = "site_inspection", "现场检查(勘验)笔录"


class HandlerRole(models.TextChoices):
    LEAD = "lead", "主办"
    ASSIST = "assist", "协办"


class ReviewOutcome(models.TextChoices):
    PASSED = "passed", "同意"
    RETURNED = "returned", "退回补充调查"


class ReviewCheck(models.TextChoices):
    """What a 法制审核 examines (行政处罚法 Art 58; 国办发〔2018〕118号), in the order of the
    法制审核意见书 (``cases.review_checklist`` has the question each item asks)."""

    SUBJECT = "subject", "执法主体"
    FACTS = "facts", "事实"
    EVIDENCE = "evidence", "证据"
    BASIS = "basis", "依据"
    PROCEDURE = "procedure", "程序"
    DISCRETION = "discretion", "裁量"
    DOCUMENTS = "documents", "文书"


class CheckResult(models.TextChoices):
    PASSED = "pass", "通过"
    PROBLEM = "problem", "有问题"


class RemedyKind(models.TextChoices):
    REVIEW = "review", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class RemedyResult(models.TextChoices):
    UPHELD = "upheld", "维持/驳回"
    CHANGED = "changed", "变更"
    REVOKED = "revoked", "撤销"
    CONFIRMED_ILLEGAL = "confirmed_illegal", "确认违法"
    WITHDRAWN = "withdrawn", "申请人撤回"


class CourtRuling(models.TextChoices):
    """What the court's result of a 行政诉讼 is, for when it takes effect (行政诉讼法 Art 85):
    a first-instance 判决 may be appealed within 15 days of service, a 裁定 within 10; either
    takes effect once that period runs without appeal. A second-instance (终审) judgment or
    ruling takes effect on service."""

    FIRST_JUDGMENT = "first_judgment", "一审判决"
    FIRST_RULING = "first_ruling", "一审裁定"
    FINAL = "final", "二审 (终审) 判决、裁定"


class DeadlineKind(models.TextChoices):
    DECISION = "decision", "作出决定 (立案之日起90日，第60条)"
    EVIDENCE_PRESERVATION = "evidence_preservation", "先行登记保存处理决定 (7个工作日，第56条)"
    STATEMENT = "statement", "陈述申辩期限"
    HEARING_REQUEST = "hearing_request", "听证申请期限 (5个工作日，第64条)"
    SERVICE = "service", "送达决定书 (7个工作日，第61条)"
    PAYMENT = "payment", "缴纳罚款 (15日，第67条)"
    CASH_HANDOVER = "cash_handover", "当场收缴罚款交至机关 (2个工作日，第71条)"
    SIMPLE_FILING = "simple_filing", "当场处罚决定备案 (第52条)"
    REVIEW_ANSWER = "review_answer", "行政复议答复 (10个工作日，行政复议法第48条)"
    LITIGATION_ANSWER = "litigation_answer", "行政诉讼答辩 (15日，行政诉讼法第67条)"
    REMINDER_WAIT = "reminder_wait", "催告后等待期 (10个工作日，行政强制法第54条)"
    COURT_APPLICATION = "court_application", "申请法院强制执行 (3个月，行政强制法第53条)"
    CORRECTION = "correction", "责令改正期限 (第28条)"


# The party's own periods: the case waits for the party's answer (a statement, a hearing
# request, the payment) or for the period to end. Resolved in the party's favour when a date
# is provisional (docs/legal-rules.md).
PARTY_PERIODS = frozenset(
    {DeadlineKind.STATEMENT, DeadlineKind.HEARING_REQUEST, DeadlineKind.PAYMENT}
)


class StepName(models.TextChoices):
    """Every step of the case workflow (``workflow.STEPS``). Apps above ``cases`` declare their
    steps' names here too, so an event kind or a page URL can never name a step that does not
    exist; their declarations (who, preconditions, documents, clocks) live in their own app."""

    # intake and filing (行政处罚法 Art 54)
    REQUEST_FILING = "request_filing", "提请立案"
    APPROVE_FILING = "approve_filing", "批准立案"
    REJECT_FILING = "reject_filing", "不予立案"
    WITHDRAW = "withdraw", "撤销立案"
    ASSIGN_HANDLER = "assign_handler", "指派承办人"
    RECUSE_HANDLER = "recuse_handler", "决定回避"
    # investigation (Arts 46, 55, 56)
    ADD_EVIDENCE = "add_evidence", "调查取证"
    RECORD_TRANSCRIPT = "record_transcript", "制作笔录"
    VOID_ENTRY = "void_entry", "作废错误记录"
    ORDER_CORRECTION = "order_correction", "责令改正通知"
    REQUEST_PRESERVATION = "request_preservation", "申请先行登记保存"
    APPROVE_PRESERVATION = "approve_preservation", "批准先行登记保存"
    DECIDE_PRESERVATION = "decide_preservation", "作出登记保存处理决定"
    EXTEND_TIME_LIMIT = "extend_time_limit", "延长办案期限"
    SUBMIT_REPORT = "submit_report", "调查终结报告"
    # prior notice, statement, hearing (Arts 44, 45, 63–65)
    NOTIFY = "notify", "事先告知"
    RECORD_STATEMENT = "record_statement", "记录陈述申辩"
    REVIEW_STATEMENT = "review_statement", "复核陈述申辩"
    RECORD_NOTICE_SERVICE = "record_notice_service", "登记告知书送达"
    WAIVE_STATEMENT = "waive_statement", "当事人放弃陈述申辩"
    REQUEST_HEARING = "request_hearing", "当事人申请听证"
    SCHEDULE_HEARING = "schedule_hearing", "通知听证"
    RECORD_HEARING = "record_hearing", "记录听证"
    # legal review (Art 58), collective discussion (Art 57 ¶2)
    SUBMIT_LEGAL_REVIEW = "submit_legal_review", "提交法制审核"
    PASS_LEGAL_REVIEW = "pass_legal_review", "法制审核通过"
    RETURN_FOR_INVESTIGATION = "return_for_investigation", "退回补充调查"
    RECORD_DISCUSSION = "record_discussion", "集体讨论"
    # decision (Arts 57, 59–62)
    DECIDE = "decide", "作出决定"
    RECORD_SERVICE = "record_service", "送达决定书"
    FILE_SIMPLE_DECISION = "file_simple_decision", "当场处罚决定备案"
    RECORD_REMEDY = "record_remedy", "登记复议/诉讼"
    RECORD_REMEDY_RESULT = "record_remedy_result", "登记复议/诉讼结果"
    # performance (Arts 66–73; 行政强制法 Arts 35–37, 53–55): declared in zhifa.performance
    RECORD_PAYMENT = "record_payment", "登记缴款"
    REQUEST_PAYMENT_PLAN = "request_payment_plan", "申请延期/分期缴纳"
    DECIDE_PAYMENT_PLAN = "decide_payment_plan", "审批延期/分期缴纳"
    ISSUE_REMINDER = "issue_reminder", "催告"
    RECORD_REMINDER_SERVICE = "record_reminder_service", "登记催告书送达"
    RECORD_REMINDER_STATEMENT = "record_reminder_statement", "记录催告后陈述申辩"
    APPLY_TO_COURT = "apply_to_court", "申请法院强制执行"
    RECORD_COURT_RESULT = "record_court_result", "登记法院执行结果"
    RECORD_CASH_HANDOVER = "record_cash_handover", "当场收缴罚款交至机关"
    # documents (zhifa.documents), closing and archiving
    ISSUE_DOCUMENT = "issue_document", "制作文书"
    CLOSE = "close", "结案"
    ARCHIVE = "archive", "归档"


class EventKind(models.TextChoices):
    """What a case event records (``CaseEvent.kind``). A step's event has the step's name; the
    rest are written by actions that are not workflow steps (a clue, the on-the-spot decision,
    service, the party's page, the deadline scan, the calendar)."""

    # one per step
    REQUEST_FILING = "request_filing", "提请立案"
    APPROVE_FILING = "approve_filing", "批准立案"
    REJECT_FILING = "reject_filing", "不予立案"
    WITHDRAW = "withdraw", "撤销立案"
    ASSIGN_HANDLER = "assign_handler", "指派承办人"
    RECUSE_HANDLER = "recuse_handler", "决定回避"
    ADD_EVIDENCE = "add_evidence", "调查取证"
    RECORD_TRANSCRIPT = "record_transcript", "制作笔录"
    VOID_ENTRY = "void_entry", "作废错误记录"
    ORDER_CORRECTION = "order_correction", "责令改正通知"
    REQUEST_PRESERVATION = "request_preservation", "申请先行登记保存"
    APPROVE_PRESERVATION = "approve_preservation", "批准先行登记保存"
    DECIDE_PRESERVATION = "decide_preservation", "作出登记保存处理决定"
    EXTEND_TIME_LIMIT = "extend_time_limit", "延长办案期限"
    SUBMIT_REPORT = "submit_report", "调查终结报告"
    NOTIFY = "notify", "事先告知"
    RECORD_STATEMENT = "record_statement", "记录陈述申辩"
    REVIEW_STATEMENT = "review_statement", "复核陈述申辩"
    RECORD_NOTICE_SERVICE = "record_notice_service", "登记告知书送达"
    WAIVE_STATEMENT = "waive_statement", "当事人放弃陈述申辩"
    REQUEST_HEARING = "request_hearing", "当事人申请听证"
    SCHEDULE_HEARING = "schedule_hearing", "通知听证"
    RECORD_HEARING = "record_hearing", "记录听证"
    SUBMIT_LEGAL_REVIEW = "submit_legal_review", "提交法制审核"
    PASS_LEGAL_REVIEW = "pass_legal_review", "法制审核通过"
    RETURN_FOR_INVESTIGATION = "return_for_investigation", "退回补充调查"
    RECORD_DISCUSSION = "record_discussion", "集体讨论"
    DECIDE = "decide", "作出决定"
    RECORD_SERVICE = "record_service", "送达决定书"
    FILE_SIMPLE_DECISION = "file_simple_decision", "当场处罚决定备案"
    RECORD_REMEDY = "record_remedy", "登记复议/诉讼"
    RECORD_REMEDY_RESULT = "record_remedy_result", "登记复议/诉讼结果"
    RECORD_PAYMENT = "record_payment", "登记缴款"
    REQUEST_PAYMENT_PLAN = "request_payment_plan", "申请延期/分期缴纳"
    DECIDE_PAYMENT_PLAN = "decide_payment_plan", "审批延期/分期缴纳"
    ISSUE_REMINDER = "issue_reminder", "催告"
    RECORD_REMINDER_SERVICE = "record_reminder_service", "登记催告书送达"
    RECORD_REMINDER_STATEMENT = "record_reminder_statement", "记录催告后陈述申辩"
    APPLY_TO_COURT = "apply_to_court", "申请法院强制执行"
    RECORD_COURT_RESULT = "record_court_result", "登记法院执行结果"
    RECORD_CASH_HANDOVER = "record_cash_handover", "当场收缴罚款交至机关"
    ISSUE_DOCUMENT = "issue_document", "制作文书"
    CLOSE = "close", "结案"
    ARCHIVE = "archive", "归档"
    # written by actions that are not steps
    REGISTER_CLUE = "register_clue", "登记线索"
    FILING_REQUEST = "filing_request", "提请立案"
    PRESERVATION_REQUEST = "preservation_request", "申请先行登记保存"
    CORRECT_EVIDENCE = "correct_evidence", "更正证据"
    LEGAL_REVIEW = "legal_review", "法制审核"
    DECIDE_ON_THE_SPOT = "decide_on_the_spot", "当场处罚决定"
    COLLECT_ON_THE_SPOT = "collect_on_the_spot", "当场收缴罚款"
    DOCUMENT_RENDERED = "document_rendered", "文书已生成"
    SERVICE_STARTED = "service_started", "开始送达"
    SERVICE_COMPLETED = "service_completed", "送达完成"
    SERVICE_FAILED = "service_failed", "送达未成功"
    SERVICE_CONSENT = "service_consent", "电子送达确认"
    SERVICE_LINK_RESENT = "service_link_resent", "重发送达链接"
    E_SERVICE_ACCESS = "e_service_access", "当事人查看送达"
    DEADLINE_SOON = "deadline_soon", "期限即将届满"
    DEADLINE_MISSED = "deadline_missed", "期限届满未完成"
    DEADLINE_RECOMPUTED = "deadline_recomputed", "期限按节假日安排重新计算"
