import datetime

import pytest
from django.conf import settings

from documents.model import Document, Paragraph, vietnamese_date
from documents.pdf import ProjectFilesFetcher, render_pdf
from tests.helpers import pdf_text


@pytest.mark.parametrize(("date", "text"), [
    (datetime.date(2025, 1, 5), "ngày 05 tháng 01 năm 2025"),
    (datetime.date(2024, 2, 14), "ngày 14 tháng 02 năm 2024"),
    (datetime.date(2018, 12, 14), "ngày 14 tháng 12 năm 2018"),
    (datetime.date(2013, 6, 21), "ngày 21 tháng 6 năm 2013"),
])
def test_dates_follow_the_decree(date, text):
    assert vietnamese_date(date) == text


@pytest.mark.parametrize("url", ["http://example.com/x.png", "file:///etc/passwd",
                                 "https://127.0.0.1/a.css", "ftp://x/y"])
def test_the_pdf_fetcher_refuses_anything_outside_the_project(url):
    with pytest.raises(ValueError):
        ProjectFilesFetcher().fetch(url)


def test_the_pdf_fetcher_serves_the_projects_static_files():
    url = (settings.BASE_DIR / "static" / "css" / "portal.css").as_uri()
    assert ProjectFilesFetcher().fetch(url).url.endswith("portal.css")


def test_user_text_cannot_pull_a_local_file_into_a_pdf():
    document = Document(governing_body="A", issuing_body="B", number_label="01/BC-X",
                        place="Hà Nội", date=datetime.date(2025, 1, 5), type_title="BÁO CÁO",
                        blocks=[Paragraph('<img src="file:///etc/hostname"> Ơ Ư ạ ỹ')])
    text = pdf_text(render_pdf(document))
    assert "<img" in text and "Ơ Ư ạ ỹ" in text
