"""The default rubrics, as data: the cooperative rating of Permen KUKM 21/2015 with seed 001's 23 indicators
(Tabel 1, lines 241–272, each with its measuring instrument) and the KSP/USP health assessment. A platform admin
copies and edits them (``performance.models.RatingRubric``); these are only the first versions.

The weights, scales and cut-offs of the rating are ours: the regulation leaves them to a technical guideline that
is not in our sources. The mechanics (scores 1–5, weights summing to 100, total = Σ weight × score out of 500, the
five categories) are those of the ministry's earlier rating rule that published ratings still used in 2019.
"""

from __future__ import annotations


def _scale(*cuts: str, first: int = 1) -> list[dict]:
    """Scores first, first + 1, … on [−∞, cuts[0]), [cuts[0], cuts[1]), …, [cuts[-1], ∞)."""
    bounds = [None, *cuts, None]
    return [{"score": first + i, "lower": bounds[i], "upper": bounds[i + 1]} for i in range(len(bounds) - 1)]


PARTICIPATION = _scale("20", "40", "60", "80")  # % of members
GROWTH = _scale("0", "5", "10", "20")  # % a year

# (code, aspect, name, instrument, kind, data source, weight, scale)
RATING_INDICATORS = [
    ("K1", "kelembagaan", "Legal dan badan hukum", "Dok. legal & badan hukum", "assessed", "", 4, None),
    ("K2", "kelembagaan", "Kepengurusan", "Struktur organisasi", "assessed", "", 3, None),
    ("K3", "kelembagaan", "Program kerja", "Program kerja resmi", "assessed", "", 3, None),
    ("K4", "kelembagaan", "SOP", "SOP mengikat", "assessed", "", 3, None),
    ("K5", "kelembagaan", "SOM", "SOM mengikat", "assessed", "", 3, None),
    ("K6", "kelembagaan", "Peraturan khusus", "PK mengikat", "assessed", "", 3, None),
    ("K7", "kelembagaan", "RAT & karyawan", "Dokumen RAT", "assessed", "", 3, None),
    ("K8", "kelembagaan", "Rasio peningkatan jumlah anggota (%)", "Mutasi jumlah anggota", "computed",
     "member_growth", 4, GROWTH),
    ("K9", "kelembagaan", "Persentase hadir rapat (%)", "Rekaman daftar hadir", "computed", "rat_attendance", 4,
     _scale("30", "50", "70", "90")),
    ("U1", "usaha", "Keterikatan antar anggota (% anggota bertransaksi sbg pemasok atau pelanggan)",
     "Partisipasi dalam usaha (sbg pemasok, ataupun pelanggan)", "computed", "member_participation", 5, PARTICIPATION),
    ("U2", "usaha", "Kemauan risk sharing (% anggota dalam usaha produktif)", "Keterlibatan dalam usaha produktif",
     "computed", "risk_sharing", 5, PARTICIPATION),
    ("U3", "usaha", "Tingkat pemanfaatan pelayanan koperasi (% anggota bertransaksi)",
     "Rekaman transaksi anggota dengan koperasi", "computed", "service_use", 5, PARTICIPATION),
    ("U4", "usaha", "Penambahan aset (%)", "Persentase penambahan aset", "computed", "asset_growth", 5, GROWTH),
    ("U5", "usaha", "Peningkatan volume usaha (%)", "Persentase peningkatan volume usaha", "computed",
     "volume_growth", 5, GROWTH),
    ("F1", "keuangan", "Struktur permodalan (modal sendiri / modal total, %)", "Komposisi modal", "computed",
     "capital_structure", 7, _scale("20", "40", "60", "80")),
    ("F2", "keuangan", "Kemampuan penyediaan dana (simpanan / pinjaman, %)", "Jumlah simpanan dan pinjaman",
     "computed", "fund_provision", 6, _scale("25", "50", "75", "100")),
    ("F3", "keuangan", "Ukuran kuantitatif keuangan (rasio yang memenuhi norma, dari 3)",
     "Rentabilitas, likuiditas, solvabilitas", "computed", "financial_ratios", 7,
     [{"score": 1, "lower": None, "upper": "1"}, {"score": 2, "lower": "1", "upper": "2"},
      {"score": 4, "lower": "2", "upper": "3"}, {"score": 5, "lower": "3", "upper": None}]),
    ("A1", "manfaat_anggota", "Peningkatan penghasilan anggota (% pembayaran setoran)",
     "Rekaman manfaat ekonomis diterima anggota", "computed", "member_income_gain", 5, GROWTH),
    ("A2", "manfaat_anggota", "Penyediaan barang & jasa lebih murah (item di waserda)",
     "Item barang tersedia dalam waserda", "computed", "waserda_items", 5, _scale("25", "50", "100", "200")),
    ("A3", "manfaat_anggota", "Menumbuhkan motif berusaha (% anggota meminjam)",
     "Jumlah partisipasi anggota dalam kegiatan produktif", "computed", "members_borrowing", 5, PARTICIPATION),
    ("M1", "manfaat_masyarakat", "Penyerapan tenaga kerja (orang)", "Jumlah TK setempat bekerja di koperasi",
     "computed", "local_employees", 4, _scale("1", "3", "6", "11")),
    ("M2", "manfaat_masyarakat", "Layanan bagi masyarakat umum (% penjualan ke non-anggota)",
     "Transaksi dengan masyarakat sekitar non anggota", "computed", "non_member_share", 3,
     _scale("5", "15", "30", "50")),
    ("M3", "manfaat_masyarakat", "Peran mereduksi kemiskinan (rasio nilai tambah, %)",
     "Kontribusi nilai tambah ekonomi pada pendapatan daerah", "computed", "value_added", 3,
     _scale("0", "15", "30", "40")),
]  # fmt: skip

