"""The package for the level above: signed PDFs and Word files, manifest.json with their
hashes, and the manifest's detached CMS signature, which validates."""

import asyncio
import io
import json
import zipfile

from asn1crypto import cms
from django.urls import reverse
from pyhanko.sign.validation.generic_cms import async_validate_detached_cms

from awards import services
from documents import signing
from documents.models import sha256
from tests.awards.test_views import voted  # noqa: F401  (fixture)


def package(world, voted, client_for):  # noqa: F811
    campaign, _units = voted
    services.nominations_from_vote(campaign=campaign)
    response = client_for(world.users["head"]).get(
        reverse("awards:dossier_download", args=[campaign.pk, "package"]))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_manifest_hashes_match_the_files(world, voted, client_for):  # noqa: F811
    archive = package(world, voted, client_for)
    manifest = json.loads(archive.read("manifest.json"))
    files = manifest["files"]
    assert len(files) >= 8 and {f["format"] for f in files} == {"pdf", "docx"}
    assert all(sha256(archive.read(f["file"])) == f["sha256"] for f in files)
    assert any(f["kind"] == "TỜ TRÌNH" and f["number"] for f in files)


def test_every_pdf_of_the_package_is_signed(world, voted, client_for):  # noqa: F811
    archive = package(world, voted, client_for)
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert pdfs and all(signing.check_pdf(archive.read(name)).status == signing.INTACT
                        for name in pdfs)


def test_the_manifests_detached_signature_validates(world, voted, client_for):  # noqa: F811
    archive = package(world, voted, client_for)
    manifest, signature = archive.read("manifest.json"), archive.read("manifest.json.p7s")
    signed_data = cms.ContentInfo.load(signature)["content"]
    context = signing.signing_identity().validation_context()
    run = signing.outside_event_loop(asyncio.run)  # Playwright's loop may run in this thread
    status = run(async_validate_detached_cms(manifest, signed_data,
                                             signer_validation_context=context))
    assert status.intact and status.valid and status.trusted
    tampered = run(async_validate_detached_cms(manifest + b" ", signed_data,
                                               signer_validation_context=context))
    assert not tampered.intact
