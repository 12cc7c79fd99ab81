"""The plain CSV anyone can produce: ``timestamp,input_tokens,output_tokens[,model][,user]``.

A row is a request or an already aggregated bucket (an hour, say); the timestamp is ISO 8601 or Unix seconds.
An optional ``requests`` column gives the requests in an aggregated row; without it each row is one request.
"""

from __future__ import annotations

from collections.abc import Iterable

from xlcost.analysis.traffic.usage import Usage, UsageRows, count, timestamp

FORMAT = "csv"
COLUMNS = ("timestamp", "input_tokens", "output_tokens")
READ = (*COLUMNS, "model", "user", "requests")


def read_rows(rows: Iterable[dict[str, str]], source: str) -> Usage:
    usage = UsageRows(source, FORMAT)
    for i, row in enumerate(rows):
        where = f"{source} row {i + 2}"
        usage.add(
            where,
            timestamp(row.get("timestamp"), where, "timestamp"),
            count(row.get("input_tokens"), where, "input_tokens"),
            count(row.get("output_tokens"), where, "output_tokens"),
            user=row.get("user") or None,
            model=row.get("model") or "",
            requests=count(row["requests"], where, "requests") if "requests" in row else 1.0,
        )
    return usage.usage()
