"""Small real files of each accepted kind, made in memory."""

import io

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages"
               b"/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def pdf_upload(name="bien-ban.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def png_upload(name="anh.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue())


def docx_upload(name="bao-cao.docx"):
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def xlsx_upload(name="so-lieu.xlsx"):
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
