"""The "Căn cứ" lines cite the law and the decree in force on the document's own date; an
organisation can replace the decree line."""

import datetime

import pytest

from documents.legal import basis_lines

D = datetime.date


@pytest.mark.parametrize(("on", "law", "decree"), [
    (D(2023, 12, 20), "ngày 26 tháng 11 năm 2003", "91/2017/NĐ-CP"),
    (D(2024, 1, 1), "ngày 15 tháng 6 năm 2022", "98/2023/NĐ-CP"),
    (D(2025, 6, 30), "ngày 15 tháng 6 năm 2022", "98/2023/NĐ-CP"),
    (D(2025, 7, 1), "ngày 15 tháng 6 năm 2022", "152/2025/NĐ-CP"),
])
def test_a_document_cites_the_law_and_decree_in_force_on_its_date(on, law, decree):
    law_line, decree_line = basis_lines(on)
    assert law in law_line and decree in decree_line


def test_an_organisation_may_replace_the_decree_line():
    lines = basis_lines(D(2025, 8, 1), decree="Nghị định số 1/2026/NĐ-CP sửa đổi\n",
                        regulation="Quy chế số 12")
    assert lines[1:] == ["Căn cứ Nghị định số 1/2026/NĐ-CP sửa đổi;", "Căn cứ Quy chế số 12;"]
