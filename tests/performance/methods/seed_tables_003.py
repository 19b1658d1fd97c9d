"""Seed 003 (Buana 2016, KSU Argopuro Jaya Abadi, coffee) as method payloads.

Plain dict constants so demo data can reuse them.  Printed figures are strings so that they keep
the decimals the thesis printed (``reconcile`` compares at that precision).  Indonesian numbers are
converted ("3.026" → 3026, "31,37" → 31.37).  Line numbers refer to
/work/shared/seeds/003_ff641d80a55cd992.txt.

Cost items: labour = "Biaya Tenaga Kerja", packaging = "Biaya Kemasan", transport = "Biaya
Transport", processing = "Biaya Pengolahan".  Stages: "Pengepul" (collector), "Pedagang Besar"
(wholesaler, incl. the KSU); the consumer is "Perusahaan Luar Kota (Dampit)" / "konsumen antara".
"""

from __future__ import annotations

# --------------------------------------------------------------------------- margin payloads

_WHOLESALER_1_COSTS = [  # Pak Fauzi (appendix E row 2)
    {"name": "labour", "amount": "8.34"},
    {"name": "packaging", "amount": "28"},
    {"name": "transport", "amount": "125"},
]
_WHOLESALER_2_COSTS = [  # Pak Edy (appendix E row 1)
    {"name": "labour", "amount": "5.35"},
    {"name": "packaging", "amount": "28"},
    {"name": "transport", "amount": "135.71"},
]
_COLLECTOR_1_COSTS = [{"name": "labour", "amount": "40"}, {"name": "processing", "amount": "75"}]
_COLLECTOR_2_COSTS = [{"name": "labour", "amount": "50"}, {"name": "processing", "amount": "92"}]
_KSU_OSE_COSTS = [
    {"name": "labour", "amount": "40"},
    {"name": "packaging", "amount": "40"},
    {"name": "transport", "amount": "22.22"},
    {"name": "processing", "amount": "138.34"},
]
_KSU_HS_COSTS = [
    {"name": "labour", "amount": "13.34"},
    {"name": "packaging", "amount": "23.7"},
    {"name": "transport", "amount": "200"},
    {"name": "processing", "amount": "8.34"},
]


def _one_level(producer: str, sell: str, costs: list[dict]) -> dict:
    return {
        "producer_price": producer,
        "stages": [{"name": "Pedagang Besar", "sell_price": sell, "costs": [dict(c) for c in costs]}],
    }


def _two_level(collector_costs: list[dict], wholesaler_costs: list[dict]) -> dict:
    return {
        "producer_price": "20000",
        "stages": [
            {"name": "Pengepul", "sell_price": "22250", "costs": [dict(c) for c in collector_costs]},
            {"name": "Pedagang Besar", "sell_price": "22750", "costs": [dict(c) for c in wholesaler_costs]},
        ],
    }


# --------------------------------------------------------------------------- printed tables

PUBLISHED_F = {  # Lampiran F, lines 1309-1325: farmer (processing) → wholesaler 1 → consumer
    "producer_share": "97.7312",
    "stages.0.costs.0.share": "0.03784", "stages.0.costs.0.margin_share": "1.668",
    "stages.0.costs.1.share": "0.12705", "stages.0.costs.1.margin_share": "5.6",
    "stages.0.costs.2.share": "0.56719", "stages.0.costs.2.margin_share": "25",
    "stages.0.profit": "338.66", "stages.0.share.profit": "1.53668",
    "stages.0.margin_share.profit": "67.732", "stages.0.profit_cost_ratio": "209.905",
    "efficiency": "0.73208", "total_margin": "500",
    "shares.producer_and_profits": "99.2679", "shares.costs": "0.73208",
    "margin_shares.profits": "67.732", "margin_shares.costs": "32.268",
    "shares.total": "100", "margin_shares.total": "100",
}

