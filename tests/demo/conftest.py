from io import StringIO

import pytest
from django.core.management import call_command

from tests.helpers import built_once


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module (seed_demo takes ~7 s); what seed_demo printed.
    Each test still runs in its own savepoint, rolled back."""
    with built_once(django_db_blocker):
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
