"""The price of a delivery from its readings (procurement/pricing.py)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from procurement.pricing import Step, delivery_value, unit_price, whole_steps

D = Decimal
FAT = Step("fat", above=True, threshold=D("3.5"), step=D("0.1"), amount=D("50"))
BACTERIA = Step("tpc", above=True, threshold=D("1000000"), step=D("500000"), amount=D("-100"))
MOISTURE = Step("moisture", above=False, threshold=D("12"), step=D("1"), amount=D("150"))


def test_a_bonus_for_every_whole_step_above_the_threshold():
    assert whole_steps(D("3.5"), FAT) == 0  # at the threshold: nothing
    assert whole_steps(D("3.59"), FAT) == 0  # less than a whole step
    assert whole_steps(D("3.8"), FAT) == 3
    assert unit_price(D("6000"), [FAT], {"fat": D("3.8")}).unit_price == D("6150.00")


def test_a_penalty_per_step_and_a_step_below_the_threshold():
    price = unit_price(D("6000"), [FAT, BACTERIA], {"fat": D("4.0"), "tpc": D("2600000")})
    assert price.adjustments == {"fat": D("250"), "tpc": D("-300")}  # 5 steps up; 3 whole steps of 500.000
    assert price.unit_price == D("5950.00")
    assert unit_price(D("8000"), [MOISTURE], {"moisture": D("9.5")}).unit_price == D("8300.00")  # drier pays more


def test_a_missing_reading_changes_nothing_and_the_price_never_goes_below_zero():
    assert unit_price(D("6000"), [FAT], {}).unit_price == D("6000.00")
    assert unit_price(D("100"), [BACTERIA], {"tpc": D("9000000")}).unit_price == D("0.00")


def test_the_value_is_the_accepted_quantity_times_the_price_rounded_half_up():
    assert delivery_value(D("12.345"), D("6150.00")) == D("75921.75")  # 75921.7500
    assert delivery_value(D("0.001"), D("5.00")) == D("0.01")  # 0.005 rounds up


@given(st.decimals(min_value=0, max_value=10, places=2))
def test_more_fat_never_pays_less(reading):
    higher = reading + D("0.1")
    assert (
        unit_price(D("6000"), [FAT], {"fat": higher}).unit_price
        >= unit_price(D("6000"), [FAT], {"fat": reading}).unit_price
    )