_WHOLESALER_1_AFTER_COLLECTOR = {  # rows 3 b-f of G and H
    "stages.1.costs.0.share": "0.03666", "stages.1.costs.0.margin_share": "0.30327",
    "stages.1.costs.1.share": "0.12308", "stages.1.costs.1.margin_share": "1.01818",
    "stages.1.costs.2.share": "0.54945", "stages.1.costs.2.margin_share": "4.54545",
    "stages.1.profit": "338.66", "stages.1.share.profit": "1.48862",
    "stages.1.margin_share.profit": "12.3149", "stages.1.profit_cost_ratio": "209.905",
}

PUBLISHED_G = {  # Lampiran G, lines 1327-1352: farmer → collector 1 → wholesaler 1 → consumer
    "producer_share": "87.9121",
    "stages.0.costs.0.share": "0.17582", "stages.0.costs.0.margin_share": "1.45455",
    "stages.0.costs.1.share": "0.32967", "stages.0.costs.1.margin_share": "2.72727",
    "stages.0.profit": "2135", "stages.0.share.profit": "9.38462",
    "stages.0.margin_share.profit": "77.6364", "stages.0.profit_cost_ratio": "1856.52",
    **_WHOLESALER_1_AFTER_COLLECTOR,
    "efficiency": "1.21468", "total_margin": "2750",
    "shares.producer_and_profits": "98.7853", "shares.costs": "1.21468",
    "margin_shares.profits": "89.9513", "margin_shares.costs": "10.0487",
    "shares.total": "100", "margin_shares.total": "100",
}

PUBLISHED_H = {  # Lampiran H, lines 1352-1377: farmer → collector 2 → wholesaler 1 → consumer
    "producer_share": "87.9121",
    "stages.0.costs.0.share": "0.21978", "stages.0.costs.0.margin_share": "1.81818",
    "stages.0.costs.1.share": "0.4044", "stages.0.costs.1.margin_share": "3.34545",
    "stages.0.profit": "2108", "stages.0.share.profit": "9.26593",
    "stages.0.margin_share.profit": "76.6545", "stages.0.profit_cost_ratio": "1484.51",
    **_WHOLESALER_1_AFTER_COLLECTOR,
    "efficiency": "1.33336", "total_margin": "2750",
    "shares.producer_and_profits": "98.6666", "shares.costs": "1.33336",
    "margin_shares.profits": "88.9695", "margin_shares.costs": "11.0305",
    "shares.total": "100", "margin_shares.total": "100",
}

PUBLISHED_I = {  # Lampiran I, lines 1379-1395: farmer → wholesaler 2 → consumer
    "producer_share": "97.73124",
    "stages.0.costs.0.share": "0.02428", "stages.0.costs.0.margin_share": "1.07",
    "stages.0.costs.1.share": "0.12705", "stages.0.costs.1.margin_share": "5.6",
    "stages.0.costs.2.share": "0.61579", "stages.0.costs.2.margin_share": "27.142",
    "stages.0.profit": "330.94", "stages.0.share.profit": "1.501648",
    "stages.0.margin_share.profit": "66.188", "stages.0.profit_cost_ratio": "195.753",
    "efficiency": "0.76711", "total_margin": "500",
    "shares.producer_and_profits": "99.23289", "shares.costs": "0.76711",
    "margin_shares.profits": "66.188", "margin_shares.costs": "33.812",
    "shares.total": "100", "margin_shares.total": "100",
}

PUBLISHED_J = {  # Lampiran J, lines 1397-1422: farmer → collector 1 → wholesaler 2 → consumer
    "producer_share": "87.91209",
    "stages.0.costs.0.share": "0.17582", "stages.0.costs.0.margin_share": "1.45455",
    "stages.0.costs.1.share": "0.32967", "stages.0.costs.1.margin_share": "2.72727",
    "stages.0.profit": "2135", "stages.0.share.profit": "9.384615",
    "stages.0.margin_share.profit": "77.6364", "stages.0.profit_cost_ratio": "1856.52",
    "stages.1.costs.0.share": "0.02352", "stages.1.costs.0.margin_share": "0.19455",
    "stages.1.costs.1.share": "0.12308", "stages.1.costs.1.margin_share": "1.01818",
    "stages.1.costs.2.share": "0.59653", "stages.1.costs.2.margin_share": "4.93491",
    "stages.1.profit": "330.94", "stages.1.share.profit": "1.454681",
    "stages.1.margin_share.profit": "12.0342", "stages.1.profit_cost_ratio": "195.753",
    "efficiency": "1.24862", "total_margin": "2750",
    "shares.producer_and_profits": "98.75138", "shares.costs": "1.24862",
    "margin_shares.profits": "89.6705", "margin_shares.costs": "10.3295",
    "shares.total": "100", "margin_shares.total": "100",
}

