"""Who keeps the source rota: the network's administrators (the documentalists' "Moderators" group,
who already manage partner accounts and centres) add, change and delete sources; partners only read
the rota (view permission: listing and inspect view, no edit)."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def _permissions(apps):
    app_config = apps.get_app_config("club")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    return apps.get_model("auth", "Permission")


def forwards(apps, schema_editor):
    Permission = _permissions(apps)
    Group = apps.get_model("auth", "Group")
    perms = Permission.objects.filter(content_type__app_label="club", content_type__model="sourceveille")
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(*perms.filter(codename__in=[f"{action}_sourceveille" for action in ACTIONS]))
    partners, _created = Group.objects.get_or_create(name="Partenaires")
    partners.permissions.add(*perms.filter(codename="view_sourceveille"))


def backwards(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    perms = Permission.objects.filter(content_type__app_label="club", content_type__model="sourceveille")
    for group in Group.objects.filter(name__in=["Moderators", "Partenaires"]):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [("club", "0002_source_rota"), ("contribution", "0002_groups_and_workflow")]
    operations = [migrations.RunPython(forwards, backwards)]
