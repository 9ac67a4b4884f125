from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Backup and restore of a whole site: database, files, then the search indices rebuilt."""

    name = "crpv_site.operations"
    label = "crpv_operations"
    verbose_name = "Exploitation"
