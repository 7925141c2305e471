"""The version, apart from the package so that a renderer can name it without importing the API."""

__version__ = "0.1.0"
