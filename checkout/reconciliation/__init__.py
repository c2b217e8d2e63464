"""Bank statement reconciliation: operators upload their bank's statement export
and the shop matches credits to orders awaiting a VietQR transfer.

- ``parsers``: the statement layouts (two banks' internet-banking CSV exports and
  a generic one) read into rows, every bad row reported, all or nothing
- ``matching``: the import (one fingerprint per statement line, so a statement
  uploaded twice changes nothing), the automatic matches (transfer code and exact
  amount → ``mark_paid``) and the operators' decisions on the review list
- ``models``: each uploaded statement and each of its credit lines
- ``dashboard``: the operators' pages (``/dashboard/reconciliation/``)

See docs/bank-statements.md. Nothing is imported here, so ``checkout.models``
can load the models before the app registry is ready.
"""
