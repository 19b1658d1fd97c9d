"""Production batches: what went in (raw-material lots, labour, other inputs), what came out, what it
cost; and the finished-goods lots they make."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koperasi.tenancy.models import TenantModel
from processing.costing import AllocationBasis
from processing.models.plants import MONEY, QTY, RATE, Product, ProductionLine, Worker
from processing.models.recipes import InputKind, Recipe


class BatchStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    STARTED = "started", _("Started")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class Allocation(models.TextChoices):
    SALES_VALUE = AllocationBasis.SALES_VALUE.value, _("By relative sales value")
    WEIGHT = AllocationBasis.WEIGHT.value, _("By weight")


_COST_PARTS = [models.F(name) for name in ("materials_cost", "labour_cost", "other_inputs_cost", "overhead_cost")]


class Batch(TenantModel):
    """One production run on ``line`` by ``recipe`` (its version kept): planned → started → finished.
    Finishing takes the raw-material lots, costs the outputs and posts the entry; the cost fields are
    filled then."""

    line = models.ForeignKey(ProductionLine, verbose_name=_("line"), on_delete=models.PROTECT, related_name="batches")
    recipe = models.ForeignKey(Recipe, verbose_name=_("recipe"), on_delete=models.PROTECT, related_name="batches")
    status = models.CharField(_("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PLANNED)
    planned_on = models.DateField(_("planned for"))
    started_on = models.DateField(_("started"), null=True, blank=True)
    finished_on = models.DateField(_("finished"), null=True, blank=True)
    allocation = models.CharField(
        _("joint cost allocated"), max_length=12, choices=Allocation.choices, default=Allocation.SALES_VALUE
    )
    overhead_rate = models.DecimalField(_("overhead rate"), **RATE, null=True, blank=True)
    materials_cost = models.DecimalField(_("materials"), **MONEY, default=0)
    labour_cost = models.DecimalField(_("labour"), **MONEY, default=0)
    other_inputs_cost = models.DecimalField(_("other inputs"), **MONEY, default=0)
    overhead_cost = models.DecimalField(_("overhead"), **MONEY, default=0)
    total_cost = models.DecimalField(_("total cost"), **MONEY, default=0)
    note = models.CharField(_("note"), max_length=255, blank=True)
    journal_entry = models.ForeignKey(
        "ledger.JournalEntry", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-planned_on", "-id"]
        verbose_name = _("production batch")
        verbose_name_plural = _("production batches")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_cost=_COST_PARTS[0] + _COST_PARTS[1] + _COST_PARTS[2] + _COST_PARTS[3]),
                name="processing_batch_cost_adds_up",
            ),
        ]
        indexes = [models.Index(fields=["cooperative", "finished_on"], name="processing_batch_finished_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"PB-{self.pk:06d}" if self.pk else "PB-?"


class BatchInput(TenantModel):
    """Raw material the batch takes: ``quantity`` of ``material``, from ``lot`` when chosen, else from the
    oldest lots first (FIFO) when the batch finishes."""

    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="inputs")
    material = models.ForeignKey(
        "procurement.RawMaterial", verbose_name=_("raw material"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), **QTY)
    lot = models.ForeignKey(
        "procurement.RawMaterialLot",
        verbose_name=_("chosen lot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("batch input")
        verbose_name_plural = _("batch inputs")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="processing_input_positive")]


class Consumption(TenantModel):
    """What a finished batch took from one raw-material lot, at the lot's cost: the link traceability
    follows from product to farmer and back."""

    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.PROTECT, related_name="consumptions")
    lot = models.ForeignKey(
        "procurement.RawMaterialLot", verbose_name=_("lot"), on_delete=models.PROTECT, related_name="consumptions"
    )
    quantity = models.DecimalField(_("quantity"), **QTY)
    cost = models.DecimalField(_("cost"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("lot consumption")
        verbose_name_plural = _("lot consumptions")
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0), name="processing_consumption_positive")]
        indexes = [
            models.Index(fields=["cooperative", "lot"], name="processing_consumption_lot_idx"),
            models.Index(fields=["cooperative", "batch"], name="processing_consumption_bat_idx"),
        ]


class BatchLabour(TenantModel):
    """Work on a batch: ``people`` × ``hours`` each, as HOK (hours ÷ the plant's hours per HOK), paid at
    ``wage`` per HOK or per hour (a worker's, or entered)."""

    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="labour")
    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("work"), max_length=100, blank=True)
    people = models.PositiveIntegerField(_("people"), default=1)
    hours = models.DecimalField(_("hours each"), **QTY)
    hok = models.DecimalField(_("HOK"), **QTY)
    wage_basis = models.CharField(_("wage basis"), max_length=5)
    wage = models.DecimalField(_("wage"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["id"]
        verbose_name = _("labour")
        verbose_name_plural = _("labour")
        constraints = [
            models.CheckConstraint(condition=Q(people__gte=1) & Q(hours__gt=0), name="processing_labour_positive"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="processing_labour_amount_nonnegative"),
        ]


class CreditAccount(models.TextChoices):
    """Where an other input is credited when the batch finishes: bought on credit or for cash, or moved
    out of the expense it was first booked to."""

    ACCOUNTS_PAYABLE = "accounts_payable", _("Accounts payable (Hutang usaha)")
    CASH = "cash", _("Cash (Kas)")
    BANK = "bank", _("Bank")
    UTILITIES = "utilities", _("Utilities expense (Beban listrik & air)")
    OTHER_EXPENSE = "other_expense", _("Other expense (Beban lain-lain)")


class BatchOtherInput(TenantModel):
    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="other_inputs")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=InputKind.choices, default=InputKind.OTHER)
    quantity = models.DecimalField(_("quantity"), **QTY, default=0)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    cost = models.DecimalField(_("cost"), **MONEY)
    credit_account = models.CharField(
        _("credited to"), max_length=20, choices=CreditAccount.choices, default=CreditAccount.ACCOUNTS_PAYABLE
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("other input")
        verbose_name_plural = _("other inputs")
        constraints = [models.CheckConstraint(condition=Q(cost__gte=0), name="processing_other_cost_nonnegative")]


class BatchOutput(TenantModel):
    """A product the batch gave, with its quality; ``price`` per unit weighs it in a sales-value
    allocation; ``cost`` is its share of the batch's cost (filled when the batch finishes)."""

    batch = models.ForeignKey(Batch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="outputs")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), **QTY)
    grade = models.CharField(_("quality"), max_length=50, blank=True)
    is_main = models.BooleanField(_("main product"), default=False)
    price = models.DecimalField(_("price per unit"), **MONEY, default=0)
    cost = models.DecimalField(_("cost"), **MONEY, default=0)

    class Meta:
        ordering = ["-is_main", "id"]
        verbose_name = _("batch output")
        verbose_name_plural = _("batch outputs")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="processing_output_positive"),
            models.UniqueConstraint(
                fields=["cooperative", "batch"], condition=Q(is_main=True), name="processing_batch_one_main_output"
            ),
        ]


