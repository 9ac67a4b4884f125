"""Put notices under Wagtail's default moderation workflow ("Moderators approval"), so a
partner's or an editor's submission is validated before it is public. Editable in the admin."""
from django.db import migrations


def assign_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    workflow = Workflow.objects.filter(active=True).order_by("pk").first()
    if workflow is None:
        return
    content_type, _created = ContentType.objects.get_or_create(app_label="base_documentaire", model="notice")
    WorkflowContentType.objects.get_or_create(content_type=content_type, defaults={"workflow": workflow})


def unassign_workflow(apps, schema_editor):
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(content_type__app_label="base_documentaire",
                                       content_type__model="notice").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("base_documentaire", "0002_basedocumentairepage"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(assign_workflow, unassign_workflow)]
