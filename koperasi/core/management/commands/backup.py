"""``manage.py backup FILE``: a ``pg_dump`` of the database and the books' figures beside it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from koperasi.core.backup import BackupError, figures_path, take_backup
from koperasi.core.consistency import count_discrepancies


class Command(BaseCommand):
    help = "Dump the database (pg_dump, custom format) as the backup role, with its books' figures beside it."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the dump to write, e.g. backup/koperasi-2026-12-06.dump")

    def handle(self, *args, file: Path, **options):
        try:
            figures = take_backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        cooperatives = figures["cooperatives"]
        self.stdout.write(
            f"{file} ({file.stat().st_size} bytes) and {figures_path(file).name}: {len(cooperatives)} cooperative(s)"
        )
        if count_discrepancies(cooperatives):
            self.stdout.write(
                self.style.WARNING("verify_books found discrepancies in these books: run it to see them.")
            )
