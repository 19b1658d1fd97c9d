"""Analytics snapshots computed by Celery jobs from the methods in performance/methods/."""
