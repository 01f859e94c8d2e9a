"""What each kind of FileJob produces: (file name, bytes). Each builder re-checks that the
person who asked may read what goes in (the documents' own permission checks)."""

import io
import zipfile

from django.utils.translation import gettext as _

from awards.dossier import dossier_documents, dossier_stem
from campaigns.models import Campaign
from dashboards.documents import year_summary_document
from documents.bundle import bundle_pdf
from documents.docx import render_docx
from documents.pdf import render_pdf
from jobs.models import FileJob
from members import permissions
from members.permissions import Action


def build(job, progress):
    """progress(fraction, step) is called as the work advances."""
    return BUILDERS[job.kind](job, progress)


def _year_summary(fmt):
    def build_summary(job, progress):
        document = year_summary_document(job.organisation, job.year, job.requested_by,
                                         progress=progress)
        progress(0.7, _("Laying out the document"))
        content = render_pdf(document) if fmt == "pdf" else render_docx(document)
        return f"{document.file_stem}.{fmt}", content
    return build_summary


def _dossiers_zip(job, progress):
    """Every cluster's nomination dossier of the year, one PDF each, in one ZIP."""
    permissions.check_whole_organisation(job.requested_by, job.organisation_id,
                                         Action.VIEW_BOARD)
    campaigns = list(Campaign.objects.filter(cluster__organisation=job.organisation,
                                             year=job.year, nominations__isnull=False)
                     .select_related("cluster", "cluster__organisation").distinct()
                     .order_by("cluster__code"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, campaign in enumerate(campaigns):
            progress(done / len(campaigns),
                     _("Dossier of %(cluster)s") % {"cluster": campaign.cluster.name})
            documents = dossier_documents(campaign, job.requested_by)
            archive.writestr(f"{dossier_stem(campaign)}.pdf", bundle_pdf(documents))
        if not campaigns:
            archive.writestr("KHONG-CO-HO-SO.txt",
                             f"Năm {job.year} chưa có cụm nào gửi đề nghị khen thưởng.\n")
    return f"ho-so-khen-thuong-{job.organisation.code}-{job.year}.zip".lower(), buffer.getvalue()


BUILDERS = {
    FileJob.Kind.YEAR_SUMMARY_PDF: _year_summary("pdf"),
    FileJob.Kind.YEAR_SUMMARY_DOCX: _year_summary("docx"),
    FileJob.Kind.DOSSIERS_ZIP: _dossiers_zip,
}
