"""Fixtures for the demo's tests: the demo is loaded once for the whole folder.

Loading it takes seconds, so the first load happens once, inside a
transaction that is rolled back when the folder's last test is done; each
test then runs inside its own savepoint, as pytest-django's `db` does, and
sees the demo exactly as `make demo` leaves it.
"""

import pytest
from django.db import transaction
from django.test import override_settings

from demo.loading import load_demo


@pytest.fixture(scope="package")
def _demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    # Pictures and the editor's password stay out of the project folders.
    quiet_site = override_settings(
        DATA_DIR=folder / "data",
        MEDIA_ROOT=folder / "media",
        CACHES={
            name: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
            for name in ("default", "renditions")
        },
        TASKS={
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
        },
        PAGE_CACHE=False,
    )
    with quiet_site, django_db_blocker.unblock(), transaction.atomic():
        result = load_demo()
        yield folder, result
        transaction.set_rollback(True)


@pytest.fixture
def demo_dirs(_demo_once, db, settings):
    """The folder that holds the loaded demo's data and media."""
    folder, _ = _demo_once
    settings.DATA_DIR = folder / "data"
    settings.MEDIA_ROOT = folder / "media"
    return folder


@pytest.fixture
def demo(demo_dirs, _demo_once):
    """What the first `load_demo()` reported."""
    return _demo_once[1]
