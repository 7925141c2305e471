"""Renderers: findings to the terminal (rich) and to machine-readable JSON."""
