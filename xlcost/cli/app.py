"""The typer app and the one place errors become a one-line message and an exit code.

Exit codes: 0 ok, 1 findings (audit, reconcile), 2 usage error or unreadable input.
"""

from __future__ import annotations

import sys

import typer

from xlcost import __version__
from xlcost.cli import audit, generate, plan, prices, recommend, reconcile, sensitivity, simulate, tco, train
from xlcost.errors import XlcostError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="xlcost",
    help="What running large language models really costs: hosted API vs rented GPUs vs on-premises.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("generate")(generate.generate_command)
app.command("tco")(tco.tco_command)
app.command("schema")(tco.schema_command)
app.command("sensitivity")(sensitivity.sensitivity_command)
app.command("simulate")(simulate.simulate_command)
app.command("plan")(plan.plan_command)
app.command("recommend")(recommend.recommend_command)
app.command("train")(train.train_command)
app.add_typer(prices.app, name="prices")
app.command("audit")(audit.audit_command)
app.command("reconcile")(reconcile.reconcile_command)


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
    """Console entry point: run the app, turning our errors into ``error: ...`` and exit code 2."""
    try:
        code = app(standalone_mode=False)  # click returns a command's typer.Exit code instead of raising it
    except XlcostError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(EXIT_USAGE)
    except Exception as exc:
        show = getattr(exc, "show", None)  # click usage errors; typer ships its own copy of click
        if callable(show):
            show()
            sys.exit(EXIT_USAGE)
        raise
    sys.exit(code if isinstance(code, int) else EXIT_OK)
