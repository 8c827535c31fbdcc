"""People and organisation (capability 11): units, users, officers, certificates, training."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from zhifa.org.choices import (
    ADMIN_SITE_ROLES,
    CertificateEventKind,
    CertificateStatus,
    Gender,
    OrgUnitKind,
    Role,
    TrainingMode,
)


class OrgUnit(models.Model):
    """The bureau, its sections and brigades, the streets (街道) and their squads: one tree."""

    kind = models.CharField("类型", max_length=16, choices=OrgUnitKind.choices)
    name = models.CharField("名称", max_length=100)
    code = models.CharField("编码", max_length=32, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The enclosing street (itself for a street; None above street level). Set from the tree on
    # save so that "a street officer sees only its street" is one indexed comparison. Nothing on
    # delete: a street refers to itself (PROTECT made every street undeletable), and the units
    # below it are its children, which ``parent`` protects.
    street = models.ForeignKey(
        "self",
        verbose_name="所属街道",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        editable=False,
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "组织单位"
        verbose_name_plural = "组织单位"
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OrgUnitKind.BUREAU) | Q(parent__isnull=False),
                name="orgunit_parent_required_below_bureau",
                violation_error_message="除城管委/城管局外，组织单位必须有上级单位。",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if self.kind == OrgUnitKind.STREET:
            self.street_id = self.pk  # fixed up below for a new row
        elif self.parent_id is not None:
            self.street_id = (
                OrgUnit.objects.filter(pk=self.parent_id).values_list("street_id", flat=True).get()
            )
        else:
            self.street_id = None
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        if self.kind == OrgUnitKind.STREET and self.street_id != self.pk:
            self.street_id = self.pk
            OrgUnit.objects.filter(pk=self.pk).update(street_id=self.pk)


class User(AbstractUser):
    """A login. Officers who use the system have one; the role decides the home page and scope."""

    name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.CASE_HANDLER)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name="所在单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField("手机号", max_length=20, blank=True)
    # Besides the inbox, notifications by SMS (to ``phone``) and/or e-mail (to ``email``)
    notify_sms = models.BooleanField("短信提醒", default=False)
    notify_email = models.BooleanField("邮件提醒", default=False)
    # Set when an administrator creates the account or sets its password: the user changes it at
    # the next login before anything else (zhifa/security/identity_middleware.py).
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def display_name(self) -> str:
        return self.name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Django admin is the system and the security administrators' tool: ``is_staff`` follows
        # the role and is never set by hand (ADR 0013).
        self.is_staff = self.role in ADMIN_SITE_ROLES or self.is_superuser
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff"}
        super().save(*args, **kwargs)


class Officer(models.Model):
    """A person of the bureau or a street brigade: an enforcement officer or auxiliary staff."""

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    employee_number = models.CharField("工号", max_length=32, unique=True)
    unit = models.ForeignKey(
        OrgUnit, verbose_name="所在单位", on_delete=models.PROTECT, related_name="officers"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer",
    )
    is_auxiliary = models.BooleanField(
        "辅助人员", default=False, help_text="协管/辅助人员不得作为承办人签名 (行政处罚法第42条)"
    )
    has_legal_qualification = models.BooleanField(
        "法律职业资格", default=False, help_text="初次从事法制审核须取得 (行政处罚法第58条第2款)"
    )
    phone = models.CharField("手机号", max_length=20, blank=True)
    joined_on = models.DateField("入职日期", null=True, blank=True)
    left_on = models.DateField("调出/离职日期", null=True, blank=True)

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["unit__sort_order", "employee_number"]
        indexes = [models.Index(fields=["unit", "is_auxiliary"])]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: date) -> bool:
        if self.joined_on and day < self.joined_on:
            return False
        return not (self.left_on and day > self.left_on)


class Certificate(models.Model):
    """An enforcement certificate (执法证). ``status`` and ``expires_on`` are the current values;
    the events below are the history, and validity on a past date is replayed from them."""

    officer = models.ForeignKey(
        Officer, verbose_name="持证人", on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.CharField("证件编号", max_length=32, unique=True)
    issuing_authority = models.CharField("发证机关", max_length=100)
    enforcement_field = models.CharField("执法类别", max_length=50, default="城市管理综合执法")
    issued_on = models.DateField("发证日期")
    expires_on = models.DateField("有效期至")
    status = models.CharField(
        "状态", max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    last_annual_check_on = models.DateField("最近年检", null=True, blank=True)

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = "执法证"
        ordering = ["number"]
        indexes = [models.Index(fields=["status", "expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="certificate_expires_after_issue",
                violation_error_message="有效期至必须晚于发证日期。",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class CertificateEvent(models.Model):
    """One entry of a certificate's history: 申领, 年检, 换证, 暂停, 恢复, 注销. Append-only."""

    certificate = models.ForeignKey(
        Certificate, verbose_name="执法证", on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField("事项", max_length=16, choices=CertificateEventKind.choices)
    effective_on = models.DateField("生效日期")
    passed = models.BooleanField("年检结果", null=True, blank=True)
    new_expires_on = models.DateField("新有效期至", null=True, blank=True)
    new_number = models.CharField("新证件编号", max_length=32, blank=True)
    reason = models.TextField("事由", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法证记录"
        verbose_name_plural = "执法证记录"
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.certificate} {self.get_kind_display()} {self.effective_on}"


class TrainingRecord(models.Model):
    officer = models.ForeignKey(
        Officer, verbose_name="人员", on_delete=models.PROTECT, related_name="training_records"
    )
    course = models.CharField("课程", max_length=200)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    taken_on = models.DateField("日期")
    mode = models.CharField("方式", max_length=10, choices=TrainingMode.choices)
    provider = models.CharField("组织单位", max_length=100, blank=True)

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["-taken_on", "id"]
        indexes = [models.Index(fields=["officer", "taken_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=100),
                name="training_hours_positive",
                violation_error_message="学时必须大于 0 且不超过 100。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.course} {self.hours}学时"
