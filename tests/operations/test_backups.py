import io
import json
import tarfile

import environ
import pytest
from django.db import connection

from masthead.operations.backups import BackupError, create_backup
from masthead.operations.database_aliases import temporary_database
from masthead.operations.restores import restore_backup
from masthead.operations.tables import count_rows

from .conftest import S3_KEYS


def url_of_test_database() -> str:
    """The database this test run writes to, as an operator's DATABASE_URL."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    return (
        f"postgres://{config['USER']}{password}@{config['HOST'] or 'localhost'}"
        f":{config['PORT'] or 5432}/{config['NAME']}"
    )


@pytest.fixture
def empty_install(request, tmp_path):
    """(environment, database config) of a new install on the suite's engine."""
    environment = {"MEDIA_ROOT": str(tmp_path / "restored-media")}
    if connection.vendor == "sqlite":
        environment["DATA_DIR"] = str(tmp_path / "restored")
        url = f"sqlite:///{tmp_path / 'restored' / 'masthead.sqlite3'}"
    else:
        url = request.getfixturevalue("make_postgresql_database")()
        environment["DATABASE_URL"] = url
    return environment, environ.Env.db_url_config(url)


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_on_an_empty_install_gives_the_same_site(
    settings, tmp_path, article, post, run_manage, fetch_page, empty_install
):
    first = post("The harbour plan needs a second look.")
    post("It has had three looks already.", parent=first, name="Bo")
    upload = settings.MEDIA_ROOT / "original_images" / "harbour.jpg"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"\xff\xd8 a photograph of the harbour")
    source = {
        "DATABASE_URL": url_of_test_database(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    archive = tmp_path / "backup.tar.gz"

    backed_up = run_manage("backup", "--output", str(archive), **source)
    assert backed_up.returncode == 0, backed_up.stderr
    restored_install, restored_database = empty_install
    restored = run_manage("restore", str(archive), **restored_install)
    assert restored.returncode == 0, restored.stderr

    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
    assert manifest["engine"] == connection.vendor
    assert manifest["row_counts"] == count_rows(using="default")
    with temporary_database("restored", restored_database) as alias:
        assert count_rows(using=alias) == count_rows(using="default")
    brought_back = tmp_path / "restored-media" / "original_images" / "harbour.jpg"
    assert brought_back.read_bytes() == upload.read_bytes()

    status, html = fetch_page(article.url, **restored_install)
    assert status == 200
    assert "The harbour plan needs a second look." in html
    assert html.index("needs a second look") < html.index("three looks already")


@pytest.mark.django_db(transaction=True)
def test_backup_reads_media_from_the_bucket_and_restore_fills_an_empty_one(
    tmp_path,
    s3_endpoint,
    uploads_in_bucket,
    make_bucket,
    bucket_files,
    make_image,
    make_article,
    run_manage,
    fetch_page,
    empty_install,
):
    image = make_image("Harbour at dawn")
    image.get_rendition("fill-200x100")
    article = make_article("The harbour at dawn", lead_image=image)
    uploaded = bucket_files(uploads_in_bucket.name)
    empty_bucket, empty_bucket_url = make_bucket()
    archive = tmp_path / "backup.tar.gz"

    backed_up = run_manage(
        "backup",
        "--output",
        str(archive),
        DATABASE_URL=url_of_test_database(),
        MEDIA_STORAGE_URL=uploads_in_bucket.url,
        **S3_KEYS,
    )
    assert backed_up.returncode == 0, backed_up.stderr
    assert "and 2 media files" in backed_up.stdout
    restored_install = {
        **empty_install[0],
        "MEDIA_STORAGE_URL": empty_bucket_url,
        **S3_KEYS,
    }
    restored = run_manage("restore", str(archive), **restored_install)
    assert restored.returncode == 0, restored.stderr

    assert len(uploaded) == 2
    assert bucket_files(empty_bucket) == uploaded
    with tarfile.open(archive) as opened:
        archived = {
            name.removeprefix("media/")
            for name in opened.getnames()
            if name.startswith("media/")
        }
    assert archived == set(uploaded)
    status, html = fetch_page(article.url, **restored_install)
    assert status == 200
    assert f"{s3_endpoint}/{empty_bucket}/images/" in html


def test_restore_refuses_an_archive_that_writes_outside_the_media_folder(
    db, settings, tmp_path
):
    archive = tmp_path / "tampered.tar.gz"
    create_backup(output=archive)
    with tarfile.open(archive) as original:
        members = [(m, original.extractfile(m).read()) for m in original.getmembers()]
    with tarfile.open(archive, "w:gz") as tampered:
        for member, data in members:
            tampered.addfile(member, io.BytesIO(data))
        escape = tarfile.TarInfo("media/../escaped.txt")
        escape.size = 5
        tampered.addfile(escape, io.BytesIO(b"owned"))

    with pytest.raises(BackupError, match="unsafe name"):
        restore_backup(archive_path=archive, force=True)

    assert not (settings.MEDIA_ROOT.parent / "escaped.txt").exists()
    assert not (settings.MEDIA_ROOT / "escaped.txt").exists()


def test_restore_refuses_a_database_that_has_content(settings, tmp_path, article, post):
    post("Already here.")
    archive = tmp_path / "backup.tar.gz"
    create_backup(output=archive)

    with pytest.raises(BackupError, match="already holds content"):
        restore_backup(archive_path=archive)


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path, run_manage):
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_bytes(b"not a tar file")

    result = run_manage("restore", str(not_a_backup), DATA_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "is not a Masthead backup archive" in result.stderr
