"""The legal basis ("Căn cứ" lines) every award document cites: the law on emulation and the
decree in force on the document's own date. Organisations add their own lines (the text that
gives the decider its competence, their regulation) as settings on the organisation."""

import datetime

LAW = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"

# (in force from, the decree's citation). A document cites the decree in force on its date.
# The date and excerpt of Decree 152/2025 are to be verified against the official text
# (shared/documents.md marks them "verify").
DECREES = [
    (datetime.date(2023, 12, 26),
     "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
     "tiết thi hành một số điều của Luật Thi đua, khen thưởng"),
    (datetime.date(2025, 7, 1),
     "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi "
     "tiết một số điều của Luật Thi đua, khen thưởng"),
]


def decree_basis(on):
    """The decree line for a document dated `on` (the earliest known one before 2024)."""
    lines = [line for start, line in DECREES if start <= on]
    return lines[-1] if lines else DECREES[0][1]


def basis_lines(on, *, competence="", regulation="", extra=()):
    """The "Căn cứ" lines in order, each ending with ';' (the caller adds the closing one)."""
    lines = [line.strip() for line in competence.splitlines() if line.strip()]
    lines += [LAW, decree_basis(on)]
    if regulation.strip():
        lines.append(regulation.strip())
    lines += [line for line in extra if line]
    return [_cite(line) for line in lines]


def _cite(line):
    line = line.rstrip(" ;.")
    return (line if line.lower().startswith("căn cứ") else f"Căn cứ {line}") + ";"
