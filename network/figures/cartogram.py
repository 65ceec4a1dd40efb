"""A tile-grid cartogram of Sweden's 21 counties (one equal square each), drawn as SVG.

Not a map of borders: the repository holds no county geometry, so each
county is a square placed roughly where it lies (north at the top). The page
says so, and the table beside it carries the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.core import geography

# (column, row) of each county's square, north at the top.
GRID: dict[str, tuple[int, int]] = {
    "25": (3, 0),
    "24": (2, 1),
    "23": (1, 2),
    "22": (2, 2),
    "20": (1, 3),
    "21": (2, 3),
    "17": (0, 4),
    "18": (1, 4),
    "19": (2, 4),
    "03": (3, 4),
    "14": (0, 5),
    "05": (1, 5),
    "04": (2, 5),
    "01": (3, 5),
    "13": (0, 6),
    "06": (1, 6),
    "08": (2, 6),
    "09": (3, 6),
    "12": (0, 7),
    "07": (1, 7),
    "10": (2, 7),
}
TILE = 84
GAP = 6
# Five classes, light to dark; text colour chosen for contrast on each.
FILLS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
TEXT = ("#1a1a1a", "#1a1a1a", "#1a1a1a", "#ffffff", "#ffffff")


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    short: str
    value: int
    x: int
    y: int
    fill: str
    text: str
    label_x: int
    label_y: int
    value_y: int


@dataclass(frozen=True)
class Cartogram:
    width: int
    height: int
    size: int
    tiles: tuple[Tile, ...]
    classes: tuple[tuple[str, str], ...]  # (fill, "from–to")


def _short(name: str) -> str:
    return name.removesuffix(" län").removesuffix("s")[:10]


def cartogram(values: dict[str, int]) -> Cartogram:
    """Squares coloured in five equal-width classes from 0 to the largest value."""
    counties = geography.counties()
    largest = max(values.values(), default=0)
    step = max(1, -(-largest // len(FILLS)))  # ceiling division

    def klass(value: int) -> int:
        return min(len(FILLS) - 1, value // step) if largest else 0

    tiles = []
    for code, (column, row) in GRID.items():
        value = values.get(code, 0)
        x, y = column * (TILE + GAP), row * (TILE + GAP)
        n = klass(value)
        tiles.append(
            Tile(
                code=code,
                name=counties[code].name,
                short=_short(counties[code].name),
                value=value,
                x=x,
                y=y,
                fill=FILLS[n],
                text=TEXT[n],
                label_x=x + TILE // 2,
                label_y=y + TILE // 2 - 6,
                value_y=y + TILE // 2 + 16,
            )
        )
    classes = tuple(
        (FILLS[n], f"{n * step}–{(n + 1) * step - 1}" if n < len(FILLS) - 1 else f"{n * step}–")
        for n in range(len(FILLS))
    )
    return Cartogram(
        width=4 * (TILE + GAP),
        height=8 * (TILE + GAP),
        size=TILE,
        tiles=tuple(tiles),
        classes=classes,
    )
