"""Helpers shared by the benchmark scripts."""


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in DATABASE_URL if it does not exist."""
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone():
            conn.execute(f'create database "{name}"')
