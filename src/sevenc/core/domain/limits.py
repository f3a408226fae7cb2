"""The documented input limits (docs/api.md, "Limits"), in one pure module that schemas, models, forms and
imports all read. Stdlib only."""

INT_MAX = 2**31 - 1  # PostgreSQL's integer column; SQLite stores more, PostgreSQL does not
ID_MAX = 2**63 - 1  # bigint: the primary keys of every table
YEAR_MIN, YEAR_MAX = 1900, 2999
TEXT_MAX = 10_000  # free text (notes, descriptions, comments) unless a field says less
LIST_MAX = 5_000  # entries in one list (a bulk update of a 1,189-practice framework fits)
