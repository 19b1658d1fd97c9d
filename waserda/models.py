"""The waserda shop: catalog, purchasing, stock, POS and cash sessions — see the waserda issue."""
