"""Set-based writes for imports: one executemany per table instead of the ORM's per-object work.

`bulk_create` prepares every value of every object through the field (a 10,000-row import
spent over a second there) and sends batches sized for SQLite's old 999-variable limit.
These helpers take rows already as plain values and send them with one `executemany`
(SQLite loops in C) or, on PostgreSQL, one COPY: one command per table, whatever the number
of rows. Only columns whose fields need converting (JSON, dates) go through the field.
They send no signals and return no keys: callers read the keys back by natural key, and
write the audit entries themselves (core.audit.log_rows).
"""

import gc
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

# Fields whose Python values the database adapters take as they are.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField,
          models.ForeignKey, models.AutoField)


def _converter(field):
    """None for a field whose values go as they are, else a function preparing a value.

    Bound to the connection itself, not django.db.connection (a proxy whose every attribute
    look-up costs a dictionary access per value)."""
    if isinstance(field, _PLAIN):
        return None
    real = connections[DEFAULT_DB_ALIAS]
    if isinstance(field, models.JSONField):
        adapt, encoder = real.ops.adapt_json_value, field.encoder
        return lambda value: adapt(value, encoder)
    prepare = field.get_db_prep_save
    last = [object(), None]

    def convert(value):
        # Rows written together mostly share such values (one timestamp for all entries).
        if value is not last[0]:
            last[0], last[1] = value, prepare(value, real)
        return last[1]

    return convert


def _prepared(model, columns, rows):
    fields = [model._meta.get_field(name) for name in columns]
    converters = [(i, c) for i, c in enumerate(map(_converter, fields)) if c is not None]
    if not converters:
        return [tuple(row) for row in rows]
    prepared = []
    for row in rows:
        row = list(row)
        for i, convert in converters:
            if row[i] is not None:
                row[i] = convert(row[i])
        prepared.append(row)
    return prepared


def _column(model, name):
    return connection.ops.quote_name(model._meta.get_field(name).column)


def insert_rows(model, columns, rows):
    """INSERT `rows` (sequences of values in the order of `columns`, field names or attnames)
    into the model's table with one executemany. Returns how many rows were given."""
    rows = _prepared(model, columns, rows)
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(_column(model, name) for name in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows as one command: the 10,000-row registry import took
            # 1.48 s through executemany (a statement per row, pipelined) and 0.95 s so.
            # On psycopg's own cursor, so Django's error wrapping is put back by hand.
            with connection.wrap_database_errors, cursor.cursor.copy(
                    f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES "
                               f"({', '.join(['%s'] * len(columns))})", rows)
    return len(rows)


def update_rows(model, columns, rows):
    """UPDATE the model's rows by primary key: each row is (*values of `columns`, pk);
    one executemany."""
    rows = _prepared(model, [*columns, model._meta.pk.name], rows)
    if not rows:
        return 0
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(f"{_column(model, name)} = %s" for name in columns),
        connection.ops.quote_name(model._meta.pk.column))
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def insert_objects(objects, *, exclude_pk=True):
    """insert_rows for unsaved model instances of one model (every concrete field but the
    automatic key). Their keys stay unset."""
    objects = list(objects)
    if not objects:
        return 0
    model = type(objects[0])
    attnames = [f.attname for f in model._meta.concrete_fields
                if not (exclude_pk and f.primary_key)]
    return insert_rows(model, attnames,
                       ([getattr(obj, name) for name in attnames] for obj in objects))


@contextmanager
def gc_paused():
    """Hold off Python's cycle collector while a bulk job builds its rows.

    A 10,000-row import allocates a few hundred thousand small containers (rows, dicts,
    tuples), and each time the allocation counter passes its threshold the collector walks
    every live object: about 40% of the import's time, for cycles that such code does not
    make. Plain reference counting still frees everything as it goes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def insert_dicts(model, rows):
    """insert_rows for rows given as {attname: value}: every concrete field but the automatic
    key, the ones a row leaves out taking the field's default (a callable default, such as
    timezone.now, called once for the whole batch). Cheaper than building model instances."""
    rows = list(rows)
    if not rows:
        return 0
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = [f.get_default() for f in fields]
    attnames = [f.attname for f in fields]
    return insert_rows(model, attnames, (
        [row.get(name, default) for name, default in zip(attnames, defaults, strict=True)]
        for row in rows))
