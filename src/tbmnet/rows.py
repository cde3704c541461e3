"""Model instances from the rows of a hand-written statement, as the ORM would make them.

For the few hot paths (the API token of every request, the movement an event locks) where
compiling a queryset costs more than running it, the statement is written once per process
and its row turned into an instance here: each column's database value goes through the
converters Django would apply (SQLite dates and booleans, JSON text…), worked out once per
process and model instead of on every query.
"""

from __future__ import annotations

from functools import cache

from django.db import connection


@cache
def _converters(vendor: str, model, fields: tuple[str, ...] | None) -> tuple:
    out = []
    chosen = ([model._meta.get_field(name) for name in fields] if fields
              else model._meta.concrete_fields)
    for i, field in enumerate(chosen):
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            out.append((i, column, tuple(found)))
    return tuple(out)


def instance(model, values, *, fields: tuple[str, ...] | None = None):
    """An instance of ``model`` from these column values: of ``fields`` in that order, else
    of all its concrete fields in order (the first that many values are used)."""
    values = list(values[:len(fields) if fields else len(model._meta.concrete_fields)])
    for i, column, found in _converters(connection.vendor, model, fields):
        for convert in found:
            values[i] = convert(values[i], column, connection)
    return model.from_db(connection.alias, fields, values)


@cache
def insert_sql(vendor: str, model) -> tuple[str, tuple]:
    """The INSERT of a ``model`` instance, every concrete field but the primary key, in
    order (the fields are returned with it), answering the new id where the database can
    (``RETURNING id``)."""
    qn = connection.ops.quote_name
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    returning = " RETURNING id" if connection.features.can_return_columns_from_insert else ""
    return (f"INSERT INTO {qn(model._meta.db_table)} "
            f"({', '.join(qn(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}){returning}", fields)


def insert_params(obj, fields) -> list:
    """The values of ``obj``'s ``fields`` as the database takes them (``insert_sql``)."""
    return [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]


def inserted_id(cursor) -> int:
    """The id an ``insert_sql`` statement just gave."""
    return (cursor.fetchone()[0] if connection.features.can_return_columns_from_insert
            else cursor.lastrowid)


def stored(obj) -> None:
    """Mark ``obj`` as a row of the database (as the ORM does after a save or a read)."""
    obj._state.adding, obj._state.db = False, connection.alias
