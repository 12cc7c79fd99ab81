"""Excel functions: =TCO, =BREAKEVEN, =RECOMMEND, =UNITCOST, =GPUS, =OPTIONS (xlwings classic, Lite and Server).

A thin adapter: Excel's argument conventions in (``xlcost.excel.args``), the core's answer out.
Blank arguments take the defaults of seed 002's reference workload; prices come from the catalog the
XLCOST_CATALOG setting names (``xlcost.excel.setting``), money is in the ``currency`` argument or setting. A column (or row, or table)
of users and/or months returns the same shape, priced in one vectorised call (``xlcost.core.vector``).
Errors come back as one line of text naming the argument, or #N/A / #DIV/0! where Excel would.
"""

# No ``from __future__ import annotations`` here: xlwings resolves the hints of a function on every
# call (typing.get_type_hints), and real annotation objects resolve without compiling strings.
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from xlcost import limits
from xlcost.core import money, vector
from xlcost.core.capacity.serving import Precision
from xlcost.core.catalog import Case, Catalog
from xlcost.core.money import Amount
from xlcost.core.option_kinds import OPTION_KINDS
from xlcost.core.pricing import Context, sizing_for
from xlcost.core.scenario import (
    DEFAULT_CURRENCY,
    DEFAULT_GPU,
    DEFAULT_MODEL_SIZE,
    OptionSpec,
    Scenario,
    Serving,
    Situation,
    Workload,
)
from xlcost.core.sizing import Sizing
from xlcost.errors import UnknownOptionError
from xlcost.excel import args as excel_args
from xlcost.excel import register as xw  # xlwings' decorators, spelled as xlwings' documentation spells them
from xlcost.excel import setting
from xlcost.excel.args import DIV0, NA, excel_function
from xlcost.excel.option_range import option_of, option_source

if TYPE_CHECKING:
    from xlcost.analysis.recommend import Recommendation

_DEFAULT = Workload()
MONTHS, BREAKEVEN_MONTHS = _DEFAULT.horizon_months, 120
USERS, TOKENS_IN, TOKENS_OUT = (
    _DEFAULT.users_per_day,
    _DEFAULT.input_tokens_per_user_day,
    _DEFAULT.output_tokens_per_user_day,
)

OPTION_DOC = 'Catalog key such as "api:deepseek-v3", "rent:h100-80g", "buy:a100-80g", "onprem:light", or a price range'
MONTHS_DOC = f"Months costed (default {MONTHS}); a column of months returns a column"
USERS_DOC = f"Daily active users (default {USERS:,.0f}); a column of users returns a column"
TOKENS_IN_DOC = f"Input tokens per user per day (default {TOKENS_IN:g})"
TOKENS_OUT_DOC = f"Output tokens per user per day (default {TOKENS_OUT:g})"
UNITS_DOC = "GPUs or seats (blank: sized from the workload)"
CASE_DOC = '"low", "mid" (default) or "high" for ranged prices'
MODEL_DOC = (
    'Model served, such as "llama-3.3-70b" or "32b-70b": GPUs sized by the capacity engine '
    "(blank: the 7b-14b class's model, as xlcost tco sizes)"
)
PRECISION_DOC = '"bf16", "fp8", "int4" ... with a model (blank: the model\'s own)'
CURRENCY_DOC = (
    'Currency of the answer, such as "USD" or "EUR", one the catalog has a rate for '
    f"(blank: the {setting.CURRENCY_VARIABLE} setting, else {DEFAULT_CURRENCY})"
)

Grid = Any  # what Excel passes: a value, a 2-D list of cells, or None for a blank argument
#: the checked units, price case, model, precision and currency of a priced option's call (``_option_args``)
Chosen = tuple[float | None, Case, str | None, Precision | None, str]
#: an option scaled to any token counts (None where it cannot be), its hashable source, and its checked arguments
_Checked = tuple[vector.PerToken | None, Any, Chosen]


