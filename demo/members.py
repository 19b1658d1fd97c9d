"""Demo members for the four demo cooperatives, with occupations that fit each seed paper.

NIKs are built from real province and regency codes (Pangandaran 3218, Rembang 3317, Jember 3509,
Kab. Bandung 3204; the district digits are illustrative) and agree with each person's birth date
and sex. Each cooperative also gets one member login linked to a member, for the member portal.

The "savings and loans" step then gives every member simpanan pokok, monthly simpanan wajib (some
months missed, so the wajib bills show arrears) and simpanan sukarela, and each cooperative a few
loans entered by its cashier and approved by its manager: one repaid on schedule, one in arrears, one
application waiting for approval, and in kud-mina a fishermen's seasonal loan (principal April to
October). Every deposit and repayment carries a fixed key, so running the steps again changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo import DemoLogin, demo_step, ensure_user
from demo.tenancy import PASSWORD, demo_cooperative
from koperasi.tenancy.context import cooperative_context
from members import services
from members.models import Member, MemberStatus
from members.validators import make_nik

D = datetime.date

# (name, sex, birth date, occupation, farmer group, village, admitted)
MEMBERS: dict[str, tuple[str, list[tuple[str, str, datetime.date, str, str, str, bool]]]] = {
    # Seed 000: coconut (kelapa) farmers and coconut-sugar makers in Pangandaran, Jawa Barat.
    "kpmk-pangandaran": (
        "321805",
        [
            ("Asep Saepudin", "L", D(1972, 3, 14), "petani", "Kelompok Tani Mekarsari", "Desa Cikalong", True),
            ("Dedi Supriadi", "L", D(1968, 11, 2), "petani", "Kelompok Tani Mekarsari", "Desa Cikalong", True),
            ("Euis Kurniasih", "P", D(1979, 6, 21), "pengrajin", "Kelompok Tani Mekarsari", "Desa Cikalong", True),
            ("Ujang Suherman", "L", D(1965, 1, 9), "petani", "Kelompok Tani Sukamaju", "Desa Sukahurip", True),
            ("Iis Rohaeti", "P", D(1983, 9, 30), "pengrajin", "Kelompok Tani Sukamaju", "Desa Sukahurip", True),
            ("Cecep Hidayat", "L", D(1975, 12, 5), "petani", "Kelompok Tani Sukamaju", "Desa Sukahurip", True),
            ("Nana Sumarna", "L", D(1970, 4, 17), "pedagang", "", "Desa Cikalong", True),
            ("Entin Suhartini", "P", D(1981, 2, 11), "pengrajin", "Kelompok Tani Mekarsari", "Desa Cikalong", True),
            ("Yayat Ruhiyat", "L", D(1990, 8, 23), "petani", "Kelompok Tani Sukamaju", "Desa Sukahurip", False),
            ("Lilis Suryani", "P", D(1987, 5, 3), "petani", "Kelompok Tani Mekarsari", "Desa Cikalong", False),
        ],
    ),
    # Seed 001: a fishermen's KUD (nelayan, fish traders); seasonal incomes (April–October).
    "kud-mina": (
        "331708",
        [
            ("Slamet Riyadi", "L", D(1969, 7, 12), "nelayan", "", "Desa Pasarbanggi", True),
            ("Sutrisno", "L", D(1974, 10, 28), "nelayan", "", "Desa Pasarbanggi", True),
            ("Warsito", "L", D(1966, 2, 4), "nelayan", "", "Desa Tasikagung", True),
            ("Sri Wahyuni", "P", D(1980, 12, 19), "pedagang", "", "Desa Tasikagung", True),
            ("Kasmari", "L", D(1978, 3, 8), "nelayan", "", "Desa Pasarbanggi", True),
            ("Suparti", "P", D(1976, 9, 15), "pedagang", "", "Desa Tasikagung", True),
            ("Mulyono", "L", D(1985, 1, 27), "nelayan", "", "Desa Tasikagung", True),
            ("Rasimin", "L", D(1962, 5, 30), "nelayan", "", "Desa Pasarbanggi", True),
            ("Ngatini", "P", D(1988, 8, 6), "pengrajin", "", "Desa Pasarbanggi", True),
            ("Joko Susilo", "L", D(1993, 11, 11), "nelayan", "", "Desa Tasikagung", False),
        ],
    ),
    # Seed 003: coffee farmers on the Argopuro slopes, Jember, Jawa Timur.
    "ksu-argopuro": (
        "350918",
        [
            ("Misnadi", "L", D(1971, 4, 22), "petani", "Poktan Argopuro Jaya", "Desa Sucopangepok", True),
            ("Supandi", "L", D(1967, 8, 9), "petani", "Poktan Argopuro Jaya", "Desa Sucopangepok", True),
            ("Siti Aminah", "P", D(1982, 1, 16), "petani", "Poktan Argopuro Jaya", "Desa Sucopangepok", True),
            ("Holil", "L", D(1975, 6, 3), "petani", "Poktan Kopi Rakyat", "Desa Panduman", True),
            ("Buhari", "L", D(1963, 10, 25), "petani", "Poktan Kopi Rakyat", "Desa Panduman", True),
            ("Ummi Kulsum", "P", D(1984, 3, 29), "pengrajin", "Poktan Kopi Rakyat", "Desa Panduman", True),
            ("Hasan Basri", "L", D(1979, 12, 14), "pedagang", "", "Desa Sucopangepok", True),
            ("Mat Sahri", "L", D(1970, 7, 7), "petani", "Poktan Argopuro Jaya", "Desa Sucopangepok", True),
            ("Nur Hayati", "P", D(1991, 9, 2), "petani", "Poktan Kopi Rakyat", "Desa Panduman", False),
        ],
    ),
    # Seed 004: dairy farmers (peternak sapi perah) in Pangalengan, Kab. Bandung, Jawa Barat.
    "kpbs-pangalengan": (
        "320426",
        [
            ("Aceng Ruhimat", "L", D(1970, 5, 18), "peternak", "TPK Cipanas", "Desa Margamukti", True),
            ("Dadang Sukmana", "L", D(1966, 9, 1), "peternak", "TPK Cipanas", "Desa Margamukti", True),
            ("Enok Sumiati", "P", D(1978, 3, 26), "peternak", "TPK Cipanas", "Desa Margamukti", True),
            ("Oman Abdurahman", "L", D(1973, 11, 13), "peternak", "TPK Los Cimaung", "Desa Pulosari", True),
            ("Tati Rohmawati", "P", D(1985, 7, 4), "peternak", "TPK Los Cimaung", "Desa Pulosari", True),
            ("Jajang Nurjaman", "L", D(1980, 2, 20), "peternak", "TPK Los Cimaung", "Desa Pulosari", True),
            ("Iwan Setiawan", "L", D(1976, 6, 10), "karyawan", "", "Desa Pangalengan", True),
            ("Neneng Hasanah", "P", D(1989, 10, 31), "peternak", "TPK Cipanas", "Desa Margamukti", True),
            ("Ade Kusnadi", "L", D(1964, 12, 24), "peternak", "TPK Los Cimaung", "Desa Pulosari", True),
            ("Rina Marlina", "P", D(1994, 4, 8), "peternak", "TPK Cipanas", "Desa Margamukti", False),
        ],
    ),
}
JOINED = D(2019, 1, 15)
ADMITTED = D(2019, 2, 1)
POKOK_PAID = D(2024, 1, 15)  # after the demo books open (demo/ledger.py: 2 January 2024)

# What the seeds say members borrow for (seed 000: redeeming coconut gardens pawned to middlemen,
# repaid from harvests; seed 001: fishing gear, repaid in the season).
LOAN_PURPOSES = {
    "kpmk-pangandaran": "Penebusan kebun kelapa yang tergadai ke tengkulak",
    "kud-mina": "Perbaikan jaring dan mesin perahu",
    "ksu-argopuro": "Modal perawatan kebun kopi",
    "kpbs-pangalengan": "Pembelian pakan dan bibit sapi perah",
}


def _credit_line(member, manager, cashier, today: datetime.date) -> None:
    """A fish trader's credit line at KUD Mina: drawn and repaid over three months, interest billed for the
    months that have ended (each month's interest daily on what was drawn, actual/365)."""
    from koperasi.ledger.fiscal import Month
    from members.credit_lines import services as credit_lines
    from members.credit_lines.models import CreditLine

    if CreditLine.objects.filter(member=member).exists():
        return
    opened = _months_ago(today, 3, day=1)
    line = credit_lines.open_credit_line(
        actor=manager, member=member, limit=Decimal(5000000), rate=Decimal("0.18"), on=opened
    )
    for months_ago in (3, 2, 1):
        month = Month.of(_months_ago(today, months_ago))
        credit_lines.draw(actor=cashier, line=line, amount=Decimal(1500000), date=_months_ago(today, months_ago, day=3),
                      key=f"demo-kr-draw-{months_ago}")  # fmt: skip
        line.refresh_from_db()
        if line.interest_due:
            credit_lines.repay(actor=cashier, line=line, amount=line.interest_due + Decimal(500000),
                           date=_months_ago(today, months_ago, day=20), key=f"demo-kr-repay-{months_ago}")  # fmt: skip
        credit_lines.bill_interest(line, month)


# Products that show the conventions a cooperative's AD/ART or its bank sets (docs/savings-loans.md):
# (code, fields, (tag, member index, amount, instalments, disbursed months ago, instalments repaid)).
EXTRA_LOAN_PRODUCTS = {
    # Fishmongers at the TPI take weekly loans: 0,5 % a week flat, ten to twenty weeks.
    "kud-mina": (
        "mingguan-pedagang",
        {
            "name": "Pinjaman mingguan pedagang ikan",
            "interest_method": "flat",
            "rate": Decimal("0.005"),
            "rate_period": "week",
            "frequency": "weekly",
            "min_term_periods": 10,
            "max_term_periods": 20,
            "min_amount": Decimal("500000"),
            "max_amount": Decimal("5000000"),
            "admin_fee_rate": Decimal("0.01"),
            "penalty_rate_per_day": Decimal("0.001"),
        },
        ("mingguan", 3, 2000000, 20, 2, 6),
    ),
    # A savings-and-loan unit that quotes as banks do: 18 % a year effective, interest on the actual days,
    # the instalment rounded up to Rp 1.000, fees withheld.
    "ksu-argopuro": (
        "anuitas-efektif",
        {
            "name": "Pinjaman anuitas (bunga efektif)",
            "interest_method": "annuity",
            "rate": Decimal("0.18"),
            "rate_period": "year",
            "rate_conversion": "effective",
            "day_count": "act/365",
            "rounding": "cents",
            "instalment_multiple": Decimal("1000"),
            "min_term_periods": 6,
            "max_term_periods": 36,
            "min_amount": Decimal("1000000"),
            "admin_fee_rate": Decimal("0.01"),
            "provision_rate": Decimal("0.005"),
            "penalty_rate_per_day": Decimal("0.001"),
        },
        ("anuitas", 3, 6000000, 12, 3, 3),
    ),
}


@demo_step("members")
def members() -> list[DemoLogin]:
    admin = ensure_user("admin", "unused")
    logins = []
    for slug, (district, people) in MEMBERS.items():
        cooperative = demo_cooperative(slug)
        with cooperative_context(cooperative.pk, user_id=admin.pk):
            for serial, (name, sex, born, occupation, group, village, admitted) in enumerate(people, start=1):
                nik = make_nik(district, born, sex, serial)
                member = Member.objects.filter(nik=nik).first()
                if member is None:
                    member = services.register_member(
                        actor=admin,
                        nik=nik,
                        name=name,
                        sex=sex,
                        birth_date=born,
                        address=f"{village}, {cooperative.regency}",
                        phone=f"0813{district[2:]}{serial:04d}",
                        occupation=occupation,
                        farmer_group=group,
                        join_date=JOINED,
                    )
                if admitted and member.status == MemberStatus.CANDIDATE:
                    services.admit_member(actor=admin, member=member, on=ADMITTED)
            first = Member.objects.order_by("member_no").first()
            short = slug.split("-")[0]
            user = ensure_user(f"{short}-anggota", PASSWORD, full_name=first.name)
            if first.user_id != user.pk:
                services.link_user(actor=admin, member=first, user=user)
        logins.append(DemoLogin(f"member, {slug}", user.username, PASSWORD, first.name))
    return logins


def _months_ago(today: datetime.date, months: int, day: int = 5) -> datetime.date:
    """That day ``months`` before ``today``'s month, but never after ``today`` (the demo records only
    what has happened by the day it is loaded)."""
    from members.loans.periods import add_months

    return min(add_months(today.replace(day=day), -months), today)


@demo_step("savings and loans")
def savings_and_loans() -> list[DemoLogin]:
    from koperasi.ledger.fiscal import Month
    from members.loans import services as loans
    from members.loans.models import Loan, LoanProduct
    from members.loans.repayments import repay_loan
    from members.savings import services as savings
    from members.savings.models import SavingsKind
    from members.savings.monthly import bill_mandatory_savings
    from members.savings.products import account_for

    today = datetime.date.today()
    for slug in MEMBERS:
        cooperative = demo_cooperative(slug)
        short = slug.split("-")[0]
        maker = ensure_user(f"{short}-kasir", PASSWORD)
        checker = ensure_user(f"{short}-manajer", PASSWORD)
        with cooperative_context(cooperative.pk, user_id=checker.pk):
            members_ = list(Member.objects.filter(status=MemberStatus.MEMBER).order_by("member_no"))
            start = _months_ago(today, 6, day=2)
            for member in members_:
                number = member.member_no
                # Simpanan pokok was paid on joining, before last fiscal year: last year's SHU counts it.
                pokok = account_for(member, SavingsKind.PRINCIPAL, opened_on=POKOK_PAID)
                if pokok.balance < pokok.product.amount:
                    savings.deposit(
                        account=pokok,
                        amount=pokok.product.amount - pokok.balance,
                        date=POKOK_PAID,
                        actor=maker,
                        key=f"demo-{slug}-{number}-pokok",
                    )
                wajib = account_for(member, SavingsKind.MANDATORY, opened_on=start)
                paid_months = 6 - (number % 4 == 0) * 3  # every fourth member missed three months
                for offset in range(paid_months):
                    savings.deposit(
                        account=wajib,
                        amount=wajib.product.amount,
                        date=_months_ago(today, 5 - offset, day=10),
                        actor=maker,
                        key=f"demo-{slug}-{number}-wajib-{offset}",
                    )
                sukarela = account_for(member, SavingsKind.VOLUNTARY, opened_on=start)
                savings.deposit(
                    account=sukarela,
                    amount=Decimal(150000 + 50000 * (number % 5)),
                    date=start,
                    actor=maker,
                    key=f"demo-{slug}-{number}-sukarela",
                )
                if number % 3 == 0:
                    savings.withdraw(
                        account=sukarela,
                        amount=Decimal(50000),
                        date=_months_ago(today, 2, day=20),
                        actor=maker,
                        key=f"demo-{slug}-{number}-tarik",
                    )
            for offset in range(5, -1, -1):
                bill_mandatory_savings(Month.of(_months_ago(today, offset)))

            general = LoanProduct.objects.get(code="umum")
            plans = [
                # (tag, member index, product, amount, months, disbursed months ago, instalments repaid)
                ("lancar", 0, general, 3000000, 12, 4, 4),
                ("tunggak", 1, general, 2000000, 10, 6, 1),
                ("baru", 2, general, 1500000, 6, None, 0),
            ]
            if slug == "kud-mina":
                seasonal, _created = LoanProduct.objects.get_or_create(
                    code="musiman-nelayan",
                    defaults={
                        "name": "Pinjaman musiman nelayan",
                        "interest_method": "declining",
                        "rate": Decimal("0.18"),
                        "rate_period": "year",
                        "min_term_periods": 6,
                        "max_term_periods": 24,
                        "min_amount": Decimal("500000"),
                        "principal_months": "4-10",
                        "admin_fee_rate": Decimal("0.01"),
                        "penalty_rate_per_day": Decimal("0.0005"),
                    },
                )
                plans[0] = ("musiman", 0, seasonal, 5000000, 12, 3, 3)
            extra = EXTRA_LOAN_PRODUCTS.get(slug)
            if extra is not None:
                code, fields, (tag, index, amount, periods, disbursed_ago, repaid) = extra
                product, _created = LoanProduct.objects.get_or_create(code=code, defaults=fields)
                plans.append((tag, index, product, amount, periods, disbursed_ago, repaid))
            for tag, index, product, amount, periods, disbursed_ago, repaid in plans:
                member = members_[index]
                marker = f"demo:{tag}"
                if Loan.objects.filter(member=member, purpose__contains=marker).exists():
                    continue
                applied_on = _months_ago(today, disbursed_ago or 0, day=1)
                loan = loans.apply_for_loan(
                    actor=maker,
                    member=member,
                    product=product,
                    amount=Decimal(amount),
                    term_periods=periods,
                    applied_on=min(applied_on, today),
                    purpose=f"{LOAN_PURPOSES.get(slug, 'Modal usaha')} ({marker})",
                )
                if disbursed_ago is None:
                    continue
                loans.approve_loan(actor=checker, loan=loan, on=applied_on, note="Disetujui rapat pengurus")
                loans.disburse_loan(actor=maker, loan=loan, on=applied_on)
                for row in loan.installments.order_by("number")[:repaid]:
                    if row.due_date > today:
                        break
                    repay_loan(
                        actor=maker,
                        loan=loan,
                        amount=row.total,
                        date=row.due_date,
                        key=f"demo-{slug}-{tag}-{row.number}",
                    )
            if slug == "kud-mina":
                _credit_line(members_[4], checker, maker, today)
    return []
