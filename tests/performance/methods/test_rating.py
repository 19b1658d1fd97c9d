"""The rating of Permen KUKM 21/2015: Σ weight × score out of 500, its category at every boundary, the rubric's
checks, and an override of a computed score that needs a reason."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from performance.methods import rating
from performance.methods._base import MethodInputError
from performance.rubrics import RATING_INDICATORS, default_rating_rubric

D = Decimal


def all_scored(score: int = 4, value: str = "12") -> dict:
    rubric = default_rating_rubric()
    scores = {
        i["code"]: ({"score": score} if i["kind"] == "assessed" else {"value": value}) for i in rubric["indicators"]
    }
    return {"rubric": rubric, "scores": scores}


def errors(payload) -> dict:
    with pytest.raises(MethodInputError) as caught:
        rating.compute(payload)
    return caught.value.errors


def test_the_default_rubric_has_seed_001s_23_indicators_weighing_100():
    rubric = default_rating_rubric()
    assert len(rubric["indicators"]) == len(RATING_INDICATORS) == 23
    assert sum(i["weight"] for i in rubric["indicators"]) == 100
    aspects = [i["aspect"] for i in rubric["indicators"]]
    assert [aspects.count(a) for a in rating.ASPECTS] == [9, 5, 3, 3, 3]  # Tabel 1's rows per aspect


def test_the_total_is_the_sum_of_weight_times_score_and_names_its_category():
    result = rating.compute(all_scored())
    k8 = next(row for row in result["indicators"] if row["code"] == "K8")
    assert (k8["value"], k8["score"], k8["weighted"]) == ("12", "4", "16")  # growth 12 % in [10, 20) → 4
    assert D(result["total"]) == sum(D(row["weighted"]) for row in result["indicators"])
    assert result["maximum"] == "500" and result["category"] == "Cukup Berkualitas"
    # K1..K7 weigh 4 + 6 × 3 and score 4; K8 (12 % growth) 4 × 4; K9 (12 % attendance, below 30) 4 × 1
    assert D(result["aspects"]["kelembagaan"]["score"]) == (4 + 6 * 3) * 4 + 4 * 4 + 4 * 1


@pytest.mark.parametrize(
    ("total", "category"),
    [("500", "Sangat Berkualitas"), ("420", "Sangat Berkualitas"), ("419", "Berkualitas"), ("419.99", "Berkualitas"),
     ("340", "Berkualitas"), ("339", "Cukup Berkualitas"), ("260", "Cukup Berkualitas"), ("259", "Kurang Berkualitas"),
     ("180", "Kurang Berkualitas"), ("179", "Tidak Berkualitas"), ("100", "Tidak Berkualitas")],
)  # fmt: skip
def test_every_category_boundary(total, category):
    categories = rating.parse_rubric(default_rating_rubric())["categories"]
    assert rating.category_of(categories, D(total)) == category


def test_a_computed_score_is_overridden_only_with_a_written_reason_and_both_are_kept():
    payload = all_scored()
    payload["scores"]["U4"] = {"value": "12", "score": 2}
    assert "scores.U4.reason" in errors(payload)
    payload["scores"]["U4"]["reason"] = "Aset naik karena hibah, bukan usaha"
    row = next(r for r in rating.compute(payload)["indicators"] if r["code"] == "U4")
    assert (row["computed_score"], row["score"], row["overridden"]) == ("4", "2", True)


def test_an_indicator_without_a_score_or_a_value_is_refused_by_name():
    payload = all_scored()
    del payload["scores"]["K1"]
    payload["scores"]["K8"] = {}
    assert {"scores.K1.score", "scores.K8.score"} <= set(errors(payload))
    payload = all_scored()
    payload["scores"]["K2"] = {"score": 7}
    assert "scores.K2.score" in errors(payload)


def test_weights_not_summing_to_100_and_categories_that_overlap_or_leave_a_gap_are_refused():
    rubric = default_rating_rubric()
    rubric["indicators"][0]["weight"] = 5
    assert "The weights sum to 101, not 100." in errors({"rubric": rubric, "scores": {}})["rubric.indicators"]
    rubric = default_rating_rubric()
    rubric["categories"][1]["upper"] = "250"  # 250–260 in no category
    assert any("Gap" in m for m in errors({"rubric": rubric, "scores": {}})["rubric.categories"])
    rubric = default_rating_rubric()
    rubric["categories"][1]["upper"] = "270"
    assert any("overlap" in m for m in errors({"rubric": rubric, "scores": {}})["rubric.categories"])
    rubric = default_rating_rubric()
    rubric["indicators"][8]["scale"] = copy.deepcopy(rubric["indicators"][8]["scale"])
    rubric["indicators"][8]["scale"][0]["score"] = 9
    assert "rubric.indicators.8.scale" in errors({"rubric": rubric, "scores": {}})
