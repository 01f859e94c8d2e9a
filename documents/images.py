"""Signature and seal images for the signature block (Decree 30/2020, Annex I): PNG on a
transparent background, printed by WeasyPrint before the PDF is signed."""

import base64

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 512 * 1024
MAX_SIDE = 3000  # pixels: a signature scanned at 600 dpi is far smaller


def validate_signature_png(upload):
    """A PNG of sensible size (Decree 30: .png, transparent background)."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_BYTES:
        raise ValidationError(_("The image is larger than 512 KB."), code="image_too_large")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        with Image.open(upload) as image:
            kind, size = image.format, image.size
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError(_("The image must be a PNG file (transparent background)."),
                              code="image_not_png") from error
    finally:
        upload.seek(position)
    if kind != "PNG":
        raise ValidationError(_("The image must be a PNG file (transparent background)."),
                              code="image_not_png")
    if max(size) > MAX_SIDE:
        raise ValidationError(_("The image is larger than 3000 pixels on a side."),
                              code="image_too_large")


def png_data_url(field_file):
    """The stored PNG as a data: URL for the PDF ("" when there is none or it is gone)."""
    if not field_file:
        return ""
    try:
        with field_file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return ""
    return "data:image/png;base64," + base64.b64encode(content).decode()
