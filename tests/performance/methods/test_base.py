"""The methods' error messages: English templates with their values apart, translated when read through
the function the app installs (performance.methods._base)."""

from __future__ import annotations

import pytest

from performance.methods import _base
from performance.methods._base import Errors, Message, MethodInputError, use_translation


@pytest.fixture
def bracketed():
    """A stand-in translation (brackets the template), put back afterwards."""
    before = _base._translate
    use_translation(lambda template: f"[{template}]")
    yield
    use_translation(before)


def test_an_error_fills_its_template_with_its_values():
    errors = Errors()
    errors.add("wage", "Must be at least %(minimum)s.", minimum=0)
    errors.add("name", "This field is required.")
    with pytest.raises(MethodInputError) as caught:
        errors.raise_if_any()
    assert caught.value.errors == {"wage": ["Must be at least 0."], "name": ["This field is required."]}
    assert str(caught.value) == "wage: Must be at least 0.; name: This field is required."


def test_messages_are_translated_when_read_and_the_values_are_not(bracketed):
    problem = MethodInputError({"code": [Message("Duplicate code %(code)r.", {"code": "x1"})]})
    assert problem.errors == {"code": ["[Duplicate code 'x1'.]"]}
    assert str(problem) == "code: Duplicate code 'x1'."  # the exception's own text stays English (logs)


def test_errors_moved_under_a_prefix_or_into_another_collection_keep_their_templates(bracketed):
    problem = MethodInputError({"weights": [Message("The weights sum to %(total)s, not 100.", {"total": 90})]})
    assert problem.under("rubric.").errors == {"rubric.weights": ["[The weights sum to 90, not 100.]"]}
    errors = Errors()
    errors.extend(problem)
    with pytest.raises(MethodInputError) as caught:
        errors.raise_if_any()
    assert caught.value.messages == problem.messages


def test_a_template_without_values_may_hold_a_percent_sign():
    assert MethodInputError({"rate": ["Give 5% as 5."]}).errors == {"rate": ["Give 5% as 5."]}
