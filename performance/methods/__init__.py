"""Analytics methods: pure Python, no Django. See docs/methods.md."""
