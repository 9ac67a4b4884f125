"""Document types become a vocabulary (TypeDocument); notices keep their candidate terms."""
import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('base_documentaire', '0005_terme_candidat_cle_refolded'),
    ]

    operations = [
        migrations.CreateModel(
            name='TypeDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(help_text='Stable identifier stored on the notices and written in exports.', max_length=30, unique=True, verbose_name='code')),
                ('libelle', models.CharField(max_length=100, unique=True, verbose_name='label')),
                ('alias', models.TextField(blank=True, help_text='Other names met in imports, one per line (case and accents ignored).', verbose_name='aliases')),
                ('ris_type', models.CharField(blank=True, help_text='e.g. RPRT, BOOK, JOUR.', max_length=10, verbose_name='RIS type (TY)')),
                ('bibtex_type', models.CharField(blank=True, help_text='e.g. techreport, book, article.', max_length=30, verbose_name='BibTeX entry type')),
                ('csl_type', models.CharField(blank=True, help_text='e.g. report, book, article-journal.', max_length=30, verbose_name='CSL type')),
                ('schema_org_type', models.CharField(blank=True, help_text='e.g. Report, Book, ScholarlyArticle.', max_length=50, verbose_name='schema.org type')),
                ('dcmi_type', models.CharField(blank=True, help_text='e.g. Text, Sound, MovingImage.', max_length=30, verbose_name='Dublin Core type (DCMI)')),
                ('unimarc_type_notice', models.CharField(blank=True, help_text='Leader positions 6 and 7, e.g. am (printed text, monograph), as (serial), gm (video).', max_length=2, verbose_name='UNIMARC record type (leader 6–7)')),
                ('unimarc_200b', models.CharField(blank=True, help_text='e.g. Texte imprimé, Enregistrement sonore.', max_length=100, verbose_name='UNIMARC general material designation (200$b)')),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='enfants', to='base_documentaire.typedocument', verbose_name='broader type')),
            ],
            options={
                'verbose_name': 'document type',
                'verbose_name_plural': 'document types',
                'ordering': ['libelle'],
            },
        ),
        migrations.AlterField(
            model_name='termecandidat',
            name='vocabulaire',
            field=models.CharField(choices=[('theme', 'Theme'), ('territoire', 'Territory'), ('type_document', 'Document type')], max_length=20, verbose_name='vocabulary'),
        ),
        migrations.AddField(
            model_name='notice',
            name='termes_candidats',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, help_text='Labels met in an import that no vocabulary declares yet: kept as written until a documentalist maps or creates them (Candidate terms).', related_name='notices', to='base_documentaire.termecandidat', verbose_name='pending labels'),
        ),
    ]
