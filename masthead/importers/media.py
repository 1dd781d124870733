"""Images from a copy of the old site's uploads folder, as Wagtail images."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

UPLOADS_MARKER = "/uploads/"


class UploadsFolder:
    """Finds an old image URL in the copied folder and stores it once per run.

    With no folder (or on a dry run) every lookup answers None and the
    importer keeps the image as a link.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder.resolve() if folder else None
        self._images: dict[Path, object] = {}

    def image_for(self, url: str):
        file = self._file_for(url)
        if file is None:
            return None
        if file not in self._images:
            with file.open("rb") as handle:
                image = get_image_model()(title=file.stem[:255])
                image.file = ImageFile(handle, name=file.name)
                image.save()
            self._images[file] = image
        return self._images[file]

    def _file_for(self, url: str) -> Path | None:
        if self.folder is None or not url:
            return None
        path = unquote(urlsplit(url).path)
        relative = path.split(UPLOADS_MARKER, 1)[-1].lstrip("/")
        candidate = (self.folder / relative).resolve()
        # A crafted URL must not reach outside the folder ("../../etc").
        if not candidate.is_relative_to(self.folder) or not candidate.is_file():
            return None
        return candidate
