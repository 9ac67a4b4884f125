"""The documentalists (Wagtail's "Moderators" group) see the search statistics and may make a query a
synonym of a thème (change the thesaurus's thèmes). Partners get nothing."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATORS = "Moderators"
GRANTS = (("statistiques", "view_recherche"), ("base_documentaire", "view_theme"),
          ("base_documentaire", "change_theme"))


def _permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    return apps.get_model("auth", "Permission")


def forwards(apps, schema_editor):
    Permission = _permissions(apps)
    moderators, _created = apps.get_model("auth", "Group").objects.get_or_create(name=MODERATORS)
    for app_label, codename in GRANTS:
        moderators.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=MODERATORS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="statistiques"))


class Migration(migrations.Migration):

    dependencies = [
        ("statistiques", "0001_recherche_consultation"),
        ("contribution", "0002_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
