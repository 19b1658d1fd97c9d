"""Savings-and-loan health: linear scoring between the bounds, the questionnaire, the aspects, the category at
every boundary, and docs/rating.md's hand-worked example step by step."""

from __future__ import annotations

from decimal import Decimal

import pytest

from performance.methods import ksp_health
from performance.methods._base import MethodInputError
from performance.rubrics import default_health_rubric

D = Decimal

# docs/rating.md, "A health assessment worked by hand": (value, share, score) per component
WORKED = {
    "P1": ("15", "0.75", "4.5"), "P2": ("120", "1", "6"), "P3": ("4", "0.5", "1.5"),
    "A1": ("100", "1", "10"), "A2": ("9", "0.8", "4"), "A3": ("50", "0.5", "2.5"), "A4": ("6", "0.8", "4"),
    "E1": ("80", "0.5", "2"), "E2": ("70", "0.5", "2"), "E3": ("10", "0.5", "1"),
    "L1": ("15", "0.75", "7.5"), "L2": ("60", "0.7", "3.5"),
    "G1": ("5", "0.5", "1.5"), "G2": ("8", "0.8", "2.4"), "G3": ("125", "0.5", "2"),
    "J1": ("50", "0.5", "3.5"), "J2": ("100", "1", "3"),
}  # fmt: skip
ASPECTS = {"permodalan": "12", "kualitas_aktiva_produktif": "20.5", "manajemen": "12", "efisiensi": "5",
           "likuiditas": "11", "kemandirian_pertumbuhan": "5.9", "jatidiri": "6.5"}  # fmt: skip


def worked() -> dict:
    values = {code: value for code, (value, _share, _score) in WORKED.items()}
    values["M1"] = [True] * 8 + [False] * 2
    return {"rubric": default_health_rubric(), "values": values}


def test_the_default_rubric_weighs_the_seven_aspects_as_the_rule_does():
    rubric = ksp_health.parse_rubric(default_health_rubric())
    weights = {}
    for c in rubric["components"]:
        weights[c["aspect"]] = weights.get(c["aspect"], 0) + c["weight"]
    assert weights == {"permodalan": 15, "kualitas_aktiva_produktif": 25, "manajemen": 15, "efisiensi": 10,
                       "likuiditas": 15, "kemandirian_pertumbuhan": 10, "jatidiri": 10}  # fmt: skip


def test_the_hand_worked_example_of_docs_rating_md_step_by_step():
    result = ksp_health.compute(worked())
    rows = {row["code"]: row for row in result["components"]}
    for code, (value, share, score) in WORKED.items():
        assert (D(rows[code]["value"]), D(rows[code]["share"]), D(rows[code]["score"])) == (
            D(value),
            D(share),
            D(score),
        ), code
    assert (D(rows["M1"]["share"]), D(rows["M1"]["score"])) == (D("0.8"), D(12))
    assert {name: D(a["score"]) for name, a in result["aspects"].items()} == {k: D(v) for k, v in ASPECTS.items()}
    assert D(result["total"]) == D("72.9") and result["category"] == "Cukup Sehat"


@pytest.mark.parametrize(
    ("total", "category"),
    [("100", "Sehat"), ("80", "Sehat"), ("79.99", "Cukup Sehat"), ("66", "Cukup Sehat"), ("65.99", "Dalam Pengawasan"),
     ("51", "Dalam Pengawasan"), ("50.99", "Dalam Pengawasan Khusus"), ("0", "Dalam Pengawasan Khusus")],
)  # fmt: skip
def test_every_category_boundary(total, category):
    categories = ksp_health.parse_rubric(default_health_rubric())["categories"]
    assert ksp_health.category_of(categories, D(total)) == category


def test_a_ratio_without_a_value_scores_nothing_with_a_note_and_answers_must_match_the_questions():
    payload = worked()
    payload["values"]["L1"] = None
    result = ksp_health.compute(payload)
    assert D(next(r for r in result["components"] if r["code"] == "L1")["score"]) == 0
    assert any(note.startswith("L1:") for note in result["notes"])
    payload["values"]["M1"] = [True, False]
    with pytest.raises(MethodInputError) as caught:
        ksp_health.compute(payload)
    assert "values.M1" in caught.value.errors


def test_a_rubric_whose_weights_do_not_sum_to_100_is_refused():
    rubric = default_health_rubric()
    rubric["components"][0]["weight"] = 7
    with pytest.raises(MethodInputError) as caught:
        ksp_health.compute({"rubric": rubric, "values": {}})
    assert caught.value.errors["rubric.components"] == ["The weights sum to 101, not 100."]
