"""Packaging: the self-test, the icons, the Linux desktop integration and the bundle's metadata.

Building a whole bundle is too slow for the suite: .ci/run does it (packaging/build.sh).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import plistlib
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QApplication

import lis_desktop

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
APP_ID = lis_desktop.APP_ID
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
TIMEOUT = 180


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = os.pathsep.join([str(SRC), full_env.get("PYTHONPATH", "")])
    full_env.pop("QT_QPA_PLATFORM", None)  # the self-test must choose offscreen by itself
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=TIMEOUT,
        check=False,
    )


def _package_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def _desktop_entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


# -- self-test ---------------------------------------------------------------------------------
def test_self_test_from_source_prints_one_ok_line() -> None:
    result = _python("import sys, lis_desktop.app.entry as a; sys.exit(a.main(['--self-test']))")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "self-test OK" in lines[0]
    assert "offscreen, source, 41 regions, page " in lines[0]
    assert " px drawn by the PDF host, 41 map areas)" in lines[0]
    for step in ("qt", "snapshot", "cache", "window", "map"):
        assert f" {step} " in lines[0]


def test_self_test_without_console_streams_writes_its_report(tmp_path: Path) -> None:
    """A windowed build has sys.stdout/sys.stderr None: nothing crashes, the report still says."""
    report = tmp_path / "report.txt"
    code = (
        "import sys, lis_desktop.app.entry as a\n"
        "sys.stdout = None\nsys.stderr = None\n"
        f"code = a.main(['--self-test', '--self-test-report', {str(report)!r}])\n"
        "sys.exit(code)\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "self-test OK" in report.read_text(encoding="utf-8")


def test_self_test_failure_is_one_line_with_the_reason_and_non_zero() -> None:
    code = (
        "import sys, lis_desktop.resources as r\n"
        "real = r.read_bytes\n"
        "r.read_bytes = lambda name: b'not a pdf at all' if name.endswith('.pdf') else real(name)\n"
        "import lis_desktop.app.entry as a\n"
        "sys.exit(a.main(['--self-test']))\n"
    )
    result = _python(code)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "self-test FAILED" in lines[0]
    assert "is not a PDF file" in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "status"),
    [(["regions", "--json"], 0), (["import", "missing.pdf", "--region", "wales"], 1), (["-x"], 1)],
)
def test_cli_without_console_streams_exits_with_its_status(args: list[str], status: int) -> None:
    code = (
        "import sys\nsys.stdout = None\nsys.stderr = None\n"
        "from lis_desktop.cli import main\n"
        f"code = main({args!r})\n"
        "sys.__stdout__.write(f'exit {code}')\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr  # no uncaught exception
    assert result.stdout == f"exit {status}"


def test_starting_the_app_and_rendering_does_not_load_pypdf() -> None:
    """pypdf is needed only to export a merged PDF: the bundle carries it, the start skips it."""
    code = (
        "import sys, lis_desktop.app.entry as a\n"
        "code = a.main(['--self-test'])\n"
        "print('pypdf loaded' if 'pypdf' in sys.modules else 'pypdf not loaded')\n"
        "sys.exit(code)\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "pypdf not loaded"


def test_the_app_runs_without_the_modules_the_bundle_leaves_out() -> None:
    """The spec excludes Qt modules and Python packages: the app must start without them."""
    config = _load("bundle_config")
    blocked = [*config.QT_MODULES_EXCLUDED, *config.PYTHON_MODULES_EXCLUDED]
    code = (
        "import importlib.abc, sys\n"
        f"BLOCKED = {blocked!r}\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if any(name == b or name.startswith(b + '.') for b in BLOCKED):\n"
        "            raise ImportError(f'{name} is not in the bundle')\n"
        "        return None\n"
        "sys.meta_path.insert(0, Block())\n"
        "import lis_desktop.app.entry as a, lis_desktop.export.exporter, httpx\n"
        "import lis_desktop.content.sync\n"
        "sys.exit(a.main(['--self-test']))\n"
    )
    result = _python(code)
    assert result.returncode == 0, result.stderr
    assert "self-test OK" in result.stdout


def test_the_self_test_pdf_is_bundled_and_reproducible(tmp_path: Path) -> None:
    bundled = ROOT / "resources" / "selftest" / "summary.pdf"
    regenerated = _load("make_selftest_pdf").build(tmp_path / "summary.pdf")
    assert regenerated.read_bytes() == bundled.read_bytes()
    assert 4_000 < bundled.stat().st_size < 150_000


# -- icons ---------------------------------------------------------------------------------------
def test_icon_script_writes_png_ico_and_icns_of_every_size(
    qapp: QApplication, tmp_path: Path
) -> None:
    make_icons = _load("make_icons")
    assert make_icons.APP_ID == APP_ID
    make_icons.generate(tmp_path)
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = tmp_path / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        image = QImage(str(png))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
        assert image.pixelColor(0, 0).alpha() == 0  # transparent corner: no square background
        assert image.pixelColor(size // 2, size // 2).alpha() == 255
    assert (tmp_path / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert _image_sizes(tmp_path / "lis-desktop.ico") == [16, 24, 32, 48, 64, 128, 256]
    assert _image_sizes(tmp_path / "lis-desktop.icns") == [
        16, 32, 32, 64, 64, 128, 256, 256, 512, 512, 1024,
    ]  # fmt: skip


def _image_sizes(path: Path) -> list[int]:
    """Every image in an ICO/ICNS file as Qt's own readers decode it (width; all are square)."""
    reader = QImageReader(str(path))
    sizes = []
    for index in range(reader.imageCount()):
        assert reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        assert image.width() == image.height()
        sizes.append(image.width())
    return sizes


