"""The document layer: a document's data (model.py) rendered in the administrative format of
Decree 30/2020/NĐ-CP as PDF (pdf.py, WeasyPrint) and Word (docx.py, python-docx).
The data functions for each kind of document live in catalogue.py."""
