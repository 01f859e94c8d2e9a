"""A real test PKI for the demo and the tests: root → issuing CA → organisation and person.

Made with `cryptography` at set-up into `settings.SIGNING_PKI_DIR` (outside git), once: a folder
that already holds a complete PKI is left as it is. EC P-256 keys keep issuing fast. No CRL
distribution points or OCSP addresses: validators are told not to check revocation
(`--no-revocation-check`), which is what a closed test PKI can honestly promise.

An installation signs with its own organisation certificate (`SIGNING_PKCS12`); this PKI only
stands in for it where none is configured."""

import datetime
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

ROOT, ISSUING, ORGANISATION, PERSON = "trust-root", "issuing-ca", "organisation", "person"
NAMES = (ROOT, ISSUING, ORGANISATION, PERSON)
SUBJECTS = {
    ROOT: [(NameOID.COUNTRY_NAME, "VN"), (NameOID.ORGANIZATION_NAME, "ThiĐua thử nghiệm"),
           (NameOID.COMMON_NAME, "ThiĐua Test Root CA")],
    ISSUING: [(NameOID.COUNTRY_NAME, "VN"), (NameOID.ORGANIZATION_NAME, "ThiĐua thử nghiệm"),
              (NameOID.COMMON_NAME, "ThiĐua Test Issuing CA")],
    ORGANISATION: [(NameOID.COUNTRY_NAME, "VN"),
                   (NameOID.ORGANIZATION_NAME, "Cổng thông tin thi đua (thử nghiệm)"),
                   (NameOID.COMMON_NAME, "Cổng thông tin thi đua (thử nghiệm)")],
    PERSON: [(NameOID.COUNTRY_NAME, "VN"),
             (NameOID.ORGANIZATION_NAME, "Cổng thông tin thi đua (thử nghiệm)"),
             (NameOID.TITLE, "Cụm trưởng"), (NameOID.COMMON_NAME, "Nguyễn Văn An")],
}


@dataclass(frozen=True)
class Pki:
    folder: Path

    def cert_path(self, name):
        return self.folder / f"{name}.pem"

    def key_path(self, name):
        return self.folder / f"{name}.key.pem"

    def cert_pem(self, name):
        return self.cert_path(name).read_bytes()

    def certificate(self, name):
        return x509.load_pem_x509_certificate(self.cert_pem(name))

    def private_key(self, name):
        return serialization.load_pem_private_key(self.key_path(name).read_bytes(), None)

    @property
    def trust_root(self):
        return self.cert_path(ROOT)

    def complete(self):
        return all(self.cert_path(n).is_file() for n in NAMES) and all(
            self.key_path(n).is_file() for n in (ISSUING, ORGANISATION, PERSON))


def pki_folder():
    return Path(settings.SIGNING_PKI_DIR)


def pki_ensure(folder=None):
    """The test PKI in `folder` (default the setting), made there if it is not complete.
    Written into a temporary folder and renamed into place, so two processes starting at
    once never see half a PKI (the loser of the race keeps the winner's)."""
    folder = Path(folder or pki_folder())
    pki = Pki(folder)
    if pki.complete():
        return pki
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".pki-", dir=folder.parent))
    try:
        _generate(scratch)
        if folder.exists():  # an incomplete leftover: replace it
            shutil.rmtree(folder)
        try:
            os.rename(scratch, folder)
        except OSError:
            if not pki.complete():
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return pki


def _name(attributes):
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in attributes])


def _generate(folder):
    # Valid over any date the demo or a test travels to (tests freeze time inside past and
    # coming years): a test PKI has no reason to expire mid-run.
    start = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    keys = {name: ec.generate_private_key(ec.SECP256R1()) for name in NAMES}

    def issue(name, issuer, *, ca, years, path_length=None, usage=None):
        key = keys[name]
        issuer_key = keys[issuer]
        builder = (x509.CertificateBuilder()
                   .subject_name(_name(SUBJECTS[name]))
                   .issuer_name(_name(SUBJECTS[issuer]))
                   .public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(start)
                   .not_valid_after(start.replace(year=start.year + years))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length),
                                  critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                                  critical=False))
        if name != issuer:
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                critical=False)
        if ca:
            builder = builder.add_extension(x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        else:
            builder = builder.add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            builder = builder.add_extension(x509.ExtendedKeyUsage(usage), critical=False)
        return builder.sign(issuer_key, hashes.SHA256())

    document_signing = [x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12"),  # document signing
                        ExtendedKeyUsageOID.EMAIL_PROTECTION]
    certs = {
        ROOT: issue(ROOT, ROOT, ca=True, years=99, path_length=1),
        ISSUING: issue(ISSUING, ROOT, ca=True, years=98, path_length=0),
        ORGANISATION: issue(ORGANISATION, ISSUING, ca=False, years=90, usage=document_signing),
        PERSON: issue(PERSON, ISSUING, ca=False, years=90, usage=document_signing),
    }
    for name, cert in certs.items():
        (folder / f"{name}.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        if name == ROOT:
            continue  # the root's key signs nothing after set-up: not kept
        key_file = folder / f"{name}.key.pem"
        key_file.write_bytes(keys[name].private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        key_file.chmod(0o600)
