"""Where uploaded files live: this server's disk, or an S3-compatible bucket.

With several app servers, an image uploaded on one must be there for all of
them, and a rendition made on one must be served from where every server's
pages point. MEDIA_STORAGE_URL moves every upload (Wagtail's original images,
their renditions, documents) into one bucket of any S3-compatible service:

    MEDIA_STORAGE_URL=s3://BUCKET/OPTIONAL/PREFIX?endpoint_url=https://...&region=auto

The keys are never part of the URL: boto3 reads them the way every S3 tool
does (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or an
instance role), so a secret with "/" or "+" in it needs no escaping and the URL
can be shown in logs. Read by settings.py: nothing here touches Django's models.
"""

from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

LOCAL_DISK = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "storages.backends.s3.S3Storage"
# What the URL's query may set, and the django-storages option each one fills.
URL_OPTIONS = {
    "endpoint_url": "endpoint_url",  # any service but AWS: R2, MinIO, Backblaze...
    "region": "region_name",
    "custom_domain": "custom_domain",  # a CDN or the bucket's public host name
    "addressing_style": "addressing_style",  # "path" for MinIO without bucket DNS
}


def default_storage_from_url(url: str) -> dict:
    """The STORAGES["default"] entry for MEDIA_STORAGE_URL; local disk when unset.

    Raises ImproperlyConfigured, naming what to change, for a URL Masthead
    cannot use.
    """
    if not url:
        return LOCAL_DISK
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE_URL must start with s3:// (got {parts.scheme or url!r}); "
            "leave it unset to keep uploads on this server's disk."
        )
    if "@" in parts.netloc:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL holds keys: put them in AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY instead, and name only the bucket in the URL."
        )
    if not parts.netloc:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL names no bucket: write s3://BUCKET?endpoint_url=..."
        )
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(query) - set(URL_OPTIONS))
    if unknown:
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE_URL has unknown options {', '.join(unknown)}; it takes "
            f"{', '.join(URL_OPTIONS)}."
        )
    options = {
        "bucket_name": parts.netloc,
        "location": parts.path.strip("/"),
        # Two uploads named "photo.jpg" must not replace each other, as they
        # do not on disk (django-storages overwrites by default).
        "file_overwrite": False,
        # Plain URLs: pages are cached, and a signed URL inside a cached page
        # would expire under it. The bucket serves images/ and original_images/
        # to anyone; documents go through Wagtail's view (see the README).
        "querystring_auth": False,
        "client_config": _client_config(),
        **{URL_OPTIONS[name]: values[-1] for name, values in query.items()},
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def _client_config():
    # Imported only when a bucket is configured: a site on local disk needs
    # no boto3. Short connect timeouts, so an unreachable bucket fails an
    # upload in seconds instead of holding a web worker for minutes.
    from botocore.config import Config

    return Config(
        connect_timeout=5,
        read_timeout=20,
        retries={"max_attempts": 3, "mode": "standard"},
    )
