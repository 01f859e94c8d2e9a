import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from clusters.models import Cluster, Membership, Unit
from demo.management.commands.seed_demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_is_idempotent(seeded):
    counts = (Cluster.objects.count(), Unit.objects.count(), Membership.objects.count())
    seed()
    assert (Cluster.objects.count(), Unit.objects.count(), Membership.objects.count()) == counts


def test_seed_demo_loads_the_clusters_of_the_domain_brief(seeded):
    names = set(Cluster.objects.values_list("name", flat=True))
    assert {"Cụm thi đua số 6", "Cụm thi đua số II",
            "Khối thi đua các tổ chức hội đặc thù tỉnh"} <= names


def test_every_printed_login_works(seeded, client):
    usernames = re.findall(r"^\s{2}(\S+)\s{2,}", seeded, flags=re.MULTILINE)
    assert len(usernames) >= 10
    for username in usernames:
        client.logout()
        assert client.login(username=username, password=DEMO_PASSWORD), username
        assert client.get(reverse("portal:home")).status_code == 200
