"""The statements every turn runs, as cheap as the database driver allows.

Each is written once as SQL that SQLite and PostgreSQL both take, and runs on the DB-API cursor of the
transaction's own connection (sqlite3, or SQLAlchemy's asyncpg adapter), inside the transaction SQLAlchemy
began. SQLAlchemy's statement execution around them cost more than the statements themselves: about 40 % of
the SQLite writer thread's time (BENCHMARKS.md). The values still pass through SQLAlchemy's own type
processors for the dialect (JSON, the UTC datetime), so a row written here reads back exactly as one written
by the ORM, and the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

_PARAMETER = re.compile(r"(?<![:\w]):([a-z_]+)\b")


@dataclass(frozen=True)
class Outcome:
    """What a statement did: the rows it touched, and the rows it returned."""

    rowcount: int
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def first(self) -> tuple[Any, ...] | None:
        return self.rows[0] if self.rows else None


@dataclass
class _Prepared:
    binds: dict[str, Any]
    results: list[Any]
    numbered_sql: str
    order: list[str]


class HotStatement:
    def __init__(
        self,
        sql: str,
        *,
        types: Mapping[str, TypeEngine[Any]] | None = None,
        columns: Sequence[tuple[str, TypeEngine[Any] | None]] = (),
        expanding: str | None = None,
    ) -> None:
        """`sql` with `:name` parameters; `types` of the parameters that need converting, `columns` the
        returned columns (with their type when they need converting), `expanding` a parameter that is a list
        (written `id IN :ids`)."""
        self.sql = sql
        self._types = dict(types or {})
        self._columns = list(columns)
        self._expanding = expanding
        self._prepared: dict[str, _Prepared] = {}

    def run(self, session: Session, params: Mapping[str, Any]) -> Outcome:
        connection = session.connection()
        prepared = self._prepare(connection.dialect)
        values = {
            name: (prepared.binds[name](value) if name in prepared.binds else value) for name, value in params.items()
        }
        arguments: tuple[Any, ...] | dict[str, Any]
        if connection.dialect.paramstyle == "numeric_dollar":
            sql, arguments = prepared.numbered_sql, tuple(values[name] for name in prepared.order)
        else:
            sql, arguments = self._named(values)
        dbapi_connection = connection.connection.dbapi_connection
        cursor = dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, arguments)
            returns_rows = cursor.description is not None
            raw = cursor.fetchall() if returns_rows else []
            rowcount = len(raw) if returns_rows else cursor.rowcount
        except connection.dialect.loaded_dbapi.Error as error:
            # What SQLAlchemy's own execution does: a connection the server dropped is thrown away, and the
            # error says so (bot/transactions.py runs the transaction again on a fresh one).
            gone = connection.dialect.is_disconnect(error, dbapi_connection, cursor)
            if gone:
                connection.invalidate(error)
            raise DBAPIError.instance(
                sql, None, error, connection.dialect.loaded_dbapi.Error, connection_invalidated=gone
            ) from error
        finally:
            cursor.close()
        rows = [
            tuple(convert(value) if convert else value for convert, value in zip(prepared.results, row, strict=True))
            for row in raw
        ]
        return Outcome(rowcount, rows)

    def _named(self, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """sqlite3's own `:name` style; a list parameter becomes one parameter per item."""
        if self._expanding is None:
            return self.sql, values
        items = list(values.pop(self._expanding))
        names = [f"{self._expanding}_{index}" for index in range(len(items))]
        values.update(zip(names, items, strict=True))
        placeholder = "(" + ", ".join(f":{name}" for name in names) + ")"
        return self.sql.replace(f":{self._expanding}", placeholder), values

    def _prepare(self, dialect: Dialect) -> _Prepared:
        prepared = self._prepared.get(dialect.name)
        if prepared is None:
            binds = {}
            for name, kind in self._types.items():
                processor = kind.dialect_impl(dialect).bind_processor(dialect)
                if processor is not None:
                    binds[name] = processor
            results = [
                kind.dialect_impl(dialect).result_processor(dialect, None) if kind is not None else None
                for _, kind in self._columns
            ]
            sql = self.sql
            if self._expanding is not None:
                # PostgreSQL takes the whole list as one array.
                sql = sql.replace(f"IN :{self._expanding}", f"= ANY(:{self._expanding})")
            order: list[str] = []

            def number(match: re.Match[str]) -> str:
                if match.group(1) not in order:
                    order.append(match.group(1))
                return f"${order.index(match.group(1)) + 1}"

            prepared = _Prepared(binds, results, _PARAMETER.sub(number, sql), order)
            self._prepared[dialect.name] = prepared
        return prepared
