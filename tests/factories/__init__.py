"""factory_boy factories shared by the tests, one module per app."""
