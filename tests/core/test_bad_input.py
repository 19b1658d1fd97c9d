"""Bad input gets a clear 4xx in the API's error format, never a 500, and changes nothing.

Each case is one a probe of the running product answered with 500 (issue 26, item 8)."""

import json

import pytest
from django.conf import settings

from koperasi.tenancy.context import cooperative_context
from tests.factories.members import ActiveMemberFactory
from tests.factories.waserda import MemberCardFactory, SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, coop, manager):
    client.force_login(manager)
    client.raise_request_exception = False  # a 500 is an answer to assert on, not an exception

    def call(method, path, body=None, **extra):
        url = f"/api/v1/k/{coop.slug}/{path}"
        if method == "get":
            return client.get(url, **extra)
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return getattr(client, method)(url, data, content_type="application/json", **extra)

    return call


def assert_field_error(response, field):
    assert response.status_code == 400, response.content[:300]
    assert response.json()["code"] == "invalid" or response.json().get("errors"), response.json()
    assert field in response.json()["errors"], response.json()


def test_a_negative_penalty_rate_on_a_savings_product(api, coop):
    product = api("get", "savings-products/").json()["results"][0]
    rate = "early_withdrawal_penalty_rate"
    assert_field_error(api("patch", f"savings-products/{product['id']}/", {rate: "-0.5"}), rate)


def test_a_credit_limit_patched_on_a_member_card(api, coop):
    with cooperative_context(coop.pk):
        card = MemberCardFactory(member=ActiveMemberFactory())
    response = api("patch", f"waserda/member-cards/{card.pk}/", {"credit_limit": "-100"})
    assert_field_error(response, "credit_limit")


def test_a_receipt_without_lines(api, coop):
    with cooperative_context(coop.pk):
        supplier = SupplierFactory()
    body = {"supplier": supplier.pk, "date": "2026-11-02", "lines": []}
    assert_field_error(api("post", "waserda/receipts/", body), "lines")


def test_a_duplicate_category_name(api):
    first = api("post", "waserda/categories/", {"name": "Sembako"}).json()
    api("post", "waserda/categories/", {"name": "Minuman"})
    response = api("put", f"waserda/categories/{first['id'] + 1}/", {"name": "Sembako"})
    assert_field_error(response, "name")


def test_a_business_unit_code_that_exists(api):
    assert_field_error(api("post", "ledger/business-units/", {"code": "WSD", "name": "Waserda lagi"}), "code")


def test_a_loan_product_with_a_zero_month_term(api):
    product = api("get", "loan-products/").json()["results"][0]
    assert_field_error(api("patch", f"loan-products/{product['id']}/", {"min_term_periods": 0}), "min_term_periods")


def test_a_loan_applied_on_9999_12_31(api, coop):
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory()
    product = api("get", "loan-products/").json()["results"][0]
    body = {"member": member.pk, "product": product["id"], "amount": "1000000", "term_periods": 12}
    assert_field_error(api("post", "loans/", {**body, "applied_on": "9999-12-31"}), "applied_on")


def test_journal_lines_beyond_the_columns_digits(api, coop):
    from koperasi.ledger.selectors import account_for

    with cooperative_context(coop.pk):
        cash, income = account_for("cash").pk, account_for("other_income").pk
    big = "9999999999999999.99"
    lines = [{"account": cash, "debit": big}, {"account": income, "credit": big}]
    response = api("post", "ledger/entries/", {"date": "2026-11-02", "memo": "x", "lines": lines, "key": "big-1"})
    assert response.status_code == 400, response.content[:300]
    assert "debit" in str(response.json()["errors"]), response.json()


def test_a_token_request_whose_body_is_a_list(client):
    client.raise_request_exception = False
    response = client.post("/api/v1/auth/token/", "[]", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_dates_that_did_not_happen_yet_or_long_ago_are_field_errors(api, coop):
    with cooperative_context(coop.pk):
        member = ActiveMemberFactory()
    product = api("get", "loan-products/").json()["results"][0]
    body = {"member": member.pk, "product": product["id"], "amount": "1000000", "term_periods": 12}
    for day in ("2099-01-01", "1900-01-01", "0001-01-01"):
        assert_field_error(api("post", "loans/", {**body, "applied_on": day}), "applied_on")


def test_json_nested_100000_deep(api):
    response = api("post", "waserda/categories/", "[" * 100_000 + "]" * 100_000)
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


@pytest.mark.parametrize("path", ["waserda/products/lookup/?code=89%00", "waserda/pos/member/?code=%00"])
def test_a_nul_character_in_the_query_is_a_400_not_a_server_error(api, path):
    # Found by schemathesis (issue 25): PostgreSQL refuses NUL in a string, so the lookup raised.
    response = api("get", path)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and "NUL" in response.json()["detail"]


def test_a_nul_character_in_a_pages_query_is_a_400_page(client, coop, manager):
    client.force_login(manager)
    response = client.get(f"/k/{coop.slug}/members/?q=a%00b")
    assert response.status_code == 400 and b"NUL" in response.content


def test_a_3_mb_body_is_refused_in_the_apis_format(api):
    response = api("post", "waserda/categories/", json.dumps({"name": "x" * 3_000_000}))
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_unauthenticated_api_calls_answer_401_with_www_authenticate(client, coop):
    response = client.get(f"/api/v1/k/{coop.slug}/waserda/products/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("savings-accounts/{account}/deposit/", {"amount": "1000"}),
        ("waserda/sales/", {"payment_method": "cash", "lines": []}),
    ],
)
def test_a_money_write_without_a_client_key_is_refused(api, coop, path, body):
    """A double click must never record twice: the key the client makes once per action is required."""
    from tests.factories.members import funded_account

    with cooperative_context(coop.pk):
        account = funded_account("10000")
    response = api("post", path.format(account=account.pk), body)
    assert response.status_code == 400
    assert {"idempotency_key", "client_uuid"} & set(response.json()["errors"])


def test_a_pages_body_over_the_upload_limit_is_a_413_before_anything_reads_it(client, coop, manager):
    client.force_login(manager)
    too_large = str(settings.UPLOAD_MAX_BYTES + 1)
    response = client.generic("POST", f"/k/{coop.slug}/members/import/", b"x", CONTENT_LENGTH=too_large)
    assert response.status_code == 413 and b"MB" in response.content
