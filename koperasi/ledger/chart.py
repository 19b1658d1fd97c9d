"""The koperasi chart-of-accounts template (SAK EP / SAK ETAP style) seeded into every cooperative.

Codes: 1 aset, 2 kewajiban, 3 ekuitas, 4 pendapatan, 5 beban. ``key`` is the ``system_key`` other
modules post to (``account_for("cash")``); it never changes, while names may be edited.
"""

from __future__ import annotations

from koperasi.ledger.models import AccountType

A, L, E, INC, EXP = (
    AccountType.ASSET,
    AccountType.LIABILITY,
    AccountType.EQUITY,
    AccountType.INCOME,
    AccountType.EXPENSE,
)

# (code, name, type, system key)
CHART_TEMPLATE: list[tuple[str, str, str, str]] = [
    ("1101", "Kas", A, "cash"),
    ("1102", "Bank", A, "bank"),
    ("1103", "Piutang pinjaman anggota", A, "loan_receivable"),
    ("1104", "Penyisihan piutang tak tertagih", A, "loan_loss_allowance"),
    ("1105", "Piutang usaha", A, "accounts_receivable"),
    ("1106", "Persediaan barang dagangan", A, "merchandise_inventory"),
    ("1107", "Persediaan bahan baku", A, "raw_material_inventory"),
    ("1108", "Persediaan barang jadi", A, "finished_goods_inventory"),
    ("1201", "Aset tetap", A, "fixed_assets"),
    ("1202", "Akumulasi penyusutan aset tetap", A, "accumulated_depreciation"),
    ("2101", "Hutang usaha", L, "accounts_payable"),
    ("2102", "Simpanan sukarela", L, "voluntary_savings"),
    ("2103", "Simpanan berjangka", L, "term_deposits"),
    ("2104", "Hutang gaji", L, "wages_payable"),
    ("2105", "Hutang PPN keluaran", L, "vat_output"),
    ("2106", "Hutang pajak PPh", L, "tax_payable"),
    ("2201", "Dana SHU bagian anggota", L, "shu_members"),
    ("2202", "Dana pengurus", L, "fund_board"),
    ("2203", "Dana karyawan", L, "fund_employees"),
    ("2204", "Dana pendidikan", L, "fund_education"),
    ("2205", "Dana sosial", L, "fund_social"),
    ("2206", "Dana pembangunan daerah kerja", L, "fund_regional_development"),
    ("3101", "Simpanan pokok", E, "principal_savings"),
    ("3102", "Simpanan wajib", E, "mandatory_savings"),
    ("3201", "Cadangan", E, "reserve"),
    ("3301", "Hibah / donasi", E, "grants"),
    ("3401", "SHU tahun berjalan", E, "current_shu"),
    ("4101", "Penjualan waserda", INC, "sales_waserda"),
    ("4102", "Penjualan produk olahan", INC, "sales_processed"),
    ("4201", "Jasa pinjaman", INC, "loan_interest_income"),
    ("4202", "Pendapatan denda", INC, "penalty_income"),
    ("4203", "Pendapatan administrasi", INC, "admin_fee_income"),
    ("4901", "Pendapatan lain-lain", INC, "other_income"),
    ("5101", "Harga pokok penjualan (HPP)", EXP, "cogs"),
    ("5201", "Beban gaji", EXP, "salaries"),
    ("5202", "Beban listrik & air", EXP, "utilities"),
    ("5203", "Beban transport", EXP, "transport"),
    ("5204", "Beban penyusutan", EXP, "depreciation"),
    ("5205", "Beban jasa simpanan", EXP, "savings_interest"),
    ("5206", "Beban administrasi", EXP, "administration"),
    ("5207", "Beban penyisihan piutang", EXP, "bad_debt"),
    ("5208", "Selisih persediaan", EXP, "inventory_difference"),
    ("5209", "Beban upah langsung", EXP, "direct_labour"),
    ("5210", "Overhead pabrik dibebankan", EXP, "overhead_applied"),
    ("5299", "Beban lain-lain", EXP, "other_expense"),
]

# (code, name): the usual business units (unit usaha) of a multi-purpose cooperative.
BUSINESS_UNITS: list[tuple[str, str]] = [
    ("USP", "Unit simpan pinjam"),
    ("WSD", "Waserda"),
    ("PGD", "Pengadaan bahan baku"),
    ("OLH", "Pengolahan"),
]

# The business unit of accounts that only one unit posts to, for income per unit (performance/): a journal
# line's own unit wins; otherwise its account's. The savings-and-loan postings name no unit on their lines.
ACCOUNT_UNITS: dict[str, str] = {
    "loan_interest_income": "USP",
    "penalty_income": "USP",
    "admin_fee_income": "USP",
    "savings_interest": "USP",
    "bad_debt": "USP",
}
