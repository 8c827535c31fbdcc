"""A starting random-check list (双随机、一公开 抽查事项清单) for the portal, from the catalog's
areas. Administrators edit it in the admin; the bureau's own list replaces it."""

from django.db import migrations

from zhifa.disclosure import seeds


def seed(apps, schema_editor):
    seeds.seed(apps.get_model("disclosure", "RandomCheckItem"))


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0002_append_only_and_search_indexes")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