PUBLISHED_K = {  # Lampiran K (= N), lines 1426-1443: farmer → KSU (processing, ose) → consumer
    "producer_share": "88.8889",
    "stages.0.costs.0.share": "0.17778", "stages.0.costs.0.margin_share": "1.6",
    "stages.0.costs.1.share": "0.17778", "stages.0.costs.1.margin_share": "1.6",
    "stages.0.costs.2.share": "0.09876", "stages.0.costs.2.margin_share": "0.8888",
    "stages.0.costs.3.share": "0.61484", "stages.0.costs.3.margin_share": "5.5336",
    "stages.0.profit": "2259.44", "stages.0.share.profit": "10.042",
    "stages.0.margin_share.profit": "90.3776", "stages.0.profit_cost_ratio": "939.242",
    "efficiency": "1.06916", "total_margin": "2500",
    "shares.producer_and_profits": "98.9308", "shares.costs": "1.06916",
    "margin_shares.profits": "90.3776", "margin_shares.costs": "9.6224",
    "shares.total": "100", "margin_shares.total": "100",
}

PUBLISHED_L = {  # Lampiran L (= P), lines 1445-1463: farmer → KSU (processing, hs, per litre) → consumer
    "producer_share": "81.25",
    "stages.0.costs.0.share": "0.16675", "stages.0.costs.0.margin_share": "0.88933",
    "stages.0.costs.1.share": "0.29625", "stages.0.costs.1.margin_share": "1.58",
    "stages.0.costs.2.share": "2.5", "stages.0.costs.2.margin_share": "13.3333",
    "stages.0.costs.3.share": "0.10425", "stages.0.costs.3.margin_share": "0.556",
    "stages.0.profit": "1254.62", "stages.0.share.profit": "15.6828",
    "stages.0.margin_share.profit": "83.6413", "stages.0.profit_cost_ratio": "511.297",
    "efficiency": "3.06725", "total_margin": "1500",
    "shares.producer_and_profits": "96.9328", "shares.costs": "3.06725",
    "margin_shares.profits": "83.6413", "margin_shares.costs": "16.3587",
    "shares.total": "100", "margin_shares.total": "100",
}

PUBLISHED_M = {  # Lampiran M, lines 1468-1484: mean of F and I (printed mean inputs included)
    "producer_share": "97.7312",
    "stages.0.costs.0.amount": "6.845", "stages.0.costs.2.amount": "130.355",
    "stages.0.costs.0.share": "0.03106", "stages.0.costs.0.margin_share": "1.369",
    "stages.0.costs.1.share": "0.12705", "stages.0.costs.1.margin_share": "5.6",
    "stages.0.costs.2.share": "0.59149", "stages.0.costs.2.margin_share": "26.071",
    "stages.0.profit": "334.8", "stages.0.share.profit": "1.51916",
    "stages.0.margin_share.profit": "66.96", "stages.0.profit_cost_ratio": "202.663",
    "efficiency": "0.7496", "total_margin": "500",
    "shares.producer_and_profits": "99.2504", "shares.costs": "0.7496",
    "margin_shares.profits": "66.96", "margin_shares.costs": "33.04",
    "shares.total": "100", "margin_shares.total": "100",
}

