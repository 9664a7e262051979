#!/usr/bin/env bash
# Builds the Linux onedir bundle and checks it, the way .ci/run and the GitHub workflow do:
#   1. PyInstaller (packaging/lis-desktop.spec) -> dist/lis-desktop/
#   2. the .tar.xz with install.sh, desktop entry, icons, metainfo -> dist/lis-desktop-V-linux-ARCH.tar.xz
#   3. the bundle's --self-test; the bundle started under Xvfb until its window is mapped
#   4. the sizes, unpacked and as .tar.xz
# Uses .venv (created with the [package] extra) unless PYTHON names another interpreter.
# SCREENSHOT=shot.png also saves the Xvfb screen with the window on it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then
    source scripts/_venv.sh
    ensure_system_packages "${QT_RUNTIME_PACKAGES[@]}" binutils xz-utils xvfb xauth x11-utils ${SCREENSHOT:+imagemagick}
    ensure_venv "[package]"
    PYTHON=.venv/bin/python
fi
VERSION=$("$PYTHON" -c 'from importlib.metadata import version; print(version("lis-desktop"))')
echo "== PyInstaller: LIS Desktop $VERSION"
rm -rf dist/lis-desktop build/pyinstaller
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/lis-desktop.spec
echo "== .tar.xz"
ARCHIVE=$("$PYTHON" packaging/make_tarball.py dist/lis-desktop build/icons dist --version "$VERSION")
echo "$ARCHIVE"
echo "== checks"
"$PYTHON" packaging/check_bundle.py dist/lis-desktop --window --archive "$ARCHIVE" \
    ${SCREENSHOT:+--screenshot "$SCREENSHOT"}
