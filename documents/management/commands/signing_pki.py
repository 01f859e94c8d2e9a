"""Make the test PKI (root → issuing CA → organisation, person) if it is not there yet."""

from django.core.management.base import BaseCommand

from documents.pki import pki_ensure


class Command(BaseCommand):
    help = ("Create the test PKI used to sign issued documents where no organisation "
            "certificate is configured (SIGNING_PKCS12). Idempotent: an existing PKI is kept.")

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="folder (default: the SIGNING_PKI_DIR setting)")

    def handle(self, *args, dir=None, **options):
        pki = pki_ensure(dir)
        self.stdout.write(f"Trust root: {pki.trust_root}")
