"""Deliveries imported from CSV/XLSX (all rows or none, with a per-row report) and the supply spreadsheets."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from koperasi.tenancy.context import cooperative_context
from procurement import importing
from procurement.models import Delivery
from tests.factories.procurement import SupplierFactory, delivery, milk
from tests.helpers import assert_ledger_balances, ledger_balance

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = datetime.date(2026, 3, 1)


def csv_file(*rows: str) -> bytes:
    return ("tanggal;pemasok;bahan;jumlah;ditolak;fat;titik_setor\n" + "\n".join(rows) + "\n").encode()


@pytest.fixture
def farmers(in_coop):
    material = milk()
    return material, SupplierFactory(name="Ujang Suryana"), SupplierFactory(name="Dedi Mulyadi")


def test_a_file_of_deliveries_is_recorded_once_priced_and_posted(in_coop, farmers):
    _material, ujang, dedi = farmers
    content = csv_file(
        f"2026-02-03;{ujang.code};susu;20,5;;3,8;TPK Cibodas",
        "03/02/2026;Dedi Mulyadi;SUSU;15;0,5;;TPK Cibodas",
        "",
    )
    result = importing.import_deliveries(actor=None, content=content, filename="setoran.csv", today=TODAY)
    assert result.ok and len(result.created) == 2
    first, second = sorted(result.created, key=lambda item: item.pk)
    assert (first.supplier, first.value, first.readings) == (ujang, D("126075.00"), {"fat": "3.8"})  # 20,5 × 6150
    assert (second.supplier, second.accepted_quantity, second.collection_point) == (dedi, D("14.5"), "TPK Cibodas")
    again = importing.import_deliveries(actor=None, content=content, filename="setoran.csv", today=TODAY)
    assert again.ok and again.already == 2 and Delivery.objects.count() == 2
    assert ledger_balance("raw_material_inventory") == D("126075.00") + D("87000.00")
    assert_ledger_balances()


def test_one_bad_row_records_nothing_and_every_problem_is_reported(in_coop, farmers):
    _material, ujang, _dedi = farmers
    SupplierFactory(name="Ujang Suryana")  # a namesake: the name alone no longer says who
    content = csv_file(
        f"2026-02-03;{ujang.code};SUSU;20;;3,8;",
        "2026-02-03;Ujang Suryana;SUSU;1,500;;;",
        "2026-04-01;Siapa;KOPI;banyak;;tinggi;",
        f"2025-01-01;{ujang.code};SUSU;10;;;",
    )
    result = importing.import_deliveries(actor=None, content=content, filename="setoran.csv", today=TODAY)
    assert not result.ok and Delivery.objects.count() == 0
    assert {(error.row, error.column) for error in result.errors} == {
        (3, "pemasok"), (3, "jumlah"),  # two Ujangs; "1,500" can be read two ways
        (4, "tanggal"), (4, "pemasok"), (4, "bahan"), (4, "jumlah"),
        (5, "tanggal"),  # milk had no price yet on that day (the service's refusal, mapped to its column)
    }  # fmt: skip
    assert Delivery.objects.count() == 0
    assert_ledger_balances()


def test_number_cells_of_a_workbook_keep_their_decimals(in_coop, farmers):
    _material, ujang, _dedi = farmers
    book = Workbook()
    book.active.append(["Date", "Supplier", "Material", "Quantity", "fat"])
    book.active.append([datetime.datetime(2026, 2, 3), ujang.pk, "SUSU", 20.125, 3.5])
    buffer = io.BytesIO()
    book.save(buffer)
    result = importing.import_deliveries(actor=None, content=buffer.getvalue(), filename="s.xlsx", today=TODAY)
    assert result.ok and result.created[0].quantity == D("20.125")


def test_the_import_page_reports_errors_and_offers_the_report(client, coop, staff):
    with cooperative_context(coop.pk):
        milk()
    client.force_login(staff)
    page = reverse("procurement:delivery-import", kwargs={"slug": coop.slug})
    upload = io.BytesIO(csv_file("2026-02-03;Nobody;SUSU;10;;;"))
    upload.name = "setoran.csv"
    response = client.post(page, {"file": upload})
    assert response.status_code == 400 and "Nothing was imported" in response.content.decode()
    report = client.get(reverse("procurement:delivery-import-report", kwargs={"slug": coop.slug}))
    assert report.status_code == 200 and "pemasok" in report.content.decode("utf-8-sig")
    template = client.get(reverse("procurement:delivery-import-template", kwargs={"slug": coop.slug}))
    assert template.content.decode("utf-8-sig").strip().endswith("fat,tpc,ts")


def test_deliveries_and_a_payment_run_download_as_workbooks(client, coop, staff, manager):
    from procurement.services import payments

    with cooperative_context(coop.pk):
        material, supplier = milk(), SupplierFactory(name="Ujang Suryana")
        delivery(supplier, material, "20", readings={"fat": D("3.8")})
        february = {"period_start": datetime.date(2026, 2, 1), "period_end": datetime.date(2026, 2, 28)}
        run = payments.create_run(actor=staff, pay_date=datetime.date(2026, 3, 1), **february)
    client.force_login(staff)
    listed = client.get(reverse("procurement:delivery-export", kwargs={"slug": coop.slug}), {"q": "Ujang"})
    sheet = load_workbook(io.BytesIO(listed.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[3]
    assert header[:3] == ("No.", "Date", "Supplier number") and "fat" in header
    assert rows[4][header.index("Value")] == 123000 and rows[4][header.index("fat")] == "3.8"
    workbook = client.get(reverse("procurement:run-export", kwargs={"slug": coop.slug, "pk": run.pk}))
    lines = list(load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    assert lines[-1][1] == "Total" and lines[-1][2] == 123000 and lines[-2][1] == "Ujang Suryana"
