"""Supply network: farmers, groups, collectors, raw materials, deliveries and payments."""
