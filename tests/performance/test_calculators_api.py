"""REST calculators: POST /api/v1/calculators/<method>/ (performance.api)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from performance.calculators import CALCULATORS
from performance.examples import EXAMPLES
from tests.factories.accounts import UserFactory, api_token_for
from tests.performance.methods.seed_tables import SEED004_HAYAMI, SEED004_INCOME
from tests.performance.methods.seed_tables_003 import SEED003_BSC, SEED003_BSC_VERDICTS, SEED003_MARGINS
from tests.performance.methods.test_ahp import SAATY_3
from tests.performance.methods.test_scor import HIERARCHY

pytestmark = pytest.mark.django_db

METHODS = list(CALCULATORS)
MILK_HAYAMI = SEED004_HAYAMI["pasteurised_milk"]


@pytest.fixture
def api(client):
    client.force_login(UserFactory())
    return client


def post(client, method: str, body: Any):
    return client.post(reverse(f"calculator-{method}"), body, content_type="application/json")


def disagreeing(result: dict[str, Any]) -> set[str]:
    return {key for key, row in result["reconciliation"].items() if not row["agrees"]}


# ---------------------------------------------------------------------------------------- seed examples


def test_every_method_has_its_own_path() -> None:
    assert METHODS == ["hayami", "income", "margins", "bsc", "ahp", "scor"]
    assert {reverse(f"calculator-{m}") for m in METHODS} == {f"/api/v1/calculators/{m}/" for m in METHODS}


def test_hayami_reproduces_seed_004_pasteurised_milk_with_the_papers_overrides(api) -> None:
    response = post(api, "hayami", MILK_HAYAMI)
    assert response.status_code == 200
    result = response.json()
    assert result["method"] == "hayami"
    assert result["rows"]["10"] == "15300"
    assert result["rows"]["11a"] == "4800"
    assert result["rows"]["12a"] == "498.616"
    assert result["rows"]["13a"] == "4301.384"
    assert result["classification"] == "medium"
    assert len(result["reconciliation"]) == 20
    assert disagreeing(result) == set()


def test_hayami_without_overrides_flags_rows_10_to_14c_not_row_4(api) -> None:
    payload = copy.deepcopy(MILK_HAYAMI)
    del payload["overrides"]
    result = post(api, "hayami", payload).json()
    assert result["rows"]["4"].startswith("0.98985933922")
    assert result["reconciliation"]["4"]["agrees"] is True  # 0.9899 truncated to one decimal is 0.9
    assert disagreeing(result) == {"10", "11a", "11b", "12a", "12b", "13a", "13b_output", "14", "14a", "14b", "14c"}


def test_income_reproduces_seed_004_pasteurised_milk(api) -> None:
    result = post(api, "income", SEED004_INCOME["pasteurised_milk"]).json()
    values = result["values"]
    assert (values["tr"], values["tc"], values["profit"]) == ("51442000", "32528354", "18913646")
    assert Decimal(values["rc"]).quantize(Decimal("0.0001")) == Decimal("1.5815")
    assert result["break_even"]["bep_quantity"]["convention"].startswith("cost-volume-profit")
    assert disagreeing(result) == set()


def test_margins_reproduce_appendix_f_and_the_mean_chain_of_appendix_o(api) -> None:
    result = post(api, "margins", SEED003_MARGINS["F"]).json()
    assert result["total_margin"] == "500"
    assert result["stages"][0]["profit"] == "338.66"
    assert len(result["reconciliation"]) == 19 and disagreeing(result) == set()
    mean = post(api, "margins", SEED003_MARGINS["O"]).json()
    assert Decimal(mean["stages"][0]["profit_cost_ratio"]).quantize(Decimal("0.01")) == Decimal("1714.52")
    assert len(mean["chains"]) == 3 and disagreeing(mean) == set()


def test_bsc_reproduces_the_seed_003_verdicts(api) -> None:
    result = post(api, "bsc", SEED003_BSC).json()
    assert (result["targets_met"], result["targets_total"]) == (9, 12)
    met = {row["id"]: row["target_met"] for row in result["measures"]}
    assert {key: met[key] for key in SEED003_BSC_VERDICTS} == SEED003_BSC_VERDICTS
    assert Decimal(result["overall"]).quantize(Decimal("0.001")) == Decimal("2.308")


def test_ahp_textbook_matrix(api) -> None:
    result = post(api, "ahp", {"matrix": SAATY_3, "criteria": ["cost", "quality", "delivery"]}).json()
    assert Decimal(result["weights"]["cost"]).quantize(Decimal("0.0001")) == Decimal("0.6370")
    assert result["ri"] == "0.58" and result["consistent"] is True
    assert Decimal(result["cr"]).quantize(Decimal("0.001")) == Decimal("0.033")


def test_scor_hierarchy(api) -> None:
    result = post(api, "scor", HIERARCHY).json()
    groups = {group["id"]: group for group in result["groups"]}
    assert groups["plan"]["score"] == "75"
    assert Decimal(result["total"]).quantize(Decimal("0.01")) == Decimal("76.11")


@pytest.mark.parametrize("method", METHODS)
def test_the_documented_example_computes(api, method: str) -> None:
    response = post(api, method, EXAMPLES[method])
    assert response.status_code == 200
    result = response.json()
    assert result["method"] == method
    assert result["reconciliation"] is None or disagreeing(result) == set()


# ---------------------------------------------------------------------------------------- invalid input


def _without(payload: dict[str, Any], key: str) -> dict[str, Any]:
    result = copy.deepcopy(payload)
    result.pop(key)
    return result


def _with(payload: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(payload), **changes}


_MARGINS_NO_SELL = copy.deepcopy(SEED003_MARGINS["F"])
del _MARGINS_NO_SELL["stages"][0]["sell_price"]
_BSC_BAD_FORMULA = copy.deepcopy(SEED003_BSC)
_BSC_BAD_FORMULA["measures"][0]["formula"] = []  # was a TypeError (unhashable list) before the fix
_SCOR_UNKNOWN_GROUP = copy.deepcopy(HIERARCHY)
_SCOR_UNKNOWN_GROUP["metrics"][0]["group"] = "nowhere"

INVALID = [
    pytest.param("hayami", _without(MILK_HAYAMI, "output_qty"), "output_qty", id="hayami-missing"),
    pytest.param("hayami", _with(MILK_HAYAMI, output_price=-5), "output_price", id="hayami-negative"),
    pytest.param("hayami", _with(MILK_HAYAMI, raw_material_qty=0), "raw_material_qty", id="hayami-zero-divisor"),
    pytest.param("hayami", _with(MILK_HAYAMI, overrides={"11a": 1}), "overrides.11a", id="hayami-override-row"),
    pytest.param("income", _without(SEED004_INCOME["pasteurised_milk"], "quantity"), "quantity", id="income-missing"),
    pytest.param("income", _with(SEED004_INCOME["pasteurised_milk"], quantity=0), "quantity", id="income-zero-q"),
    pytest.param(
        "income",
        _with(SEED004_INCOME["pasteurised_milk"], fixed_costs=[{"name": "x", "amount": "satu"}]),
        "fixed_costs.0.amount",
        id="income-not-a-number",
    ),
    pytest.param("margins", _MARGINS_NO_SELL, "stages.0.sell_price", id="margins-missing"),
    pytest.param("margins", _with(SEED003_MARGINS["F"], producer_price="-1"), "producer_price", id="margins-neg"),
    pytest.param("bsc", {"measures": []}, "measures", id="bsc-empty"),
    pytest.param("bsc", _BSC_BAD_FORMULA, "measures.0.formula", id="bsc-formula-not-a-string"),
    pytest.param("ahp", {"matrix": [[1, 3], [3, 1]]}, "matrix.0.1", id="ahp-not-reciprocal"),
    pytest.param("ahp", {"matrix": [[1, "1/0"], [1, 1]]}, "matrix.0.1", id="ahp-zero-divisor"),
    pytest.param("scor", _SCOR_UNKNOWN_GROUP, "metrics.0.group", id="scor-unknown-group"),
    pytest.param(
        "scor",
        {"metrics": [{"actual": 1, "best": 1, "worst": 0, "weight": -1}]},
        "metrics.0.weight",
        id="scor-negative-weight",
    ),
]


@pytest.mark.parametrize(("method", "payload", "field"), INVALID)
def test_invalid_payload_answers_400_with_the_field_key(api, method: str, payload: Any, field: str) -> None:
    response = post(api, method, payload)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["detail"]
    assert field in body["errors"], body["errors"]
    assert all(isinstance(messages, list) and messages for messages in body["errors"].values())


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("body", [[1, 2], "text", 42, None], ids=["list", "string", "number", "null"])
def test_a_body_that_is_not_an_object_answers_400(api, method: str, body: Any) -> None:
    response = api.post(reverse(f"calculator-{method}"), json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "non_field_errors" in response.json()["errors"]


@pytest.mark.parametrize("method", METHODS)
def test_an_empty_body_reports_the_missing_fields(api, method: str) -> None:
    response = api.post(reverse(f"calculator-{method}"), "", content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    messages = [message for field_messages in body["errors"].values() for message in field_messages]
    assert messages and all("required" in message for message in messages)


@pytest.mark.parametrize("method", METHODS)
def test_malformed_json_answers_400(api, method: str) -> None:
    response = api.post(reverse(f"calculator-{method}"), "{not json", content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "errors"}


@pytest.mark.parametrize(
    ("method", "payload"),
    [
        ("hayami", _with(MILK_HAYAMI, output_qty="1e999999")),
        ("income", _with(SEED004_INCOME["pasteurised_milk"], quantity="1e999999")),
        ("scor", {"metrics": [{"actual": "1e999999", "best": 1, "worst": 0}]}),
        ("ahp", {"matrix": SAATY_3, "published": {"cr": "1e-999999"}}),
    ],
)
def test_numbers_beyond_decimal_range_answer_400_not_500(api, method: str, payload: dict) -> None:
    response = post(api, method, payload)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors, "a field (or non-field) error names the number"
    assert all(messages for messages in errors.values())


def test_form_encoded_body_is_refused(api) -> None:
    response = api.post(reverse("calculator-hayami"), {"output_qty": "1"})
    assert response.status_code == 415


# ---------------------------------------------------------------------------------------------- access


@pytest.mark.parametrize("method", METHODS)
def test_anonymous_users_are_refused(client, method: str) -> None:
    response = post(client, method, EXAMPLES[method])
    assert response.status_code in (401, 403)
    assert response.json()["errors"] == {}


def test_token_authentication_works(client) -> None:
    key = api_token_for(UserFactory())
    response = client.post(
        reverse("calculator-income"),
        SEED004_INCOME["pasteurised_milk"],
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 200


def test_only_post_is_allowed(api) -> None:
    assert api.get(reverse("calculator-hayami")).status_code == 405


# ---------------------------------------------------------------------------------------------- schema


def test_each_calculator_is_documented_with_its_example(client) -> None:
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    for method in METHODS:
        operation = schema["paths"][f"/api/v1/calculators/{method}/"]["post"]
        assert operation["operationId"] == f"calculators_{method}"
        assert operation["tags"] == ["calculators"]
        content = operation["requestBody"]["content"]["application/json"]
        assert content["schema"]["type"] == "object"
        assert content["examples"]["SeedExample"]["value"] == EXAMPLES[method]
        responses = operation["responses"]
        assert responses["200"]["content"]["application/json"]["examples"]["SeedExampleResult"]["value"]["method"] == (
            method
        )
        assert responses["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/CalculatorError")
