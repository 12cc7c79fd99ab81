"""The typer app and the one place errors become a one-line message and an exit code.

Exit codes: 0 ok, 1 findings (audit, reconcile), 2 usage error or unreadable input; a pipe closed by its
reader ends xlcost by SIGPIPE, as it ends any Unix tool.
Commands are imported only when run or asked for help: ``xlcost --version`` and ``xlcost --help``
load neither pandas, openpyxl nor the core (see ``tests/cli/test_startup.py``).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError  # typer ships its own click
from typer.core import TyperGroup

from xlcost import __version__

EXIT_OK, EXIT_USAGE = 0, 2

#: Every command: name -> (module, attribute, one-line help shown by ``xlcost --help``).
#: The help line must equal the first line of the command's docstring (a test checks it).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "generate": (
        "xlcost.cli.generate_command",
        "generate_command",
        "Write an Excel model comparing the scenario's options, every figure a live formula.",
    ),
    "tco": (
        "xlcost.cli.tco_command",
        "tco_command",
        "Print TCO, NPV, cost per 1M tokens and breakevens for every option of a scenario.",
    ),
    "init": (
        "xlcost.cli.tco_command",
        "init_command",
        "Write a starter scenario with every field and its default, commented, to edit and run.",
    ),
    "schema": (
        "xlcost.cli.tco_command",
        "schema_command",
        "Print the JSON Schema of scenario files (for editors that validate while typing).",
    ),
    "sensitivity": (
        "xlcost.cli.sensitivity_command",
        "sensitivity_command",
        "Swing of every option's TCO and of a breakeven month as each uncertain input moves to its low and high.",
    ),
    "simulate": (
        "xlcost.cli.simulate_command",
        "simulate_command",
        "P10/P50/P90 TCO of every option and the probability that each is cheapest over the horizon.",
    ),
    "plan": (
        "xlcost.cli.plan_command",
        "plan_command",
        "Cheapest staged plan API -> rented -> owned, against staying on each option throughout.",
    ),
    "recommend": (
        "xlcost.cli.recommend_command",
        "recommend_command",
        "Which approach the decision matrix picks, and which of the scenario's options that means.",
    ),
    "train": (
        "xlcost.cli.train_command",
        "train_command",
        "Cloud on-demand against owned GPUs for one training job, given as GPU-hours or as 6·N·D FLOPs.",
    ),
    "prices": (
        "xlcost.cli.prices_command",
        "app",
        "Keep prices current: refresh from installed packages, import price files, list and diff catalogs.",
    ),
    "audit": (
        "xlcost.cli.audit_command",
        "audit_command",
        "Report what changed, what is stale, what is broken, and the answer now.",
    ),
    "reconcile": (
        "xlcost.cli.reconcile_command",
        "reconcile_command",
        "Recompute each claimed figure; show the difference and, for usage-driven lines, the implied daily users.",
    ),
    "workload": (
        "xlcost.cli.workload_command",
        "workload_command",
        "Measure tokens a day, the hourly peak, growth and the bill from a usage export.",
    ),
    "size": (
        "xlcost.cli.size_command",
        "size_command",
        "Output tokens/s, latency and memory of a model on GPUs; with a workload, the fleet it needs.",
    ),
    "hybrid": (
        "xlcost.cli.hybrid_command",
        "hybrid_command",
        "Cost of owning 0..peak units with the overflow on an API: the whole curve and the cheapest count.",
    ),
}

#: Shared by every command and group: ``-h`` as well as ``--help``, and plain click help
#: (rich's help panels show ``<bool>`` beside flags and cost a rich import on every ``--help``).
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
TYPER_SETTINGS: dict[str, Any] = {
    "context_settings": CONTEXT_SETTINGS,
    "rich_markup_mode": None,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "no_args_is_help": True,
}


def sub_app(help_text: str) -> typer.Typer:
    """A command group (``xlcost prices``) with the same conventions as the root."""
    return typer.Typer(help=help_text, **TYPER_SETTINGS)


def fail(message: str) -> NoReturn:
    """The one error style: ``error: ...`` on stderr and exit code 2."""
    typer.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)


class LazyGroup(TyperGroup):
    """The root group: imports a command's module only when that command is run or asked for help."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[cmd_name]
        found = getattr(importlib.import_module(module), attribute)
        if isinstance(found, typer.Typer):  # a group such as ``prices``
            group = found
        else:
            group = typer.Typer(**TYPER_SETTINGS)
            group.command(cmd_name)(found)
        command = typer.main.get_command(group)
        command.name = cmd_name
        return command

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """List the commands from ``COMMANDS`` without importing them."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, short) for name, (_, _, short) in COMMANDS.items()])

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run a command; every failure a user can cause ends as ``error: ...`` and exit code 2."""
        from xlcost.errors import XlcostError

        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except XlcostError as exc:
            from xlcost.io.plain_text import plain

            fail(plain(exc, keep_lines=True))
        except typer.Abort:
            fail("aborted")
        except typer.Exit as exc:
            code = exc.exit_code
        except NoArgsIsHelpError as exc:  # a bare ``xlcost`` or ``xlcost prices``: the help is the answer
            typer.echo(exc.format_message())
            sys.exit(EXIT_USAGE)
        except ClickException as exc:
            ctx = getattr(exc, "ctx", None)  # usage errors know their command
            fail(f"{exc.format_message()} (see '{ctx.command_path if ctx else 'xlcost'} -h')")
        except Exception as exc:
            # Input the limits did not foresee: one line, not a traceback (XLCOST_DEBUG=1 shows it).
            if os.environ.get("XLCOST_DEBUG"):
                raise
            from xlcost.io.plain_text import first_line

            fail(f"cannot process the input ({type(exc).__name__}: {first_line(exc)})")
        code = code if isinstance(code, int) else EXIT_OK
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    name="xlcost",
    cls=LazyGroup,
    help="What running large language models really costs: hosted API vs rented GPUs vs on-premises.",
    **TYPER_SETTINGS,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"xlcost {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Compare the cost of LLM serving options and write Excel models finance can audit."""


def main() -> None:
    """Console entry point (``xlcost`` and ``python -m xlcost``)."""
    if not hasattr(signal, "SIGPIPE"):  # Windows
        app(prog_name="xlcost")
        return
    # a reader that stops early (``| head``) ends xlcost as it ends cat: by SIGPIPE, never with exit 1
    # (which means findings) or a traceback; the caller's handler comes back for in-process callers (tests)
    previous = signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        app(prog_name="xlcost")
    finally:
        sys.stdout.flush()  # what is still buffered meets a closed pipe while SIGPIPE still ends the process
        signal.signal(signal.SIGPIPE, previous)
