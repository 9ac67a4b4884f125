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
