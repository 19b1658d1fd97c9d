"""Published tables from the seed papers, encoded as calculator payloads (plain dicts).

Numbers are transcribed from Indonesian notation ("3.026" = 3026, "31,37" = 31.37). Printed figures
go into ``published`` as strings so that the number of printed decimals is kept ("0.90" would mean
two decimals were printed, "0.9" one). Inputs are the printed inputs, never values reverse-engineered
to make a row agree. Demo data may import these constants; copy a payload before changing it.

* SEED004_HAYAMI — seed 004 (/work/shared/seeds/004_1b4a3b3df06202df.txt, lines 125–150),
  "Tabel Perhitungan Analisis Nilai Tambah Pengolahan Susu Dengan Menggunakan Metode Hayami".
  The paper carries its rounded (4) and (5) forward, so the payloads give them as ``overrides``
  (SEED004_HAYAMI_OVERRIDES); drop ``overrides`` to compute from the raw quantities.
  The printed (13b) = (13a)/(10) × 100 is row ``13b_output``.
* SEED004_INCOME — seed 004 lines 162–181, "Tabel Analisis Pendapatan Pengolahan Susu dalam satu
  kali Produksi".
* SEED002_HAYAMI — seed 002 (/work/shared/seeds/002_32e3787168dca0ba.txt), Tabel 2 petani
  (lines 233–253), Tabel 3 pengepul (lines 257–277), Tabel 4 industri kopra (lines 285–305).
  Its (13b) is defined as (13a)/(10) × 100 (Tabel 1, line 113), so it is row ``13b_output``.
  Transcription choices: (12b) printed "-" (undefined, 11a = 0) is left out of ``published``
  (the calculator returns null with a note); the pengepul wage "5.000.000+1.000.000" is 6,000,000;
  the industri wage "350.000+35.000=385.000" is 385,000; the industri output price "2.2000" (not a
  valid Indonesian number) is read as 2,200, the raw-material price printed beside it; the petani
  "-3.5156" (four digits after the dot, so not a thousands separator; the text repeats "-3.5156%")
  is -3.5156, while the pengepul "-5.525" is -5,525 (Indonesian notation, and 13a/10 × 100 of the
  printed -110,500 / 2,000 gives -5,525).
"""

from __future__ import annotations

from typing import Any

_SEED004_WAGE = 124654
_SEED004_RAW_PRICE = 6000

SEED004_HAYAMI_OVERRIDES: dict[str, dict[str, str]] = {
    "pasteurised_milk": {"4": "0.9", "5": "0.004"},
    "yoghurt": {"4": "0.9", "5": "0.006"},
    "mozzarella": {"4": "0.08", "5": "0.002"},
}


def _seed004_hayami(
    product: str,
    inputs: tuple[int, int, int, int, int],
    printed: dict[str, str],
) -> dict[str, Any]:
    output_qty, raw_qty, labour, price, other = inputs
    return {
        "output_qty": output_qty,
        "raw_material_qty": raw_qty,
        "labour_hok": labour,
        "output_price": price,
        "wage_per_hok": _SEED004_WAGE,
        "raw_material_price": _SEED004_RAW_PRICE,
        "other_inputs_per_unit": other,
        "overrides": dict(SEED004_HAYAMI_OVERRIDES[product]),
        "published": {
            "1": str(output_qty),
            "2": str(raw_qty),
            "3": str(labour),
            **{key: SEED004_HAYAMI_OVERRIDES[product][key] for key in ("4", "5")},
            "6": str(price),
            "7": str(_SEED004_WAGE),
            "8": str(_SEED004_RAW_PRICE),
            "9": str(other),
            **printed,
        },
    }