PUBLISHED_O = {  # Lampiran O, lines 1505-1529: mean of G, H and J (printed mean inputs included)
    "producer_share": "87.9120879",
    "stages.0.costs.0.amount": "43.33333333", "stages.0.costs.1.amount": "80.66666667",
    "stages.0.costs.0.share": "0.190476", "stages.0.costs.0.margin_share": "1.57576",
    "stages.0.costs.1.share": "0.354579", "stages.0.costs.1.margin_share": "2.93333",
    "stages.0.profit": "2126", "stages.0.share.profit": "9.34505495",
    "stages.0.margin_share.profit": "77.3091", "stages.0.profit_cost_ratio": "1714.52",
    "stages.1.costs.0.amount": "7.343333333", "stages.1.costs.2.amount": "128.57",
    "stages.1.costs.0.share": "0.032278", "stages.1.costs.0.margin_share": "0.26703",
    "stages.1.costs.1.share": "0.123077", "stages.1.costs.1.margin_share": "1.01818",
    "stages.1.costs.2.share": "0.565143", "stages.1.costs.2.margin_share": "4.67527",
    "stages.1.profit": "336.0866667", "stages.1.share.profit": "1.47730403",
    "stages.1.margin_share.profit": "12.2213", "stages.1.profit_cost_ratio": "205.039",
    "efficiency": "1.26555", "total_margin": "2750",
    "shares.producer_and_profits": "98.7344469", "shares.costs": "1.265553",
    "margin_shares.profits": "89.5304", "margin_shares.costs": "10.4696",
    "shares.total": "100", "margin_shares.total": "100",
}

PUBLISHED_Q = {  # Lampiran Q, lines 1548-1564: appendix P restated per kg (× 3 L/kg)
    "producer_price": "19500", "consumer_price": "24000",
    "stages.0.costs.0.amount": "40.02", "stages.0.costs.1.amount": "71.1",
    "stages.0.costs.2.amount": "600", "stages.0.costs.3.amount": "25.02",
    "producer_share": "81.25",
    "stages.0.costs.0.share": "0.16675", "stages.0.costs.0.margin_share": "0.88933",
    "stages.0.costs.1.share": "0.29625", "stages.0.costs.1.margin_share": "1.58",
    "stages.0.costs.2.share": "2.5", "stages.0.costs.2.margin_share": "13.3333",
    "stages.0.costs.3.share": "0.10425", "stages.0.costs.3.margin_share": "0.556",
    "stages.0.profit": "3763.86", "stages.0.share.profit": "15.68275",
    "stages.0.margin_share.profit": "83.6413", "stages.0.profit_cost_ratio": "511.297",
    "efficiency": "3.06725", "total_margin": "4500",
    "shares.producer_and_profits": "96.93275", "shares.costs": "3.06725",
    "margin_shares.profits": "83.6413", "margin_shares.costs": "16.3587",
    "shares.total": "100", "margin_shares.total": "100",
}

_F = _one_level("21538.46", "22038.46", _WHOLESALER_1_COSTS)
_I = _one_level("21538.46", "22038.46", _WHOLESALER_2_COSTS)
_G = _two_level(_COLLECTOR_1_COSTS, _WHOLESALER_1_COSTS)
_H = _two_level(_COLLECTOR_2_COSTS, _WHOLESALER_1_COSTS)
_J = _two_level(_COLLECTOR_1_COSTS, _WHOLESALER_2_COSTS)
_K = _one_level("20000", "22500", _KSU_OSE_COSTS)
_L = _one_level("6500", "8000", _KSU_HS_COSTS)

SEED003_MARGINS: dict[str, dict] = {
    "F": {**_F, "published": PUBLISHED_F},
    "G": {**_G, "published": PUBLISHED_G},
    "H": {**_H, "published": PUBLISHED_H},
    "I": {**_I, "published": PUBLISHED_I},
    "J": {**_J, "published": PUBLISHED_J},
    "K": {**_K, "published": PUBLISHED_K},
    "L": {**_L, "published": PUBLISHED_L},
    # M: channel "farmer (processing) → wholesaler → consumer" = mean over the chains of F and I.
    "M": {"chains": [{**_F, "published": PUBLISHED_F}, {**_I, "published": PUBLISHED_I}],
          "published": PUBLISHED_M},
    "N": {**_K, "published": PUBLISHED_K},  # printed identical to K (lines 1486-1503)
    # O: channel "farmer → collector → wholesaler → consumer" = mean over the chains of G, H and J.
    "O": {"chains": [{**_G, "published": PUBLISHED_G}, {**_H, "published": PUBLISHED_H},
                     {**_J, "published": PUBLISHED_J}],
          "published": PUBLISHED_O},
    "P": {**_L, "published": PUBLISHED_L},  # printed identical to L (lines 1527-1546), Rp/litre
    "Q": {**_L, "unit_conversion": "3", "published": PUBLISHED_Q},  # P per kg: 1 kg Hs = 3 L
}

