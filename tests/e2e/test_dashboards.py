"""The dashboards in Chromium: a manager opens the home page and every board; each chart is drawn (a canvas
Chart.js has painted), nothing is logged as an error, and a screenshot of each is kept; on a 360 px phone a
board is no wider than the screen."""

import datetime
from decimal import Decimal

import pytest

from koperasi.ledger.fiscal import Month
from koperasi.tenancy.context import cooperative_context
from performance.models import ScorecardMeasure
from performance.scorecard import adopt_template, save_entry
from performance.snapshots import compute_month
from tests.artifacts import artifacts_dir
from tests.e2e.conftest import log_in
from tests.factories.accounts import PASSWORD
from tests.factories.ledger import post_simple
from tests.factories.market_prices import coffee_channel, observe_chain
from tests.factories.processing import coconut_plant, run_batch
from tests.factories.procurement import SupplierFactory, delivery
from tests.factories.tenancy import CooperativeFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)
BOARDS = ("hayami", "margins", "income", "bsc")


@pytest.fixture
def books(live_server):
    coop = CooperativeFactory(name="KPMK Pangandaran", slug="kpmk")
    manager = user_with_role(coop, "manager", username="manajer")
    today = datetime.date.today()
    months = [Month.of(today).plus(-2), Month.of(today).plus(-1)]
    with cooperative_context(coop.pk):
        world = coconut_plant()
        delivery(SupplierFactory(), world["material"], "4000", on=months[0].first_day)
        for month in months:
            for day in (10, 17):
                run_batch(world, on=month.first_day.replace(day=day))
                post_simple("1500000.00", credit="sales_waserda", date=month.first_day.replace(day=day), unit="WSD")
        observe_chain(coffee_channel(), ["20000", "22250", "22750"])
        adopt_template(actor=manager)
        for measure in ScorecardMeasure.objects.filter(source="manual"):
            save_entry(actor=manager, measure=measure, year=today.year, value=Decimal(0), evidence="Laporan RAT")
        for month in [Month(2014, 12), *months]:
            compute_month(month, via="e2e")
    return coop


def watch_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def painted_charts(page) -> int:
    """Canvases Chart.js has drawn on (a chart instance with a non-empty canvas)."""
    return page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".filter(c => window.Chart && Chart.getChart(c) && c.width > 0 && c.height > 0).length"
    )


def test_a_manager_opens_the_home_page_and_every_dashboard_and_the_charts_render(live_server, page, books):
    errors = watch_errors(page)
    shots = artifacts_dir()
    log_in(page, live_server.url, "manajer", PASSWORD)
    page.goto(f"{live_server.url}/k/kpmk/")
    assert page.get_by_test_id("manager-home").is_visible()
    page.wait_for_function("window.Chart !== undefined")
    assert painted_charts(page) == 1
    page.screenshot(path=str(shots / "dashboard-home.png"), full_page=True)
    for method in BOARDS:
        page.goto(f"{live_server.url}/k/kpmk/dashboards/{method}/")
        page.wait_for_function("window.Chart !== undefined")
        expected = page.locator("canvas[data-chart]").count()
        assert expected >= 1, method
        assert painted_charts(page) == expected, method
        assert page.get_by_test_id("board-table").locator("tbody tr").count() >= 1, method
        assert page.get_by_test_id("freshness").is_visible(), method
        page.screenshot(path=str(shots / f"dashboard-{method}.png"), full_page=True)
    assert page.get_by_test_id("scorecard").locator("tbody tr").count() == 12
    assert errors == []


def test_a_board_fits_a_phone(live_server, phone_page, books):
    log_in(phone_page, live_server.url, "manajer", PASSWORD)
    phone_page.goto(f"{live_server.url}/k/kpmk/dashboards/income/")
    phone_page.wait_for_function("window.Chart !== undefined")
    assert phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    phone_page.screenshot(path=str(artifacts_dir() / "dashboard-income-phone.png"), full_page=True)
