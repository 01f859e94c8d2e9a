"""Check that every issued document's stored files still hash to what was recorded."""

from django.core.management.base import BaseCommand, CommandError

from documents.models import StoredDocument


class Command(BaseCommand):
    help = ("Issued documents' stored files. --verify re-hashes every stored PDF and Word file "
            "and fails, naming the files, if any differs from the hash recorded at issue.")

    def add_arguments(self, parser):
        parser.add_argument("--verify", action="store_true",
                            help="re-hash every stored file against its recorded SHA-256")

    def handle(self, *args, verify=False, **options):
        if not verify:
            raise CommandError("Nothing to do: pass --verify.")
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
