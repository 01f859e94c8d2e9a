"""Several documents as one PDF (pages joined) or as a ZIP of Word files."""

import io
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from documents import model
from documents.docx import render_docx
from documents.pdf import ProjectFilesFetcher


def bundle_pdf(documents):
    rendered = [HTML(string=render_to_string("documents/document.html", {"doc": d, "m": model}),
                     base_url=str(settings.BASE_DIR / "static"),
                     url_fetcher=ProjectFilesFetcher()).render() for d in documents]
    pages = [page for doc in rendered for page in doc.pages]
    return rendered[0].copy(pages).write_pdf()


def bundle_docx_zip(documents):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, document in enumerate(documents, 1):
            archive.writestr(f"{number:02d}-{document.file_stem}.docx", render_docx(document))
    return buffer.getvalue()
