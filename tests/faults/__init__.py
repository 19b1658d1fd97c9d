"""Fault tests (marker ``fault``): the product loses nothing when parts fail.

Run them with ``scripts/test.sh tests/faults``. What each module proves:

* ``test_replays``: replayed, reordered and duplicated requests (a till's offline sync batches sent twice,
  out of order, overlapping, on two connections at once; the same payment-run approval or payment from two
  managers at the same moment; two runs drafted at once) record every business event once.
"""