RATING_CATEGORIES = [
    {"name": "Tidak Berkualitas", "lower": None, "upper": "180"},
    {"name": "Kurang Berkualitas", "lower": "180", "upper": "260"},
    {"name": "Cukup Berkualitas", "lower": "260", "upper": "340"},
    {"name": "Berkualitas", "lower": "340", "upper": "420"},
    {"name": "Sangat Berkualitas", "lower": "420", "upper": None},
]


def default_rating_rubric() -> dict:
    return {
        "max_score": 5,
        "indicators": [
            {
                "code": code,
                "aspect": aspect,
                "name": name,
                "instrument": instrument,
                "kind": kind,
                "source": source,
                "weight": weight,
                **({"scale": scale} if scale else {}),
            }
            for code, aspect, name, instrument, kind, source, weight, scale in RATING_INDICATORS
        ],
        "categories": RATING_CATEGORIES,
    }


MANAGEMENT_QUESTIONS = [
    "Pengurus dan pengawas dipilih dalam rapat anggota dan masa jabatannya sesuai anggaran dasar",
    "Ada rencana kerja dan anggaran tahunan yang disahkan rapat anggota",
    "Ada SOP simpan pinjam tertulis yang dijalankan",
    "Pemberian pinjaman melalui analisis kelayakan dan diputus pejabat yang berwenang",
    "Ada pemisahan tugas antara yang mencatat, memutus dan memegang kas",
    "Modal sendiri tumbuh dari simpanan dan penyisihan SHU",
    "Ada kebijakan penyisihan piutang tak tertagih yang dijalankan",
    "Ada kebijakan likuiditas dan pemantauan kas harian",
    "Laporan keuangan diaudit atau diperiksa pengawas setiap tahun",
    "Pengaduan anggota dicatat dan ditindaklanjuti",
]

# (code, aspect, name, weight, worst, best): ratio components, percent unless said
HEALTH_RATIOS = [
    ("P1", "permodalan", "Modal sendiri / total aset (%)", 6, "0", "20"),
    ("P2", "permodalan", "Modal sendiri / pinjaman diberikan yang berisiko (%)", 6, "0", "100"),
    ("P3", "permodalan", "Kecukupan modal: modal sendiri / aktiva tertimbang menurut risiko (%)", 3, "0", "8"),
    ("A1", "kualitas_aktiva_produktif", "Pinjaman kepada anggota / total pinjaman (%)", 10, "25", "75"),
    ("A2", "kualitas_aktiva_produktif", "Pinjaman bermasalah / pinjaman diberikan (%)", 5, "45", "0"),
    ("A3", "kualitas_aktiva_produktif", "Cadangan risiko / pinjaman bermasalah (%)", 5, "0", "100"),
    ("A4", "kualitas_aktiva_produktif", "Pinjaman berisiko / pinjaman diberikan (%)", 5, "30", "0"),
    ("E1", "efisiensi", "Beban operasi / partisipasi bruto (%)", 4, "100", "60"),
    ("E2", "efisiensi", "Beban usaha / SHU kotor (%)", 4, "100", "40"),
    ("E3", "efisiensi", "Efisiensi pelayanan: biaya karyawan / volume pinjaman (%)", 2, "15", "5"),
    ("L1", "likuiditas", "Kas dan bank / kewajiban lancar (%)", 10, "0", "20"),
    ("L2", "likuiditas", "Pinjaman diberikan / dana yang diterima (%)", 5, "25", "75"),
    ("G1", "kemandirian_pertumbuhan", "Rentabilitas aset: SHU sebelum pajak / total aset (%)", 3, "0", "10"),
    ("G2", "kemandirian_pertumbuhan", "Rentabilitas modal sendiri: SHU / modal sendiri (%)", 3, "0", "10"),
    ("G3", "kemandirian_pertumbuhan", "Kemandirian operasional: pendapatan usaha / beban usaha (%)", 4, "100", "150"),
    ("J1", "jatidiri", "Partisipasi bruto anggota / total pendapatan (%)", 7, "25", "75"),
    ("J2", "jatidiri", "Porsi anggota dalam pinjaman beredar (%)", 3, "25", "75"),
]  # fmt: skip

HEALTH_CATEGORIES = [
    {"name": "Dalam Pengawasan Khusus", "lower": None, "upper": "51"},
    {"name": "Dalam Pengawasan", "lower": "51", "upper": "66"},
    {"name": "Cukup Sehat", "lower": "66", "upper": "80"},
    {"name": "Sehat", "lower": "80", "upper": None},
]


def default_health_rubric() -> dict:
    ratios = [
        {"code": code, "aspect": aspect, "name": name, "kind": "ratio", "weight": weight, "worst": worst, "best": best}
        for code, aspect, name, weight, worst, best in HEALTH_RATIOS
    ]
    management = {"code": "M1", "aspect": "manajemen", "name": "Manajemen (kuesioner)", "kind": "questionnaire",
                  "weight": 15, "questions": MANAGEMENT_QUESTIONS}  # fmt: skip
    return {"components": [*ratios[:7], management, *ratios[7:]], "categories": HEALTH_CATEGORIES}
