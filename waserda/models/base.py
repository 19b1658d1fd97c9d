"""Field sizes shared by the waserda models (Rupiah amounts, quantities, unit costs)."""

MONEY = {"max_digits": 18, "decimal_places": 2}
QTY = {"max_digits": 18, "decimal_places": 3}
COST = {"max_digits": 18, "decimal_places": 4}
