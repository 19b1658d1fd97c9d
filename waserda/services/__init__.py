"""Writes of the waserda: each function is one business action in one transaction.

One module per concept, imported by its full path (``from waserda.services import sales``):
``sales`` (POS sales, returns, member credit payments, reconciliation) with ``sale_store`` (its two
statements), ``sessions`` (cash sessions, Z report), ``catalog`` (products, categories, suppliers,
member cards, shop settings), ``purchasing`` (orders, goods receipts, supplier bills and payments),
``counts`` (stock opname), ``stock`` (stock cards and moving-average cost), ``journal`` (the
waserda's postings) and ``replenishment`` (reorder points).
"""
