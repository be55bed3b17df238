"""Historical imported applications get a flag of their own, so analytics and the dashboard count them apart
(issue 20 item 1). Existing rows: an application whose stage history the history import wrote (its steps carry
the reason "历史数据导入") is historical. The demo's past applications are flagged by the seed itself; a demo
database seeded before this migration is restored with ``make reset-demo``."""

from django.db import migrations, models

IMPORT_REASON = "历史数据导入"  # recruiting.history.columns.IMPORT_REASON, frozen here as migrations must be


def flag_imported(apps, schema_editor):
    Application = apps.get_model("recruiting", "Application")
    Change = apps.get_model("recruiting", "ApplicationStageChange")
    imported = Change.objects.filter(from_stage="new", reason=IMPORT_REASON, changed_by__isnull=True)
    Application.objects.filter(pk__in=imported.values("application_id")).update(is_historical=True)


class Migration(migrations.Migration):

    dependencies = [
        ("recruiting", "0005_careers"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="is_historical",
            field=models.BooleanField(db_index=True, default=False, verbose_name="历史导入"),
        ),
        migrations.RunPython(flag_imported, migrations.RunPython.noop),
    ]
