"""Notice.type_document refers to the TypeDocument rows by code (same column, same values)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('base_documentaire', '0007_type_document_defaults'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notice',
            name='type_document',
            field=models.ForeignKey(blank=True, db_column='type_document', default='rapport', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notices', to='base_documentaire.typedocument', to_field='code', verbose_name='document type'),
        ),
    ]
