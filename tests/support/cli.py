"""Checks shared by the command-line tests."""

from __future__ import annotations

from subprocess import CompletedProcess


def assert_one_line_error(result: CompletedProcess[str], needle: str) -> None:
    """The CLI's promise on bad input: non-zero exit, one line on stderr, never a traceback."""
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]
    assert "Traceback" not in result.stderr