class FinishedGoodsLot(TenantModel):
    """The finished goods one output of a batch made: ``cost`` is the output's share, ``remaining_value``
    what is left of it in stock (emptied to exactly zero, so the stock ties to Persediaan barang jadi)."""

    output = models.OneToOneField(BatchOutput, verbose_name=_("output"), on_delete=models.PROTECT, related_name="lot")
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="lots")
    produced_on = models.DateField(_("produced"))
    quantity = models.DecimalField(_("quantity"), **QTY)
    remaining = models.DecimalField(_("remaining"), **QTY)
    unit_cost = models.DecimalField(_("cost per unit"), **MONEY)
    cost = models.DecimalField(_("cost"), **MONEY)
    remaining_value = models.DecimalField(_("value in stock"), **MONEY)

    class Meta:
        ordering = ["produced_on", "id"]
        verbose_name = _("finished-goods lot")
        verbose_name_plural = _("finished-goods lots")
        constraints = [
            models.CheckConstraint(
                condition=Q(remaining__gte=0) & Q(remaining__lte=models.F("quantity")),
                name="processing_fg_remaining_within_quantity",
            ),
            models.CheckConstraint(
                condition=Q(remaining_value__gte=0) & Q(remaining_value__lte=models.F("cost")),
                name="processing_fg_value_within_cost",
            ),
        ]
        # The lots still in stock, oldest first (what a delivery note takes): few among all ever made.
        indexes = [
            models.Index(fields=["cooperative", "product", "produced_on", "id"], condition=Q(remaining__gt=0),
                         name="processing_fg_open_idx")
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"FG-{self.pk:06d}" if self.pk else "FG-?"
