"""core/audit.py: entries carry their action, their scope and the facts their sentence needs."""

import time_machine
from auditlog.models import LogEntry

from core.audit import audit_action
from reports import services as report_services
from tests.conftest import at
from tests.helpers import write_report


def _last(model_name):
    return LogEntry.objects.filter(content_type__model=model_name).latest("pk")


def test_a_service_names_the_action_of_its_entries(world, signed):
    report = write_report(signed, world.member_unit, "semiannual", {"Phát triển hội viên": "6"})
    with time_machine.travel(at(world.year, 7, 3), tick=False):
        report_services.report_submit(report=report, user=world.users["member"])
    assert _last("report").additional_data["action"] == "report.submit"


def test_entries_carry_cluster_unit_and_choice_values(world, signed):
    write_report(signed, world.member_unit, "yearend", {"Phát triển hội viên": "6"})
    data = _last("report").additional_data
    assert (data["cluster_id"], data["unit_id"]) == (world.cluster_a.pk, world.member_unit.pk)
    assert data["facts"]["period"] == "yearend"


def test_the_innermost_action_names_the_entries_written_inside_it(world):
    with audit_action("campaign.launch"):
        with audit_action("unit.save"):
            world.member_unit.name = "Tên trong khối lệnh"
            world.member_unit.save()
        world.other_unit.name = "Tên ngoài khối lệnh"
        world.other_unit.save()
    actions = dict(LogEntry.objects.filter(action=LogEntry.Action.UPDATE)
                   .values_list("object_pk", "additional_data__action"))
    assert actions == {str(world.member_unit.pk): "unit.save",
                       str(world.other_unit.pk): "campaign.launch"}


def test_a_save_outside_any_action_still_gets_its_scope(world):
    world.member_unit.name = "Đổi tên trực tiếp"
    world.member_unit.save()
    data = _last("unit").additional_data
    assert "action" not in data and data["unit_id"] == world.member_unit.pk
