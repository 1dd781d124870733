"""How PostgreSQL connections are held: a pool per process, or PgBouncer's.

settings.py calls this only when DATABASE_POOL_MAX_SIZE or DATABASE_PGBOUNCER is
set; otherwise each thread keeps its own connection for CONN_MAX_AGE seconds.
"""

from django.core.exceptions import ImproperlyConfigured

POSTGRESQL = "django.db.backends.postgresql"
# Connections above the pool's minimum close after this long unused, so a quiet
# night does not keep a busy afternoon's connections open.
POOL_MAX_IDLE_SECONDS = 60


def postgresql_connection_settings(
    database: dict,
    *,
    pool_max_size: int,
    pool_min_size: int,
    pool_timeout: float,
    behind_pgbouncer: bool,
) -> dict:
    """`database` (one DATABASES entry) with a connection pool or PgBouncer's needs.

    Raises ImproperlyConfigured, naming the variable to change, for a database
    other than PostgreSQL, both choices at once, or pool sizes that cannot work.
    """
    if database["ENGINE"] != POSTGRESQL:
        raise ImproperlyConfigured(
            "DATABASE_POOL_MAX_SIZE and DATABASE_PGBOUNCER are for PostgreSQL; "
            "unset them, or point DATABASE_URL at a PostgreSQL database."
        )
    if pool_max_size and behind_pgbouncer:
        raise ImproperlyConfigured(
            "Choose one: DATABASE_POOL_MAX_SIZE (a pool in each process) or "
            "DATABASE_PGBOUNCER=true (PgBouncer pools the connections)."
        )
    database = {**database, "OPTIONS": dict(database.get("OPTIONS", {}))}
    # Django closes each connection at the end of a request: into the pool, or
    # back to PgBouncer. Persistent connections would defeat both (and Django
    # refuses them beside its pool).
    database["CONN_MAX_AGE"] = 0
    if behind_pgbouncer:
        # In transaction mode a cursor declared in one transaction is gone in
        # the next, which may run on another server connection.
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
        return database
    if not 0 <= pool_min_size <= pool_max_size:
        raise ImproperlyConfigured(
            f"DATABASE_POOL_MIN_SIZE ({pool_min_size}) must be between 0 and "
            f"DATABASE_POOL_MAX_SIZE ({pool_max_size})."
        )
    if pool_timeout <= 0:
        raise ImproperlyConfigured("DATABASE_POOL_TIMEOUT must be a positive number.")
    database["OPTIONS"]["pool"] = {
        "min_size": pool_min_size,
        "max_size": pool_max_size,
        # A request waits this long for a free connection, then fails.
        "timeout": pool_timeout,
        "max_idle": POOL_MAX_IDLE_SECONDS,
    }
    return database


# Pools a forked child inherited, kept referenced so that the child never closes
# them: closing would end the parent's connections on the server.
_inherited_pools: list[dict] = []


def forget_inherited_pools() -> None:
    """In a forked child, start with no pool: the parent's pooled connections are
    sockets the parent still uses (RQ runs each job in a forked child, after
    django-rq has handed the parent's connection back to its pool). Sharing one
    garbles both processes' queries, and the parent's pool may close it under
    the child's feet. Registered with os.register_at_fork when pooling."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    _inherited_pools.append(dict(DatabaseWrapper._connection_pools))
    DatabaseWrapper._connection_pools.clear()
