"""The document type of the club de veille's signalements: a light notice pointing to what a centre
spotted (mostly a web page, sometimes a file). Its export mappings are those of a generic electronic
resource."""
from django.db import migrations

CODE = "signalement"
VALUES = {
    "libelle": "Signalement de veille",
    "alias": "signalement\nveille\nrepérage\nClub de veille",
    "ris_type": "ELEC", "bibtex_type": "misc", "csl_type": "webpage", "schema_org_type": "CreativeWork",
    "dcmi_type": "Text", "unimarc_type_notice": "lm", "unimarc_200b": "Ressource électronique",
}


def create_type(apps, schema_editor):
    TypeDocument = apps.get_model("base_documentaire", "TypeDocument")
    TypeDocument.objects.update_or_create(code=CODE, defaults=VALUES)


def remove_type(apps, schema_editor):
    """Only while no notice uses it (the notices' column protects it)."""
    TypeDocument = apps.get_model("base_documentaire", "TypeDocument")
    Notice = apps.get_model("base_documentaire", "Notice")
    if not Notice.objects.filter(type_document=CODE).exists():
        TypeDocument.objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("base_documentaire", "0010_theme_related_territoire_aliases_edition")]
    operations = [migrations.RunPython(create_type, remove_type)]
