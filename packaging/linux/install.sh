#!/bin/sh
# Installs LIS Desktop for the current user (no root needed), from the unpacked .tar.xz:
#   ./install.sh              install or update under ~/.local
#   ./install.sh --uninstall  remove it again (your offline summaries and settings are kept)
#   ./install.sh --prefix DIR use DIR instead of ~/.local
# Files: DIR/lib/lis-desktop/ (the program), DIR/bin/lis-desktop (a link to it), and the menu entry,
# icons and AppStream metadata under DIR/share (or $XDG_DATA_HOME when it is set).
set -eu

APP_ID=uk.gov.lisdesktop.LISDesktop
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX="$HOME/.local"
ACTION=install

while [ $# -gt 0 ]; do
    case "$1" in
        --uninstall) ACTION=uninstall ;;
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
                  PREFIX=$2; shift ;;
        -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if [ "$PREFIX" = "$HOME/.local" ] && [ -n "${XDG_DATA_HOME:-}" ]; then
    DATA="$XDG_DATA_HOME"
else
    DATA="$PREFIX/share"
fi
APP_DIR="$PREFIX/lib/lis-desktop"
BIN_LINK="$PREFIX/bin/lis-desktop"
DESKTOP="$DATA/applications/$APP_ID.desktop"
METAINFO="$DATA/metainfo/$APP_ID.metainfo.xml"
ICONS="$DATA/icons/hicolor"

refresh_caches() {
    # Menus and "Open With" lists pick the entry up without logging out, where these tools exist.
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$DATA/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$ICONS/index.theme" ]; then
        gtk-update-icon-cache -q -t -f "$ICONS" 2>/dev/null || true
    fi
}

uninstall() {
    rm -rf "$APP_DIR"
    [ -L "$BIN_LINK" ] && rm -f "$BIN_LINK"
    rm -f "$DESKTOP" "$METAINFO"
    find "$ICONS" -name "$APP_ID.*" -type f -exec rm -f {} + 2>/dev/null || true
    refresh_caches
    echo "LIS Desktop was removed. Your offline summaries and settings were kept."
}

install_app() {
    [ -x "$HERE/lis-desktop" ] || { echo "install.sh: run it from the unpacked folder" >&2; exit 1; }
    if [ "$HERE" = "$APP_DIR" ]; then
        echo "install.sh: this copy is already the installed one" >&2; exit 1
    fi
    # Copy next to the old version, then swap: a failed copy leaves the old install working.
    mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$DATA/applications" "$DATA/metainfo" "$ICONS"
    staging="$PREFIX/lib/.lis-desktop.new.$$"
    rm -rf "$staging"
    mkdir -p "$staging"
    cp -R "$HERE/lis-desktop" "$HERE/_internal" "$staging/"
    for extra in LICENSE README.txt install.sh; do
        [ -e "$HERE/$extra" ] && cp "$HERE/$extra" "$staging/"
    done
    rm -rf "$APP_DIR"
    mv "$staging" "$APP_DIR"
    ln -sfn "$APP_DIR/lis-desktop" "$BIN_LINK"
    # The menu entry starts the installed program by its full path: ~/.local/bin may not be in PATH.
    sed -e "s|^Exec=lis-desktop|Exec=\"$APP_DIR/lis-desktop\"|" \
        -e "s|^TryExec=lis-desktop|TryExec=$APP_DIR/lis-desktop|" \
        "$HERE/share/applications/$APP_ID.desktop" > "$DESKTOP.tmp"
    mv "$DESKTOP.tmp" "$DESKTOP"
    cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$METAINFO"
    (cd "$HERE/share/icons/hicolor" && find . -name "$APP_ID.*" -type f) | while read -r icon; do
        mkdir -p "$ICONS/$(dirname "$icon")"
        cp "$HERE/share/icons/hicolor/$icon" "$ICONS/$icon"
    done
    refresh_caches
    echo "LIS Desktop is installed: find it in your applications menu, or run $BIN_LINK"
}

if [ "$ACTION" = uninstall ]; then uninstall; else install_app; fi
