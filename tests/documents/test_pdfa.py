"""PDF/A-2b where it holds after signing: checked on the signed file (fonts embedded, Info
and XMP agreeing); a file that would not hold is issued without the PDF/A identification."""

import io

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from documents import external, pdfa, signing
from documents.pdf import render_pdf
from documents.storage import store_rendered
from reports.models import ClusterSummary
from tests.documents.test_decree30_images import decision
from tests.reports.test_external_signing import begin, token_sign
from tests.reports.test_walkthrough import year_walked  # noqa: F401  (fixture)


def test_an_issued_document_is_pdfa_2b_after_signing(db):
    pdf = store_rendered(decision(), folder="test/pdfa", name="qd").content("pdf")
    assert (pdfa.identification(pdf), pdfa.problems(pdf)) == ("2B", [])
    assert signing.check_pdf(pdf).summary == "INTACT:TRUSTED,UNTOUCHED"


def pyhanko_default_sign(content, **spec):
    signer = signing.signing_identity().signer
    return signing.outside_event_loop(signers.sign_pdf)(
        IncrementalPdfFileWriter(io.BytesIO(content)),
        signers.PdfSignatureMetadata(field_name="Sig"), signer=signer,
        new_field_spec=fields.SigFieldSpec("Sig", **spec) if spec else None).getvalue()


def test_plain_pyhanko_signing_makes_info_and_xmp_disagree():
    """Why documents.signing aligns the producer: without it the check fails."""
    found = pdfa.problems(pyhanko_default_sign(render_pdf(decision(), variant=pdfa.VARIANT)))
    assert any("/Producer" in problem for problem in found)


def test_a_stamp_in_a_font_that_is_not_embedded_is_found():
    content = pyhanko_default_sign(render_pdf(decision(), variant=pdfa.VARIANT),
                                   on_page=0, box=(100, 100, 300, 150))
    assert "font not embedded: /Courier" in pdfa.problems(content)


def test_where_signing_breaks_it_the_file_claims_no_pdfa(db, monkeypatch):
    monkeypatch.setattr(signing, "align_producer", lambda writer: None)
    pdf = store_rendered(decision(), folder="test/pdfa", name="qd").content("pdf")
    assert pdfa.identification(pdf) == ""
    assert signing.check_pdf(pdf).summary == "INTACT:TRUSTED,UNTOUCHED"


def test_a_token_signature_added_later_keeps_it(world, year_walked):  # noqa: F811
    assert pdfa.problems(ClusterSummary.objects.get().document.stored.content("pdf")) == []
    session = begin(world)
    session = external.external_signing_finish(
        session=session, signature_value=token_sign(external.digest(session)))
    assert pdfa.problems(session.signed_pdf.read()) == []
