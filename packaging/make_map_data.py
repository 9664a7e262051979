"""Make `resources/map/areas.packed`, the packed copy of the map the app reads, from the bundled
GeoJSON (the source: ONS boundaries, see resources/map/README.md). Run it after the GeoJSON
changes; tests/unit/test_map_geo.py checks the committed file is what this makes.

    python packaging/make_map_data.py [OUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "map" / "areas.packed"


def build(target: Path = TARGET) -> Path:
    sys.path.insert(0, str(ROOT / "src"))
    from lis_desktop.geo import areas, packed

    target.write_bytes(packed.pack(areas.read_source()))
    return target


if __name__ == "__main__":
    written = build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
    print(f"make_map_data: wrote {written} ({written.stat().st_size} bytes)")
