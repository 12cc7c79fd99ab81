"""OpenAI Usage API, completions: pages of time buckets, each with grouped results.

A page is ``{"object": "page", "data": [bucket, ...], "has_more", "next_page"}``; a bucket is
``{"object": "bucket", "start_time", "end_time", "results": [...]}`` and each result an
``organization.usage.completions.result`` with ``input_tokens``, ``output_tokens``,
``input_cached_tokens``, ``num_model_requests`` and, when grouped, ``model``, ``user_id``...
The completions export carries no spend (OpenAI's Costs API does).
"""

from __future__ import annotations

from collections.abc import Iterable

from xlcost.analysis.traffic.usage import Usage, UsageError, UsageRows, count, timestamp

FORMAT = "openai"


def is_page(data: object) -> bool:
    return isinstance(data, dict) and data.get("object") == "page"


def read_pages(pages: Iterable[object], source: str) -> Usage:
    """Every result of every bucket of every page, in file order."""
    rows = UsageRows(source, FORMAT)
    for p, page in enumerate(pages):
        where_page = f"{source} page {p + 1}"
        if not isinstance(page, dict) or not is_page(page):
            raise UsageError(f'{where_page}: not an OpenAI usage page (expected "object": "page")')
        buckets = page.get("data")
        if not isinstance(buckets, list):
            raise UsageError(f"{where_page}: field 'data': expected a list of buckets")
        for b, bucket in enumerate(buckets):
            _read_bucket(rows, bucket, f"{where_page} data[{b}]")
    return rows.usage()


def _read_bucket(rows: UsageRows, bucket: object, where: str) -> None:
    if not isinstance(bucket, dict) or bucket.get("object", "bucket") != "bucket":
        raise UsageError(f"{where}: not a usage bucket")
    start = timestamp(bucket.get("start_time"), where, "start_time")
    end = timestamp(bucket.get("end_time"), where, "end_time")
    results = bucket.get("results", [])
    if not isinstance(results, list):
        raise UsageError(f"{where}: field 'results': expected a list")
    for r, result in enumerate(results):
        at = f"{where}.results[{r}]"
        if not isinstance(result, dict):
            raise UsageError(f"{at}: not a result object")
        rows.add(
            at,
            start,
            count(result.get("input_tokens"), at, "input_tokens"),
            count(result.get("output_tokens"), at, "output_tokens"),
            end=end,
            cached=count(result.get("input_cached_tokens"), at, "input_cached_tokens"),
            requests=count(result.get("num_model_requests"), at, "num_model_requests"),
            user=result.get("user_id"),
            model=result.get("model") or "",
        )
