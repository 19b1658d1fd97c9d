"""Writes of the procurement app, one business action per function (see each module)."""
