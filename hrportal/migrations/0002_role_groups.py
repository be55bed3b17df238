"""Create the five role groups of DESIGN §2 (names are data the policy matches on)."""

from django.db import migrations

ROLE_GROUPS = ("HR", "用人经理", "面试官", "财务", "admin")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("hrportal", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
