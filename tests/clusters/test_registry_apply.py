"""Applying a previewed registry file happens once, however often it is confirmed."""

import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from clusters import services
from clusters.models import Membership, RegistryImport
from clusters.registry_io import registry_import
from tests.clusters.registry_files import registry_row, xlsx_bytes


def _previewed(world):
    upload = SimpleUploadedFile("ds.xlsx", xlsx_bytes([registry_row(
        "N1", "Đơn vị mới", cluster="A", cluster_name=world.cluster_a.name, year=2031)]))
    return services.registry_import_preview(organisation=world.org, upload=upload,
                                            user=world.users["secretariat"])


def _applies(spy):
    return [c for c in spy.call_args_list if c.kwargs["dry_run"] is False]


@pytest.mark.django_db
def test_a_double_post_of_apply_imports_once(world, client_for):
    record = _previewed(world)
    client = client_for(world.users["secretariat"])
    url = reverse("clusters:registry_import_preview", args=[record.pk])
    with mock.patch("clusters.services.registry_import", wraps=registry_import) as spy:
        client.post(url)
        client.post(url)
    record.refresh_from_db()
    assert len(_applies(spy)) == 1 and record.status == RegistryImport.Status.APPLIED
    assert Membership.objects.filter(unit__code="N1", year=2031).count() == 1


@pytest.mark.postgres_only
@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_applies_import_once(world):
    record = _previewed(world)
    barrier = threading.Barrier(2)
    outcomes = []

    def apply():
        try:
            barrier.wait(timeout=10)
            services.registry_import_apply(record=RegistryImport.objects.get(pk=record.pk))
            outcomes.append("applied")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    with mock.patch("clusters.services.registry_import", wraps=registry_import) as spy:
        threads = [threading.Thread(target=apply) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(outcomes) == ["applied", "not_previewed"] and len(_applies(spy)) == 1
