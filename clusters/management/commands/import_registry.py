from pathlib import Path

from auditlog.context import set_actor
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import Organisation
from clusters.registry_io import registry_import


class Command(BaseCommand):
    help = ("Import the registry (one row per unit-membership, Vietnamese headers) from an "
            ".xlsx or .csv file. All or nothing: any wrong row writes nothing and exits 1.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="Organisation code, e.g. hlg")
        parser.add_argument("--create-org", metavar="NAME",
                            help="Create the organisation with this name when the code is new")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing")

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        with transaction.atomic():
            organisation = self._organisation(options)
            with set_actor(None):
                report = registry_import(organisation=organisation, content=path.read_bytes(),
                                         file_name=path.name, dry_run=options["dry_run"])
            if not report.ok:
                transaction.set_rollback(True)  # also undo a just-created organisation
        if report.file_error:
            raise CommandError(report.file_error)
        if report.errors:
            for line, messages in report.errors:
                for message in messages:
                    self.stderr.write(_("Row %(line)s: %(message)s")
                                      % {"line": line, "message": message})
            raise CommandError(_("%(count)s rows have errors: nothing was written.")
                               % {"count": len(report.errors)})
        template = (_("Checked, nothing written: %(rows)s rows, %(new)s new memberships, "
                      "%(updated)s updated, %(reps)s new representatives.")
                    if options["dry_run"] else
                    _("Imported: %(rows)s rows, %(new)s new memberships, %(updated)s updated, "
                      "%(reps)s new representatives."))
        self.stdout.write(self.style.SUCCESS(template % {
            "rows": report.total_rows, "new": report.new, "updated": report.updated,
            "reps": report.representatives}))

    def _organisation(self, options):
        code, name = options["org"], options["create_org"]
        organisation = Organisation.objects.filter(code=code).first()
        if organisation is None:
            if not name:
                raise CommandError(_("No organisation has the code “%(code)s”: add --create-org "
                                     "\"Name\" to create it.") % {"code": code})
            organisation = Organisation.objects.create(code=code, name=name)
        return organisation
