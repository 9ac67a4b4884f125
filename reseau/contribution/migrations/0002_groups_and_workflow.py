"""The groups and the workflow of partner contributions.

- "Partenaires": admin access; add, change, delete and view notices (never publish: their
  notices go through moderation); each partner also gets its centre's group (files collection),
  created with its first account.
- "Moderators" (Wagtail's moderators group, the documentalists): every notice permission,
  publish included, the partner accounts, the contributors, and every files collection.
- The workflow "Validation des notices" with one task, of the validation type (approve, ask for
  changes, reject), for the "Moderators" group; notices are moved onto it. The task keeps the name
  of the task it replaces, "Moderators approval", which editors know. Pages keep Wagtail's default
  workflow.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

PARTNERS = "Partenaires"
MODERATORS = "Moderators"
WORKFLOW_NAME = "Validation des notices"
TASK_NAME = "Moderators approval"
NOTICE_ACTIONS = ("add", "change", "delete", "view")
MODERATOR_EXTRA = ("publish_notice", "lock_notice", "unlock_notice")


def _permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    return apps.get_model("auth", "Permission")


def forwards(apps, schema_editor):
    Permission = _permissions(apps)
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")

    def perms(app_label, codenames):
        return list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))

    notice_perms = [f"{action}_notice" for action in NOTICE_ACTIONS]
    # Wagtail creates the snippets' publish / lock / unlock permissions after migrating: create them
    # now, as Wagtail names them, to grant them.
    notice_type, _created = ContentType.objects.get_or_create(app_label="base_documentaire", model="notice")
    for codename in MODERATOR_EXTRA:
        Permission.objects.get_or_create(content_type=notice_type, codename=codename,
                                         defaults={"name": f"Can {codename.split('_')[0]} notice"})
    admin_access = perms("wagtailadmin", ["access_admin"])
    partners, _created = Group.objects.get_or_create(name=PARTNERS)
    partners.permissions.add(*admin_access, *perms("base_documentaire", notice_perms))

    moderators, _created = Group.objects.get_or_create(name=MODERATORS)
    moderators.permissions.add(
        *admin_access,
        *perms("base_documentaire", notice_perms + list(MODERATOR_EXTRA)
               + [f"{action}_contributeur" for action in NOTICE_ACTIONS]),
        *perms("contribution", [f"{action}_comptepartenaire" for action in NOTICE_ACTIONS]),
    )
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root:
        for permission in perms("wagtaildocs", ["add_document", "change_document", "delete_document",
                                                "choose_document"]):
            GroupCollectionPermission.objects.get_or_create(group=moderators, collection=root, permission=permission)

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ValidationTask = apps.get_model("contribution", "ValidationTask")
    task_type, _created = ContentType.objects.get_or_create(app_label="contribution", model="validationtask")
    task = ValidationTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.update_or_create(content_type=notice_type, defaults={"workflow": workflow})


def backwards(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ContentType = apps.get_model("contenttypes", "ContentType")
    notice_type = ContentType.objects.filter(app_label="base_documentaire", model="notice").first()
    default = Workflow.objects.exclude(name=WORKFLOW_NAME).filter(active=True).order_by("pk").first()
    if notice_type:
        if default:
            WorkflowContentType.objects.update_or_create(content_type=notice_type, defaults={"workflow": default})
        else:
            WorkflowContentType.objects.filter(content_type=notice_type).delete()
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    apps.get_model("contribution", "ValidationTask").objects.all().delete()
    apps.get_model("auth", "Group").objects.filter(name=PARTNERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contribution", "0001_initial"),
        ("base_documentaire", "0003_notice_moderation_workflow"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
