"""The commands' handlers, one module per domain.

``base.Command`` imports a module from here only when one of its commands runs, after Django is set up; so these
modules import models, selectors and services at their top. They import nothing from each other: what several
share lives in ``sevenc.cli.base`` (or, when it reads the database, in ``lookup``).
"""