def _priced_option_help(func: Callable[..., Any]) -> Callable[..., Any]:
    """Argument help and range handling shared by TCO and UNITCOST (same arguments)."""
    for name, options in (
        ("currency", {"doc": CURRENCY_DOC}),
        ("precision", {"doc": PRECISION_DOC}),
        ("model", {"doc": MODEL_DOC}),
        ("price_case", {"doc": CASE_DOC}),
        ("units", {"doc": UNITS_DOC}),
        ("tokens_out", {"doc": TOKENS_OUT_DOC}),
        ("tokens_in", {"doc": TOKENS_IN_DOC}),
        ("users", {"ndim": 2, "doc": USERS_DOC}),
        ("months", {"ndim": 2, "doc": MONTHS_DOC}),
        ("opt", {"ndim": 2, "doc": OPTION_DOC}),
    ):
        func = xw.arg(name, **options)(func)
    return func


@xw.func
@_priced_option_help
@excel_function("TCO")
def TCO(
    opt: Grid,
    months: Grid = None,
    users: Grid = None,
    tokens_in: Grid = None,
    tokens_out: Grid = None,
    units: Grid = None,
    price_case: Grid = None,
    model: Grid = None,
    precision: Grid = None,
    currency: Grid = None,
) -> Any:
    """Total cost of an option over a number of months, in the currency asked (default CNY)."""
    args = (opt, months, users, tokens_in, tokens_out, units, price_case, model, precision, currency)
    return _priced(vector.tco_at, vector.tco_at_tokens, *args)


@xw.func
@_priced_option_help
@excel_function("UNITCOST")
def UNITCOST(
    opt: Grid,
    months: Grid = None,
    users: Grid = None,
    tokens_in: Grid = None,
    tokens_out: Grid = None,
    units: Grid = None,
    price_case: Grid = None,
    model: Grid = None,
    precision: Grid = None,
    currency: Grid = None,
) -> Any:
    """Cost per 1M tokens served (input plus output): TCO over the months divided by the tokens."""
    args = (opt, months, users, tokens_in, tokens_out, units, price_case, model, precision, currency)
    return _priced(vector.cost_per_mtok_at, vector.cost_per_mtok_at_tokens, *args)


@xw.func
@xw.arg("option_a", ndim=2, doc="First option: a catalog key or a price range")
@xw.arg("option_b", ndim=2, doc="Second option: a catalog key or a price range")
@xw.arg("users", ndim=2, doc=USERS_DOC)
@xw.arg("tokens_in", doc=TOKENS_IN_DOC)
@xw.arg("tokens_out", doc=TOKENS_OUT_DOC)
@xw.arg("units", doc="GPUs or seats for both options (blank: sized from the workload)")
@xw.arg("price_case", doc=CASE_DOC)
@xw.arg("max_months", doc=f"Months searched (default {BREAKEVEN_MONTHS}); #N/A when no breakeven within them")
@xw.arg("model", doc=MODEL_DOC)
@xw.arg("precision", doc=PRECISION_DOC)
@excel_function("BREAKEVEN")
def BREAKEVEN(
    option_a: Grid,
    option_b: Grid,
    users: Grid = None,
    tokens_in: Grid = None,
    tokens_out: Grid = None,
    units: Grid = None,
    price_case: Grid = None,
    max_months: Grid = None,
    model: Grid = None,
    precision: Grid = None,
) -> Any:
    """Month (fractional) from which the option with the larger upfront cost is cheaper for good; #N/A if never."""
    prices = setting.current()
    # no currency argument: a breakeven month is the same in any currency
    tokens, chosen = _token_args(tokens_in, tokens_out), _option_args(units, price_case, model, precision, None, prices)
    u = excel_args.numbers(users, "users", USERS)
    horizon = int(
        excel_args.number(max_months, "max_months", BREAKEVEN_MONTHS, minimum=1, maximum=limits.MAX_MONTHS, whole=True)
    )
    if isinstance(u, np.ndarray):  # a multi-cell range: one vectorised core call for the whole range
        limits.check_count(np.size(u) * horizon, limits.MAX_USER_MONTHS, "users x max_months", "users")
        a = _resolved(vector.per_user, option_source(option_a), "option_a", tokens, chosen, prices)
        b = _resolved(vector.per_user, option_source(option_b), "option_b", tokens, chosen, prices)
        crossings = money.breakeven_months(vector.at_users(a, u), vector.at_users(b, u), a.workload, horizon)
        return _cells(crossings, nan=NA)
    found = _breakeven_month(option_source(option_a), option_source(option_b), u, tokens, chosen, prices, horizon)
    return NA if found is None else found


