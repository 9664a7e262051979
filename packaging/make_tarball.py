"""Pack the Linux onedir bundle with its desktop integration into a .tar.xz.

    python packaging/make_tarball.py BUNDLE_DIR ICONS_DIR OUT_DIR --version V

BUNDLE_DIR is PyInstaller's dist/lis-desktop, ICONS_DIR what make_icons.py wrote. The archive
unpacks to one folder, lis-desktop-V-linux-<arch>/, holding the program, install.sh (per-user
install of the menu entry, icons and AppStream metadata under ~/.local), LICENSE and README.txt.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "uk.gov.lisdesktop.LISDesktop"

README = """LIS Desktop {version} for Linux (x86-64)

Install for yourself (no administrator rights needed):   ./install.sh
It copies the program to ~/.local/lib/lis-desktop and adds LIS Desktop to your applications menu
(and to "Open With" for PDF files). Remove it again with:   ./install.sh --uninstall
Your offline summaries (~/.local/share/lis-desktop) and settings are kept.

Or run it straight from this folder:   ./lis-desktop
Check an installation:                 ./lis-desktop --self-test

LIS Desktop is free software under the GNU Affero General Public License v3.0 or later (LICENSE).
The story and the summaries are Crown copyright, under the Open Government Licence v3.0.
"""


def stage(bundle: Path, icons: Path, out_dir: Path, version: str) -> Path:
    """Lay out the archive's folder under out_dir and return it."""
    name = f"lis-desktop-{version}-linux-{platform.machine() or 'x86_64'}"
    top = out_dir / name
    if top.exists():
        shutil.rmtree(top)
    shutil.copytree(bundle, top, symlinks=True)
    shutil.copy2(LINUX / "install.sh", top / "install.sh")
    (top / "install.sh").chmod(0o755)
    share = top / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(LINUX / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    (share / "metainfo").mkdir()
    shutil.copy2(LINUX / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    shutil.copytree(icons / "hicolor", share / "icons" / "hicolor")
    shutil.copy2(ROOT / "LICENSE", top / "LICENSE")
    (top / "README.txt").write_text(README.format(version=version), encoding="utf-8")
    return top


def pack(top: Path) -> Path:
    """top -> top.tar.xz next to it; multi-threaded xz when the tools exist (much faster)."""
    archive = top.with_name(top.name + ".tar.xz")
    tmp = archive.with_name(archive.name + ".part")
    if shutil.which("tar") and shutil.which("xz"):
        subprocess.run(
            ["tar", "--sort=name", "--owner=0", "--group=0", "--numeric-owner",
             "-I", "xz -T0 -6", "-cf", str(tmp), "-C", str(top.parent), top.name],
            check=True,
        )  # fmt: skip
    else:
        with tarfile.open(tmp, "w:xz") as tar:
            tar.add(top, arcname=top.name)
    os.replace(tmp, archive)
    return archive


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("icons", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--version", required=True)
    parser.add_argument("--no-archive", action="store_true", help="stage the folder only")
    args = parser.parse_args(argv)
    top = stage(args.bundle, args.icons, args.out_dir, args.version)
    if args.no_archive:
        print(top)
        return 0
    archive = pack(top)
    shutil.rmtree(top)
    print(archive)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
