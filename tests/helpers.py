"""Helpers shared by every test folder: steps of the campaign year, reading documents, and the
codes of a refusal."""

import contextlib
import subprocess
from decimal import Decimal

import docx

from campaigns import services as campaign_services
from campaigns.models import UnitPledge
from reports import services


def register_and_sign(campaign, unit, user, targets):
    """targets: [(name, measure, value)]"""
    pledge = UnitPledge.objects.get(campaign=campaign, unit=unit)
    campaign_services.pledge_save(pledge=pledge, titles=[], targets=[
        {"name": n, "measure": m, "target_value": Decimal(v), "note": ""} for n, m, v in targets])
    campaign_services.pledge_sign(pledge=pledge, user=user, address="10.0.0.1")


def write_report(campaign, unit, period, actuals, results="Hoàn thành các chỉ tiêu."):
    """actuals: {target name: value}"""
    report = services.report_get_or_create(campaign=campaign, unit=unit, period=period)
    targets = {t.name: t.pk for t in services.report_targets(report)}
    services.report_save(report=report, sections={"results": results},
                         actuals={targets[n]: Decimal(v) for n, v in actuals.items()},
                         free_figures=[])
    return report


def pdf_text(content):
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content,
                          capture_output=True, check=True).stdout.decode()


def pdf_words(content):
    """The PDF's text in reading order, every run of whitespace one space: a name that wraps
    inside a table cell ("Đơn vị số" / "15307") still reads as one phrase, which the column
    layout of pdf_text breaks apart."""
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True,
                          check=True).stdout.decode()
    return " ".join(text.split())


def docx_text(content):
    import io

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def error_codes(error):
    """The codes of a ValidationError, whether it holds one message, a list or a dict: tests
    compare codes, never translated words, so they pass whatever the catalogue says."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def refusal_codes(call):
    """The codes of the ValidationError `call()` raises (it must raise one)."""
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        call()
    return error_codes(excinfo.value)


@contextlib.contextmanager
def built_once(django_db_blocker):
    """For a module-scoped fixture: the data it builds lives in one transaction that is rolled
    back when the module ends. Each test still runs in its own savepoint (pytest-django's `db`),
    so tests cannot see each other's writes; only the (read-only) set-up is shared."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def lock_results(campaign):
    """The head locks the campaign's scoring results (the vote is prepared only from them):
    its table, from the template when it has none, locked as it stands."""
    from scoring import services as scoring_services

    table = scoring_services.table_for_campaign(campaign=campaign)
    return scoring_services.results_lock(table=table)
