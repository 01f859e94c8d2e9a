import io
import zipfile

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from awards.models import Nomination
from campaigns.models import AwardType
from campaigns.services import award_catalogue_ensure
from documents.text import file_slug
from jobs import builders, services
from jobs.models import FileJob
from members.models import StaffRole
from tests.factories import make_staff
from tests.helpers import docx_text, pdf_text

SUMMARY = FileJob.Kind.YEAR_SUMMARY_PDF


def ask(world, kind=SUMMARY, user=None):
    return services.request_file(organisation=world.org, year=world.year, kind=kind,
                                 user=user or world.users["secretariat"])


def test_asking_twice_while_queued_joins_the_same_job(world):
    first, created = ask(world)
    again, created_again = ask(world, user=world.users["leadership"])
    assert created and not created_again and again == first
    assert FileJob.objects.count() == 1


def test_the_database_refuses_a_second_active_job(world):
    ask(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        FileJob.objects.create(organisation=world.org, year=world.year, kind=SUMMARY,
                               requested_by=world.users["secretariat"])


def test_a_finished_job_does_not_block_a_new_one(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, _created = ask(world)
    first.refresh_from_db()
    assert first.status == FileJob.Status.DONE
    second, created = ask(world)
    assert created and second != first


def test_the_worker_builds_the_year_summary_pdf_with_its_charts(
        world, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job, _created = ask(world)
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == (FileJob.Status.DONE, 100, 1)
    content = job.file.read()
    text = pdf_text(content)
    assert "BÁO CÁO" in text and f"năm {world.year}" in text
    assert "Biểu đồ 1. Tình hình gửi báo cáo sơ kết theo cụm" in text
    assert world.cluster_a.name in text and "I. TÌNH HÌNH TRIỂN KHAI" in text
    assert job.file_name == f"bao-cao-tong-hop-org-{world.year}.pdf"


def test_the_word_summary_names_each_chart_and_keeps_its_table(
        world, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job, _created = ask(world, FileJob.Kind.YEAR_SUMMARY_DOCX)
    job.refresh_from_db()
    text = docx_text(job.file.read())
    assert "Biểu đồ 3. Kết quả xếp loại theo cụm (số liệu ở bảng dưới đây)" in text
    assert "II. KẾT QUẢ CHẤM ĐIỂM, XẾP LOẠI" in text and world.cluster_a.name in text


def test_a_job_delivered_twice_is_built_once(world, monkeypatch):
    job, _created = ask(world)
    calls = []
    monkeypatch.setitem(builders.BUILDERS, SUMMARY,
                        lambda job, progress: calls.append(job.pk) or ("a.pdf", b"%PDF"))
    services.run_job(job.pk, attempt=job.attempts)
    services.run_job(job.pk, attempt=job.attempts)
    assert calls == [job.pk]


def test_progress_is_saved_while_the_job_runs(world, monkeypatch):
    job, _created = ask(world)
    seen = []

    def slow_builder(job, progress):
        progress(0.42, "Bước giữa")
        seen.append(FileJob.objects.values_list("status", "progress", "step").get(pk=job.pk))
        return "a.pdf", b"%PDF"

    monkeypatch.setitem(builders.BUILDERS, SUMMARY, slow_builder)
    services.run_job(job.pk, attempt=job.attempts)
    assert seen == [("running", 42, "Bước giữa")]


def test_a_failure_is_recorded_and_a_new_request_may_follow(world, monkeypatch):
    job, _created = ask(world)

    def broken(job, progress):
        raise RuntimeError("disk full")

    monkeypatch.setitem(builders.BUILDERS, SUMMARY, broken)
    services.run_job(job.pk, attempt=job.attempts)
    job.refresh_from_db()
    # The unit sees a message of ours, never the exception's own text.
    assert job.status == FileJob.Status.FAILED and job.error and "disk full" not in job.error
    assert ask(world)[1]


def test_all_dossiers_of_the_year_in_one_zip(world, campaign,
                                             django_capture_on_commit_callbacks):
    award_catalogue_ensure(organisation=world.org)
    award = AwardType.objects.filter(organisation=world.org).first()
    Nomination.objects.create(campaign=campaign, award=award, unit=world.member_unit,
                              status="submitted", achievements="Thành tích nổi bật")
    with django_capture_on_commit_callbacks(execute=True):
        job, _created = ask(world, FileJob.Kind.DOSSIERS_ZIP)
    job.refresh_from_db()
    archive = zipfile.ZipFile(io.BytesIO(job.file.read()))
    names = archive.namelist()
    stem = file_slug("ho so de nghi khen thuong", world.cluster_a.name, world.year)
    assert names == [f"{stem}.pdf"]
    assert "Thành tích nổi bật" in pdf_text(archive.read(names[0]))


def test_the_page_asks_once_and_shows_the_progress(world, client_for):
    client = client_for(world.users["secretariat"])
    url = reverse("jobs:year_files")
    for _ in range(2):
        response = client.post(url + f"?year={world.year}", {"kind": SUMMARY}, follow=True)
    job = FileJob.objects.get()
    assert 'data-code="job_joined"' in response.text
    assert f'hx-get="{reverse("jobs:job_status", args=[job.pk])}"' in response.text
    assert "<progress" in response.text
    partial = client.get(reverse("jobs:job_status", args=[job.pk])).text
    assert partial.lstrip().startswith(f'<div id="job-{job.pk}"') and "hx-trigger" in partial
    assert client.get(reverse("jobs:job_download", args=[job.pk])).status_code == 404


def test_an_unknown_kind_is_refused_with_a_message(world, client_for):
    response = client_for(world.users["secretariat"]).post(
        reverse("jobs:year_files"), {"kind": "everything"}, follow=True)
    assert FileJob.objects.count() == 0 and 'data-code="unknown_kind"' in response.text


def test_a_ready_file_stops_polling_and_downloads(world, campaign, client_for,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job, _created = ask(world)
    job.refresh_from_db()
    client = client_for(world.users["leadership"])
    partial = client.get(reverse("jobs:job_status", args=[job.pk])).text
    assert "hx-trigger" not in partial and reverse("jobs:job_download", args=[job.pk]) in partial
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content)[:4] == b"%PDF"
    assert f'filename="{job.file_name}"' in download["Content-Disposition"]


def test_a_cluster_limited_leader_may_not_ask_or_read(world, client_for):
    job, _created = ask(world)
    limited = make_staff(world.org, StaffRole.Role.LEADERSHIP, cluster=world.cluster_b)
    client = client_for(limited)
    assert client.post(reverse("jobs:year_files"), {"kind": SUMMARY}).status_code == 403
    assert client.get(reverse("jobs:job_status", args=[job.pk])).status_code == 403
    assert FileJob.objects.count() == 1


def test_a_representative_may_not_ask(world, client_for):
    response = client_for(world.users["head"]).post(reverse("jobs:year_files"), {"kind": SUMMARY})
    assert response.status_code == 403 and FileJob.objects.count() == 0


def test_a_cluster_limited_leader_may_not_download_a_finished_file(world, client_for,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job, _created = ask(world)
    job.refresh_from_db()
    response = client_for(world.users["leader_b"]).get(reverse("jobs:job_download", args=[job.pk]))
    assert job.status == FileJob.Status.DONE and response.status_code == 403


def test_a_file_asked_for_by_a_limited_leader_is_not_built(world):
    from django.core.exceptions import PermissionDenied

    job = FileJob.objects.create(organisation=world.org, year=world.year, kind=SUMMARY,
                                 requested_by=world.users["leader_b"])
    with pytest.raises(PermissionDenied):
        builders.build(job, lambda _fraction, _step: None)
