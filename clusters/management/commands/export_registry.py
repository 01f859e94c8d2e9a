from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from clusters.models import Organisation
from clusters.registry_io import registry_export


class Command(BaseCommand):
    help = ("Export the registry in the import format; .xlsx or .csv chosen by the file's "
            "extension.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--org", required=True, help="Organisation code")
        parser.add_argument("--year", type=int, help="Only this year")

    def handle(self, *args, **options):
        path, year = options["file"], options["year"]
        file_format = path.suffix.lower().lstrip(".")
        if file_format not in ("xlsx", "csv"):
            raise CommandError(_("The file name must end in .xlsx or .csv."))
        if year is not None and not settings.PORTAL_YEAR_MIN <= year <= settings.PORTAL_YEAR_MAX:
            raise CommandError(_("Year %(year)s is out of range.") % {"year": year})
        organisation = Organisation.objects.filter(code=options["org"]).first()
        if organisation is None:
            raise CommandError(_("No organisation has the code “%(code)s”.")
                               % {"code": options["org"]})
        path.write_bytes(registry_export(organisation=organisation, year=year,
                                         file_format=file_format))
        self.stdout.write(self.style.SUCCESS(_("Exported %(path)s") % {"path": path}))
