"""URL converters: a URL that names no real format or period simply does not match (404)."""


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
    regex = "pdf|zip"
