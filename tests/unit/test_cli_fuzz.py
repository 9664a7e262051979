"""Every "Unexpected error" is a bug: hypothesis feeds each CLI command arguments of every kind
(long names, NUL, control characters, huge numbers, paths to odd files) and the Content API
parser arbitrary bytes; any path that reaches the CLI's catch-all fails the test.

The CLI runs in this process (`cli.main`), against a stocked cache and a local GOV.UK server;
every file it may write stays under a temporary folder, and a proxy that refuses everything
stands between it and the real network."""

from __future__ import annotations

import contextlib
import io
import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lis_desktop import cli
from lis_desktop.content import govuk, snapshot
from lis_desktop.content.parse import check_identity, parse_content_item
from lis_desktop.errors import ApiFormatError
from support.govuk_server import GovukServer
from support.pdfs import make_summary_pdf, stock_cache

REGION_IDS = [r.id for r in snapshot.load_regions()]
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
WEIRD = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from("\x00\n-/.~"),
    max_size=40,
)
TEXT = st.one_of(
    WEIRD,
    st.sampled_from(["", "-", "--", "--json", "-o", "../..", "~", "x" * 300, "y" * 5000]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
STOCKED = st.sampled_from(["wales", "scotland"])
OTHER_IDS = st.sampled_from([*REGION_IDS[:3], "atlantis", "WALES", ""])
IDS = st.one_of(STOCKED, STOCKED, OTHER_IDS, WEIRD)
LONG_NAMES = st.sampled_from(["x" * 300, "y/" * 3000, "z" * 5000, "a\x00b", "\udcff"])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A cache with two summaries, a folder to write into, and a few odd files."""
    root = tmp_path_factory.mktemp("fuzz")
    pdf = make_summary_pdf(root / "wales.pdf", title="Wales", image=False)
    stock_cache(root / "cache", {"wales": pdf, "scotland": pdf})
    (root / "out").mkdir()
    (root / "folder").mkdir()
    os.mkfifo(root / "pipe.pdf")
    (root / "text.pdf").write_text("not a pdf")
    return {"root": root, "cache": root / "cache", "out": root / "out", "pdf": pdf}


@pytest.fixture(autouse=True)
def _no_real_network(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # the discard port: nothing answers
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")


def run(argv: list[str]) -> tuple[int, str]:
    """cli.main in this process; its exit status and stderr."""
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        try:
            code = cli.main(argv)
        except SystemExit as exc:  # --help and --version print and exit 0
            code = exc.code if isinstance(exc.code, int) else 0
    return code, err.getvalue()


def check(argv: list[str]) -> None:
    code, err = run(argv)
    assert "Unexpected error" not in err, (argv, err)
    assert "Traceback" not in err, (argv, err)
    if code != 0:
        assert err.strip(), (argv, "a failure must say why")


def under(root: Path, name: str) -> str:
    """A path below `root` made of `name` (never escaping it)."""
    safe = name.replace("..", "_").lstrip("/~")
    return str(root / (safe or "x"))


@FUZZ
@given(extra=st.lists(TEXT, max_size=4), filt=TEXT, json_flag=st.booleans())
def test_regions_and_publication(
    world: dict[str, Path], extra: list[str], filt: str, json_flag: bool
) -> None:
    base = ["--cache-dir", str(world["cache"])]
    check([*base, "regions", "--filter", filt, *(["--json"] if json_flag else []), *extra])
    check([*base, "publication", *extra])


@FUZZ
@given(
    name=st.one_of(
        st.sampled_from(["pipe.pdf", "folder", "text.pdf", "missing.pdf"]), LONG_NAMES, WEIRD
    ),
    region=IDS,
)
def test_import(world: dict[str, Path], name: str, region: str) -> None:
    check(["--cache-dir", str(world["cache"]), "import", under(world["root"], name), "--region",
           region])  # fmt: skip


@FUZZ
@given(region=IDS, copy=st.one_of(st.sampled_from(["govuk", "imported"]), TEXT))
def test_use(world: dict[str, Path], region: str, copy: str) -> None:
    check(["--cache-dir", str(world["cache"]), "use", region, copy])


FORMATS = st.sampled_from(["pdf", "merged-pdf", "png", "txt", "md"])


@FUZZ
@given(
    ids=st.lists(IDS, min_size=1, max_size=3),
    fmt=st.one_of(FORMATS, FORMATS, TEXT),
    name=st.one_of(WEIRD, LONG_NAMES, st.sampled_from(["", "briefing", "a.pdf", "folder/"])),
    dpi=st.one_of(st.none(), TEXT),
    flags=st.lists(st.sampled_from(["--cover", "--force"]), max_size=2),
)
def test_export(
    world: dict[str, Path],
    ids: list[str],
    fmt: str,
    name: str,
    dpi: str | None,
    flags: list[str],
) -> None:
    argv = ["--cache-dir", str(world["cache"]), "export", *ids, "--format", fmt]
    argv += ["-o", under(world["out"], name), *flags]
    if dpi is not None:
        argv += ["--dpi", dpi]
    check(argv)


@FUZZ
@given(
    ids=st.lists(STOCKED, min_size=1, max_size=2),
    fmt=FORMATS,
    name=st.one_of(WEIRD, LONG_NAMES, st.sampled_from(["", "briefing", "a.pdf", "folder/"])),
    dpi=st.one_of(st.none(), st.integers(min_value=-(10**20), max_value=10**20).map(str)),
)
def test_export_of_offline_summaries_anywhere(
    world: dict[str, Path], ids: list[str], fmt: str, name: str, dpi: str | None
) -> None:
    argv = ["--cache-dir", str(world["cache"]), "export", *ids, "--format", fmt, "--force"]
    argv += ["-o", under(world["out"], name)]
    if dpi is not None and fmt == "png":
        argv += ["--dpi", dpi]
    check(argv)


@FUZZ
@given(
    query=TEXT,
    facets=st.lists(
        st.tuples(st.sampled_from(["--nation", "--body", "--ons-region", "--wave"]), TEXT),
        max_size=3,
    ),
    limit=st.one_of(st.none(), TEXT),
)
def test_search(
    world: dict[str, Path], query: str, facets: list[tuple[str, str]], limit: str | None
) -> None:
    argv = ["--cache-dir", str(world["cache"]), "search", "--", query]
    options = [part for pair in facets for part in pair]
    if limit is not None:
        options += ["--limit", limit]
    check([*argv[:3], *options, *argv[3:]])


@FUZZ
@given(
    columns=st.lists(
        st.one_of(
            st.tuples(WEIRD, WEIRD).map("=".join),
            TEXT,
            st.sampled_from(["x=\x00", "x=wind\x00farm", "\udcff=wind", "x=\udcff", "=", "x="]),
        ),
        max_size=3,
    ),
    output=st.sampled_from([[], ["--json"], ["--csv"], ["--json", "--csv"]]),
)
def test_matrix(world: dict[str, Path], columns: list[str], output: list[str]) -> None:
    options = [part for spec in columns for part in ("--column", spec)]
    check(["--cache-dir", str(world["cache"]), "matrix", *options, *output])


@FUZZ
@given(
    api=st.one_of(
        st.sampled_from(["local", "local-other-path", govuk.API_URL, "https://www.gov.uk/x"]),
        TEXT,
    ),
    origins=st.lists(st.one_of(st.just("local"), TEXT), max_size=2),
    json_flag=st.booleans(),
)
def test_sync(
    world: dict[str, Path],
    govuk_server: GovukServer,
    tmp_path_factory: pytest.TempPathFactory,
    api: str,
    origins: list[str],
    json_flag: bool,
) -> None:
    govuk_server.listed = govuk_server.listed[:2]  # a short sync: arguments are the point
    api = {"local": govuk_server.api_url, "local-other-path": govuk_server.origin + "/x"}.get(
        api, api
    )
    argv = ["--cache-dir", str(world["root"] / "sync-cache"), "sync", "--api-url", api]
    for origin in origins:
        argv += ["--allow-origin", govuk_server.origin if origin == "local" else origin]
    check([*argv, *(["--json"] if json_flag else [])])


@FUZZ
@given(
    folder=st.one_of(WEIRD, LONG_NAMES),
    command=st.sampled_from(["regions", "publication", "search", "use", "export"]),
)
def test_any_cache_folder(world: dict[str, Path], folder: str, command: str) -> None:
    argv = {"search": ["search", "wind"], "use": ["use", "wales", "govuk"]}.get(command)
    argv = argv or (
        ["export", "wales", "--format", "txt", "-o", str(world["out"] / "c.txt"), "--force"]
        if command == "export"
        else [command]
    )
    check(["--cache-dir", under(world["root"], folder), *argv])


@FUZZ
@given(argv=st.lists(st.one_of(TEXT, st.sampled_from(["--cache-dir", "--version", "-h"])),
                     max_size=5))  # fmt: skip
def test_anything_at_all(world: dict[str, Path], argv: list[str]) -> None:
    if "sync" in argv or "export" in argv or "import" in argv:
        return  # those commands have their own tests, with paths kept under a folder
    check(["--cache-dir", str(world["cache"]), *argv])


JSON_BYTES = st.one_of(
    st.binary(max_size=200),
    st.text(alphabet=string.printable + '[]{}"\\\u202e\x00', max_size=300).map(str.encode),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=30,
    ).map(lambda v: __import__("json").dumps(v).encode()),
)


@settings(max_examples=300, deadline=None)
@given(body=JSON_BYTES, as_story=st.booleans())
def test_the_content_api_parser_raises_only_its_typed_error(body: bytes, as_story: bool) -> None:
    regions = snapshot.load_regions()
    try:
        data = govuk.decode_json(body)
        if as_story and isinstance(data, dict):
            data["base_path"] = govuk.STORY_BASE_PATH
        check_identity(data, base_path=govuk.STORY_BASE_PATH, content_id="the-story")
        parse_content_item(
            data, regions=regions, fallback=snapshot.load_publication(), api_url=govuk.API_URL
        )
    except ApiFormatError:
        pass
