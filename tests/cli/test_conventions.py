"""One flag vocabulary for the whole CLI, checked by walking every command and every option.

New commands are picked up automatically: the walk starts from the app, not from a list here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from xlcost.cli.app import COMMANDS, app
from xlcost.core.catalog.age import DEFAULT_MAX_AGE_DAYS

runner = CliRunner()

#: short flags with one meaning everywhere; the long name must carry the short one where it appears
SHORT_FOR = {"--output": "-o", "--catalog": "-c", "--scenario": "-s"}
LONG_ONLY = ("--force", "--format", "--json")
RETIRED = ("--report", "--baseline", "--workbook", "--out", "--max-age", "-f")


def walk(command: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every (path, click command) of the app, groups included (typer's click, typed loosely here)."""
    command = command or get_command(app)
    yield path, command
    if hasattr(command, "list_commands"):
        ctx = typer.Context(command)
        for name in command.list_commands(ctx):
            yield from walk(command.get_command(ctx, name), (*path, name))


COMMAND_PATHS = [path for path, _ in walk()]
LEAVES = [(path, cmd) for path, cmd in walk() if not hasattr(cmd, "list_commands")]


def options_of(command: Any) -> list[Any]:
    return [p for p in command.params if p.param_type_name == "option"]


def test_the_walk_reaches_every_command_and_subcommand() -> None:
    assert {p[0] for p in COMMAND_PATHS if p} == set(COMMANDS)
    assert {("prices", "list"), ("prices", "import"), ("prices", "diff")} <= set(COMMAND_PATHS)


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "xlcost")
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_everywhere_without_bool_metavars(path: tuple[str, ...], flag: str) -> None:
    result = runner.invoke(app, [*path, flag])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: xlcost {' '.join(path)}".rstrip())
    assert "<bool>" not in result.output and "BOOLEAN" not in result.output


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "xlcost")
def test_help_is_plain_text_not_restructuredtext(path: tuple[str, ...]) -> None:
    shown = runner.invoke(app, [*path, "-h"]).output
    assert not re.search(r"``|:(func|class|meth|mod):`", shown)


def test_each_short_flag_means_one_thing_across_the_cli() -> None:
    meanings: dict[str, set[str]] = defaultdict(set)
    for _, command in LEAVES:
        for option in options_of(command):
            longs = [o for o in option.opts if o.startswith("--")]
            for short in (o for o in option.opts if not o.startswith("--")):
                meanings[short].update(longs)
    assert {short: longs for short, longs in meanings.items() if len(longs) != 1} == {}
    for long, short in SHORT_FOR.items():
        assert meanings[short] == {long}


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_shared_flags_have_one_spelling(path: tuple[str, ...], command: Any) -> None:
    for option in options_of(command):
        names = set(option.opts) | set(option.secondary_opts)
        assert not names & set(RETIRED), f"xlcost {' '.join(path)}: {sorted(names)}"
        for long, short in SHORT_FOR.items():
            if long in names:
                assert short in names, f"xlcost {' '.join(path)} {long} lacks {short}"
        for long in LONG_ONLY:
            if long in names:
                assert names == {long}, f"xlcost {' '.join(path)}: {long} must be long-only, got {sorted(names)}"
        if option.is_flag:
            assert not option.secondary_opts, f"xlcost {' '.join(path)} {option.opts}: a plain flag, no --no-x"
        if any("max-age" in n for n in names):
            assert names == {"--max-age-days"} and option.default == DEFAULT_MAX_AGE_DAYS
        if "--json" in names:
            assert option.is_flag


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_usage_errors_are_one_error_line_and_exit_2(path: tuple[str, ...], command: Any) -> None:
    result = runner.invoke(app, [*path, "--no-such-flag"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: No such option: --no-such-flag")
    assert f"xlcost {' '.join(path)} -h" in lines[0]


def test_unknown_command_and_bad_value_share_the_style() -> None:
    for args in (["nope"], ["prices", "list", "--kind", "nope"], ["tco", "--format", "csv"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


def test_root_help_lists_commands_with_their_own_help_text() -> None:
    """``xlcost --help`` reads COMMANDS (no imports); each line must be the command's own first line."""
    root: Any = get_command(app)
    ctx = typer.Context(root)
    for name, (_, _, short) in COMMANDS.items():
        assert root.get_command(ctx, name).get_short_help_str(limit=300) == short