@xw.func
@xw.arg("users", ndim=2, doc="Daily active users; a column of users returns a column of approaches")
@xw.arg("months", doc=f"Months compared (default {MONTHS}, or the scenario's horizon)")
@xw.arg("sensitive_data", doc="TRUE when data must not leave the company (default FALSE, or the scenario's)")
@xw.arg("volatile", doc="TRUE when demand swings or is unknown (default FALSE, or the scenario's)")
@xw.arg("latency_sensitive", doc="TRUE when response time matters (default FALSE, or the scenario's)")
@xw.arg("fine_tune", doc="TRUE when the model will be fine-tuned (default FALSE, or the scenario's)")
@xw.arg("detail", doc="TRUE spills a table: approach, option, TCO, rank, reason, recommended (default FALSE)")
@xw.arg(
    "scenario",
    doc="Built-in scenario, or a file in the folder set in XLCOST_SCENARIO_DIR, whose own options are ranked "
    "(blank: one reference option per approach)",
)
@xw.arg(
    "currency",
    doc="Currency of the detail table's TCO, such as \"USD\" (blank: the scenario's, else the "
    f"{setting.CURRENCY_VARIABLE} setting, else {DEFAULT_CURRENCY})",
)
@excel_function("RECOMMEND")
def RECOMMEND(
    users: Grid,
    months: Grid = None,
    sensitive_data: Grid = None,
    volatile: Grid = None,
    latency_sensitive: Grid = None,
    fine_tune: Grid = None,
    detail: Grid = None,
    scenario: Grid = None,
    currency: Grid = None,
) -> Any:
    """Recommended approach (API, Cloud GPU rental, On-premises, Hybrid) from the seeds' decision matrix and cost."""
    prices = setting.current()
    u = excel_args.numbers(users, "users", USERS)
    name = excel_args.scalar(scenario)
    base = _scenario(excel_args.text(name, "scenario")) if name is not None else None
    chosen = excel_args.scalar(currency)
    if base is not None and chosen is None:
        chosen = base.currency
    code = excel_args.currency(chosen, prices)
    situation = base.situation if base is not None else Situation()
    flags = (
        int(
            excel_args.number(
                months, "months", base.months if base else MONTHS, minimum=1, maximum=limits.MAX_MONTHS, whole=True
            )
        ),
        excel_args.flag(sensitive_data, "sensitive_data", situation.sensitive_data),
        excel_args.flag(volatile, "volatile", situation.volatile),
        excel_args.flag(latency_sensitive, "latency_sensitive", situation.latency_sensitive),
        excel_args.flag(fine_tune, "fine_tune", situation.fine_tune),
        name,
        code,
        prices,
    )
    if isinstance(u, np.ndarray):  # a multi-cell range
        if excel_args.flag(detail, "detail"):
            raise excel_args.ArgError("detail needs a single users value, not a range")
        from xlcost.analysis.recommend import approaches as recommend_approaches  # loads on the first =RECOMMEND
        from xlcost.analysis.recommend import scenario_approaches

        months, sensitive, volatile_, latency, tune, *_ = flags
        if base is not None:  # the scenario's own options, each priced once for the whole range
            situation = Situation(
                sensitive_data=sensitive, volatile=volatile_, latency_sensitive=latency, fine_tune=tune
            )
            over = base.workload.model_copy(update={"horizon_months": months})
            return scenario_approaches(
                base.model_copy(update={"workload": over}), u, prices.catalog, situation
            ).tolist()
        found = recommend_approaches(
            Workload(horizon_months=months),
            u,
            sensitive_data=sensitive,
            volatile=volatile_,
            latency_sensitive=latency,
            fine_tune=tune,
            catalog=prices.catalog,
        )
        return found.tolist()  # one vectorised pass for the whole range
    rec = _recommendation(u, *flags)
    if not excel_args.flag(detail, "detail"):
        return rec.approach
    table: list[list[object]] = [["approach", "option", "TCO", "rank", "reason", "recommended"]]
    for r in rec.ranking:
        chosen = r == rec.chosen
        why = rec.reason if chosen else f"cost rank {r.rank} over {flags[0]} months"
        table.append([r.approach, r.option, r.tco, r.rank, why, chosen])
    return table


