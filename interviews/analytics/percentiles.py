"""Median and p90 per group in one query: PostgreSQL's ``percentile_cont`` where the database is PostgreSQL, the
same definition in Python (``hrportal.stats.percentile_cont``) over the fetched values elsewhere (SQLite, the
embedded default), so both give the same numbers.

The caller gives the rows as SQL (``FROM … WHERE …`` with its parameters), the group columns and the value; the
value helpers below write "days between two timestamps" for each database."""

from __future__ import annotations

from collections import defaultdict

from django.db import connection

from hrportal.stats import percentile_cont

FRACTIONS = (0.5, 0.9)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def days_between(later: str, earlier: str) -> str:
    """SQL for the (fractional) days from ``earlier`` to ``later``, two timestamp expressions."""
    if is_postgres():
        return f"(EXTRACT(EPOCH FROM ({later} - {earlier})) / 86400.0)"
    return f"(julianday({later}) - julianday({earlier}))"


def grouped(*, groups: list[str], value: str, from_where: str, params: list) -> dict[tuple, dict]:
    """{group values: {"n", "p50", "p90"}} over the rows of ``from_where``; one query."""
    names = [f"g{i}" for i in range(len(groups))]
    inner = ", ".join(f"{sql} AS {name}" for sql, name in zip(groups, names, strict=True))
    if is_postgres():
        cols = ", ".join(names)
        pcts = ", ".join(f"percentile_cont({f}) WITHIN GROUP (ORDER BY v)" for f in FRACTIONS)
        # column names, table names and pipeline constants from the code; every value is a parameter
        sql = (f"SELECT {cols}, COUNT(*), {pcts} FROM (SELECT {inner}, {value} AS v {from_where}) AS t "  # noqa: S608
               f"WHERE v IS NOT NULL GROUP BY {cols}")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        k = len(groups)
        return {tuple(r[:k]): {"n": r[k], "p50": float(r[k + 1]), "p90": float(r[k + 2])} for r in rows}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {inner}, {value} AS v {from_where}", params)
        values: dict[tuple, list[float]] = defaultdict(list)
        for row in cursor.fetchall():
            if row[-1] is not None:
                values[tuple(row[:-1])].append(float(row[-1]))
    return {key: {"n": len(vs), "p50": percentile_cont(vs, 0.5), "p90": percentile_cont(vs, 0.9)}
            for key, vs in values.items()}


def subquery(queryset) -> tuple[str, list]:
    """The SQL and parameters of a queryset, for ``… IN (sql)`` inside the raw statements above."""
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)
