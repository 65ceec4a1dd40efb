"""The fleet of organisation schemas: the pool, migrations across all of them, connections."""
