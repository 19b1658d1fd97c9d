"""Fault tests (marker ``fault``): the product loses nothing when parts fail.

Run them with ``scripts/test.sh tests/faults``. What each module proves:

* ``test_replays``: replayed, reordered and duplicated requests (a till's offline sync batches sent twice,
  out of order, overlapping, on two connections at once; the same payment-run approval or payment from two
  managers at the same moment; two runs drafted at once) record every business event once.
* ``test_broker_down``: with the app under gunicorn and its private Redis (broker and cache) stopped,
  logging in, the member list and a deposit work (pages and API), ``/healthz`` answers 503 with the broker
  down, starting background work (the month's snapshots) is refused with a message on the page and a JSON
  503 in the API, nothing is half-queued, and the same click queues the job once Redis is back.
* ``test_worker_killed``: a real Celery worker SIGKILLed in the middle of the monthly jasa simpanan run and
  of the depreciation run (caught waiting on a row lock the test holds) leaves nothing half-posted; the task,
  acknowledged late, is handed to a new worker after the visibility timeout and completes exactly once —
  one interest credit per account, every depreciation month once — and running it again changes nothing.
  A job handed to a second worker while the first still runs it waits for the first, then changes nothing.
* ``test_database_restart``: a private PostgreSQL cluster (the embedded server's binaries, the test database's
  schema) crashes (immediate shutdown) and starts again while a till sells through the app under gunicorn:
  during the outage a page answers 503 with the Bahasa message and the API a JSON 503, both with Retry-After,
  never a 500; the next requests after the restart succeed with no restart of the app (connections are
  health-checked before reuse); every answered sale survived, no sale is half-written (each has its journal
  entry, the ledger balances, the stock ties to it), and the unanswered ones sent again exist once.

``processes.py`` starts the private servers (free ports, output in the test's tmp dir, always ended).
"""
