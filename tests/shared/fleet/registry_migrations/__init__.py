"""The registry app's migrations plus one more, for the fleet migration tests (MIGRATION_MODULES).

The package also reads the real migrations folder, so the graph is the real
one with ``0002_fleet_probe`` on top: a new column, its index, and a statement
that fails in any schema holding a table named ``fleet_poison``.
"""

from pathlib import Path

import tenants.registry.migrations

__path__.extend(str(Path(p)) for p in tenants.registry.migrations.__path__)
