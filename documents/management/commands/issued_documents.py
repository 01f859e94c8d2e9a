"""Issued documents' stored files: check their hashes, or export them with the trust anchors a
reader needs to validate the signatures offline."""

from pathlib import Path

from asn1crypto import pem
from django.core.management.base import BaseCommand, CommandError

from documents.models import StoredDocument
from documents.signing import signing_identity


def _pem(certificates):
    return b"".join(pem.armor("CERTIFICATE", cert.dump()) for cert in certificates)


class Command(BaseCommand):
    help = ("Issued documents' stored files. --verify re-hashes every stored PDF and Word file "
            "and fails, naming the files, if any differs from the hash recorded at issue. "
            "--export DIR writes every stored file under DIR (keeping its storage path) with "
            "DIR/trust-root.pem and DIR/issuing-ca.pem, for `pyhanko sign validate`.")

    def add_arguments(self, parser):
        parser.add_argument("--verify", action="store_true",
                            help="re-hash every stored file against its recorded SHA-256")
        parser.add_argument("--export", metavar="DIR",
                            help="write every stored file and the trust anchors into DIR")

    def handle(self, *args, verify=False, export=None, **options):
        if not verify and not export:
            raise CommandError("Nothing to do: pass --verify or --export DIR.")
        if verify:
            self._verify()
        if export:
            self._export(Path(export))

    def _verify(self):
        checked, bad = 0, []
        for stored in StoredDocument.objects.order_by("pk").iterator():
            checked += 2
            bad += stored.mismatches()
        if bad:
            for name in bad:
                self.stderr.write(f"MISMATCH {name}")
            raise CommandError(f"{len(bad)} of {checked} stored files do not match their "
                               f"hash: {', '.join(bad)}")
        self.stdout.write(f"{checked} stored files match their hashes.")

    def _export(self, folder):
        folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for stored in StoredDocument.objects.order_by("pk").iterator():
            for fmt, field, _expected in stored.files():
                target = (folder / field.name).resolve()
                if not target.is_relative_to(folder.resolve()):
                    raise CommandError(f"Refused to write outside {folder}: {field.name}")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(stored.content(fmt))
                written += 1
        identity = signing_identity()
        (folder / "trust-root.pem").write_bytes(_pem(identity.trust_roots))
        (folder / "issuing-ca.pem").write_bytes(_pem(identity.other_certs))
        self.stdout.write(f"{written} stored files, trust-root.pem and issuing-ca.pem "
                          f"written to {folder}.")
