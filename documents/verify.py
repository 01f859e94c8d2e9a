"""Is an uploaded file this issued document? Byte-identical to a stored file, or the stored
PDF with later signatures appended (a signature added by the recipient keeps every byte of
the issued revision and adds only signatures after it)."""

from documents import signing
from documents.models import sha256

IDENTICAL, LATER_SIGNATURES, NO_MATCH = "identical", "later_signatures", "no_match"


def upload_match(stored, content):
    """(IDENTICAL | LATER_SIGNATURES | NO_MATCH, the stored format it matched or "")."""
    digest = sha256(content)
    for fmt, _field, expected in stored.files():
        if digest == expected:
            return IDENTICAL, fmt
    original = stored.content("pdf")
    if len(content) > len(original) and content.startswith(original):
        check = signing.check_pdf(content)
        # Every signature intact, the last one covering the whole file, and more signatures
        # than the issued file had: what was appended is signatures and nothing else.
        original_count = signing.check_pdf(original).signatures
        if check.status in (signing.LATER_SIGNATURE, signing.INTACT, signing.UNTRUSTED) \
                and check.signatures > original_count:
            return LATER_SIGNATURES, "pdf"
    return NO_MATCH, ""
