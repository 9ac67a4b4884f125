"""Candidate terms' keys recomputed with the project's one folding ("Œuvre" -> "oeuvre", as the
search engines fold it). Labels that now share a key are merged, their occurrences added up."""
from django.db import migrations


def refold_keys(apps, schema_editor):
    from base_documentaire.text import fold

    TermeCandidat = apps.get_model("base_documentaire", "TermeCandidat")
    kept = {}
    for term in TermeCandidat.objects.order_by("-occurrences", "pk"):
        key = (term.vocabulaire, fold(term.libelle)[:255])
        if key in kept:
            survivor = kept[key]
            survivor.occurrences += term.occurrences
            survivor.save(update_fields=["occurrences"])
            term.delete()
            continue
        kept[key] = term
    for (_vocabulaire, key), term in kept.items():
        if term.cle != key:
            TermeCandidat.objects.filter(pk=term.pk).update(cle=key)


class Migration(migrations.Migration):
    dependencies = [("base_documentaire", "0004_doublons")]
    operations = [migrations.RunPython(refold_keys, migrations.RunPython.noop)]