SEED004_HAYAMI: dict[str, dict[str, Any]] = {
    "pasteurised_milk": _seed004_hayami(
        "pasteurised_milk",
        (3026, 3057, 12, 17000, 4500),
        {
            "10": "15300", "11a": "4800", "11b": "31.37", "12a": "498.62", "12b": "10.39",
            "13a": "4301.38", "13b_output": "28.11", "14": "9300", "14a": "5.36", "14b": "48.39",
            "14c": "46.25",
        },
    ),
    "yoghurt": _seed004_hayami(
        "yoghurt",
        (822, 830, 5, 25000, 8000),
        {
            "10": "22500", "11a": "8500", "11b": "37.78", "12a": "747.92", "12b": "8.79",
            "13a": "7752.92", "13b_output": "34.46", "14": "16500", "14a": "4.53", "14b": "48.48",
            "14c": "46.99",
        },
    ),
    "mozzarella": _seed004_hayami(
        "mozzarella",
        (319, 3830, 7, 100000, 800),
        {
            "10": "8000", "11a": "1200", "11b": "15", "12a": "249.31", "12b": "20.77",
            "13a": "950.69", "13b_output": "11.88", "14": "2000", "14a": "12.47", "14b": "40",
            "14c": "47.53",
        },
    ),
}  # fmt: skip


def _seed004_income(
    quantity: int, price: int, depreciation: int, variable: tuple[int, int, int, int], printed: dict[str, str]
) -> dict[str, Any]:
    names = ("Biaya Bahan Baku", "Biaya Produksi", "Biaya Operasional", "Upah Tenaga Kerja")
    return {
        "quantity": quantity,
        "price": price,
        "fixed_costs": [{"name": "Biaya Penyusutan", "amount": depreciation}],
        "variable_costs": [
            {"name": name, "amount": amount} for name, amount in zip(names, variable, strict=True)
        ],
        "published": {"tfc": str(depreciation), **printed},
    }


SEED004_INCOME: dict[str, dict[str, Any]] = {
    "pasteurised_milk": _seed004_income(
        3026, 17000, 305700, (18342000, 12228000, 1528000, 124654),
        {"tr": "51442000", "tc": "32528354", "profit": "18913646", "rc": "1.6"},
    ),
    "yoghurt": _seed004_income(
        822, 25000, 83000, (4980000, 4813000, 830000, 124654),
        {"tr": "20550000", "tc": "10830654", "profit": "9719346", "rc": "1.9"},
    ),
    "mozzarella": _seed004_income(
        319, 100000, 50000, (22980000, 3500000, 957000, 124654),
        {"tr": "31900000", "tc": "27611654", "profit": "4288346", "rc": "1.1"},
    ),
}  # fmt: skip


def _seed002_hayami(inputs: dict[str, int], printed: dict[str, str]) -> dict[str, Any]:
    rows = {"1": "output_qty", "2": "raw_material_qty", "3": "labour_hok", "6": "output_price",
            "7": "wage_per_hok", "8": "raw_material_price", "9": "other_inputs_per_unit"}  # fmt: skip
    published = {row: str(inputs[name]) for row, name in rows.items()}
    return {**inputs, "published": {**published, **printed}}


SEED002_HAYAMI: dict[str, dict[str, Any]] = {
    "petani": _seed002_hayami(
        {"output_qty": 16000000, "raw_material_qty": 16000000, "labour_hok": 3000000, "output_price": 1600,
         "wage_per_hok": 300000, "raw_material_price": 1600, "other_inputs_per_unit": 0},
        {"4": "1", "5": "0.1875", "10": "1600", "11a": "0", "11b": "0", "12a": "36250",
         "13a": "-56.25", "13b_output": "-3.5156"},
    ),
    "pengepul": _seed002_hayami(
        {"output_qty": 20000000, "raw_material_qty": 20000000, "labour_hok": 1500000, "output_price": 2000,
         "wage_per_hok": 6000000, "raw_material_price": 2000, "other_inputs_per_unit": 0},
        {"4": "1", "5": "0.075", "10": "2000", "11a": "0", "11b": "0", "12a": "112500",
         "13a": "-110500", "13b_output": "-5525"},
    ),
    "industri": _seed002_hayami(
        {"output_qty": 22000000, "raw_material_qty": 22000000, "labour_hok": 9625000, "output_price": 2200,
         "wage_per_hok": 385000, "raw_material_price": 2200, "other_inputs_per_unit": 7500},
        {"4": "1", "5": "0.4375", "10": "2.2", "11a": "-7.5", "11b": "-340.9090", "12a": "168437.5",
         "12b": "-2245833.3", "13a": "-168445", "13b_output": "-7656590.90"},
    ),
}  # fmt: skip
