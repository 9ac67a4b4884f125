"""The "Service info-doc" group: admin access and every permission on the service's models."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Service info-doc"
MODELS = ["demandeinfodoc", "noteinterne", "reponse", "questionreponse"]
ACTIONS = ["add", "change", "delete", "view"]


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations: create them now to attach them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS] + ["change_infodocsettings"]
    permissions = list(Permission.objects.filter(content_type__app_label="infodoc", codename__in=codenames))
    permissions += list(Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))
    group.permissions.add(*permissions)
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    choose = Permission.objects.filter(content_type__app_label="wagtaildocs", codename="choose_document").first()
    if root and choose:  # lets the team attach the site's files to an answer
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=choose)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("infodoc", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