def test_window_icon_comes_from_the_bundled_svg(qapp: QApplication) -> None:
    from lis_desktop.ui.icons import app_icon

    icon = app_icon()
    assert icon is not None
    assert not icon.pixmap(64, 64).isNull()
    assert (ROOT / "resources" / "icons" / "lis-desktop.svg").is_file()


# -- Linux desktop integration ------------------------------------------------------------------
def test_desktop_entry_opens_pdfs_and_matches_the_running_window() -> None:
    entry = _desktop_entry(DESKTOP)
    assert entry["Type"] == "Application"
    assert entry["MimeType"] == "application/pdf;"
    assert entry["Categories"] == "Office;Viewer;"
    assert entry["Exec"] == "lis-desktop %f"
    assert entry["Icon"] == APP_ID
    # Qt on X11 sets WM_CLASS's class to the application name (app.py: APP_NAME).
    assert entry["StartupWMClass"] == lis_desktop.APP_NAME


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_desktop_entry_is_valid() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="Debian package appstream")
def test_metainfo_passes_appstream_validation() -> None:
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_names_the_app_its_desktop_entry_and_this_release() -> None:
    text = METAINFO.read_text(encoding="utf-8")
    assert f"<id>{APP_ID}</id>" in text
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in text
    assert f'<release version="{_package_version()}"' in text
    assert "<project_license>AGPL-3.0-or-later</project_license>" in text


