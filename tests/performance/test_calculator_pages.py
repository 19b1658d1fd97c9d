"""Calculator pages under /calculators/ (performance.views, performance.forms)."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koperasi.money import parse_number_id
from performance.calculators import CALCULATORS
from performance.examples import EXAMPLES
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

METHODS = list(CALCULATORS)


@pytest.fixture
def user_client(client):
    client.force_login(UserFactory())
    return client


def prefilled(client, method: str) -> dict[str, str]:
    """What the page's form holds before the user changes anything (rows included, as a browser posts
    them: a box that is not ticked is not sent)."""
    form = client.get(reverse(f"calculators:{method}")).context["form"]
    data = {name: "" if form.initial.get(name) is None else str(form.initial[name]) for name in form.fields}
    rows = getattr(form, "rows", None)
    if rows is not None:
        management = rows.management_form
        data |= {management.add_prefix(name): str(value) for name, value in management.initial.items()}
        for row in rows.forms:
            for name in row.fields:
                value = row.initial.get(name)
                if value is True:
                    data[row.add_prefix(name)] = "on"
                elif value not in (None, False):
                    data[row.add_prefix(name)] = str(value)
    return data


def text(response) -> str:
    return response.content.decode()


def field_block(html: str, name: str) -> str:
    """The ``.field`` div that holds the input called ``name`` (components/field.html)."""
    for block in html.split('<div class="field')[1:]:
        if f'name="{name}"' in block:
            return block.split("</div>", 1)[0]
    raise AssertionError(f"no field {name}")


# ------------------------------------------------------------------------------------------------ GET


def test_index_lists_every_calculator_and_the_menu_links_to_it(user_client) -> None:
    response = user_client.get(reverse("calculators:index"))
    assert response.status_code == 200
    html = text(response)
    for method in METHODS:
        assert f'href="{reverse(f"calculators:{method}")}"' in html
        assert reverse(f"calculator-{method}") in html
    assert any(item["url_name"] == "calculators:index" for item in response.context["nav_items"])


@pytest.mark.parametrize("method", METHODS)
def test_each_page_renders_prefilled_with_its_example(user_client, method: str) -> None:
    response = user_client.get(reverse(f"calculators:{method}"))
    assert response.status_code == 200
    assert response.context["result"] is None
    html = text(response)
    assert 'class="card no-print"' in html  # the form is left out of the printout
    if method in ("hayami", "income"):
        assert 'name="quantity" value="3026"' in html or 'name="output_qty" value="3026"' in html
    elif method == "margins":
        assert 'name="stages-0-sell_price" value="22038.46"' in html and "transport = 125" in html
    elif method == "bsc":
        assert 'name="measures-0-name" value="Penerimaan Modal Sendiri (growth %)"' in html
        assert 'name="measures-3-middle_to" value="425"' in html
    else:
        assert json.loads(response.context["form"].initial["payload"]) == EXAMPLES[method]


def test_anonymous_users_are_sent_to_the_login_page(client) -> None:
    for url in [reverse("calculators:index"), *(reverse(f"calculators:{m}") for m in METHODS)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_method_is_404(user_client) -> None:
    assert user_client.get("/calculators/nope/").status_code == 404


# ------------------------------------------------------------------------------------------- valid POST

EXPECTED_FIGURES = {
    "hayami": ["15.300,00", "4.800,00", "31,37", "4.301,38", "46,25"],
    "income": ["51.442.000,00", "32.528.354,00", "18.913.646,00", "1,5815"],
    "margins": ["500,00", "338,66", "97,7312", "209,90"],
    "bsc": ["34,09", "416,50"],
    "ahp": ["0,6370", "0,2583", "0,1047", "0,0332"],
    "scor": ["76,11", "83,33", "77,78"],
}


@pytest.mark.parametrize("method", METHODS)
def test_posting_the_example_shows_the_result_table(user_client, method: str) -> None:
    response = user_client.post(reverse(f"calculators:{method}"), prefilled(user_client, method))
    assert response.status_code == 200
    assert response.context["result"]["method"] == method
    html = text(response)
    assert 'data-testid="result"' in html and 'data-action="print"' in html
    for figure in EXPECTED_FIGURES[method]:
        assert figure in html, figure
    assert "✗ disagrees" not in html


def test_hayami_shows_rows_1_to_14c_and_every_printed_row_agrees(user_client) -> None:
    response = user_client.post(reverse("calculators:hayami"), prefilled(user_client, "hayami"))
    html = text(response)
    for row in ("1", "2", "3", "4", "5", "9", "10", "11a", "11b", "12a", "12b", "13a", "13b_output", "14", "14c"):
        assert f'data-row="{row}"' in html
    row_11a = html.split('data-row="11a"', 1)[1].split("</tr>", 1)[0]
    assert "4.800,00" in row_11a and 'class="badge good"' in row_11a
    assert "20 of 20 published figures agree" in html
    assert html.count('class="badge good"') == 20


def test_hayami_without_the_override_flags_the_rows_after_4(user_client) -> None:
    data = prefilled(user_client, "hayami") | {"override_4": ""}
    html = text(user_client.post(reverse("calculators:hayami"), data))
    row_4 = html.split('data-row="4"', 1)[1].split("</tr>", 1)[0]
    row_10 = html.split('data-row="10"', 1)[1].split("</tr>", 1)[0]
    assert "0,9899" in row_4 and 'class="badge good"' in row_4
    assert 'class="badge bad"' in row_10


def test_hayami_accepts_indonesian_number_notation(user_client) -> None:
    data = prefilled(user_client, "hayami") | {"output_price": "17.000,00", "override_4": "0,9"}
    response = user_client.post(reverse("calculators:hayami"), data)
    assert response.status_code == 200
    assert response.context["result"]["rows"]["10"] == "15300"


def test_hayami_without_published_shows_no_reconciliation(user_client) -> None:
    data = prefilled(user_client, "hayami") | {"options": ""}
    response = user_client.post(reverse("calculators:hayami"), data)
    assert response.status_code == 200
    html = text(response)
    assert "4.800,00" in html and "badge good" not in html and "badge bad" not in html


# ----------------------------------------------------------------------------------------- invalid POST


def test_hayami_errors_are_shown_next_to_the_fields_and_keep_what_was_typed(user_client) -> None:
    data = prefilled(user_client, "hayami") | {"raw_material_qty": "0", "wage_per_hok": "-5", "labour_hok": "abc"}
    response = user_client.post(reverse("calculators:hayami"), data)
    assert response.status_code == 400
    assert response.context["result"] is None
    html = text(response)
    raw = field_block(html, "raw_material_qty")
    assert "has-error" in html and 'value="0"' in raw and "Must be greater than zero." in raw
    assert "Must be at least 0." in field_block(html, "wage_per_hok")
    assert 'value="abc"' in field_block(html, "labour_hok")
    assert "A valid number is required." in field_block(html, "labour_hok")
    assert 'value="3026"' in field_block(html, "output_qty")
    assert 'data-testid="result"' not in html


@pytest.mark.indonesian
def test_a_bahasa_page_shows_the_methods_errors_in_bahasa(user_client) -> None:
    """The methods know no language: their messages are translated when the page reads them."""
    data = prefilled(user_client, "hayami") | {"raw_material_qty": "0", "wage_per_hok": "-5"}
    html = text(user_client.post(reverse("calculators:hayami"), data))
    assert "Harus lebih besar dari nol." in field_block(html, "raw_material_qty")
    assert "Paling sedikit 0." in field_block(html, "wage_per_hok")
    response = user_client.post(reverse("calculators:ahp"), {"payload": json.dumps({"matrix": [[1, 3], [3, 1]]})})
    assert "matrix.0.1: Tidak resiprokal: matrix.0.1 × matrix.1.0 harus 1." in field_block(text(response), "payload")


def test_hayami_missing_required_field_and_bad_override(user_client) -> None:
    data = prefilled(user_client, "hayami") | {"output_price": "", "override_5": "-1"}
    response = user_client.post(reverse("calculators:hayami"), data)
    assert response.status_code == 400
    assert "field-error" in field_block(text(response), "output_price")
    data = prefilled(user_client, "hayami") | {"override_5": "-1"}
    response = user_client.post(reverse("calculators:hayami"), data)
    assert response.status_code == 400
    assert "Must be at least 0." in field_block(text(response), "override_5")


def test_hayami_errors_in_the_json_options_name_their_key(user_client) -> None:
    data = prefilled(user_client, "hayami") | {"options": '{"by_products": [{"name": "whey", "qty": -1, "price": 5}]}'}
    response = user_client.post(reverse("calculators:hayami"), data)
    assert response.status_code == 400
    assert "by_products.0.qty: Must be at least 0." in field_block(text(response), "options")
    data["options"] = "[1, 2"
    response = user_client.post(reverse("calculators:hayami"), data)
    assert response.status_code == 400
    assert "Not valid JSON" in field_block(text(response), "options")


def test_income_cost_lines_are_checked_line_by_line(user_client) -> None:
    data = prefilled(user_client, "income") | {"fixed_costs": "Depreciation = 305700\n\nRent = lima", "quantity": "0"}
    response = user_client.post(reverse("calculators:income"), data)
    assert response.status_code == 400
    html = text(response)
    assert "Line 3:" in field_block(html, "fixed_costs")
    assert "Rent = lima" in html  # the textarea keeps what was typed
    assert "Must be greater than zero." in field_block(html, "quantity")
    data["fixed_costs"] = "Depreciation 305700"
    response = user_client.post(reverse("calculators:income"), data)
    assert response.status_code == 400
    assert "Line 1: write name = amount." in field_block(text(response), "fixed_costs")


def test_income_price_and_revenue_are_exclusive(user_client) -> None:
    data = prefilled(user_client, "income") | {"revenue": "51442000"}
    response = user_client.post(reverse("calculators:income"), data)
    assert response.status_code == 400
    assert "Give exactly one of price or revenue." in field_block(text(response), "revenue")


@pytest.mark.parametrize("method", ["ahp", "scor"])
def test_json_pages_report_bad_json_and_keep_it(user_client, method: str) -> None:
    response = user_client.post(reverse(f"calculators:{method}"), {"payload": '{"matrix": [[1, 2]'})
    assert response.status_code == 400
    block = field_block(text(response), "payload")
    assert "Not valid JSON" in block and "{&quot;matrix&quot;: [[1, 2]" in block


FIELD_ERRORS: list[tuple[str, Any, str]] = [
    ("ahp", {"matrix": [[1, 3], [3, 1]]}, "matrix.0.1: Not reciprocal"),
    ("scor", {"metrics": [{"actual": 1, "best": 1, "worst": 0, "group": "g"}]}, "metrics.0.group: Unknown group"),
]


@pytest.mark.parametrize(("method", "payload", "message"), FIELD_ERRORS)
def test_json_pages_show_method_errors_with_their_field_path(user_client, method, payload, message) -> None:
    typed = json.dumps(payload)
    response = user_client.post(reverse(f"calculators:{method}"), {"payload": typed})
    assert response.status_code == 400
    block = field_block(text(response), "payload")
    assert message in block.replace("&#x27;", "'")
    assert response.context["form"]["payload"].value() == typed


def test_a_json_array_is_a_form_error(user_client) -> None:
    response = user_client.post(reverse("calculators:ahp"), {"payload": "[1, 2]"})
    assert response.status_code == 400
    assert "The payload must be a JSON object." in re.sub(r"\s+", " ", text(response))


def test_numbers_beyond_decimal_range_are_an_error_not_a_crash(user_client) -> None:
    data = prefilled(user_client, "hayami") | {"output_qty": "1e999999"}
    response = user_client.post(reverse("calculators:hayami"), data)
    assert response.status_code == 400
    assert "too large" in text(response)


# ------------------------------------------------------------------------------- issue 17 item 12


def _rows(data: dict[str, str], prefix: str) -> int:
    return int(data[f"{prefix}-TOTAL_FORMS"])


def test_item_12_margin_stages_are_rows_added_and_removed(user_client) -> None:
    data = prefilled(user_client, "margins")
    data |= {"stages-TOTAL_FORMS": "2", "stages-1-name": "Pengecer", "stages-1-sell_price": "23.000",
             "stages-1-costs": "transport = 100\nkemasan = 50"}  # fmt: skip
    two = user_client.post(reverse("calculators:margins"), data)
    assert two.status_code == 200
    assert [stage["name"] for stage in two.context["result"]["stages"]] == ["Pedagang Besar", "Pengecer"]
    assert two.context["result"]["consumer_price"] == "23000"  # "23.000" is twenty-three thousand
    one = user_client.post(reverse("calculators:margins"), data | {"stages-1-DELETE": "on"})
    assert [stage["name"] for stage in one.context["result"]["stages"]] == ["Pedagang Besar"]


def test_item_12_a_bad_row_is_explained_on_that_row_and_kept(user_client) -> None:
    data = prefilled(user_client, "margins") | {"stages-0-sell_price": "", "stages-0-costs": "transport 125"}
    response = user_client.post(reverse("calculators:margins"), data)
    assert response.status_code == 400
    row = response.context["form"].rows.forms[0]
    assert row.errors == {"sell_price": ["This field is required."], "costs": ["Line 1: write name = amount."]}
    assert 'name="stages-0-costs"' in text(response) and "transport 125" in text(response)


def test_item_12_balanced_scorecard_measures_are_rows_scored_as_the_paper_scores_them(user_client) -> None:
    response = user_client.post(reverse("calculators:bsc"), prefilled(user_client, "bsc"))
    assert response.status_code == 200
    scores = {m["id"]: m["score"] for m in response.context["result"]["measures"]}
    # Seed 003 appendices S–W: capital growth above 15 % scores 3, sales growth 1.59 % scores 1,
    # one complaint (target at most 3) scores 2, 416 L/h (410–425) scores 2.
    assert scores == {"own_capital_growth": "3", "sales_growth": "1", "complaints": "2", "employee_productivity": "2"}
    empty = {key: value for key, value in prefilled(user_client, "bsc").items() if not key.startswith("measures-")}
    empty |= {"measures-TOTAL_FORMS": "0", "measures-INITIAL_FORMS": "0"}
    refused = user_client.post(reverse("calculators:bsc"), empty)
    assert refused.status_code == 400 and "A non-empty list of measures is required." in text(refused)


@pytest.mark.parametrize("method", METHODS)
def test_item_12_every_calculator_draws_a_chart_and_downloads_its_tables_as_xlsx(user_client, method) -> None:
    data = prefilled(user_client, method)
    page = user_client.post(reverse(f"calculators:{method}"), data)
    assert page.context["view"]["chart"].bars and 'data-testid="chart"' in text(page)
    download = user_client.post(reverse(f"calculators:{method}"), data | {"format": "xlsx"})
    assert download["Content-Disposition"].startswith(f'attachment; filename="{method}-')
    sheet = load_workbook(io.BytesIO(download.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert cells[1] == str(CALCULATORS[method].title)
    numbers = [cell for cell in cells if isinstance(cell, int | float)]
    # the figures as the page writes them ("15.300,00"), in the sheet as the numbers they are
    assert any(float(parse_number_id(shown)) in numbers for shown in EXPECTED_FIGURES[method])


def test_item_12_inside_a_cooperative_the_calculators_keep_its_menus(client, coop, staff) -> None:
    client.force_login(staff)
    index = client.get(reverse("performance:index", kwargs={"slug": coop.slug}))
    assert f'href="/k/{coop.slug}/calculators/hayami/"' in text(index)
    page = client.get(reverse("performance:bsc", kwargs={"slug": coop.slug}))
    menu = [item["url_name"] for item in page.context["nav_items"]]
    assert "members:list" in menu and "performance:index" in menu and "calculators:index" not in menu
    assert f'href="/k/{coop.slug}/calculators/"' in text(page)  # "All calculators" stays in the cooperative


@pytest.mark.parametrize(
    ("typed", "read"),
    [("23.000", "23000"), ("1.500.000", "1500000"), ("17.000,5", "17000.5"), ("0,9", "0.9"), ("0.004", "0.004"),
     ("22038.46", "22038.46"), ("124654", "124654"), ("-2.500", "-2500")],
)  # fmt: skip
def test_calculator_numbers_are_read_as_indonesians_write_them(typed, read) -> None:
    from performance.forms import normalise_number

    assert normalise_number(typed) == read
