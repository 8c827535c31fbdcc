"""行政处罚法 Art 31: 不予行政处罚 for a party who could not recognise or control the act."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_transcript_voided'),
    ]

    operations = [
        migrations.AlterField(
            model_name='decision',
            name='no_penalty_reason',
            field=models.CharField(blank=True, choices=[('minor', '违法行为轻微并及时改正，没有造成危害后果 (第33条第1款)'), ('first_minor', '初次违法且危害后果轻微并及时改正 (首违不罚，第33条第1款)'), ('no_fault', '当事人有证据足以证明没有主观过错 (第33条第2款)'), ('facts_not_established', '违法事实不能成立 (第57条第1款第3项)'), ('under_age', '不满十四周岁 (第30条)'), ('mental_incapacity', '精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为 (第31条)')], max_length=30, verbose_name='不予处罚理由'),
        ),
        migrations.AlterField(
            model_name='proposal',
            name='no_penalty_reason',
            field=models.CharField(blank=True, choices=[('minor', '违法行为轻微并及时改正，没有造成危害后果 (第33条第1款)'), ('first_minor', '初次违法且危害后果轻微并及时改正 (首违不罚，第33条第1款)'), ('no_fault', '当事人有证据足以证明没有主观过错 (第33条第2款)'), ('facts_not_established', '违法事实不能成立 (第57条第1款第3项)'), ('under_age', '不满十四周岁 (第30条)'), ('mental_incapacity', '精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为 (第31条)')], max_length=30, verbose_name='不予处罚理由'),
        ),
    ]
