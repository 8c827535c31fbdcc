"""Who may do what with documents beyond the workflow table (which decides who issues them)."""

from __future__ import annotations

from zhifa.cases.access import cases_visible_to
from zhifa.cases.models import Case
from zhifa.org.choices import Role
from zhifa.org.models import User
from zhifa.parties.access import can_see_personal_data

# Staff who issue documents (the issue_document step's roles); no administrator (三员分立).
RERENDER_ROLES = frozenset(
    {Role.CASE_HANDLER, Role.STREET_OFFICER, Role.LEADER, Role.LEGAL_REVIEWER}
)


def can_rerender(user: User, case: Case, *, visible: bool = False) -> bool:
    """重新生成 a failed render: staff (not auxiliaries) who may see the case — also after it is
    archived, since a retry adds files to a document that exists, not a new document.
    ``visible``: the caller loaded ``case`` through ``cases_visible_to(user)`` already."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role not in RERENDER_ROLES and not user.is_superuser:
        return False
    return visible or cases_visible_to(user).filter(pk=case.pk).exists()


FILES_REFUSED = (
    "该文书载有当事人完整的身份证件号码、住址、联系电话等个人信息，您的角色只能查看脱敏信息 "
    "(行政处罚法第五十条)，不能下载或打印文书文件；文书的文号、种类和日期见下。如需文书，"
    "请联系本案承办人员"
)


def can_download_files(user: User, case: Case) -> bool:
    """The files of a case's documents (PDF, Word, the 80 mm slip, a draft, the court package)
    show the party's data whole, as served on the party: only to those who see it whole on the
    pages (``parties.access.can_see_personal_data``). Others see each document's number, kind,
    date and state, not its file (docs/adr/0012)."""
    if case.party is None:
        return True
    return can_see_personal_data(user, case.party)
