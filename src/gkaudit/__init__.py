"""gkaudit: audit the arithmetic of government information-disclosure annual reports.

The API (``check``, ``read``, ``check_one``, ``load_rules``, ``find_reports``) lives in
:mod:`gkaudit.api`; it is imported on first use so that ``gkaudit --help`` stays fast.
"""

from gkaudit.version import __version__

_API = ("check", "check_one", "find_reports", "load_rules", "read")
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        from gkaudit import api

        return getattr(api, name)
    raise AttributeError(f"module 'gkaudit' has no attribute {name!r}")
