"""Which tables hold Masthead's data, and how many rows each has.

Backups, restores and database copies all need the same answers, so they ask
here rather than each walking the app registry its own way.
"""

from django.apps import apps
from django.db import connections, models

# Wagtail's search index stores vendor-specific columns (tsvector on
# PostgreSQL, an FTS5 shadow table on SQLite): it cannot be copied from one
# database to another, only rebuilt with `update_index` on the target.
SEARCH_INDEX_APP = "wagtailsearch"

# A fresh `migrate` creates the page tree's root and the home page; an install
# with only those has no newsroom content yet.
PAGES_MADE_BY_MIGRATIONS = 2


def data_models() -> list[type[models.Model]]:
    """Every concrete model that owns a table, once per table, search index apart.

    Auto-created many-to-many tables are included; proxies and unmanaged
    models are not, since they own no table of their own.
    """
    by_table: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label == SEARCH_INDEX_APP:
            continue
        by_table.setdefault(meta.db_table, model)
    return sorted(by_table.values(), key=lambda model: model._meta.db_table)


def count_rows(*, using: str) -> dict[str, int]:
    """Rows per data table in the database `using`; tables it lacks count as 0."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for model in data_models():
            table = model._meta.db_table
            if table not in existing:
                counts[table] = 0
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 (a table name from the registry)
            counts[table] = cursor.fetchone()[0]
    return counts


def has_content(*, using: str) -> bool:
    """Whether the database `using` holds anything beyond what `migrate` creates.

    Accounts, comments or pages other than the root and home page count as
    content; an unmigrated database has none.
    """
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    user_model = apps.get_model("accounts", "User")
    comment_model = apps.get_model("discussion", "Comment")
    page_model = apps.get_model("wagtailcore", "Page")
    if any(
        model._meta.db_table in existing and model._base_manager.using(using).exists()
        for model in (user_model, comment_model)
    ):
        return True
    if page_model._meta.db_table not in existing:
        return False
    return page_model._base_manager.using(using).count() > PAGES_MADE_BY_MIGRATIONS