def _fake_bundle(tmp_path: Path) -> tuple[Path, Path]:
    """A stand-in for dist/lis-desktop (a script that says hello) and generated icons."""
    bundle = tmp_path / "dist" / "lis-desktop"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "_internal" / "data.txt").write_text("bundled", encoding="utf-8")
    exe = bundle / "lis-desktop"
    exe.write_text('#!/bin/sh\necho "LIS Desktop started with $*"\n', encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    icons = tmp_path / "icons" / "hicolor"
    for size in ("16x16", "256x256"):
        (icons / size / "apps").mkdir(parents=True)
        (icons / size / "apps" / f"{APP_ID}.png").write_bytes(b"png")
    (icons / "scalable" / "apps").mkdir(parents=True)
    (icons / "scalable" / "apps" / f"{APP_ID}.svg").write_text("<svg/>", encoding="utf-8")
    return bundle, tmp_path / "icons"


def test_tarball_installs_for_the_user_and_uninstalls_keeping_their_data(tmp_path: Path) -> None:
    make_tarball = _load("make_tarball")
    bundle, icons = _fake_bundle(tmp_path)
    archive = make_tarball.pack(make_tarball.stage(bundle, icons, tmp_path / "out", "9.8.7"))
    assert archive.name.startswith("lis-desktop-9.8.7-linux-")
    shutil.unpack_archive(archive, tmp_path / "unpacked")
    (unpacked,) = (tmp_path / "unpacked").iterdir()
    home = Path(os.environ["HOME"])
    data = Path(os.environ["XDG_DATA_HOME"])
    user_cache = data / "lis-desktop" / "summaries" / "black-country.pdf"
    user_cache.parent.mkdir(parents=True)
    user_cache.write_bytes(b"%PDF- the user's offline copy")

    installed = subprocess.run(
        [str(unpacked / "install.sh")], capture_output=True, text=True, check=False
    )
    assert installed.returncode == 0, installed.stderr
    program = home / ".local" / "lib" / "lis-desktop" / "lis-desktop"
    entry_file = data / "applications" / f"{APP_ID}.desktop"
    entry = _desktop_entry(entry_file)
    assert entry["Exec"] == f'"{program}" %f'
    assert (home / ".local" / "bin" / "lis-desktop").resolve() == program
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    started = subprocess.run(
        [str(program), "report.pdf"], capture_output=True, text=True, timeout=60, check=False
    )
    assert started.stdout.strip() == "LIS Desktop started with report.pdf"
    if shutil.which("desktop-file-validate"):
        valid = subprocess.run(["desktop-file-validate", str(entry_file)], capture_output=True)
        assert valid.returncode == 0, valid.stdout

    removed = subprocess.run(
        [str(unpacked / "install.sh"), "--uninstall"], capture_output=True, text=True, check=False
    )
    assert removed.returncode == 0, removed.stderr
    assert not program.exists()
    assert not entry_file.exists()
    assert not (home / ".local" / "bin" / "lis-desktop").is_symlink()
    assert not list((data / "icons").rglob(f"{APP_ID}.*"))
    assert user_cache.read_bytes() == b"%PDF- the user's offline copy"


def test_install_script_refuses_unknown_options(tmp_path: Path) -> None:
    result = subprocess.run(
        ["sh", str(LINUX / "install.sh"), "--frobnicate"], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "install.sh: unknown option '--frobnicate' (see --help)"


def test_ci_and_the_workflow_build_linux_with_the_same_command() -> None:
    workflow = (ROOT / ".github" / "workflows" / "build.yml").read_text(encoding="utf-8")
    linux_job = workflow.split("\n  linux:\n", 1)[1].split("\n  macos:\n", 1)[0]
    assert "runs-on: ubuntu-22.04" in linux_job
    assert "run: packaging/build.sh\n" in linux_job
    assert "\npackaging/build.sh\n" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for runner in ("macos-latest", "windows-latest"):
        assert f"runs-on: {runner}" in workflow
    assert workflow.count("packaging/check_bundle.py") >= 4  # each bundle's self-test


# -- bundle metadata -----------------------------------------------------------------------------
def test_macos_info_plist_declares_id_version_hidpi_and_pdf_viewer_role() -> None:
    config = _load("bundle_config")
    assert config.APP_ID == APP_ID
    plist = plistlib.loads(plistlib.dumps(config.info_plist("1.2.3")))
    assert plist["CFBundleIdentifier"] == "uk.gov.lisdesktop.LISDesktop"
    assert plist["CFBundleShortVersionString"] == "1.2.3"
    assert plist["CFBundleVersion"] == "1.2.3"
    assert plist["NSHighResolutionCapable"] is True
    (pdf,) = plist["CFBundleDocumentTypes"]
    assert pdf["CFBundleTypeRole"] == "Viewer"
    assert pdf["LSItemContentTypes"] == ["com.adobe.pdf"]


def test_macos_minimum_comes_from_the_qt_wheel() -> None:
    config = _load("bundle_config")
    tags = "Tag: cp39-abi3-macosx_13_0_universal2\nTag: cp39-abi3-macosx_13_0_arm64\n"
    assert config.qt_macos_minimum(tags) == "13.0"
    assert config.qt_macos_minimum("Tag: cp39-abi3-manylinux_2_28_x86_64\n") == "12.0"
    assert config.info_plist("1.0", "13.0")["LSMinimumSystemVersion"] == "13.0"


def test_windows_version_resource_carries_the_package_version() -> None:
    config = _load("bundle_config")
    text = config.windows_version_info("2.10.3")

    def record(kind: str) -> object:
        return lambda *args, **kwargs: (kind, args, kwargs)

    names = (
        "VSVersionInfo FixedFileInfo StringFileInfo StringTable StringStruct VarFileInfo VarStruct"
    )
    info = eval(compile(ast.parse(text, mode="eval"), "version_info", "eval"), {
        name: record(name) for name in names.split()
    })  # fmt: skip
    assert info[0] == "VSVersionInfo"
    fixed = info[2]["ffi"]
    assert fixed[2]["filevers"] == (2, 10, 3, 0)
    assert fixed[2]["prodvers"] == (2, 10, 3, 0)
    assert "StringStruct('ProductVersion', '2.10.3')" in text
    assert "StringStruct('OriginalFilename', 'lis-desktop.exe')" in text


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/plugins/platforms/qoffscreen.dll", True),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/plugins/imageformats/qico.dll", True),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/translations/qtbase_fr.qm", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
        ("lis_desktop/_resources/icons/lis-desktop.svg", True),
    ],
)
def test_bundle_keeps_needed_qt_plugins_and_drops_the_rest(dest: str, kept: bool) -> None:
    assert _load("bundle_config").keep_in_bundle(dest) is kept


@pytest.mark.parametrize(
    ("library", "kept"),
    [
        ("libX11.so.6", False),
        ("libfontconfig.so.1", False),
        ("libstdc++.so.6", False),
        ("libglib-2.0.so.0", False),
        ("libssl.so.3", True),
        ("libsqlite3.so.0", True),
        ("libxcb-cursor.so.0", True),
        ("libpython3.11.so.1.0", True),
        ("PySide6/Qt/lib/libicudata.so.73", True),
    ],
)
def test_linux_bundle_takes_desktop_libraries_from_the_host(library: str, kept: bool) -> None:
    config = _load("bundle_config")
    assert config.keep_in_bundle(library, "linux") is kept
    assert config.keep_in_bundle(library, "win32") is True


def test_version_tuple_gives_windows_four_numbers() -> None:
    config = _load("bundle_config")
    assert config.version_tuple("0.1.0") == (0, 1, 0, 0)
    assert config.version_tuple("1.2.3rc1") == (1, 2, 3, 1)
    assert config.version_tuple("2.0") == (2, 0, 0, 0)
    assert config.version_tuple("1.2.3+local.7") == (1, 2, 3, 0)