@xw.func
@xw.arg("gpu", doc=f'GPU id such as "a100-80g" or an option key such as "rent:h100-80g" (default {DEFAULT_GPU})')
@xw.arg("users", ndim=2, doc=USERS_DOC)
@xw.arg("tokens_in", doc=TOKENS_IN_DOC)
@xw.arg("tokens_out", doc=TOKENS_OUT_DOC)
@xw.arg("model_size", doc=f'Model size class such as "7b-14b" or "32b-70b" (default {DEFAULT_MODEL_SIZE})')
@xw.arg("price_case", doc=CASE_DOC)
@xw.arg("detail", doc="TRUE spills the count and the reason beside it (default FALSE)")
@xw.arg("model", doc=MODEL_DOC)
@xw.arg("precision", doc=PRECISION_DOC)
@excel_function("GPUS")
def GPUS(
    gpu: Grid = None,
    users: Grid = None,
    tokens_in: Grid = None,
    tokens_out: Grid = None,
    model_size: Grid = None,
    price_case: Grid = None,
    detail: Grid = None,
    model: Grid = None,
    precision: Grid = None,
) -> Any:
    """GPUs needed to hold the model in memory and serve the peak output rate; the larger count wins."""
    gpu_id = excel_args.text(gpu, "gpu", DEFAULT_GPU).lower().rpartition(":")[2]
    size = excel_args.text(model_size, "model_size", DEFAULT_MODEL_SIZE).lower()
    u = excel_args.numbers(users, "users", USERS)
    workload_args = (
        excel_args.number(tokens_in, "tokens_in", TOKENS_IN),
        excel_args.number(tokens_out, "tokens_out", TOKENS_OUT),
    )
    chosen_case = excel_args.case(price_case)
    served = excel_args.serving(model, precision)
    prices = setting.current()
    if isinstance(u, np.ndarray):  # a multi-cell range
        if excel_args.flag(detail, "detail"):
            raise excel_args.ArgError("detail needs a single users value, not a range")
        context = _context(_workload(1.0, *workload_args), chosen_case, size, *served)
        return _cells(vector.gpus_grid(context, prices.catalog, gpu_id, u))
    sizing = _sizing(gpu_id, size, u, *workload_args, chosen_case, *served, prices)
    return [[sizing.gpus, sizing.reason]] if excel_args.flag(detail, "detail") else sizing.gpus


@xw.func
@xw.arg("kind", doc=f"Option kind: {', '.join(OPTION_KINDS)} (blank: every kind)")
@excel_function("OPTIONS")
def OPTIONS(kind: Grid = None) -> Any:
    """The option keys the catalog offers (the XLCOST_CATALOG setting's), with each row's name and currency."""
    chosen = excel_args.scalar(kind)
    wanted = None if chosen is None else excel_args.text(chosen, "kind").lower()
    if wanted is not None and wanted not in OPTION_KINDS:
        raise excel_args.ArgError(f"kind must be one of {', '.join(OPTION_KINDS)} (got {wanted!r})")
    return _options(wanted, setting.current())


@lru_cache(maxsize=64)
def _options(kind: str | None, prices: setting.Prices) -> list[list[Any]]:
    table: list[list[Any]] = [["key", "name", "currency"]]
    for key in prices.catalog.option_keys():
        if kind is None or key.partition(":")[0] == kind:
            row = prices.catalog.option_row(key)[1]
            table.append([key, getattr(row, "name", row.id), row.currency])
    return table


def _token_args(tokens_in: Grid, tokens_out: Grid) -> tuple[float, float]:
    """Tokens per user per day, read on every call: a per-request =TCO brings new counts each time."""
    return excel_args.number(tokens_in, "tokens_in", TOKENS_IN), excel_args.number(tokens_out, "tokens_out", TOKENS_OUT)


