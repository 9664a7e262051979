"""`lis-desktop --region A --compare B` end to end: the real app in a subprocess paints both
summaries side by side (each pane's first paint traced with its region and width); a bad
`--compare` says why and the first summary is still shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support.app_process import run_app, trace
from support.pdfs import make_summary_pdf

A, B = "greater-manchester", "liverpool-city-region"


@pytest.fixture
def imported(run_cli: Any, tmp_path: Path) -> None:
    for region, title in ((A, "Greater Manchester"), (B, "Liverpool City Region")):
        pdf = make_summary_pdf(tmp_path / f"{region}.pdf", title=title)
        result = run_cli("import", str(pdf), "--region", region)
        assert result.returncode == 0, result.stderr


@pytest.mark.usefixtures("imported")
def test_compare_paints_both_summaries_side_by_side() -> None:
    result = run_app("--region", A, "--compare", B, exit_after="compare_shown")
    assert result.returncode == 0, result.stderr
    events = trace(result.stderr)
    rendered = {e["region"]: e for e in events if e["event"] == "page_rendered"}
    assert set(rendered) == {A, B}
    assert rendered[A]["width"] == rendered[B]["width"] > 100  # two panes of one width
    shown = [e for e in events if e["event"] == "compare_shown"]
    assert [(e["first"], e["second"]) for e in shown] == [(A, B)]
    assert not [e for e in events if e["event"] in ("compare_refused", "document_error")]


@pytest.mark.usefixtures("imported")
@pytest.mark.parametrize(
    ("second", "says"),
    [
        ("nowhere", "Unknown region 'nowhere'"),
        (A, "Choose two different summaries to compare"),
        ("wales", "The summary for Wales is not available offline yet"),
    ],
)
def test_a_bad_compare_says_why_and_the_first_summary_is_still_shown(
    second: str, says: str
) -> None:
    result = run_app("--region", A, "--compare", second, exit_after="page_rendered")
    assert result.returncode == 0, result.stderr
    events = trace(result.stderr)
    refused = [e for e in events if e["event"] == "compare_refused"]
    assert len(refused) == 1
    assert says in refused[0]["message"]
    rendered = [e for e in events if e["event"] == "page_rendered"]
    assert rendered
    assert rendered[0]["region"] == A
    assert "Traceback" not in result.stderr
