"""分档 fines (一般 / 情节严重, "其间金额不适用"): FineRule.ordinary_max and serious_min. The
seed catalog's two-tier items, loaded before as a plain range, become tiered where their
figures are still the seed's."""

import django.core.validators
from decimal import Decimal
from django.db import migrations, models


# code: (min, ordinary_max, serious_min, max) — the seed catalog's tiered items
SEED_TIERS = {
    "SR-001": ("50", "50", "200", "200"),
    "SR-002": ("50", "50", "200", "200"),
    "SR-003": ("50", "50", "200", "200"),
    "SR-004": ("50", "50", "200", "200"),
    "SR-005": ("100", "1000", "1000", "10000"),
    "SR-006": ("100", "1000", "1000", "10000"),
    "SR-007": ("100", "1000", "1000", "10000"),
    "SR-008": ("10000", "100000", "100000", "500000"),
}


def tier_the_seed(apps, schema_editor):
    FineRule = apps.get_model("law", "FineRule")
    for code, (low, ordinary_max, serious_min, high) in SEED_TIERS.items():
        FineRule.objects.filter(
            item__code=code, rule="range", min=Decimal(low), max=Decimal(high)
        ).update(
            rule="tiered", ordinary_max=Decimal(ordinary_max), serious_min=Decimal(serious_min)
        )


def untier(apps, schema_editor):
    FineRule = apps.get_model("law", "FineRule")
    FineRule.objects.filter(rule="tiered").update(
        rule="range", ordinary_max=None, serious_min=None
    )


class Migration(migrations.Migration):

    dependencies = [
        ('law', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='finerule',
            name='finerule_amounts_fit_rule',
        ),
        migrations.AddField(
            model_name='finerule',
            name='ordinary_max',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='一般档上限'),
        ),
        migrations.AddField(
            model_name='finerule',
            name='serious_min',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='情节严重档下限'),
        ),
        migrations.AlterField(
            model_name='finerule',
            name='rule',
            field=models.CharField(choices=[('fixed', '固定金额'), ('range', '幅度'), ('per_unit', '按单位计'), ('percent_of_cost', '工程造价百分比'), ('multiple', '倍数'), ('tiered', '分档 (一般/情节严重)'), ('none', '不罚款')], max_length=16, verbose_name='罚款方式'),
        ),
        migrations.RunPython(tier_the_seed, untier),
        migrations.AddConstraint(
            model_name='finerule',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('max__isnull', True), ('min__isnull', True), ('rule', 'none')), models.Q(('min', models.F('max')), ('min__isnull', False), ('rule', 'fixed')), models.Q(('max__isnull', False), ('ordinary_max__isnull', True), ('rule__in', ['range', 'per_unit', 'percent_of_cost', 'multiple']), ('serious_min__isnull', True)), models.Q(('max__isnull', False), ('min__isnull', False), ('min__lte', models.F('ordinary_max')), ('ordinary_max__isnull', False), ('ordinary_max__lte', models.F('serious_min')), ('rule', 'tiered'), ('serious_min__isnull', False), ('serious_min__lte', models.F('max'))), _connector='OR'), name='finerule_amounts_fit_rule', violation_error_message='金额与罚款方式不符：不罚款不填金额；固定金额的上下限相同；分档须 min ≤ 一般档上限 ≤ 情节严重档下限 ≤ max；其他方式须填上限。'),
        ),
    ]
