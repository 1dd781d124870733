"""Open a second database by URL for the length of one operation."""

from collections.abc import Iterator
from contextlib import contextmanager

import environ
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections


class DatabaseUnreachable(Exception):
    """The database could not be connected to; the message has the driver's reason."""


def database_config(url: str) -> dict:
    """Django's settings for a database URL; ValueError if it is not one."""
    try:
        config = environ.Env.db_url_config(url)
    except (ImproperlyConfigured, KeyError, ValueError) as error:
        raise ValueError(f"Not a database URL Masthead understands: {error}") from error
    if not config.get("ENGINE"):
        raise ValueError(f"Not a database URL Masthead understands: {url!r}")
    return config


@contextmanager
def temporary_database(alias: str, config: dict) -> Iterator[str]:
    """Make `alias` usable with `config` inside the block, then forget it.

    Connects at once, so a wrong URL or a server that is down fails here
    (DatabaseUnreachable) before any work starts. This also
    satisfies Django's test case, which refuses to open connections lazily
    for aliases it was not told about.

    settings.DATABASES is read once by the connection handler, so the alias
    is added to the handler's own settings (with Django's defaults filled in
    by the same method that fills them for configured databases).
    """
    if alias in connections.settings:
        raise ValueError(f"The database alias {alias!r} is already in use.")
    connections.settings[alias] = connections.configure_settings(
        {"default": dict(config)}
    )["default"]
    try:
        try:
            connections[alias].connect()
        except DatabaseError as error:
            raise DatabaseUnreachable(
                f"Cannot connect to the database: {error}"
            ) from error
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]
