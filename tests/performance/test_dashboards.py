"""The dashboards: each board shows its periods as a table and charts, says whether the latest figure is
stale and downloads as CSV and XLSX; a manager recomputes a month and sees its progress; the home page shows
each role its own part; the scorecard is set up, edited and filled in from its page."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from koperasi.ledger.fiscal import Month
from koperasi.tenancy.context import cooperative_context
from performance.models import ScorecardEntry, ScorecardMeasure, Snapshot
from performance.snapshots import compute_month
from processing.models import BatchLabour
from tests.factories.ledger import post_simple
from tests.factories.processing import coconut_plant, run_batch
from tests.factories.procurement import SupplierFactory, delivery
from tests.factories.tenancy import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(coop):
    """Two months of a coconut plant's batches and a waserda's sales, and their snapshots."""
    with cooperative_context(coop.pk):
        world = coconut_plant()
        delivery(SupplierFactory(), world["material"], "4000", on=datetime.date(2026, 1, 5))
        for day in (datetime.date(2026, 1, 10), datetime.date(2026, 2, 10), datetime.date(2026, 2, 17)):
            run_batch(world, on=day)
            post_simple("1500000.00", credit="sales_waserda", date=day, unit="WSD")
        compute_month(Month(2026, 1))
        compute_month(Month(2026, 2))
    return world


def url(coop, path=""):
    return f"/k/{coop.slug}/dashboards/{path}"


def test_the_value_added_board_shows_each_month_in_a_table_and_two_charts(client, coop, manager, books):
    client.force_login(manager)
    page = client.get(url(coop, "hayami/"))
    assert page.status_code == 200
    board = page.context["board"]
    assert [row["period"] for row in board.rows] == ["2026-02", "2026-01"]
    assert board.subject.label == "Tepung kelapa" and not board.latest_stale
    charts = page.context["charts"]
    assert [chart["type"] for chart in charts] == ["line", "line"]
    assert charts[0]["labels"] == ["2026-01", "2026-02"] and len(charts[1]["datasets"]) == 3
    html = page.content.decode()
    assert html.count('data-chart="chart-') == 2 and "chart.umd.min.js" in html and "up to date" in html


def test_a_changed_source_row_makes_the_latest_figure_stale_and_a_manager_recomputes_it(client, coop, manager, books):
    client.force_login(manager)
    with cooperative_context(coop.pk):
        BatchLabour.objects.filter(batch__finished_on=datetime.date(2026, 2, 17)).update(hok=Decimal(9))
    page = client.get(url(coop, "hayami/"))
    assert page.context["board"].latest_stale and 'data-testid="stale"' in page.content.decode()
    latest = page.context["board"].latest
    done = client.post(url(coop, f"snapshots/{latest.pk}/recompute/"))
    assert done.status_code == 302
    assert client.get(url(coop, "hayami/")).context["board"].latest_stale is False


def test_income_board_compares_the_units_of_the_month_and_downloads(client, coop, manager, books):
    client.force_login(manager)
    page = client.get(url(coop, "income/"))
    units = page.context["units"]
    assert [s.subject_type for s in units] == ["cooperative", "unit", "unit"]
    assert {s.subject_label for s in units if s.subject_type == "unit"} == {"Pengolahan", "Waserda"}
    csv = client.get(url(coop, "income/"), {"download": "csv", "subject": page.context["board"].subject.key})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Period,Revenue TR (Rp)") and lines[1].startswith("2026-02,")
    xlsx = client.get(url(coop, "income/"), {"download": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A4"].value == "Period" and sheet["A5"].value == "2026-02"
    assert isinstance(sheet["B5"].value, int | float)


def test_a_month_is_recomputed_in_the_background_and_its_progress_shown(client, coop, manager, staff, books):
    client.force_login(staff)
    assert client.post(url(coop, "recompute/"), {"month": "2026-02"}).status_code == 403
    client.force_login(manager)
    queued = client.post(url(coop, "recompute/"), {"month": "2026-02", "board": "income"})
    assert queued.status_code == 302 and "?job=" in queued["Location"]
    page = client.get(queued["Location"])
    assert page.context["job"]["state"] == "SUCCESS" and 'data-testid="job"' in page.content.decode()
    bad = client.post(url(coop, "recompute/"), {"month": "2026-13", "board": "income"}, follow=True)
    assert "YYYY-MM" in bad.content.decode()


def test_a_failed_period_shows_its_reason_in_the_table(client, coop, manager, books):
    with cooperative_context(coop.pk):
        Snapshot.objects.filter(method="income", subject_type="cooperative", period_start="2026-01-01").update(
            status="failed", result={}, error="no revenue account"
        )
    client.force_login(manager)
    page = client.get(url(coop, "income/"), {"subject": f"cooperative:{coop.pk}"})
    assert "Not computed: no revenue account" in page.content.decode()


def test_the_snapshot_page_shows_the_full_hayami_table(client, coop, manager, books):
    client.force_login(manager)
    with cooperative_context(coop.pk):
        snapshot = Snapshot.objects.get(method="hayami", period_start="2026-02-01")
    page = client.get(url(coop, f"snapshots/{snapshot.pk}/"))
    assert page.status_code == 200 and 'data-row="11a"' in page.content.decode()


def test_the_manager_home_shows_the_cooperative_at_a_glance(client, coop, manager, books):
    client.force_login(manager)
    page = client.get(f"/k/{coop.slug}/")
    [section] = [s for s in page.context["sections"] if s["name"] == "performance.manager"]
    figures = {f.key: f for f in section["home"].figures}
    assert {"members", "savings", "loans", "npl", "waserda_sales", "waserda_margin", "deliveries",
            "owed_to_suppliers", "shu_estimate", "cash"} <= set(figures)  # fmt: skip
    assert len(section["home"].months) == 12 and section["home"].production
    assert 'data-testid="manager-home"' in page.content.decode()


def test_a_cashier_sees_the_days_sales_and_the_pos_and_a_member_goes_to_the_portal(client, coop, staff):
    client.force_login(staff)
    page = client.get(f"/k/{coop.slug}/")
    [section] = page.context["sections"]
    assert section["name"] == "waserda.cashier" and section["cashier"]["session"] is None
    assert 'data-testid="pos-shortcut"' in page.content.decode()
    member = user_with_role(coop, "member", username="anggota")
    client.force_login(member)
    assert client.get(f"/k/{coop.slug}/")["Location"] == f"/k/{coop.slug}/members/portal/"


def test_the_scorecard_is_adopted_edited_and_filled_in_from_its_page(client, coop, manager):
    client.force_login(manager)
    assert client.post(url(coop, "scorecard/adopt/")).status_code == 302
    with cooperative_context(coop.pk):
        complaints = ScorecardMeasure.objects.get(code="complaints")
    form = client.get(url(coop, f"scorecard/measures/{complaints.pk}/"))
    data = {k: v for k, v in form.context["form"].initial.items() if v is not None}
    data |= {"code": "complaints", "name": "Jumlah komplain", "perspective": "customer", "source": "manual",
             "target": "2", "direction": "lower_is_better", "weight": "1", "position": "7", "is_active": "on",
             "band1_upper": "5"}  # fmt: skip
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    refused = client.post(url(coop, f"scorecard/measures/{complaints.pk}/"), data)
    assert refused.status_code == 400 and "overlap" in refused.content.decode()
    data["band1_upper"] = "3"
    assert client.post(url(coop, f"scorecard/measures/{complaints.pk}/"), data).status_code == 302
    entered = client.post(url(coop, f"scorecard/measures/{complaints.pk}/values/"),
                          {"year": "2026", "value": "1", "evidence": "Buku keluhan"}, follow=True)  # fmt: skip
    assert "Value entered" in entered.content.decode()
    with cooperative_context(coop.pk):
        assert ScorecardMeasure.objects.get(pk=complaints.pk).target == 2
        assert ScorecardEntry.objects.get(measure=complaints).evidence == "Buku keluhan"
    page = client.get(url(coop, "scorecard/"))
    assert page.status_code == 200 and page.content.decode().count('data-testid="measure"') == 12


def test_staff_read_the_boards_but_cannot_change_the_scorecard(client, coop, staff, books):
    client.force_login(staff)
    assert client.get(url(coop, "income/")).status_code == 200
    assert client.post(url(coop, "scorecard/adopt/")).status_code == 403
    assert client.get(url(coop, "nonsense/")).status_code == 404
    assert json.loads(client.get(url(coop, "income/")).context["charts"][0]["datasets"][0]["data"][0] or "0") >= 0


def test_the_api_gives_the_boards_and_the_home_as_json(client, coop, manager, staff, books):
    api = f"/api/v1/k/{coop.slug}/dashboards/"
    client.force_login(staff)
    board = client.get(f"{api}board/", {"method": "hayami"}).json()
    assert [row["period"] for row in board["rows"]] == ["2026-02", "2026-01"]
    assert board["latest"]["stale"] is False and board["subjects"][0]["key"] == board["subject"]
    assert Decimal(board["rows"][0]["values"]["value_added_ratio"]) > 0
    assert client.get(f"{api}board/", {"method": "nope"}).status_code == 400
    home = client.get(f"{api}home/").json()
    assert {f["key"] for f in home["figures"]} >= {"members", "cash", "npl"} and len(home["months"]) == 12


def test_the_api_sets_up_the_scorecard_for_managers_only(client, coop, manager, staff):
    api = f"/api/v1/k/{coop.slug}/"
    client.force_login(staff)
    assert client.post(f"{api}scorecard-measures/adopt-template/").status_code == 403
    client.force_login(manager)
    assert client.post(f"{api}scorecard-measures/adopt-template/").json() == {"added": 12}
    measures = client.get(f"{api}scorecard-measures/").json()["results"]
    complaints = next(m for m in measures if m["code"] == "complaints")
    gap = [{"score": 1, "lower": None, "upper": "1"}, {"score": 2, "lower": "2", "upper": None}]
    refused = client.patch(
        f"{api}scorecard-measures/{complaints['id']}/", {"bands": gap}, content_type="application/json"
    )
    assert refused.status_code == 400 and "bands" in refused.json()["errors"]
    entry = {"measure": complaints["id"], "year": 2026, "value": "2", "evidence": "Buku keluhan 2026"}
    assert client.post(f"{api}scorecard-entries/", entry, content_type="application/json").status_code == 201
    entry["evidence"] = ""
    assert client.post(f"{api}scorecard-entries/", entry, content_type="application/json").status_code == 400
