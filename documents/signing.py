"""Sign issued PDFs (PAdES baseline, pyHanko) and check the signatures of PDFs.

The PDF is complete when it reaches here: WeasyPrint drew everything a reader sees, the QR code
included, and the signature is the last revision. Anything drawn after it would be an
illegal modification (issue 15)."""

import asyncio
import concurrent.futures
import functools
import io
import os
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

from documents import pki as test_pki

FIELD_NAME = "ChuKySo"
FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
MM = 72 / 25.4
# Page 1's bottom margin (Decree 30: 20 mm), right of the QR code in the left corner; the top
# right of page 1 stays free for the text signature of annex files.
STAMP_BOX = (int(32 * MM), int(2.5 * MM), int(195 * MM), int(18.5 * MM))


def outside_event_loop(func):
    """Run `func` in a worker thread when this thread already runs an event loop.

    pyHanko's synchronous calls (and ours) use asyncio.run(), which refuses to start inside a
    running loop: an async caller, or Playwright's sync API in browser tests. Pure
    computation on bytes, so another thread is safe (no ORM in there)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return func(*args, **kwargs)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(func, *args, **kwargs).result()

    return wrapper


@dataclass(frozen=True)
class SigningIdentity:
    signer: signers.Signer
    trust_roots: tuple  # asn1crypto certificates
    other_certs: tuple

    @property
    def subject(self):
        return self.signer.signing_cert.subject.native

    def validation_context(self):
        """Trust exactly our roots; no network (no CRL or OCSP to fetch in a closed PKI, and
        issuing must not hang on one): revocation is soft-fail, what is found is embedded."""
        return ValidationContext(trust_roots=list(self.trust_roots),
                                 other_certs=list(self.other_certs), allow_fetching=False,
                                 revocation_mode="soft-fail")


def _load_pem_certs(data):
    if pem.detect(data):
        return [asn1_x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, True)]
    return [asn1_x509.Certificate.load(data)]


def identity_from_pkcs12(data, password, *, extra_roots=()):
    """A signing identity from PKCS#12 bytes: its key, its certificate and the chain inside.
    It is validated to `extra_roots` when given (an uploaded seal: only the roots the
    organisation trusts), else to the chain's own self-signed certificates (SIGNING_PKCS12,
    configured by whoever runs the installation)."""
    signer = signers.SimpleSigner.load_pkcs12_data(
        data, other_certs=[], passphrase=password.encode() if password else None)
    if signer is None:
        raise ValueError("The PKCS#12 file or its password is wrong.")
    chain = [c for c in signer.cert_registry if c != signer.signing_cert]
    own_roots = [c for c in chain if c.self_signed in ("maybe", "yes")]
    others = [c for c in chain if c not in own_roots]
    return SigningIdentity(signer, tuple(extra_roots) or tuple(own_roots), tuple(others))


@functools.cache
def _identity(pkcs12_path, pkcs12_password, pki_dir):
    if pkcs12_path:
        return identity_from_pkcs12(Path(pkcs12_path).read_bytes(), pkcs12_password)
    pki = test_pki.pki_ensure(pki_dir)
    root = _load_pem_certs(pki.cert_pem(test_pki.ROOT))[0]
    issuing = _load_pem_certs(pki.cert_pem(test_pki.ISSUING))[0]
    signer = signers.SimpleSigner.load(
        str(pki.key_path(test_pki.ORGANISATION)), str(pki.cert_path(test_pki.ORGANISATION)),
        other_certs=[issuing, root])
    return SigningIdentity(signer, (root,), (issuing,))


def signing_identity():
    """Who signs issued documents: the configured PKCS#12, else the test PKI's organisation."""
    return _identity(settings.SIGNING_PKCS12, settings.SIGNING_PKCS12_PASSWORD,
                     str(settings.SIGNING_PKI_DIR))


def trust_roots():
    """The roots a signature on an upload may lead to (ours; the secretariat's, issue 15 §4)."""
    identity = signing_identity()
    return list(identity.trust_roots), list(identity.other_certs)


@functools.cache
def stamp_font():
    """Liberation Serif rescaled to 1000 units per em, written once to a temporary folder.

    pyHanko 0.38 writes a TrueType font's advance widths (/W, TJ) in the font's own units,
    while PDF counts them in thousandths of an em: with Liberation's 2048 units the stamp's
    letters spread to twice their width. Rescaling the font (fontTools) makes both agree."""
    import tempfile

    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    folder = Path(tempfile.gettempdir()) / f"thidua-stamp-font-{os.getuid()}"
    target = folder / f"{FONT.stem}-1000upem.ttf"
    if not target.is_file():
        folder.mkdir(exist_ok=True)
        font = TTFont(FONT)
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        scratch = folder / f".{target.name}.{os.getpid()}"
        font.save(scratch)
        os.replace(scratch, target)
    return target


