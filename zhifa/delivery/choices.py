"""Service modes, statuses, channels and what the party did on its page."""

from django.db import models

from zhifa.cases.actions.aftercare import SERVICE_MODES


class ServiceMode(models.TextChoices):
    """民事诉讼法 Arts 87–95, applied by 行政处罚法 Art 61. The values are the case record's
    (``zhifa.cases.actions.aftercare.SERVICE_MODES``)."""

    IN_PERSON = "in_person", "直接送达"
    ELECTRONIC = "electronic", "电子送达"
    LODGING = "lodging", "留置送达"
    POSTAL = "postal", "邮寄送达"
    PUBLIC_NOTICE = "public_notice", "公告送达"
    ENTRUSTED = "entrusted", "委托送达"


assert {m.value: m.label for m in ServiceMode} == SERVICE_MODES, "modes drifted from the cases app"


class ServiceStatus(models.TextChoices):
    PENDING = "pending", "送达中"
    SERVED = "served", "已送达"
    FAILED = "failed", "未能送达"


STATUS_BADGES = {
    ServiceStatus.PENDING: "badge-warn",
    ServiceStatus.SERVED: "badge-ok",
    ServiceStatus.FAILED: "badge-bad",
}


class Channel(models.TextChoices):
    SMS = "sms", "短信"
    EMAIL = "email", "电子邮件"


class AccessAction(models.TextChoices):
    """What happened on the party's page (every one is logged and written to the case record)."""

    OPEN_LINK = "open_link", "打开链接"
    LINK_INVALID = "link_invalid", "打开已失效的链接"
    CODE_SENT = "code_sent", "发送验证码"
    CODE_REFUSED = "code_refused", "验证码发送受限"
    CODE_WRONG = "code_wrong", "验证码错误"
    CONFIRMED = "confirmed", "验证通过"
    LINK_RENEWED = "link_renewed", "重新发送链接"
    VIEW_HOME = "view_home", "查看送达文书列表"
    VIEW_DOCUMENT = "view_document", "查看文书"
    DOWNLOAD = "download", "下载文书 PDF"
    STATEMENT = "statement", "提交陈述申辩"
    HEARING = "hearing", "申请听证"
    REFUSED = "refused", "操作未获受理"


# The case-record events this app writes, in the bureau's words (for the timeline, which lives
# in zhifa.cases.timeline: merge these into its KIND_LABELS / FIELD_LABELS).
EVENT_LABELS = {
    "service_consent": "登记送达地址确认书",
    "service_started": "开始送达",
    "service_completed": "送达完成",
    "service_failed": "未能送达",
    "service_link_resent": "重发电子送达链接",
    "e_service_access": "电子送达访问",
}
EVENT_FIELD_LABELS = {
    "title": "文书",
    "mode_label": "送达方式",
    "recipient": "受送达人",
    "rule": "送达日期规则",
    "served_at": "送达时间",
    "reached_at": "文书到达当事人页面",
    "tracking_number": "邮件号",
    "posted_on": "交寄日期",
    "receipt_on": "回执收件日期",
    "published_on": "公告日期",
    "place": "公告载体/地点",
    "deemed_on": "视为送达日期",
    "basis": "公告送达的理由",
    "entrusted_body": "受委托机关",
    "refusal_note": "拒收事由",
    "witnesses": "见证人",
    "photos": "照片/录像",
    "channel": "发送渠道",
    "contact": "发送至",
    "link_expires_at": "链接有效期至",
    "label": "操作",
    "ip": "IP 地址",
    "user_agent": "浏览器",
    "case_step_skipped": "未登记案件步骤的原因",
    "reason": "原因",
}
