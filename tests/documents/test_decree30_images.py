"""Decree 30/2020's image conventions, drawn by WeasyPrint before signing: the signer's
signature image, the seal's image over its left third, and the annex signed by text (number
and signing time) at the top right of its first page."""

import base64
import dataclasses
import datetime
import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageChops, ImageDraw

from clusters.models import Unit
from documents import model
from documents.pdf import render_pdf
from documents.signing import check_pdf, sign_pdf
from documents.storage import store_rendered
from tests.clusters.test_seal import (
    seal_file,
    seal_pki,  # noqa: F401  (fixture)
    trust,
    upload,
)

BLUE, RED = (0, 0, 200, 255), (220, 0, 0, 255)


def png(draw, size):
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw(ImageDraw.Draw(image))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


SIGNATURE = png(lambda d: d.line([(10, 80), (60, 20), (110, 90), (170, 30), (240, 70)],
                                 fill=BLUE, width=8), (250, 100))
SEAL = png(lambda d: d.ellipse([4, 4, 296, 296], outline=RED, width=14), (300, 300))


def data_url(content):
    return "data:image/png;base64," + base64.b64encode(content).decode()


def decision(**changes):
    document = model.Document(
        governing_body="UBND TỈNH NINH BÌNH", issuing_body="CỤM THI ĐUA SỐ 6",
        number_label="05/QĐ-CTĐ6", place="Ninh Bình", date=datetime.date(2025, 7, 1),
        type_title="QUYẾT ĐỊNH", blocks=[model.Paragraph("Điều 1. Tặng Giấy khen.")],
        signature=model.Signature(authority="TM. CỤM THI ĐUA SỐ 6", title="CỤM TRƯỞNG",
                                  name="Nguyễn Văn An", image=data_url(SIGNATURE),
                                  seal=data_url(SEAL)),
        annex=[model.Heading("DANH SÁCH KÈM THEO")])
    return dataclasses.replace(document, **changes)


def page_image(pdf, page=1):
    """The page at 80 dpi (pdftoppm writes files, not to standard output)."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page),
                        "-singlefile", str(source), str(Path(folder) / "page")], check=True)
        with Image.open(Path(folder) / "page.png") as image:
            return image.convert("RGB")


def box_of(image, colour):
    """The bounding box (left, top, right, bottom) of the pixels close to `colour`."""
    masks = [channel.point(lambda v, target=target: 255 if abs(v - target) < 60 else 0)
             for channel, target in zip(image.split(), colour[:3], strict=True)]
    return ImageChops.multiply(ImageChops.multiply(masks[0], masks[1]), masks[2]).getbbox()


def test_the_seal_covers_the_left_third_of_the_signature():
    page = page_image(sign_pdf(render_pdf(decision(signed=True))))
    blue, red = box_of(page, BLUE), box_of(page, RED)
    width = blue[2] - blue[0]
    # The seal ends about a third of the way into the signature and is centred on it.
    assert abs((red[2] - blue[0]) - width / 3) < width / 8
    assert abs((red[1] + red[3]) / 2 - (blue[1] + blue[3]) / 2) < 12


def test_the_images_are_printed_only_on_what_is_signed():
    page = page_image(render_pdf(decision()))  # a live download: the space stays empty
    assert box_of(page, BLUE) is None and box_of(page, RED) is None


def words(pdf):
    """[(page, word, xMin, yMin, xMax)] from pdftotext -bbox (points, origin top left)."""
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    found = []
    for number, page in enumerate(html.split("<page ")[1:], 1):
        for x0, y0, x1, word in re.findall(
                r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<',
                page):
            found.append((number, word, float(x0), float(y0), float(x1)))
    return found


def test_the_annex_is_signed_by_text_at_the_top_right_of_its_first_page(db):
    stored = store_rendered(decision(), folder="test/decree30", name="quyet-dinh")
    found = words(stored.content("pdf"))
    number = [w for w in found if w[1] == "05/QĐ-CTĐ6"]
    stamp = [w for w in found if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", w[1])]
    a4_width, right_margin = 595.3, 15 * 72 / 25.4
    assert [w[0] for w in stamp] == [2] and 2 in [w[0] for w in number]
    assert stamp[0][4] > a4_width - right_margin - 3 and stamp[0][3] < 100  # top right
    assert check_pdf(stored.content("pdf")).summary == "INTACT:TRUSTED,UNTOUCHED"


@pytest.mark.parametrize("sealed", [True, False])
def test_an_issued_document_prints_the_leaders_signature_and_the_seal_if_it_signs(
        world, campaign, client_for, seal_pki, sealed):  # noqa: F811
    from campaigns.documents import head_signature
    from reports.services import document_issue

    if sealed:  # the organisation's seal certificate signs, not the portal's
        trust(world, seal_pki)
        upload(client_for(world.users["secretariat"]), seal_file(seal_pki))
    world.org.seal_image.save("dau.png", ContentFile(SEAL))
    unit = Unit.objects.get(pk=world.head_unit.pk)
    unit.leader_signature_image.save("chu-ky.png", ContentFile(SIGNATURE))
    stored = document_issue(
        cluster=world.cluster_a, year=world.year, type_code="BC", title="Báo cáo",
        by=world.users["head"], build=lambda issued: decision(
            number_label=issued.number_label, annex=[],
            signature=head_signature(campaign))).stored
    page = page_image(stored.content("pdf"))
    assert box_of(page, BLUE) is not None
    assert (box_of(page, RED) is not None) is sealed


def test_the_secretariat_uploads_the_seal_image_and_a_jpeg_is_refused(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client = client_for(world.users["secretariat"])
    url = reverse("clusters:organisation_settings")
    jpeg = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(jpeg, "JPEG")
    refused = client.post(url, {"name": world.org.name, "reminder_offsets": "7,3,1,0,-1",
                                "seal_image": SimpleUploadedFile("dau.jpg", jpeg.getvalue())})
    assert "Ảnh phải là tệp PNG (nền trong suốt)." in refused.content.decode()
    client.post(url, {"name": world.org.name, "reminder_offsets": "7,3,1,0,-1",
                      "seal_image": SimpleUploadedFile("dau.png", SEAL)})
    world.org.refresh_from_db()
    assert world.org.seal_image.read() == SEAL
