# Shared by scripts/run and scripts/test: make sure .venv exists with the given extras installed.
# Usage: source scripts/_venv.sh; ensure_venv "" | "[test]"
# The shared libraries Qt's xcb (X11) platform plugin and its OpenGL/font/D-Bus bits load; minimal
# Debian/Ubuntu images lack several (ldd PySide6/Qt/plugins/platforms/libqxcb.so).
QT_RUNTIME_PACKAGES=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0
    libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
    libxcb-xkb1 libfontconfig1 libdbus-1-3)

ensure_system_packages() {
    # Qt needs a few shared libraries that minimal Debian/Ubuntu images lack; install them when
    # we may (root with apt-get), otherwise say what is missing.
    local wanted=("$@") missing=()
    command -v dpkg-query >/dev/null 2>&1 || return 0
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing system packages: ${missing[*]}"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    elif command -v sudo >/dev/null 2>&1; then
        echo "Installing system packages with sudo: ${missing[*]}"
        sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "Please install these system packages: ${missing[*]}" >&2
    fi
}

ensure_venv() {
    local extras="$1"
    if [ ! -x .venv/bin/python ]; then
        if ! python3 -m venv .venv 2>/dev/null; then
            rm -rf .venv
            ensure_system_packages python3-venv
            python3 -m venv .venv
        fi
    fi
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".${extras}"
}
