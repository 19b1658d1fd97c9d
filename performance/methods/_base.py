"""Shared plumbing of the analytics methods: input parsing, errors, ratios, reconciliation.

Pure Python (no Django import). Every method module builds on these helpers so that all
calculators parse numbers, report bad input and compare published tables the same way.

Conventions
-----------
* Inputs are JSON documents; numbers may arrive as JSON numbers (int or float) or as strings
  ("3026", "0.9", "-1.5"). Floats are converted through ``str()`` so ``0.1`` becomes
  ``Decimal("0.1")`` and not its binary approximation. Booleans are never numbers.
* Arithmetic is Decimal with :data:`CONTEXT` (34 significant digits, ROUND_HALF_UP); nothing
  is rounded unless the caller names the edge (see :func:`round_to`).
* Results are JSON documents whose decimal values are strings (:func:`to_str`).
* A ratio whose divisor is zero is ``None`` plus a note, never an exception.
* Error messages are English templates marked with ``_`` (:func:`gettext_noop`, so makemessages finds
  them) with their values apart (``errors.add(field, _("Must be at least %(minimum)s."), minimum=m)``);
  :attr:`MethodInputError.errors` translates them through the function the app installs
  (:func:`use_translation`), so a Bahasa page shows Bahasa errors while this code knows no language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from typing import Any

CONTEXT = Context(prec=34, rounding=ROUND_HALF_UP)
HUNDRED = Decimal(100)
ZERO = Decimal(0)
ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN}
# Inputs beyond a quintillion are typing mistakes, and would overflow the 34-digit context once
# multiplied; refusing them at the door keeps every later step exact.
MAX_MAGNITUDE = Decimal("1e18")


def gettext_noop(message: str) -> str:
    """Marks ``message`` for translation without translating it; imported as ``_``."""
    return message


_ = gettext_noop
_translate: Callable[[str], str] = gettext_noop


def use_translation(translate: Callable[[str], str]) -> None:
    """Install the function that translates error messages when they are read (the Django app installs
    ``gettext`` at start: performance.apps)."""
    global _translate
    _translate = translate


@dataclass(frozen=True)
class Message:
    """An error message: its English template and the values that fill it."""

    template: str
    values: Mapping[str, Any] | None = None

    def text(self, translate: Callable[[str], str]) -> str:
        template = translate(self.template)
        return template % self.values if self.values else template


class MethodInputError(ValueError):
    """Invalid payload; ``errors`` maps a field path (``stages.0.buy_price``) to messages."""

    def __init__(self, errors: Mapping[str, Iterable[str | Message]]):
        self.messages = {
            key: [message if isinstance(message, Message) else Message(message) for message in messages]
            for key, messages in errors.items()
        }
        english = {key: [message.text(gettext_noop) for message in messages] for key, messages in self.messages.items()}
        super().__init__("; ".join(f"{key}: {' '.join(texts)}" for key, texts in english.items()))

    @property
    def errors(self) -> dict[str, list[str]]:
        """Field path → messages, in the installed translation's language."""
        return {key: [message.text(_translate) for message in messages] for key, messages in self.messages.items()}

    def under(self, prefix: str) -> MethodInputError:
        """The same errors with every field path under ``prefix`` (``rubric.``)."""
        return MethodInputError({f"{prefix}{key}": messages for key, messages in self.messages.items()})


class Errors:
    """Collects field errors so a payload reports all of its problems at once."""

    def __init__(self) -> None:
        self._errors: dict[str, list[Message]] = {}

    def add(self, field: str, message: str | Message, **values: Any) -> None:
        """Record ``message`` (a template marked with ``_``, filled with ``values``) on ``field``."""
        if not isinstance(message, Message):
            message = Message(message, values or None)
        self._errors.setdefault(field, []).append(message)

    def extend(self, problem: MethodInputError) -> None:
        """Record every error of ``problem`` as well."""
        for key, messages in problem.messages.items():
            for message in messages:
                self.add(key, message)

    def __bool__(self) -> bool:
        return bool(self._errors)

    def raise_if_any(self) -> None:
        if self._errors:
            raise MethodInputError(self._errors)


def parse_decimal(value: Any) -> Decimal:
    """Turn a JSON number or numeric string into a finite Decimal, or raise ValueError."""
    if isinstance(value, bool) or value is None:
        raise ValueError("not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, (int, float)):
        result = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip().replace("_", "")
        try:
            result = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError("not a number") from exc
    else:
        raise ValueError("not a number")
    if not result.is_finite():
        raise ValueError("not a finite number")
    if abs(result) >= MAX_MAGNITUDE:
        raise ValueError("number too large")
    return result


def number(
    payload: Mapping[str, Any],
    key: str,
    errors: Errors,
    *,
    path: str = "",
    required: bool = True,
    default: Decimal | None = None,
    minimum: Decimal | None = ZERO,
    positive: bool = False,
) -> Decimal | None:
    """Read ``payload[key]`` as a Decimal, recording a field error instead of raising.

    ``minimum`` (default 0) rejects negative quantities and prices; pass ``None`` to allow any
    sign. ``positive`` additionally rejects zero (for divisors such as raw-material quantity).
    Returns ``default`` when the key is absent and not required, and ``None`` on error.
    """
    field = f"{path}{key}"
    if key not in payload or payload[key] is None or payload[key] == "":
        if required:
            errors.add(field, _("This field is required."))
        return default
    try:
        value = parse_decimal(payload[key])
    except ValueError as exc:
        errors.add(
            field, _("The number is too large.") if "too large" in str(exc) else _("A valid number is required.")
        )
        return None
    if positive and value <= 0:
        errors.add(field, _("Must be greater than zero."))
        return None
    if minimum is not None and value < minimum:
        errors.add(field, _("Must be at least %(minimum)s."), minimum=minimum)
        return None
    return value


def ratio(numerator: Decimal, denominator: Decimal, notes: list[str], label: str) -> Decimal | None:
    """``numerator / denominator``, or ``None`` with a note in ``notes`` when the divisor is zero."""
    if denominator == 0:
        notes.append(f"{label}: divisor is zero, ratio left empty.")
        return None
    with localcontext(CONTEXT):
        return numerator / denominator


def percent(numerator: Decimal, denominator: Decimal, notes: list[str], label: str) -> Decimal | None:
    """``numerator / denominator × 100``, or ``None`` with a note when the divisor is zero."""
    value = ratio(numerator, denominator, notes, label)
    if value is None:
        return None
    with localcontext(CONTEXT):
        return value * HUNDRED


def round_to(value: Decimal, places: int, mode: str = "half_up") -> Decimal:
    """Round ``value`` to ``places`` decimals with ``mode`` ('half_up' or 'down')."""
    if mode not in ROUNDING_MODES:
        raise ValueError(f"unknown rounding mode {mode!r}")
    with localcontext(CONTEXT):
        return value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING_MODES[mode])


