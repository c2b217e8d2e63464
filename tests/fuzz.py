"""Shared pieces of the property-based tests (hypothesis): bounds that keep the
suite fast, and the odd text people (and attackers) type into a search box."""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Enough examples to find odd input, few enough for a fast suite; no deadline
#: (the machines are shared); derandomized, so a failure shows on every run and
#: no example database is written into the work tree.
FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # read-only fixtures: safe to share
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

#: Inputs that broke a search backend once, and the syntax of every backend's
#: query language (SQLite FTS5, PostgreSQL tsquery, Lucene, SQL LIKE).
SPECIAL = [
    'tra "',
    'a"b',
    "tra\x00",
    '"; DROP TABLE catalogue_product; --',
    "' OR 1=1 --",
    "tra*",
    "*",
    "NEAR(tra rau, 2)",
    "AND",
    "OR NOT",
    "title:tra",
    "^tra",
    "tra -rau +má",
    "(tra",
    "tra)",
    "{!lucene}",
    "a~2",
    "a&b|c!d",
    "100%",
    "_",
    "\\",
    "\u0301",
    "\ufeff",
    "\u202e",
    "trà rau má",
    "Đèn",
]


def odd_text() -> st.SearchStrategy[str]:
    """Random unicode (control characters included), quotes and operators, and
    very long text of very many words."""
    return st.one_of(
        st.text(max_size=60),
        st.text(alphabet=st.sampled_from("\"'*()[]{}:^~!&|+-/\\%_ \x00\t\n"), max_size=40),
        st.lists(st.sampled_from(SPECIAL), min_size=1, max_size=25).map(" ".join),
        st.builds(
            lambda word, count: " ".join([word] * count),
            st.text(min_size=1, max_size=3),
            st.integers(min_value=40, max_value=4_000),
        ),
    )