@excel_args.remembered(256)
def _option_args(
    units: Grid, case_: Grid, model: Grid, precision: Grid, currency: Grid, prices: setting.Prices
) -> Chosen:
    """Units, price case, model, precision and currency, checked once per distinct set of values and catalog."""
    unit_count = excel_args.number(units, "units", 0.0)
    if excel_args.scalar(units) is not None and unit_count == 0:
        raise excel_args.ArgError("units must be more than 0 (leave it blank to size from the workload)")
    chosen = (unit_count or None, excel_args.case(case_), *excel_args.serving(model, precision))
    return (*chosen, excel_args.currency(currency, prices))


def _priced(
    at: Callable[..., Amount | None],
    at_tokens: Callable[..., Amount | None],
    opt: Grid,
    months: Grid,
    users: Grid,
    tokens_in: Grid,
    tokens_out: Grid,
    units: Grid,
    case_: Grid,
    model: Grid,
    precision: Grid,
    currency: Grid,
) -> Any:
    """One figure per (users, months): ``at`` / ``at_tokens`` (``vector.tco_at`` ... or ``cost_per_mtok_at`` ...)
    on numbers or arrays. The option is resolved once and scaled to the token counts where they scale linearly."""
    n = excel_args.numbers(months, "months", MONTHS, minimum=1, maximum=limits.MAX_MONTHS, whole=True)
    u = excel_args.numbers(users, "users", USERS)
    tokens = _token_args(tokens_in, tokens_out)
    prices = setting.current()
    linear, source, rest = _option(opt, units, case_, model, precision, currency, prices)
    if isinstance(n, np.ndarray) or isinstance(u, np.ndarray):
        u, n = np.broadcast_arrays(np.asarray(u, dtype=float), np.asarray(n, dtype=float))  # views: no copy yet
        if u.size > limits.MAX_RANGE_CELLS:
            raise limits.LimitError(
                f"users and months spill {u.shape[0]:,} x {u.shape[1]:,} = {u.size:,} cells "
                f"(the limit is {limits.MAX_RANGE_CELLS:,}); give a shorter column or row"
            )
    if linear is not None:
        value = at_tokens(linear, u, *tokens, n if isinstance(n, np.ndarray) else int(n))
    else:  # sized by the capacity engine, whose replica follows the request's shape: resolved at these counts
        option = _resolved(vector.per_user, source, "opt", tokens, rest, prices)
        value = at(option, u, n if isinstance(n, np.ndarray) else int(n))
    if isinstance(value, np.ndarray):
        return _cells(value)
    return DIV0 if value is None else value


def _option(
    opt: Grid, units: Grid, case_: Grid, model: Grid, precision: Grid, currency: Grid, prices: setting.Prices
) -> _Checked:
    """The priced option for these arguments, found in one lookup on a per-request call: the option scaled to
    any token counts (None where it cannot be), its hashable source, and the checked arguments."""
    args = (opt, units, case_, model, precision, currency, prices)
    try:
        hash(args)
    except TypeError:  # a range among them: read as Excel's conventions say, remembered by its values
        checked: _Checked = _option_of_cells(*args)
    else:
        checked = _option_by_value(*args)
    return checked


def _checked_option(
    opt: Grid, units: Grid, case_: Grid, model: Grid, precision: Grid, currency: Grid, prices: setting.Prices
) -> _Checked:
    source, chosen = option_source(opt), _option_args(units, case_, model, precision, currency, prices)
    return _resolved(vector.per_token, source, "opt", (TOKENS_IN, TOKENS_OUT), chosen, prices), source, chosen


_option_of_cells = excel_args.remembered(1024)(_checked_option)
_option_by_value = lru_cache(maxsize=1024, typed=True)(_checked_option)  # typed: TRUE, 1 and 1.0 differ


@lru_cache(maxsize=4096)
def _workload(users: float, tokens_in: float, tokens_out: float) -> Workload:
    return Workload(users_per_day=users, input_tokens_per_user_day=tokens_in, output_tokens_per_user_day=tokens_out)


