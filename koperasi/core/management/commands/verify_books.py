"""``manage.py verify_books``: prove that every running total agrees with its movements.

Exit status 0 when every check of every cooperative passes, 1 otherwise (each discrepancy printed),
so an operator or a script (the restore check, the load benchmark) can rely on it.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from koperasi.core.consistency import count_discrepancies, discover, verify_cooperatives
from koperasi.tenancy.models import Cooperative


class Command(BaseCommand):
    help = "Check that the ledger balances and that balances, savings and stock equal the sums of their movements."

    def add_arguments(self, parser):
        parser.add_argument("--cooperative", action="append", metavar="SLUG", help="only this cooperative (repeatable)")
        parser.add_argument("--check", action="append", metavar="NAME", help="only this check (repeatable)")
        parser.add_argument(
            "--json", action="store_true", help="print one JSON document: each cooperative's findings and figures"
        )

    def handle(self, *args, **options):
        slugs, checks = options["cooperative"], options["check"]
        unknown = set(checks or []) - set(discover())
        if unknown:
            raise CommandError(f"Unknown check(s): {', '.join(sorted(unknown))}. Known: {', '.join(discover())}")
        missing = set(slugs or []) - set(
            Cooperative.objects.filter(slug__in=slugs or []).values_list("slug", flat=True)
        )
        if missing:
            raise CommandError(f"No cooperative with slug(s): {', '.join(sorted(missing))}")
        report = verify_cooperatives(slugs, checks, figures=options["json"])
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, sort_keys=True))
        else:
            self._print(report)
        failures = count_discrepancies(report)
        if failures:
            raise CommandError(f"{failures} discrepancy(ies) found.", returncode=1)
        if not options["json"]:
            self.stdout.write(self.style.SUCCESS(f"The books agree ({len(report)} cooperative(s))."))

    def _print(self, report):
        for slug, books in report.items():
            self.stdout.write(slug)
            for name, found in books["findings"].items():
                if not found:
                    self.stdout.write(f"  ok  {name}")
                for line in found:
                    self.stdout.write(self.style.ERROR(f"  !!  {line}"))
