"""Loans (pinjaman): the pure schedule mathematics now; loan accounts and repayments come with the ledger."""
