"""Write the measured workload as a scenario file ``xlcost tco -s`` and ``xlcost generate -s`` read,
with a comment on every figure naming the usage file it came from."""

from __future__ import annotations

import yaml

from xlcost.analysis.traffic.profile import TrafficProfile
from xlcost.core.scenario import Scenario, Workload
from xlcost.errors import ScenarioError

SOLE_USER = 1.0  # without user ids the traffic is written as one user sending all of it
#: A fitted growth is written only when it is this many standard errors from 0: compounded over a
#: 36-month horizon, noise (a burst late in a short export, say) would otherwise become a huge forecast.
SIGNIFICANT = 2.0


def scenario_yaml(profile: TrafficProfile, options: list[str], model_size: str, days_per_month: float) -> str:
    """The scenario text, validated as a Scenario before it is returned."""
    src = profile.source
    users = profile.users_per_day if profile.users_per_day else SOLE_USER
    who = (
        f"{users:,.2f} mean distinct users a day"
        if profile.users_per_day
        else "the export names no users: all traffic as one user"
    )
    growth = profile.growth
    lines = [
        f"# Derived by xlcost workload from {src} ({profile.format}): "
        f"{profile.start:%Y-%m-%d %H:%M} to {profile.end:%Y-%m-%d %H:%M} UTC, {profile.days:g} days.",
        f"name: {_quoted(_name(src))}",
        f"description: {_quoted(f'Workload measured from {src} over {profile.days:g} days')}",
        f"model_size: {model_size}",
        "workload:",
        f"  users_per_day: {_number(users)}  # {src}: {who}",
        f"  input_tokens_per_user_day: {_number(profile.input_tokens_per_day / users)}"
        f"  # {src}: {profile.input_tokens_per_day:,.0f} input tokens a day / users",
        f"  output_tokens_per_user_day: {_number(profile.output_tokens_per_day / users)}"
        f"  # {src}: {profile.output_tokens_per_day:,.0f} output tokens a day / users",
        f"  cached_input_share: {_number(profile.cached_share)}  # {src}: cached input tokens / input tokens",
        f"  days_per_month: {_number(days_per_month)}  # catalog assumption days_per_month",
    ]
    if growth is None:
        lines.append(f"  monthly_growth: 0.0  # {src}: not fitted (fewer than 14 days with traffic)")
    elif abs(growth.monthly) < SIGNIFICANT * growth.stderr:
        lines.append(
            f"  monthly_growth: 0.0  # {src}: fitted {growth.monthly:+.4f} ± {growth.stderr:.4f} (one standard "
            f"error) over {growth.days_fitted} days, within {SIGNIFICANT:g} standard errors of 0: none written"
        )
    else:
        lines.append(
            f"  monthly_growth: {_number(growth.monthly)}  # {src}: fitted to {growth.days_fitted} daily totals, "
            f"one standard error {growth.stderr:.4f}"
        )
    if profile.peak_to_average is None:
        lines.append(f"  # peak_to_average: not measured ({src} has no hourly profile); the default applies")
    else:
        lines.append(
            f"  peak_to_average: {_number(profile.peak_to_average)}"
            f"  # {src}: busiest hour ({profile.peak_hour:%Y-%m-%d %H:00} UTC) output tokens / mean hour"
        )
    lines.append(f"  horizon_months: {Workload.model_fields['horizon_months'].default}  # xlcost default")
    if profile.requests_per_day > 0:
        lines += [
            "serving:  # what the capacity engine sizes self-hosted GPUs for",
            f"  requests_per_user_day: {_number(profile.requests_per_day / users)}"
            f"  # {src}: {profile.requests_per_day:,.2f} requests a day / users",
        ]
    lines.append("options:")
    lines.extend(f"  - {key}" for key in options)
    text = "\n".join(lines) + "\n"
    try:
        Scenario.model_validate(yaml.safe_load(text))
    except ScenarioError as exc:
        raise ScenarioError(f"the workload measured from {src} is not a valid scenario: {exc}") from None
    return text


def _number(value: float) -> str:
    """Full precision, in a form YAML 1.1 reads as a float (it wants '1.0e-05', not '1e-05')."""
    text = repr(float(value))
    mantissa, e, exponent = text.partition("e")
    return f"{mantissa if '.' in mantissa else mantissa + '.0'}{e}{exponent}" if e else text


def _quoted(text: str) -> str:
    return str(yaml.safe_dump(text, default_style='"')).strip()


def _name(source: str) -> str:
    stem = source.split(",")[0].rsplit(".", 1)[0]
    return stem or "usage"
