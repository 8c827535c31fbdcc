"""The catalog of powers (权责清单) and its discretion benchmarks (裁量基准).

A ``ViolationItem`` is one violation the bureau may penalise, with the provision violated and the
penalty provision. Its ``FineRule`` rows give the statutory fine per party kind; its
``DiscretionBand`` rows split that range into the four benchmark levels (行政处罚法 Art 34: the
benchmarks must be published, so the pages are public). Writes go through
``zhifa.law.actions`` (the import); the admin edits single items with the same checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from zhifa.law.amounts import (
    band_outside_rule,
    describe_amounts,
    describe_tiers,
    rule_shape_error,
    tiers_shape_error,
)
from zhifa.law.choices import (
    LEVEL_ORDER,
    NATIONAL,
    PARTY_ORDER,
    BandLevel,
    Category,
    FineRuleKind,
    LegalStatus,
    PenaltyKind,
    RulePartyKind,
)

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"
code_validator = RegexValidator(
    CODE_PATTERN, "编号只能由字母、数字和 . _ - 组成 (最长32位)，例如 SR-001。"
)
_AMOUNT = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class ViolationItem(models.Model):
    code = models.CharField("编号", max_length=32, unique=True, validators=[code_validator])
    name = models.CharField("违法行为", max_length=200)
    category = models.CharField("类别", max_length=24, choices=Category.choices)
    violated_provision = models.TextField("违法依据")
    penalty_provision = models.TextField("处罚依据")
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    jurisdiction = models.CharField(
        "适用地域",
        max_length=32,
        default=NATIONAL,
        help_text="national 表示全国；或地方名称，如 北京",
    )
    local_default = models.BooleanField(
        "以地方标准为默认",
        default=False,
        help_text="国家规定未设罚款数额，采用地方法规数额作为本地默认 (依据说明写明来源)",
    )
    basis_note = models.TextField("依据说明", blank=True)
    legal_status = models.CharField(
        "核实状态", max_length=12, choices=LegalStatus.choices, default=LegalStatus.UNVERIFIED
    )
    hearing_applies = models.BooleanField(
        "可能适用听证",
        default=False,
        help_text="罚款可能超过听证标准，或可能吊销许可证件、责令停产停业",
    )
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "权责清单事项"
        verbose_name_plural = "权责清单事项"
        ordering = ["sort_order", "code"]
        indexes = [models.Index(fields=["category", "active", "sort_order"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Category.values),
                name="violationitem_category_valid",
                violation_error_message="类别无效。",
            ),
            models.CheckConstraint(
                condition=Q(legal_status__in=LegalStatus.values),
                name="violationitem_legal_status_valid",
                violation_error_message="核实状态无效。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        kinds = self.penalty_kinds
        if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
            raise ValidationError({"penalty_kinds": "处罚种类必须是列表。"})
        unknown = [k for k in kinds if k not in PenaltyKind.values]
        if unknown:
            raise ValidationError({"penalty_kinds": f"无效的处罚种类：{'、'.join(unknown)}"})
        if len(set(kinds)) != len(kinds):
            raise ValidationError({"penalty_kinds": "处罚种类重复。"})

    @property
    def jurisdiction_label(self) -> str:
        return "全国" if self.jurisdiction == NATIONAL else self.jurisdiction

    @property
    def penalty_kind_labels(self) -> list[str]:
        return [PenaltyKind(k).label for k in self.penalty_kinds if k in PenaltyKind.values]

    def sorted_fine_rules(self) -> list[FineRule]:
        """The fine rules (prefetched where the caller loops) in party-kind order."""
        return sorted(self.fine_rules.all(), key=lambda r: PARTY_ORDER.get(r.party_kind, 99))

    def sorted_bands(self) -> list[DiscretionBand]:
        return sorted(
            self.discretion_bands.all(),
            key=lambda b: (PARTY_ORDER.get(b.party_kind, 99), LEVEL_ORDER.get(b.level, 99)),
        )


class FineRule(models.Model):
    """The statutory fine of one item for one party kind (or ``any``)."""

    item = models.ForeignKey(
        ViolationItem, verbose_name="事项", on_delete=models.CASCADE, related_name="fine_rules"
    )
    party_kind = models.CharField(
        "当事人类别", max_length=16, choices=RulePartyKind.choices, default=RulePartyKind.ANY
    )
    rule = models.CharField("罚款方式", max_length=16, choices=FineRuleKind.choices)
    min = models.DecimalField("下限", null=True, blank=True, **_AMOUNT)  # type: ignore[arg-type]
    max = models.DecimalField("上限", null=True, blank=True, **_AMOUNT)  # type: ignore[arg-type]
    unit = models.CharField("单位", max_length=20, blank=True, help_text="元、元/平方米、%、倍")
    # 分档 (tiered): the ordinary tier is [min, ordinary_max], the serious one (情节严重, on a
    # finding of seriousness) [serious_min, max]; amounts between the tiers are not lawful.
    ordinary_max = models.DecimalField(
        "一般档上限",
        null=True,
        blank=True,
        **_AMOUNT,  # type: ignore[arg-type]
    )
    serious_min = models.DecimalField(
        "情节严重档下限",
        null=True,
        blank=True,
        **_AMOUNT,  # type: ignore[arg-type]
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "法定罚款规则"
        verbose_name_plural = "法定罚款规则"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "party_kind"],
                name="finerule_one_per_party_kind",
                violation_error_message="同一事项对同一当事人类别只能有一条罚款规则。",
            ),
            models.CheckConstraint(
                condition=Q(min__isnull=True) | Q(max__isnull=True) | Q(min__lte=F("max")),
                name="finerule_min_lte_max",
                violation_error_message="下限不能大于上限。",
            ),
            models.CheckConstraint(
                condition=(Q(min__isnull=True) | Q(min__gte=0))
                & (Q(max__isnull=True) | Q(max__gte=0)),
                name="finerule_not_negative",
                violation_error_message="金额不能为负数。",
            ),
            # The shape each kind of rule needs: none has no amounts, fixed has one amount,
            # the others at least a maximum (a missing minimum means "not more than").
            models.CheckConstraint(
                condition=(
                    Q(rule=FineRuleKind.NONE, min__isnull=True, max__isnull=True)
                    | Q(rule=FineRuleKind.FIXED, min__isnull=False, min=F("max"))
                    | Q(
                        rule__in=[
                            FineRuleKind.RANGE,
                            FineRuleKind.PER_UNIT,
                            FineRuleKind.PERCENT_OF_COST,
                            FineRuleKind.MULTIPLE,
                        ],
                        max__isnull=False,
                        ordinary_max__isnull=True,
                        serious_min__isnull=True,
                    )
                    | Q(
                        rule=FineRuleKind.TIERED,
                        min__isnull=False,
                        ordinary_max__isnull=False,
                        serious_min__isnull=False,
                        max__isnull=False,
                        min__lte=F("ordinary_max"),
                        ordinary_max__lte=F("serious_min"),
                        serious_min__lte=F("max"),
                    )
                ),
                name="finerule_amounts_fit_rule",
                violation_error_message="金额与罚款方式不符：不罚款不填金额；固定金额的上下限相同；"
                "分档须 min ≤ 一般档上限 ≤ 情节严重档下限 ≤ max；其他方式须填上限。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.get_party_kind_display()} {self.describe()}"

    def describe(self) -> str:
        if self.rule == FineRuleKind.TIERED:
            return describe_tiers(self.min, self.ordinary_max, self.serious_min, self.max)
        return describe_amounts(self.rule, self.min, self.max, self.unit)

    def clean(self) -> None:
        error = rule_shape_error(self.rule, self.min, self.max, self.unit) or tiers_shape_error(
            self.rule, self.min, self.ordinary_max, self.serious_min, self.max
        )
        if error:
            field, message = error
            raise ValidationError({field: message})


class DiscretionBand(models.Model):
    """One 裁量基准 level of an item for one party kind: the range (in the unit of the fine rule
    that applies to that party kind) and the facts that place a case in it."""

    item = models.ForeignKey(
        ViolationItem,
        verbose_name="事项",
        on_delete=models.CASCADE,
        related_name="discretion_bands",
    )
    party_kind = models.CharField(
        "当事人类别", max_length=16, choices=RulePartyKind.choices, default=RulePartyKind.ANY
    )
    level = models.CharField("裁量阶次", max_length=10, choices=BandLevel.choices)
    min = models.DecimalField("下限", **_AMOUNT)  # type: ignore[arg-type]
    max = models.DecimalField("上限", **_AMOUNT)  # type: ignore[arg-type]
    facts = models.TextField("适用情形")

    class Meta:
        verbose_name = "裁量基准"
        verbose_name_plural = "裁量基准"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "party_kind", "level"],
                name="band_one_per_level",
                violation_error_message="同一事项、同一当事人类别的每个裁量阶次只能有一条。",
            ),
            models.CheckConstraint(
                condition=Q(min__lte=F("max")),
                name="band_min_lte_max",
                violation_error_message="下限不能大于上限。",
            ),
            models.CheckConstraint(
                condition=Q(min__gte=0),
                name="band_not_negative",
                violation_error_message="金额不能为负数。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.get_party_kind_display()} {self.get_level_display()}"

    def clean(self) -> None:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValidationError({"max": "上限不能小于下限。"})

    def check_within(self, rules: Iterable[FineRule]) -> str | None:
        """Why this band does not fit the statutory rule that applies to its party kind, or
        None. ``rules`` are the item's fine rules (possibly unsaved, as edited in the admin)."""
        return band_outside_rule(self.party_kind, self.min, self.max, list(rules))
