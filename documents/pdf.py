"""Render a Document to PDF with WeasyPrint, loading only the project's own files."""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from documents import model


class ProjectFilesFetcher(URLFetcher):
    """Only data: URLs and files under the static and media folders; never the network,
    never another local path (a path named in user text must not reach the PDF)."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False,
                         fail_on_errors=False)
        roots = [settings.STATIC_ROOT, settings.MEDIA_ROOT, *settings.STATICFILES_DIRS]
        self.roots = [Path(root).resolve() for root in roots]

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"Refused to load {url}")
        elif not url.startswith("data:"):
            raise ValueError(f"Refused to load {url}")
        return super().fetch(url, headers)


def render_pdf(document, *, variant=None):
    """`variant`: WeasyPrint's pdf_variant ("pdf/a-2b" for what is signed, documents.pdfa)."""
    return render_template_pdf("documents/document.html", {"doc": document, "m": model},
                               variant=variant)


def render_template_pdf(template, context, *, variant=None):
    """A PDF from any template of ours (the paper ballots), with the same safe fetcher."""
    html = render_to_string(template, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static"),
                url_fetcher=ProjectFilesFetcher()).write_pdf(pdf_variant=variant)
