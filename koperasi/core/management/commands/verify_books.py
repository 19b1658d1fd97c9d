"""``manage.py verify_books``: prove that every running total agrees with its movements.

Exit status 0 when every check of every cooperative passes, 1 otherwise (each discrepancy printed),
so an operator or a script (the restore test, the load benchmark) can rely on it.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from koperasi.core.book_figures import book_figures
from koperasi.core.consistency import discover, run_checks
from koperasi.tenancy.context import cooperative_context
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
        checks = discover()
        unknown = set(options["check"] or []) - set(checks)
        if unknown:
            raise CommandError(f"Unknown check(s): {', '.join(sorted(unknown))}. Known: {', '.join(checks)}")
        cooperatives = Cooperative.objects.order_by("slug")
        if options["cooperative"]:
            cooperatives = cooperatives.filter(slug__in=options["cooperative"])
            missing = set(options["cooperative"]) - set(cooperatives.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No cooperative with slug(s): {', '.join(sorted(missing))}")
        report, failures = {}, 0
        for cooperative in cooperatives:
            with cooperative_context(cooperative.pk, read_only=True):
                findings = {check.name: [str(d) for d in found] for check, found in run_checks(options["check"])}
                figures = book_figures() if options["json"] else None
            failures += sum(len(found) for found in findings.values())
            report[cooperative.slug] = {"findings": findings, "figures": figures}
            if not options["json"]:
                self._print(cooperative, findings)
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, sort_keys=True))
        elif failures == 0:
            self.stdout.write(self.style.SUCCESS(f"The books agree ({len(report)} cooperative(s))."))
        if failures:
            raise CommandError(f"{failures} discrepancy(ies) found.", returncode=1)

    def _print(self, cooperative, findings):
        self.stdout.write(f"{cooperative.slug}: {cooperative.name}")
        for name, found in findings.items():
            if not found:
                self.stdout.write(f"  ok  {name}")
            for line in found:
                self.stdout.write(self.style.ERROR(f"  !!  {line}"))