ISO_FORMAT = "%Y-%m-%dT%H:%M:%S"


def _iso_offset(moment):
    offset = moment.strftime("%z")  # "+0700"
    return f"{offset[:3]}:{offset[3:]}"


def iso_now():
    """Now in ISO 8601 with the local offset ("2025-07-01T09:30:00+07:00"): the signing time
    printed before signing (the annex's text signature), seconds before pyHanko signs."""
    moment = timezone.localtime()
    return moment.strftime(ISO_FORMAT) + _iso_offset(moment)


def _stamp_style(time_text):
    # The stamp's font is embedded (subset) so that Vietnamese letters print as they are;
    # pyHanko's default Courier is neither embedded nor able to show them.
    return TextStampStyle(
        stamp_text=("Ký số bởi: %(signer)s\nCơ quan: %(organisation)s\n"
                    "Thời gian ký: %(ts)s " + time_text),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(stamp_font()), font_size=8),
                                    font_size=8),
        timestamp_format=ISO_FORMAT + _iso_offset(timezone.localtime()),
        border_width=1, background=None)


def align_producer(writer):
    """Make the Info dictionary's /Producer the string pyHanko writes into the XMP metadata
    of the revision it appends (its own name): otherwise the Info says "WeasyPrint …;
    pyHanko …", the XMP "pyHanko …", and a PDF/A file is no longer one (documents/pdfa.py)."""
    if "/Metadata" not in writer.root or "/Info" not in writer.trailer:
        return
    info = generic.DictionaryObject(writer.trailer["/Info"].get_object())
    info[generic.NameObject("/Producer")] = generic.TextStringObject(VENDOR)
    writer.set_info(info)


@outside_event_loop
def sign_pdf(content, identity=None):
    """`content` (a PDF) signed by `identity` (default the portal's), with a visible stamp on
    page 1."""
    identity = identity or signing_identity()
    subject = identity.subject
    timestamper = None
    if settings.SIGNING_TSA_URL:
        timestamper = timestamps.HTTPTimeStamper(settings.SIGNING_TSA_URL)
        time_text = "(dấu thời gian của tổ chức cung cấp dịch vụ)"
    else:
        time_text = "(giờ của máy chủ, không có dấu thời gian)"
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=True, validation_context=identity.validation_context(),
        md_algorithm="sha256", reason="Ban hành văn bản", location="Việt Nam",
        # The chain goes into the signature's own revision (PAdES-B-LT in one revision): the
        # signature covers the whole file, which a validator reports as UNTOUCHED.
        dss_settings=DSSContentSettings(
            placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE,
            include_vri=False))
    pdf_signer = signers.PdfSigner(
        meta, signer=identity.signer, timestamper=timestamper, stamp_style=_stamp_style(time_text),
        new_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=0, box=STAMP_BOX))
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    align_producer(writer)
    out = pdf_signer.sign_pdf(writer, appearance_text_params={
        "signer": subject.get("common_name", ""),
        "organisation": subject.get("organization_name", "")})
    return out.getvalue()


@outside_event_loop
def sign_detached(data):
    """A detached CMS signature (DER) of `data` by the portal's identity (the package's
    manifest.json.p7s); `openssl cms -verify -binary -inform DER -content …` checks it too."""
    identity = signing_identity()
    signed = asyncio.run(identity.signer.async_sign_general_data(data, "sha256", detached=True))
    return signed.dump()


def subject_text(subject):
    """The certificate's subject as the portal shows it: CN, T (title) and O only (issue 15
    §4); the rest (serial numbers, national ID numbers, e-mail) is not shown."""
    parts = []
    for key in ("common_name", "title", "organization_name"):
        value = str(subject.get(key) or "")
        if value and _folded(value) not in map(_folded, parts):  # a seal: its CN is its O
            parts.append(value)
    return ", ".join(parts)[:255]


def _folded(text):
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def is_person_certificate(subject):
    """A person's certificate names someone else than its organisation. An organisation's
    certificate (the seal: CN is the organisation, as in the test PKI) names nobody, and
    its signature stands beside the person's printed name by design (Decree 30)."""
    common = _folded(subject.get("common_name", ""))
    return bool(common) and common != _folded(subject.get("organization_name", ""))