def to_str(value: Decimal | None) -> str | None:
    """Decimal → plain string without exponent or trailing zeros (``None`` stays ``None``)."""
    if value is None:
        return None
    if value == 0:
        return "0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def decimals_printed(printed: Decimal) -> int:
    """How many decimals a published figure shows (``Decimal('31.37')`` → 2, ``'15'`` → 0)."""
    exponent = printed.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def agrees(printed: Decimal, computed: Decimal) -> bool:
    """A printed value agrees when it equals the computed one rounded half-up or truncated
    to the number of decimals printed (papers do both)."""
    places = decimals_printed(printed)
    return printed in (round_to(computed, places, "half_up"), round_to(computed, places, "down"))


def reconcile(published: Mapping[str, Any] | None, computed: Mapping[str, Decimal | None]) -> dict | None:
    """Compare a published table with computed values, key by key.

    Returns ``{key: {"printed", "computed", "agrees"}}`` for every published key, or ``None``
    when nothing was published. A printed key the method does not compute is reported with
    ``computed: None`` and ``agrees: False``; so is a printed value that is not a number.
    Printed values keep the decimals they were given as: pass ``"0.90"`` as a string to say two
    decimals were printed (a JSON number ``0.9`` means one).
    """
    if not published:
        return None
    report: dict[str, dict[str, Any]] = {}
    for key, raw in published.items():
        value = computed.get(key)
        try:
            printed = parse_decimal(raw)
        except ValueError:
            report[key] = {"printed": raw, "computed": to_str(value), "agrees": False}
            continue
        report[key] = {
            "printed": str(printed),
            "computed": to_str(value),
            "agrees": value is not None and agrees(printed, value),
        }
    return report


def require_mapping(payload: Any) -> Mapping[str, Any]:
    if not isinstance(payload, Mapping):
        raise MethodInputError({"non_field_errors": [_("The payload must be a JSON object.")]})
    return payload


def flatten(doc: Any, prefix: str = "") -> dict[str, Any]:
    """Flatten nested dicts/lists into dotted keys (``stages.0.costs.1.share``) for reconciliation.

    Leaves (Decimals, strings, booleans, ``None``) are kept as they are.
    """
    if isinstance(doc, Mapping):
        items = [(str(key), value) for key, value in doc.items()]
    elif isinstance(doc, (list, tuple)):
        items = [(str(index), value) for index, value in enumerate(doc)]
    else:
        return {prefix: doc}
    flat: dict[str, Any] = {}
    for key, value in items:
        flat.update(flatten(value, f"{prefix}.{key}" if prefix else key))
    return flat


def jsonable(doc: Any) -> Any:
    """Deep copy of ``doc`` with every Decimal turned into a string by :func:`to_str`."""
    if isinstance(doc, Decimal):
        return to_str(doc)
    if isinstance(doc, Mapping):
        return {key: jsonable(value) for key, value in doc.items()}
    if isinstance(doc, (list, tuple)):
        return [jsonable(value) for value in doc]
    return doc


def published_map(payload: Mapping[str, Any], errors: Errors, hint: str = "keyed like the result") -> Mapping | None:
    """The optional ``published`` table of a payload (a JSON object), or a field error."""
    published = payload.get("published")
    if published is not None and not isinstance(published, Mapping):
        errors.add("published", _("Must be an object %(hint)s."), hint=hint)
        return None
    return published


def finish(
    result: Mapping[str, Any],
    *,
    method: str,
    version: str,
    notes: list[str],
    published: Any = None,
    extra_keys: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON document a method returns: ``result`` with Decimals as strings, the method's name and
    version, its notes, and the reconciliation of ``published`` against every number in ``result``
    (flattened to dotted keys; ``extra_keys`` adds more addressable views of the same figures)."""
    computed = flatten(result) | (flatten(extra_keys) if extra_keys else {})
    flat = {key: value for key, value in computed.items() if value is None or isinstance(value, Decimal)}
    doc = jsonable(result)
    doc.update(
        {
            "method": method,
            "version": version,
            "notes": notes,
            "reconciliation": reconcile(published if isinstance(published, Mapping) else None, flat),
        }
    )
    return doc
