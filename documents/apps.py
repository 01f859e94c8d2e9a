from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The document layer: model, PDF, Word, bundles; it imports no domain app."""

    name = "documents"
    verbose_name = _("Documents")
