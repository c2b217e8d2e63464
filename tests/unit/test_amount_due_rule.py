"""The amount-due rule (``marketplace.order.amounts.compute_amount_due``) on any
order: never negative, whole đồng, the lines left plus the delivery fee while a
line is left, nothing once every line is cancelled, and never more than the
placed total."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from marketplace.order.amounts import compute_amount_due
from tests.fuzz import FUZZ

#: Whole-đồng line prices (0 for a free gift) and whether each line is cancelled.
lines = st.lists(st.tuples(st.integers(0, 50_000_000).map(Decimal), st.booleans()), min_size=1, max_size=8)
fees = st.integers(0, 500_000).map(Decimal)


@FUZZ
@given(lines, fees)
def test_the_lines_left_plus_the_fee_or_nothing(order_lines, fee):
    total = sum(price for price, _cancelled in order_lines) + fee
    due = compute_amount_due(total, order_lines)
    left = [price for price, cancelled in order_lines if not cancelled]
    assert due >= 0 and due == due.to_integral_value()
    assert due == (sum(left) + fee if left else 0)
    assert due <= total


@FUZZ
@given(lines, fees)
def test_nothing_cancelled_is_the_placed_total(order_lines, fee):
    order_lines = [(price, False) for price, _cancelled in order_lines]
    total = sum(price for price, _cancelled in order_lines) + fee
    assert compute_amount_due(total, order_lines) == total


@FUZZ
@given(lines, st.integers(0, 1_000_000).map(Decimal))
def test_never_negative_even_for_a_total_below_its_lines(order_lines, total):
    """A total smaller than its lines (a discount not on the lines) gives no
    negative fee: the lines left are due, never less than nothing."""
    assert compute_amount_due(total, order_lines) >= 0


@FUZZ
@given(lines, fees)
def test_cancelling_more_never_raises_the_amount(order_lines, fee):
    total = sum(price for price, _cancelled in order_lines) + fee
    before = compute_amount_due(total, order_lines)
    more = [(price, True) for price, _cancelled in order_lines[:1]] + order_lines[1:]
    assert compute_amount_due(total, more) <= before
