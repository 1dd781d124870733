"""Uploads in S3-compatible object storage, shared by every app server."""

import io
import re
import urllib.error
import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import Image as PillowImage

from masthead.importers.export_wxr import body_html
from masthead.operations.media_storage import default_storage_from_url

pytestmark = pytest.mark.django_db


def test_an_uploaded_image_and_its_renditions_live_in_the_bucket(
    settings, s3_endpoint, uploads_in_bucket, bucket_files, make_image
):
    image = make_image("Harbour at dawn")
    rendition = image.get_rendition("fill-200x100")

    stored = bucket_files(uploads_in_bucket.name)
    assert set(stored) == {image.file.name, rendition.file.name}
    assert image.file.name.startswith("original_images/")
    assert rendition.file.name.startswith("images/")
    assert (
        rendition.url == f"{s3_endpoint}/{uploads_in_bucket.name}/{rendition.file.name}"
    )
    with urllib.request.urlopen(rendition.url) as served:  # noqa: S310 (loopback)
        assert PillowImage.open(io.BytesIO(served.read())).size == (200, 100)
    # Nothing on this server's own disk: another server would not have it.
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))


def test_an_article_shows_its_image_from_the_bucket_and_allows_it(
    client, s3_endpoint, uploads_in_bucket, make_image, make_article
):
    image = make_image("Tram still")
    article = make_article(body=[("image", {"image": image, "caption": "Trams"})])

    response = client.get(article.url)

    sources = re.findall(r'<img[^>]* src="([^"]+)"', response.content.decode())
    assert sources and sources[0].startswith(
        f"{s3_endpoint}/{uploads_in_bucket.name}/images/"
    )
    with urllib.request.urlopen(sources[0]) as served:  # noqa: S310 (loopback)
        assert served.status == 200
    image_sources = re.search(r"img-src ([^;]+)", response["Content-Security-Policy"])
    assert s3_endpoint in image_sources.group(1).split()
    assert f'<img src="{s3_endpoint}/{uploads_in_bucket.name}/original_images/' in (
        body_html(article)
    )


def test_media_storage_url_fills_the_bucket_options():
    url = (
        "s3://news-media/site-a?endpoint_url=https://abc.r2.cloudflarestorage.com"
        "&region=auto&custom_domain=media.example.org"
    )

    storage = default_storage_from_url(url)

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "news-media"
    assert options["location"] == "site-a"
    assert options["endpoint_url"] == "https://abc.r2.cloudflarestorage.com"
    assert options["region_name"] == "auto"
    assert options["custom_domain"] == "media.example.org"
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is False


def test_without_media_storage_url_uploads_stay_on_disk():
    assert default_storage_from_url("") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://bucket.example.org", "must start with s3://"),
        ("/srv/media", "must start with s3://"),
        ("s3://KEY:SECRET@news-media", "put them in AWS_ACCESS_KEY_ID"),
        ("s3://?region=auto", "names no bucket"),
        ("s3://news-media?endpoint=https://x", "unknown options endpoint"),
    ],
)
def test_a_media_storage_url_masthead_cannot_use_is_refused_clearly(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        default_storage_from_url(url)


def test_two_uploads_with_one_name_are_both_kept(uploads_in_bucket, bucket_files):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    first = default_storage.save("original_images/photo.jpg", ContentFile(b"first"))
    second = default_storage.save("original_images/photo.jpg", ContentFile(b"second"))

    assert first != second
    stored = bucket_files(uploads_in_bucket.name)
    assert (stored[first], stored[second]) == (b"first", b"second")


def test_documents_in_the_bucket_are_served_only_through_wagtail(
    client, uploads_in_bucket
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Budget", file=ContentFile(b"the council's budget", name="budget.txt")
    )

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(document.file.url)  # noqa: S310 (loopback)
    assert refused.value.code == 403
    served = client.get(document.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"the council's budget"
