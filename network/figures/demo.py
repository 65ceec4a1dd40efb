"""Demo: count every organisation once, so the coordinator's pages are alive on ``make run``.

Runs after the other demos (ideas, the network, joint pilots): the figures
count what they made. Counting twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from network.figures import services


def seed(*, log: Callable[[str], object] = print) -> dict[str, int]:
    """Recount every organisation and rebuild the roll-ups; return how many figures changed."""
    changed = 0
    for organization_id in services.organizations_to_count():
        changed += bool(services.figures_recount(organization_id=organization_id).changed)
    rows = services.figures_rollup_rebuild()
    log(f"  national figures: {changed} organisations' figures changed, {rows} roll-up rows")
    return {"figures_organizations": changed}
