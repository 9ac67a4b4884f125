"""Duplicate detection: normalised keys on notices (filled for the existing ones), associated
contributors, the pairs of possible duplicates; moderators may handle and merge them."""

import django.db.models.deletion
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models

from base_documentaire.doublons.keys import isbn_key, title_key, title_start

MODERATOR_PERMISSIONS = ("view_doublon", "change_doublon", "merge_doublon")


def fill_keys(apps, schema_editor):
    Notice = apps.get_model("base_documentaire", "Notice")
    notices = Notice.objects.only("pk", "titre", "isbn").order_by("pk")
    fields = ["titre_cle", "titre_debut", "isbn_cle"]
    batch = []
    for notice in notices.iterator(2000):
        notice.titre_cle, notice.isbn_cle = title_key(notice.titre), isbn_key(notice.isbn)
        notice.titre_debut = title_start(notice.titre_cle)
        batch.append(notice)
        if len(batch) == 2000:
            Notice.objects.bulk_update(batch, fields)
            batch = []
    Notice.objects.bulk_update(batch, fields)


def grant_moderators(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("base_documentaire")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="base_documentaire",
                                            codename__in=MODERATOR_PERMISSIONS)
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    dependencies = [
        ('base_documentaire', '0003_notice_moderation_workflow'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Doublon',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('notice_numero', models.PositiveIntegerField(verbose_name='notice number')),
                ('candidat_numero', models.PositiveIntegerField(verbose_name='candidate number')),
                ('motifs', models.CharField(max_length=100, verbose_name='reasons')),
                ('statut', models.CharField(choices=[('a_traiter', 'To handle'), ('fusionnes', 'Merged'), ('conserves', 'Both kept')], db_index=True, default='a_traiter', max_length=20, verbose_name='status')),
                ('conservee_numero', models.PositiveIntegerField(blank=True, null=True, verbose_name='notice kept')),
                ('decide_le', models.DateTimeField(blank=True, null=True, verbose_name='decided on')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='flagged on')),
            ],
            options={
                'verbose_name': 'possible duplicate',
                'verbose_name_plural': 'possible duplicates',
                'ordering': ['-created_at', '-pk'],
                'permissions': [('merge_doublon', 'Can merge duplicate notices')],
            },
        ),
        migrations.AddField(
            model_name='notice',
            name='contributeurs_associes',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, help_text='Other centres that catalogued this document (kept when duplicates are merged).', related_name='notices_associees', to='base_documentaire.contributeur', verbose_name='associated contributors'),
        ),
        migrations.AddField(
            model_name='notice',
            name='isbn_cle',
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=13),
        ),
        migrations.AddField(
            model_name='notice',
            name='titre_cle',
            field=models.CharField(blank=True, editable=False, max_length=255),
        ),
        migrations.AddField(
            model_name='notice',
            name='titre_debut',
            field=models.CharField(blank=True, editable=False, max_length=20),
        ),
        migrations.AddIndex(
            model_name='notice',
            index=models.Index(fields=['annee', 'titre_debut'], name='notice_annee_titre_debut'),
        ),
        migrations.AddField(
            model_name='doublon',
            name='candidat',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='doublons_candidats', to='base_documentaire.notice', verbose_name='possible duplicate of'),
        ),
        migrations.AddField(
            model_name='doublon',
            name='decide_par',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by'),
        ),
        migrations.AddField(
            model_name='doublon',
            name='notice',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='doublons_signales', to='base_documentaire.notice', verbose_name='notice'),
        ),
        migrations.AddConstraint(
            model_name='doublon',
            constraint=models.UniqueConstraint(fields=('notice_numero', 'candidat_numero'), name='doublon_pair_unique'),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.RunPython(grant_moderators, migrations.RunPython.noop),
    ]
