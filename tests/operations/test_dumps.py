"""The PostgreSQL dump and load, on a throwaway database of their own."""

import psycopg

from masthead.operations.database_aliases import database_config
from masthead.operations.dumps import dump_postgresql, load_postgresql


def test_a_postgresql_dump_loads_into_another_database(
    tmp_path, make_postgresql_database
):
    source_url, target_url = make_postgresql_database(), make_postgresql_database()
    source, target = database_config(source_url), database_config(target_url)
    with psycopg.connect(source_url) as db:
        db.execute("CREATE TABLE headline (id serial PRIMARY KEY, title text)")
        db.execute("INSERT INTO headline (title) VALUES ('Bridge reopens'), ('Tide')")
    dump = tmp_path / "database.pgdump"

    dump_postgresql(config=source, destination=dump)
    load_postgresql(config=target, source=dump)

    with psycopg.connect(target_url) as db:
        titles = db.execute("SELECT title FROM headline ORDER BY id").fetchall()
    assert titles == [("Bridge reopens",), ("Tide",)]
