"""URL converters: a URL that names no real format or period simply does not match (404)."""

from django.urls import register_converter


class DocumentFormat:
    regex = "pdf|docx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class ReportPeriod(DocumentFormat):
    regex = "semiannual|yearend"


class ResultFormat(DocumentFormat):
    regex = "pdf|docx|xlsx"


class VoteDocument(DocumentFormat):
    regex = "kiem-phieu|bien-ban"


class DossierFormat(DocumentFormat):
    regex = "pdf|zip|package"


# Registered once, on import: every app's urls.py imports this module before its paths.
register_converter(DocumentFormat, "docfmt")
register_converter(ReportPeriod, "period")
register_converter(ResultFormat, "resultfmt")
register_converter(VoteDocument, "votedoc")
register_converter(DossierFormat, "dossierfmt")
