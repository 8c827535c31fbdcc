from django.db import models


class OrgUnitKind(models.TextChoices):
    BUREAU = "bureau", "城管委/城管局"
    SECTION = "section", "科室"
    BRIGADE = "brigade", "执法大队"
    STREET = "street", "街道综合执法大队"
    SQUAD = "squad", "中队"


class Role(models.TextChoices):
    CASE_HANDLER = "case_handler", "执法队员"
    AUXILIARY = "auxiliary", "辅助人员"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核员"
    LEADER = "leader", "负责人"
    STREET_OFFICER = "street_officer", "街道执法队员"
    # The three administrators (三员分立, ADR 0013): none sees case data, none holds another's
    # powers; ``zhifa.security.access`` spells the same values (it may not import org).
    ADMIN = "admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"
    # An account the system administrator created: no powers until the security administrator
    # gives it a role.
    UNASSIGNED = "unassigned", "待分配角色"


# The three administrators, and the two of them whose tool is Django admin (``is_staff``).
ADMINISTRATORS = frozenset({Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
ADMIN_SITE_ROLES = frozenset({Role.ADMIN, Role.SECURITY_ADMIN})
# The roles that work with cases, parties and their records.
BUSINESS_ROLES = frozenset(
    {
        Role.CASE_HANDLER,
        Role.AUXILIARY,
        Role.LEGAL_REVIEWER,
        Role.LEADER,
        Role.STREET_OFFICER,
    }
)


class CertificateStatus(models.TextChoices):
    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂停"
    CANCELLED = "cancelled", "注销"


class CertificateEventKind(models.TextChoices):
    APPLY = "apply", "申领"
    ANNUAL_CHECK = "annual_check", "年检"
    RENEWAL = "renewal", "换证"
    SUSPENSION = "suspension", "暂停"
    REINSTATEMENT = "reinstatement", "恢复"
    CANCELLATION = "cancellation", "注销"


class TrainingMode(models.TextChoices):
    OFFLINE = "offline", "线下"
    ONLINE = "online", "线上(云课堂)"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"
