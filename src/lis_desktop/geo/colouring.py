"""What each area's colour says: offline status (the default), LIS wave, body type, or the hit
counts of a theme column of the matrix; the legend that explains it.

Palettes are colour-blind safe: Okabe and Ito's eight colours for categories, viridis (which
stays ordered in every kind of colour blindness and in grey) for counts; each swatch has a day
and a night (dark) variant. Colour is never the only cue: each region's `values` text says the
same in words, for the hover text, the keyboard announcements and the legend's counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from lis_desktop.domain import Offline, Region

K = TypeVar("K")


class ColourBy(StrEnum):
    STATUS = "status"
    WAVE = "wave"
    BODY = "body"
    THEME = "theme"


MODE_LABELS = {
    ColourBy.STATUS: "Offline status",
    ColourBy.WAVE: "LIS wave",
    ColourBy.BODY: "Body type",
    ColourBy.THEME: "Theme (matrix column)",
}


@dataclass(frozen=True)
class Swatch:
    key: str
    label: str
    day: str  # "#rrggbb" on a light background
    night: str  # on a dark background

    def colour(self, night: bool) -> str:
        return self.night if night else self.day


@dataclass(frozen=True)
class Colouring:
    mode: ColourBy
    title: str  # the legend's heading, e.g. "Offline status"
    swatches: tuple[Swatch, ...]  # legend order (only those some region has)
    classes: Mapping[str, str]  # region id -> swatch key
    values: Mapping[str, str]  # region id -> what its colour says, in words

    def swatch(self, region_id: str) -> Swatch | None:
        key = self.classes.get(region_id)
        return next((s for s in self.swatches if s.key == key), None)

    def count(self, key: str) -> int:
        return sum(1 for k in self.classes.values() if k == key)


# Okabe & Ito (2008), and darker variants of the same hues for night mode.
ORANGE = ("#E69F00", "#B07A00")
SKY_BLUE = ("#56B4E9", "#3D87B0")
GREEN = ("#009E73", "#00805D")
YELLOW = ("#F0E442", "#B3AA31")
BLUE = ("#0072B2", "#2E7FC0")
VERMILLION = ("#D55E00", "#B24E00")
PURPLE = ("#CC79A7", "#A65F87")
GREY = ("#D3D6DB", "#565A61")
PALE = ("#FBF1B8", "#3E3558")  # zero hits: before the counts' first class, not the background
# viridis at 0.9, 0.65, 0.45, 0.25 (day: light = few) and 0.3, 0.5, 0.75, 1.0 (night: bright = many)
VIRIDIS_DAY = ("#BDDF26", "#35B779", "#21908D", "#3B528B")
VIRIDIS_NIGHT = ("#31688E", "#21908D", "#5EC962", "#FDE725")

STATUS_LEGEND = {  # short legend labels; the hover text uses the tree's (STATUS_TEXT)
    Offline.AVAILABLE: ("Available offline", GREEN),
    Offline.UPDATE_AVAILABLE: ("Available, update waiting", SKY_BLUE),
    Offline.MISSING: ("Not downloaded", GREY),
    Offline.FAILED: ("Download failed", VERMILLION),
    Offline.CORRUPT: ("Offline copy damaged", PURPLE),
}
WAVE_LEGEND = {
    1: ("Wave 1 (trailblazers, 2017)", ORANGE),
    2: ("Wave 2 (July 2018)", SKY_BLUE),
    3: ("Wave 3 (December 2018)", GREEN),
    None: ("No LIS wave (devolved)", GREY),
}
BODY_LEGEND = {
    "LEP": ("Local Enterprise Partnership", SKY_BLUE),
    "MCA": ("Mayoral Combined Authority", ORANGE),
    "Devolved": ("Devolved nation", PURPLE),
}


def _swatches(
    legend: Mapping[K, tuple[str, tuple[str, str]]], used: Iterable[K]
) -> tuple[Swatch, ...]:
    present = set(used)
    return tuple(
        Swatch(str(key), label, day, night)
        for key, (label, (day, night)) in legend.items()
        if key in present
    )


def by_status(
    regions: Sequence[Region],
    statuses: Mapping[str, Offline],
    status_text: Mapping[Offline, str] | None = None,
) -> Colouring:
    """Coloured by whether each summary is available offline; `status_text` words the values
    (the tree's tooltips), else the legend's labels do."""
    state = {r.id: statuses.get(r.id, Offline.MISSING) for r in regions}
    values = {rid: (status_text or {}).get(s) or STATUS_LEGEND[s][0] for rid, s in state.items()}
    return Colouring(
        ColourBy.STATUS,
        MODE_LABELS[ColourBy.STATUS],
        _swatches(STATUS_LEGEND, state.values()),
        {rid: str(s) for rid, s in state.items()},
        values,
    )


def by_wave(regions: Sequence[Region]) -> Colouring:
    waves = {r.id: r.wave if r.wave in WAVE_LEGEND else None for r in regions}
    return Colouring(
        ColourBy.WAVE,
        MODE_LABELS[ColourBy.WAVE],
        _swatches(WAVE_LEGEND, waves.values()),
        {rid: str(w) for rid, w in waves.items()},
        {rid: f"LIS wave {w}" if w else "No LIS wave" for rid, w in waves.items()},
    )


def by_body(regions: Sequence[Region]) -> Colouring:
    bodies = {r.id: r.body for r in regions}
    legend = {**BODY_LEGEND}
    for body in sorted(set(bodies.values()) - set(legend)):
        legend[body] = (body, YELLOW)
    return Colouring(
        ColourBy.BODY,
        MODE_LABELS[ColourBy.BODY],
        _swatches(legend, bodies.values()),
        dict(bodies),
        {rid: legend[b][0] for rid, b in bodies.items()},
    )


NOT_OFFLINE = "not-offline"
ZERO = "0"
COUNTING = "counting"


def counting(regions: Sequence[Region], label: str) -> Colouring:
    """While a theme column's counts are being made (the matrix counts off the GUI thread)."""
    return Colouring(
        ColourBy.THEME,
        f"{label}: counting…",
        (Swatch(COUNTING, "Counting hits…", *GREY),),
        {r.id: COUNTING for r in regions},
        {r.id: f"{label}: counting…" for r in regions},
    )


def by_theme(regions: Sequence[Region], label: str, counts: Mapping[str, int | None]) -> Colouring:
    """Coloured by a theme column's hit counts (None: the summary is not offline, so there is
    no count, which is not 0), in up to four classes of about as many regions each."""
    values = {r.id: counts.get(r.id) for r in regions}
    bins = count_bins([v for v in values.values() if v])
    day, night = _spread(VIRIDIS_DAY, len(bins)), _spread(VIRIDIS_NIGHT, len(bins))
    swatches = [
        Swatch(NOT_OFFLINE, "Not offline (no count)", *GREY),
        Swatch(ZERO, "Not mentioned", *PALE),
    ]
    swatches += [
        Swatch(f"{lo}-{hi}", _hits(lo, hi), d, n)
        for (lo, hi), d, n in zip(bins, day, night, strict=True)
    ]
    classes = {rid: _bin_key(v, bins) for rid, v in values.items()}
    used = set(classes.values())
    return Colouring(
        ColourBy.THEME,
        f"{label}: hits",
        tuple(s for s in swatches if s.key in used),
        classes,
        {rid: f"{label}: " + _value_text(v) for rid, v in values.items()},
    )


def count_bins(positive: Iterable[int]) -> list[tuple[int, int]]:
    """Up to four ranges (low, high) covering the counts, each holding about as many of the
    distinct counts: 1, 2, 3 and 4 hits get a class each; 1 to 40 hits get four ranges."""
    distinct = sorted(set(positive))
    if len(distinct) <= 4:
        return [(v, v) for v in distinct]
    n = len(distinct)
    chunks = [distinct[i * n // 4 : (i + 1) * n // 4] for i in range(4)]
    return [(chunk[0], chunk[-1]) for chunk in chunks]


def _bin_key(value: int | None, bins: Sequence[tuple[int, int]]) -> str:
    if value is None:
        return NOT_OFFLINE
    if value <= 0:
        return ZERO
    for lo, hi in bins:
        if value <= hi:
            return f"{lo}-{hi}"
    lo, hi = bins[-1]
    return f"{lo}-{hi}"


def _spread(palette: Sequence[str], count: int) -> list[str]:
    """`count` colours of the palette, as far apart as they can be (one: its middle-strong)."""
    if count <= 0:
        return []
    if count == 1:
        return [palette[2]]
    last = len(palette) - 1
    return [palette[round(i * last / (count - 1))] for i in range(count)]


def _hits(lo: int, hi: int) -> str:
    if lo == hi:
        return f"{lo} hit" + ("" if lo == 1 else "s")
    return f"{lo}–{hi} hits"


def _value_text(value: int | None) -> str:
    if value is None:
        return "not offline, no count"
    if value == 0:
        return "not mentioned"
    return f"{value} hit" + ("" if value == 1 else "s")
