"""Names in Vietnamese alphabetical order (a ă â b c d đ e ê …): Đ after D, not after Z.

PostgreSQL built with ICU ships the collation "vi-x-icu"; on SQLite the same name is
registered on every new connection, backed by PyICU's Vietnamese collator, so one ORDER BY
expression (`vietnamese("unit__name")`) sorts the same on both databases."""

from django.db.backends.signals import connection_created
from django.db.models.functions import Collate

VIETNAMESE = "vi-x-icu"


def vietnamese(field):
    """`order_by(vietnamese("name"))`: the field in Vietnamese order."""
    return Collate(field, VIETNAMESE)


def sort_key(text):
    """The same order in Python, for lists sorted after the query."""
    return _collator().getSortKey(text or "")


_COLLATOR = None


def _collator():
    global _COLLATOR
    if _COLLATOR is None:
        import icu  # PyICU; imported late so that settings can load without it

        _COLLATOR = icu.Collator.createInstance(icu.Locale("vi_VN"))
    return _COLLATOR


def _compare(left, right):
    return _collator().compare(left or "", right or "")


def register_on_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VIETNAMESE, _compare)


def connect():
    connection_created.connect(register_on_sqlite, dispatch_uid="core.collation.vietnamese")
