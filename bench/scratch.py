"""A throw-away Masthead for benchmarks: its own SQLite file, media and static files.

Every benchmark starts here, so none of them can touch the developer's own
database, media or cache, and all of them time production settings.
"""

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def scratch_site() -> Iterator[Path]:
    """Set up Django on a fresh temporary install, and remove it afterwards."""
    with tempfile.TemporaryDirectory(prefix="masthead-bench-") as folder:
        scratch = Path(folder)
        use_scratch_environment(scratch)
        import django
        from django.conf import settings

        # Production serves hashed static names from a manifest; STATIC_ROOT
        # is not read from the environment, so set it before anything reads it.
        settings.STATIC_ROOT = scratch / "static"
        django.setup()
        logging.disable(logging.INFO)
        _prepare_database(scratch)
        yield scratch


def use_scratch_environment(scratch: Path) -> None:
    """Point settings at the scratch folder before Django reads them.

    DATABASE_URL and REDIS_URL are pinned too, so neither a shell variable nor
    .env can steer a benchmark at a real database or cache. The page cache is
    off: benchmarks time the work of building pages.
    """
    os.environ.update(
        DJANGO_SETTINGS_MODULE="masthead.settings",
        DATA_DIR=str(scratch / "data"),
        MEDIA_ROOT=str(scratch / "media"),
        DATABASE_URL=f"sqlite:///{scratch / 'data' / 'masthead.sqlite3'}",
        REDIS_URL="",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        ALLOWED_HOSTS="localhost,testserver",
        PAGE_CACHE="false",
    )
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _prepare_database(scratch: Path) -> None:
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command

    # Refuse to write anywhere but the scratch folder, or to time debug pages.
    places = {
        "database": settings.DATABASES["default"]["NAME"],
        "static files": staticfiles_storage.location,
    }
    for what, place in places.items():
        if not str(place).startswith(str(scratch)) or settings.DEBUG:
            raise SystemExit(f"Refusing to run: DEBUG is on or {what} go to {place}")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    set_moderation_mode("publish")


def set_moderation_mode(mode: str) -> None:
    """Every check still runs; only the final rule (publish or hold) changes."""
    from wagtail.models import Site

    from masthead.moderation.models import ModerationSettings

    rules = ModerationSettings.for_site(Site.objects.get(is_default_site=True))
    rules.mode = mode
    rules.save()


def publish_article(title: str):
    from masthead.publishing.models import ArticlePage, HomePage, SectionPage

    section = SectionPage.objects.first()
    if section is None:
        section = SectionPage(title="World", show_in_menus=True)
        HomePage.objects.get().add_child(instance=section)
        section.save_revision().publish()
    article = ArticlePage(title=title, live=False)
    section.add_child(instance=article)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def print_results(
    title: str, headings: tuple[str, ...], rows: list[list[str]], *notes: str
) -> None:
    """A benchmark's table (figures right-aligned), its notes, and how busy the
    machine was while it measured."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False)
    for heading in headings:
        table.add_column(heading, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    # A table written to a file keeps every column whole rather than
    # squeezing it to 80 characters.
    console = Console(width=shutil.get_terminal_size((200, 24)).columns)
    console.print(table)
    for note in (*notes, machine_load()):
        console.print(note)


def machine_load() -> str:
    """The load average and core count, printed under a table: other work on the
    machine skews timings, so a reader can judge a run by how busy it was."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"Load average while measuring: {load} ({os.cpu_count()} CPUs)"