# Lampiran R (lines 1566-1585): summary of M, N, O and Q, printed with 2 decimals (Indonesian commas
# converted).  Ski/Sbi of a stage are its profit/cost shares of the consumer price; DM are the same
# as shares of the total margin.
SEED003_SUMMARY_R: dict[str, dict[str, str]] = {
    "M": {
        "producer_share": "97.73", "stages.0.share.profit": "1.52", "stages.0.share.cost": "0.75",
        "stages.0.margin_share.profit": "66.96", "stages.0.margin_share.cost": "33.04",
        "total_margin": "500",
    },
    "N": {
        "producer_share": "88.9", "stages.0.share.profit": "10.04", "stages.0.share.cost": "1.06",
        "stages.0.margin_share.profit": "90.37", "stages.0.margin_share.cost": "9.63",
        "total_margin": "2500",
    },
    "O": {
        "producer_share": "87.91",
        "stages.0.share.profit": "9.34", "stages.0.share.cost": "0.56",
        "stages.0.margin_share.profit": "77.3", "stages.0.margin_share.cost": "4.52",
        "stages.1.share.profit": "1.48", "stages.1.share.cost": "0.71",
        "stages.1.margin_share.profit": "12.22", "stages.1.margin_share.cost": "5.95",
        "total_margin": "2750",
    },
    "Q": {
        "producer_share": "81.25", "stages.0.share.profit": "15.69", "stages.0.share.cost": "3.06",
        "stages.0.margin_share.profit": "83.64", "stages.0.margin_share.cost": "15.36",
        "total_margin": "4500",
    },
}


# --------------------------------------------------------------------------- balanced scorecard


def _band(score: int, lower: str | None, upper: str | None, lower_inclusive: bool = True,
          upper_inclusive: bool = False) -> dict:
    return {"score": score, "lower": lower, "upper": upper,
            "lower_inclusive": lower_inclusive, "upper_inclusive": upper_inclusive}


# Churn bands of Tables 3.2 / 3.4 ("0%-25%" → 3, "26%-50%" → 2, "51%-75%" → 1), gaps closed
# upwards and the top band left open.
_CHURN_BANDS = [
    _band(3, "0", "25", True, True), _band(2, "25", "50", False, True), _band(1, "50", None, False),
]