def _context(
    workload: Workload,
    case_: Case,
    model_size: str,
    model: str | None,
    precision: Precision | None,
    currency: str = DEFAULT_CURRENCY,
) -> Context:
    """Sized by the capacity engine as the CLI sizes: the model named, else the size class's model."""
    serving = Serving(model=model, precision=precision)
    return Context(
        workload=workload,
        currency=currency,
        case=case_,
        model_size=model_size,
        throughput_basis="engine",
        serving=serving,
    )


@lru_cache(maxsize=2048)
def _resolved(
    how: Callable[[OptionSpec, Context, Catalog], Any],
    source: Any,
    name: str,
    tokens: tuple[float, float],
    chosen: Chosen,
    prices: setting.Prices,
) -> Any:  # what ``how`` answers: a PerUser, or a PerToken or None
    """``how`` (``vector.per_user``, or ``per_token``: any token counts scaled from it) on the option a cell names,
    for one daily user of ``tokens``, with the units, case, model, precision and currency ``_option_args`` read."""
    units, case_, model, precision, currency = chosen
    key, catalog = option_of(source, name, prices)
    spec = OptionSpec(key=key, units=units, case=case_)
    context = _context(_workload(1.0, *tokens), case_, DEFAULT_MODEL_SIZE, model, precision, currency)
    try:
        return how(spec, context, catalog)
    except UnknownOptionError as exc:
        raise UnknownOptionError(f"{name}: {exc}") from None


@lru_cache(maxsize=1024)
def _breakeven_month(
    source_a: Any,
    source_b: Any,
    users: float,
    tokens: tuple[float, float],
    chosen: Chosen,
    prices: setting.Prices,
    horizon: int,
) -> float | None:
    a = _resolved(vector.per_user, source_a, "option_a", tokens, chosen, prices)
    b = _resolved(vector.per_user, source_b, "option_b", tokens, chosen, prices)
    return money.breakeven(vector.at_users(a, users), vector.at_users(b, users), a.workload, horizon).month


@lru_cache(maxsize=4096)
def _recommendation(
    users: float,
    months: int,
    sensitive: bool,
    volatile: bool,
    latency: bool,
    fine_tune: bool,
    scenario: str | None,
    currency: str,
    prices: setting.Prices,
) -> "Recommendation":
    """Without a scenario, the reference options of each approach; with one, its own options at these users."""
    from xlcost.analysis.recommend import recommend, recommend_scenario  # with the Monte Carlo code: load on first use

    situation = Situation(sensitive_data=sensitive, volatile=volatile, latency_sensitive=latency, fine_tune=fine_tune)
    if scenario is None:
        workload = Workload(users_per_day=users, horizon_months=months)
        return recommend(workload, catalog=prices.catalog, currency=currency, **situation.model_dump())
    base = _scenario(scenario)
    workload = base.workload.model_copy(update={"users_per_day": users, "horizon_months": months})
    chosen = base.model_copy(update={"workload": workload, "currency": currency})
    return recommend_scenario(chosen, prices.catalog, situation)


@lru_cache(maxsize=64)
def _scenario(name: str) -> Scenario:
    from xlcost.excel.scenario_arg import cell_scenario

    return cell_scenario(name)


@lru_cache(maxsize=1024)
def _sizing(
    gpu: str,
    model_size: str,
    users: float,
    tokens_in: float,
    tokens_out: float,
    case_: Case,
    model: str | None,
    precision: Precision | None,
    prices: setting.Prices,
) -> Sizing:
    context = _context(_workload(users, tokens_in, tokens_out), case_, model_size, model, precision)
    return sizing_for(context, prices.catalog, gpu, case_)


def _cells(values: np.ndarray, nan: str = DIV0) -> list[list[Any]]:
    """A 2-D array as Excel rows of plain floats; NaN (nothing served) becomes an Excel error."""
    values = np.atleast_2d(values)
    if not np.isnan(values).any():
        rows: list[list[Any]] = values.tolist()
        return rows
    return [[nan if v != v else v for v in row] for row in values.tolist()]
