"""Fixtures for the demo's tests."""

import pytest


@pytest.fixture
def demo_dirs(settings, tmp_path):
    # Keep pictures and the editor's password out of the project folders.
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path
