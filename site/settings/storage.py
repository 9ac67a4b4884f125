"""File storage setting: local folder by default, S3 (django-storages + boto3) when a bucket is named."""
from .env import env, env_bool, env_required

S3_BACKEND = "crpv_site.s3_storage.FilesS3Storage"  # S3Storage with JSON-friendly network limits
STATIC_BACKEND = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def s3_options():
    """Every S3 option this project reads, with its default (listed in the README)."""
    return {
        "bucket_name": env_required("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env("AWS_S3_REGION_NAME") or None,
        "access_key": env("AWS_ACCESS_KEY_ID") or None,
        "secret_key": env("AWS_SECRET_ACCESS_KEY") or None,
        "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
        "location": env("AWS_LOCATION", ""),
        "default_acl": None,
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
        "file_overwrite": False,
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE", "path"),
        "signature_version": "s3v4",
        # Fail fast when S3 is unreachable instead of retrying for a minute.
        "connect_timeout": float(env("AWS_S3_CONNECT_TIMEOUT", "3")),
        "read_timeout": float(env("AWS_S3_READ_TIMEOUT", "30")),
        "max_attempts": int(env("AWS_S3_MAX_ATTEMPTS", "2")),
    }


def storages_setting(media_root, static_backend=STATIC_BACKEND):
    if env("AWS_STORAGE_BUCKET_NAME"):
        default = {"BACKEND": S3_BACKEND, "OPTIONS": s3_options()}
    else:
        default = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media_root)},
        }
    return {"default": default, "staticfiles": {"BACKEND": static_backend}}


def document_serve_method(storages):
    """How Wagtail serves files: on a bucket without signed URLs (AWS_QUERYSTRING_AUTH=false) a
    redirect would give an address anyone could reuse, drafts' and private files' included, so
    Django streams the file itself after its checks; otherwise Wagtail's default (None)."""
    default = storages["default"]
    if default["BACKEND"] == S3_BACKEND and not default["OPTIONS"].get("querystring_auth", True):
        return "serve_view"
    return None
