"""The S3 storage of the files: django-storages' S3Storage whose network limits are plain numbers.

Wagtail's file-deletion task receives the storage deconstructed (class and options) and stores it as JSON for the
task worker: a botocore `Config` in the options cannot travel there (a TypeError after each deletion on S3). The
limits are given as numbers and turned into the client's Config here, with the addressing style and signature
version that a given Config would otherwise replace.
"""
from botocore.config import Config
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage

NETWORK_DEFAULTS = {"connect_timeout": 3.0, "read_timeout": 30.0, "max_attempts": 2}


@deconstructible(path="crpv_site.s3_storage.FilesS3Storage")
class FilesS3Storage(S3Storage):
    def get_default_settings(self):
        return {**super().get_default_settings(), **NETWORK_DEFAULTS}

    def __init__(self, **settings):
        super().__init__(**settings)
        if "client_config" not in settings:
            self.client_config = Config(
                s3={"addressing_style": self.addressing_style},
                signature_version=self.signature_version,
                proxies=self.proxies,
                connect_timeout=float(self.connect_timeout),
                read_timeout=float(self.read_timeout),
                retries={"max_attempts": int(self.max_attempts), "mode": "standard"},
            )
