"""``manage.py restore_check FILE``: prove that a dump restores into books that agree and match."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from koperasi.core.backup import BackupError, restore_check


class Command(BaseCommand):
    help = (
        "Restore a dump into a scratch database, run migrate and verify_books there, compare rows per table and "
        "ledger totals with the figures taken at backup time, then drop the scratch database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a dump written by manage.py backup")

    def handle(self, *args, file: Path, **options):
        if not file.exists():
            raise CommandError(f"No such dump: {file}")
        try:
            report = restore_check(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in report.differences:
            self.stdout.write(self.style.ERROR(f"  !!  {line}"))
        if not report.ok:
            raise CommandError(
                f"The restored copy does not match: {report.discrepancies} discrepancy(ies), "
                f"{len(report.differences)} difference(s) from the backup.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{file} restores: {report.cooperatives} cooperative(s), verify_books passes, "
                "rows and ledger totals match."
            )
        )
