"""The legal basis ("Căn cứ" lines) every award document cites: the law on emulation and the
decree detailing it, both as in force on the document's own date. Organisations add their own
lines (the text that gives the decider its competence, their regulation) as settings on the
organisation, and may replace the decree line there when an amending decree applies."""

import datetime

# (in force from, citation): a document cites the last entry in force on its date. The 2022
# law (06/2022/QH15) took effect on 01/01/2024; before it, the 2003 law as amended applied,
# detailed by Decree 91/2017/NĐ-CP, so a year recorded after the fact (2023) cites those.
# Decree 152/2025/NĐ-CP replaced Decree 98/2023/NĐ-CP from 01/07/2025 (shared/documents.md;
# its excerpt is marked "verify" there: the organisation setting overrides it).
LAWS = [
    (datetime.date(2014, 6, 1),
     "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số "
     "điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013"),
    (datetime.date(2024, 1, 1), "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"),
]
DECREES = [
    (datetime.date(2017, 9, 15),
     "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi "
     "tiết thi hành một số điều của Luật Thi đua, khen thưởng"),
    (datetime.date(2024, 1, 1),
     "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
     "tiết thi hành một số điều của Luật Thi đua, khen thưởng"),
    (datetime.date(2025, 7, 1),
     "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi "
     "tiết một số điều của Luật Thi đua, khen thưởng"),
]
LAW = LAWS[-1][1]  # the law in force today


def _in_force(entries, on):
    """The citation in force on `on` (the earliest one known for an older date)."""
    found = [line for start, line in entries if start <= on]
    return found[-1] if found else entries[0][1]


def law_basis(on):
    return _in_force(LAWS, on)


def decree_basis(on):
    return _in_force(DECREES, on)


def basis_lines(on, *, competence="", regulation="", extra=(), decree=""):
    """The "Căn cứ" lines in order, each ending with ';' (the caller adds the closing one).
    `decree`: the organisation's own decree lines, replacing the built-in one when set."""
    lines = [line.strip() for line in competence.splitlines() if line.strip()]
    lines.append(law_basis(on))
    lines += [line.strip() for line in decree.splitlines() if line.strip()] or [decree_basis(on)]
    if regulation.strip():
        lines.append(regulation.strip())
    lines += [line for line in extra if line]
    return [_cite(line) for line in lines]


def _cite(line):
    line = line.rstrip(" ;.")
    return (line if line.lower().startswith("căn cứ") else f"Căn cứ {line}") + ";"