def printed_signer_differs(subject, printed_name):
    """The certificate is a person's and its CN is not the signer printed in the signature
    block (case, spacing and Unicode composition aside)."""
    return bool(printed_name.strip()) and is_person_certificate(subject) and \
        _folded(subject.get("common_name", "")) != _folded(printed_name)


def cn_absent_from_text(subject, text):
    """For uploads, whose signature block the portal cannot locate: the person's CN is
    printed nowhere in the document's text (a scan without text says nothing)."""
    if not text.strip() or not is_person_certificate(subject):
        return False
    name = re.escape(_folded(subject.get("common_name", "")))
    return re.search(rf"(?<!\w){name}(?!\w)", _folded(text)) is None


def pdf_text(content, *, timeout=20):
    """The text of a PDF (poppler's pdftotext); "" when it cannot be read or the tool is not
    installed (then no name check is made)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return ""
    try:
        done = subprocess.run([tool, "-q", "-enc", "UTF-8", "-", "-"], input=content,
                              capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""


@dataclass
class SignatureCheck:
    """What one PDF's signatures say (the last signature speaks for the file)."""

    status: str  # one of STATUSES
    signer: str = ""  # the last signature's certificate CN
    signed_at: object = None  # aware datetime
    summary: str = ""  # pyHanko's, e.g. "INTACT:TRUSTED,UNTOUCHED"
    signatures: int = 0
    subject_fields: dict = field(default_factory=dict)  # the certificate's subject (native)

    @property
    def subject(self):
        """CN, T and O of the last signature's certificate."""
        return subject_text(self.subject_fields)


INTACT, LATER_SIGNATURE, MODIFIED, INVALID, UNTRUSTED, UNSIGNED = (
    "intact", "later_signature", "modified", "invalid", "untrusted", "unsigned")
STATUS_LABELS = {
    INTACT: _("intact"),
    LATER_SIGNATURE: _("later signature only (checked)"),
    MODIFIED: _("modified after signing"),
    INVALID: _("invalid signature"),
    UNTRUSTED: _("signed with an untrusted certificate"),
    UNSIGNED: _("not signed"),
}


def signature_status_label(summary):
    """The Vietnamese words for a validation summary recorded at issue."""
    if not summary:
        return STATUS_LABELS[UNSIGNED]
    if summary.startswith("INTACT:TRUSTED"):
        return STATUS_LABELS[INTACT]
    if summary.startswith("INTACT:UNTRUSTED"):
        return STATUS_LABELS[UNTRUSTED]
    return STATUS_LABELS[INVALID]


@outside_event_loop
def check_pdf(content, *, roots=None, others=None):
    """The signature status of a PDF's bytes, checked against our trust roots, offline."""
    if roots is None:
        roots, others = trust_roots()
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except Exception:  # not a PDF pyHanko can read: nothing signed we could check
        return SignatureCheck(UNSIGNED)
    if not embedded:
        return SignatureCheck(UNSIGNED)
    results = []
    for sig in embedded:
        context = ValidationContext(trust_roots=roots, other_certs=others or [],
                                    allow_fetching=False, revocation_mode="soft-fail")
        try:
            status = validate_pdf_signature(sig, context)
        except (SignatureValidationError, ValueError, KeyError):
            return SignatureCheck(INVALID, signatures=len(embedded))
        results.append((sig, status))
    last_sig, last = results[-1]
    cert = last.signing_cert
    subject = dict(cert.subject.native) if cert is not None else {}
    check = SignatureCheck(INTACT, signer=subject.get("common_name", ""),
                           signed_at=last.signer_reported_dt, summary=last.summary(),
                           signatures=len(results), subject_fields=subject)
    for _sig, status in results:
        if not status.intact:  # the signed bytes no longer hash to what was signed
            check.status, check.summary = MODIFIED, status.summary()
            return check
        if not status.valid:
            check.status, check.summary = INVALID, status.summary()
            return check
        level = status.modification_level
        if level is not None and level > ModificationLevel.FORM_FILLING:
            check.status, check.summary = MODIFIED, status.summary()
            return check
    if last.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        check.status = MODIFIED  # something was added after the last signature
    elif any(not status.trusted for _sig, status in results):
        check.status = UNTRUSTED
    elif len(results) > 1:
        check.status = LATER_SIGNATURE
    return check
