"""Files go through Django's storage API; on S3 settings they land in the real MinIO bucket."""
import hashlib
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests import services


@pytest.mark.services
def test_file_saved_through_storage_api_lands_in_minio_and_reads_back(real_services):
    payload = b"%PDF-1.7\n" + os.urandom(2 * 1024 * 1024)
    name = default_storage.save("notices/rapport-activite-2023.pdf", ContentFile(payload))
    try:
        bucket = services.s3_options()["bucket_name"]
        stored = services.ensure_bucket().get_object(Bucket=bucket, Key=name)["Body"].read()
        assert hashlib.sha256(stored).digest() == hashlib.sha256(payload).digest()
        with default_storage.open(name) as handle:
            assert handle.read() == payload
        assert default_storage.size(name) == len(payload)
    finally:
        default_storage.delete(name)
    assert not default_storage.exists(name)


@pytest.mark.services
def test_saving_twice_the_same_name_never_overwrites(real_services):
    first = default_storage.save("notices/doublon.txt", ContentFile(b"premier"))
    second = default_storage.save("notices/doublon.txt", ContentFile(b"second"))
    try:
        assert first != second
        assert default_storage.open(first).read() == b"premier"
    finally:
        default_storage.delete(first)
        default_storage.delete(second)


@pytest.mark.services
def test_deleting_a_file_removes_it_from_the_bucket(db, real_services, django_capture_on_commit_callbacks):
    """Wagtail deletes the stored file through a task that receives the storage deconstructed to JSON."""
    from botocore.exceptions import ClientError

    from base_documentaire.models import Fichier

    fichier = Fichier(title="Rapport à supprimer")
    fichier.file.save("rapport-a-supprimer.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        fichier.save()
    name, bucket = fichier.file.name, services.s3_options()["bucket_name"]
    client = services.ensure_bucket()
    assert client.head_object(Bucket=bucket, Key=name)["ContentLength"] > 0
    with django_capture_on_commit_callbacks(execute=True):
        fichier.delete()
    with pytest.raises(ClientError):
        client.head_object(Bucket=bucket, Key=name)


def test_network_limits_reach_the_s3_client(settings):
    from crpv_site.s3_storage import FilesS3Storage

    storage = FilesS3Storage(bucket_name="fichiers", connect_timeout=1.5, read_timeout=7, max_attempts=4,
                             addressing_style="path")
    config = storage.client_config
    assert (config.connect_timeout, config.read_timeout) == (1.5, 7.0)
    assert config.retries == {"max_attempts": 4, "mode": "standard"}
    assert config.s3 == {"addressing_style": "path"}
    path, args, kwargs = storage.deconstruct()
    assert path == "crpv_site.s3_storage.FilesS3Storage" and kwargs["connect_timeout"] == 1.5