# Appendices S–W (lines 1587–1790), 2014 figures; bands cleaned into contiguous, non-overlapping
# intervals (reading documented in docs/methods.md, "Reading the BSC bands").  Values come from the
# printed inputs through the helpers where the thesis gives them.
SEED003_BSC: dict = {
    "measures": [
        {"id": "own_capital_growth", "name": "Penerimaan Modal Sendiri (growth %)",
         "perspective": "financial",
         "formula": "growth", "inputs": {"previous": "69106000", "current": "92662000"},
         "target": "15", "direction": "higher_is_better", "target_inclusive": False,
         "bands": [_band(1, None, "10"), _band(2, "10", "15", True, True), _band(3, "15", None, False)]},
        {"id": "sales_growth", "name": "Tingkat Penjualan (sales growth %)", "perspective": "financial",
         "formula": "growth", "inputs": {"previous": "434600", "current": "441490"},
         "target": "5", "direction": "higher_is_better", "target_inclusive": False,
         "bands": [_band(1, None, "5"), _band(2, "5", "10"), _band(3, "10", None)]},
        {"id": "roi", "name": "ROI (%)", "perspective": "financial", "value": "15.25",
         "target": "15", "direction": "higher_is_better", "target_inclusive": False,
         "bands": [_band(1, None, "12"), _band(2, "12", "15", True, True), _band(3, "15", None, False)]},
        {"id": "customer_acquisition", "name": "Akuisisi Pelanggan (%)", "perspective": "customer",
         "value": "200", "target": "100", "direction": "higher_is_better",
         "bands": [_band(1, "0", "0", True, True), _band(2, "0", "100", False, True),
                   _band(3, "100", None, False)]},
        {"id": "customer_retention", "name": "Retensi Pelanggan (customers lost %)",
         "perspective": "customer", "formula": "customer_retention",
         "inputs": {"customers_lost": "0", "average_customers": "2"},
         "target": "25", "direction": "lower_is_better", "bands": _CHURN_BANDS},
        {"id": "on_time_delivery", "name": "Ketepatan Pengiriman (OTD %)", "perspective": "customer",
         "formula": "on_time_delivery", "inputs": {"on_time": "1", "deliveries": "1"},
         "target": "100", "direction": "higher_is_better",
         "bands": [_band(1, "0", "80"), _band(2, "80", "100"), _band(3, "100", "100", True, True)]},
        {"id": "complaints", "name": "Jumlah Komplain (times per year)", "perspective": "customer",
         "value": "1", "target": "3", "direction": "lower_is_better",
         "bands": [_band(3, "0", "0", True, True), _band(2, "0", "3", False, True),
                   _band(1, "3", None, False)]},
        {"id": "sales_return", "name": "Retur Penjualan (%)", "perspective": "customer",
         "value": "1.5", "target": "1", "direction": "lower_is_better", "target_inclusive": False,
         "bands": [_band(3, "0", "0.5", True, True), _band(2, "0.5", "1", False, True),
                   _band(1, "1", None, False)]},
        {"id": "supplier_lead_time", "name": "Kinerja Pemasok (supplier lead time, days)",
         "perspective": "internal_process", "value": "0.5",  # printed "< 1 hari"
         "target": "1", "direction": "lower_is_better", "target_inclusive": False,
         "bands": [_band(3, "0", "1"), _band(2, "1", "2"), _band(1, "2", None)]},
        {"id": "defect_rate", "name": "Jumlah Produk Cacat (%)", "perspective": "internal_process",
         "value": "1.5", "target": "1", "direction": "lower_is_better",
         "bands": [_band(3, "0", "0.5"), _band(2, "0.5", "1", True, True), _band(1, "1", None, False)]},
        {"id": "employee_productivity", "name": "Employee productivity (L/h)",
         "perspective": "learning_growth", "formula": "employee_productivity",
         "inputs": {"output": "441490", "hours": "1060"},  # 4165 L x 106 days; 106 days x 10 h
         "target": "410", "direction": "higher_is_better", "target_inclusive": False,
         "bands": [_band(1, "0", "410"), _band(2, "410", "425", True, True), _band(3, "425", None, False)]},
        {"id": "staff_retention", "name": "Retensi pengelola (managers lost %)",
         "perspective": "learning_growth", "formula": "staff_retention",
         "inputs": {"staff_lost": "0", "average_staff": "3"},
         "target": "25", "direction": "lower_is_better", "bands": _CHURN_BANDS},
    ],
    "published": {  # figures as the thesis states them (34.1 and 1.59 as quoted in BAB 5)
        "measures.own_capital_growth.value": "34.1",
        "measures.sales_growth.value": "1.59",
        "measures.roi.value": "15.25",
        "measures.employee_productivity.value": "416",
    },
}

# BAB 6.1 item 3 (lines 1194-1196): measures that meet / miss their targets.  Sales return and
# defect rate (appendices U and V) are not mentioned in the conclusion.
SEED003_BSC_VERDICTS: dict[str, bool] = {
    "own_capital_growth": True, "sales_growth": False, "roi": True,
    "customer_acquisition": True, "customer_retention": True, "on_time_delivery": True,
    "complaints": True, "supplier_lead_time": True,
    "employee_productivity": True, "staff_retention": True,
}

# Appendix S (lines 1612-1660): the ROI inputs.  The printed 15,25 % is "Pendapatan" (income before
# the bank interest) / Total Aktiva, not "Laba Bersih" / Total Aktiva as its own formula says.
SEED003_ROI_2014 = {
    "pendapatan": "480320183.8", "laba_bersih": "150320183.8", "total_aktiva": "3148761816",
    "printed_roi": "15.25",
}
