"""Generate a large organisation for benchmarks and load tests (idempotent)."""

import time

from django.core.management.base import BaseCommand

from core.years import current_year
from demo.scale import PASSWORD, seed_scale


class Command(BaseCommand):
    help = ("Generate N clusters × M units over Y years of plausible data (Vietnamese names, "
            "pledges, reports, scores, votes, nominations, decisions). Running it again adds "
            "only what is missing.")

    def add_arguments(self, parser):
        parser.add_argument("--clusters", type=int, default=100)
        parser.add_argument("--units-per-cluster", type=int, default=10)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--last-year", type=int, default=None,
                            help="the current (unfinished) year; default: this year")

    def handle(self, *args, **options):
        if options["clusters"] < 1 or options["units_per_cluster"] < 3 or options["years"] < 1:
            self.stderr.write("Cần ít nhất 1 cụm, 3 đơn vị mỗi cụm và 1 năm.")
            raise SystemExit(2)
        started = time.perf_counter()
        seed_scale(clusters=options["clusters"], units_per_cluster=options["units_per_cluster"],
                   years=options["years"], last_year=options["last_year"] or current_year(),
                   out=self.stdout.write)
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s. Logins (password "
                          f"{PASSWORD}): qm.thuky (secretariat), qm.lanhdao (leadership), "
                          "qm.c001-u01 … (unit representatives).")
