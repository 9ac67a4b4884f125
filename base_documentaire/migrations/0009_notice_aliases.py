"""Merged notices stay merged: the aliases of the notice kept (its merged-away notices'
identifiers). The titles' indexed start is computed again: plurals are now ignored in it, so
that short near-identical titles meet (base_documentaire.doublons.keys.title_start)."""

import django.db.models.deletion
from django.db import migrations, models

from base_documentaire.doublons.keys import title_start

BATCH = 2000


def refill_title_starts(apps, schema_editor):
    Notice = apps.get_model("base_documentaire", "Notice")
    batch = []
    for notice in Notice.objects.only("pk", "titre_cle", "titre_debut").order_by("pk").iterator(BATCH):
        start = title_start(notice.titre_cle)
        if start != notice.titre_debut:
            notice.titre_debut = start
            batch.append(notice)
        if len(batch) == BATCH:
            Notice.objects.bulk_update(batch, ["titre_debut"])
            batch = []
    Notice.objects.bulk_update(batch, ["titre_debut"])


class Migration(migrations.Migration):

    dependencies = [
        ('base_documentaire', '0008_notice_type_document_foreign_key'),
    ]

    operations = [
        migrations.CreateModel(
            name='NoticeAlias',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('external_id', models.CharField(max_length=255, verbose_name='external identifier')),
                ('ancien_numero', models.PositiveIntegerField(verbose_name='former notice number')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='merged on')),
                ('contributeur', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='base_documentaire.contributeur', verbose_name='contributor')),
                ('notice', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='base_documentaire.notice', verbose_name='notice')),
            ],
            options={
                'verbose_name': 'notice alias',
                'verbose_name_plural': 'notice aliases',
                'ordering': ['notice', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('contributeur', 'external_id'), name='notice_alias_unique')],
            },
        ),
        migrations.RunPython(refill_title_starts, migrations.RunPython.noop),
    ]
