"""Processing plants, production batches, finished goods and product sales."""
