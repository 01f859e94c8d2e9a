"""The document layer: a document's data (model.py) rendered in the administrative format of
Decree 30/2020/NĐ-CP as PDF (pdf.py, WeasyPrint) and Word (docx.py, python-docx).
It imports no domain app: each app builds its own documents in `<app>/documents.py`."""
