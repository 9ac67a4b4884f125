# Partner accounts and spaces, the notices' validation task and its task states.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('base_documentaire', '0003_notice_moderation_workflow'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ValidationTaskState',
            fields=[
                ('taskstate_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.taskstate')),
                ('refused', models.BooleanField(default=False, verbose_name='rejected')),
            ],
            options={
                'verbose_name': 'notice validation task state',
                'verbose_name_plural': 'notice validation task states',
            },
            bases=('wagtailcore.taskstate',),
        ),
        migrations.CreateModel(
            name='ComptePartenaire',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('contributeur', models.ForeignKey(help_text='The centre this user contributes for.', on_delete=django.db.models.deletion.PROTECT, related_name='comptes_partenaires', to='base_documentaire.contributeur', verbose_name='contributor')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='compte_partenaire', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'partner account',
                'verbose_name_plural': 'partner accounts',
                'ordering': ['contributeur__nom', 'user__username'],
            },
        ),
        migrations.CreateModel(
            name='EspacePartenaire',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('collection', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.collection', verbose_name='files collection')),
                ('contributeur', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='espace_partenaire', to='base_documentaire.contributeur', verbose_name='contributor')),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='auth.group', verbose_name='group')),
            ],
            options={
                'verbose_name': 'partner space',
                'verbose_name_plural': 'partner spaces',
            },
        ),
        migrations.CreateModel(
            name='ValidationTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                ('groups', models.ManyToManyField(help_text='Pages/snippets at this step in a workflow will be moderated or approved by these groups of users', to='auth.group', verbose_name='groups')),
            ],
            options={
                'verbose_name': 'notice validation task',
                'verbose_name_plural': 'notice validation tasks',
            },
            bases=('wagtailcore.task',),
        ),
    ]
