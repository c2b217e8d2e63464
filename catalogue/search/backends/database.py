"""Search on the database (SQLite or PostgreSQL) through the denormalised
``ProductSearchDocument`` table.

Text, in tiers (``TIER_*``): every query word a whole word of the folded search
text (titles, producer, regions, groups); only when nothing matches so, the last
word as a prefix (as people type); only then words within one or two typos of
an indexed word (``typo_candidates``). A score built from plain ``LIKE`` tests
ranks titles above producer and region, and accents typed exactly first. Near me: a
bounding box the indexes can use, then the haversine distance.
"""

import math
from collections.abc import Iterable

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from tqdm import tqdm

from catalogue import certification
from catalogue.groups import GROUP_CODES
from catalogue.search.backends.base import BackendResult, Hit, SearchBackend, Suggestion
from catalogue.search.documents import ProductDocument
from catalogue.search.geo import EARTH_RADIUS_KM, KM_PER_DEGREE
from catalogue.search.models import ProductSearchDocument
from catalogue.search.query import (
    FACETS,
    PRICE_BANDS,
    PRODUCER_KINDS,
    SORT_DISTANCE,
    SORT_NEWEST,
    SORT_PRICE,
    SORT_PRICE_DESC,
    SORT_STARS,
    STAR_LEVELS,
    SearchQuery,
    bounded_text,
)
from marketplace.text import fold, normalize_exact, padded

#: Up to this many text matches are carried by primary key into the facet and
#: page queries; beyond it they repeat the (indexed) text condition instead.
TEXT_CANDIDATES_LIMIT = 2_000


def document_row(document: ProductDocument) -> ProductSearchDocument:
    on = certification.today()
    return ProductSearchDocument(
        product_id=document.product_id,
        sku=document.sku,
        title_exact=padded(normalize_exact(document.title_text)),
        title_folded=padded(fold(document.title_text)),
        text_exact=padded(normalize_exact(document.search_text)),
        text_folded=padded(fold(document.search_text)),
        description_folded=padded(fold(document.description_text)),
        province=document.province,
        ward=document.ward,
        group=document.group,
        producer_kind=document.producer_kind,
        price=document.price,
        in_stock=document.in_stock,
        until_3=document.until.get(3),
        until_4=document.until.get(4),
        until_5=document.until.get(5),
        valid_until=document.valid_until,
        star=document.star_on(on),
        category_ids=padded(" ".join(str(pk) for pk in document.category_ids)),
        latitude=document.latitude,
        longitude=document.longitude,
        date_created=document.date_created,
    )


#: Every column of a search row but its key: what an upsert overwrites.
UPSERT_FIELDS = [
    field.name
    for field in ProductSearchDocument._meta.concrete_fields
    if not field.primary_key
]


def _upsert(rows: list[ProductSearchDocument]) -> None:
    if rows:
        ProductSearchDocument.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["product"],
            update_fields=UPSERT_FIELDS,
        )


def current_star(on) -> Case:
    """The star a product holds on ``on``: its best certificate still valid."""
    return certification.current_star_expression(certification.valid_until_columns(on))


def star_is(star: int, on) -> Q:
    return certification.holds_star(star, certification.valid_until_columns(on))


def star_at_least(minimum: int, on) -> Q:
    return certification.holds_star_at_least(minimum, certification.valid_until_columns(on))


#: Match tiers, in the order buyers expect them: every word a whole word, else
#: the last word as a prefix (being typed), else words within a typo or two.
#: A tier is used only when the one before it finds nothing, so a query whose
#: words all match whole words is never padded with prefix or typo matches.
TIER_WHOLE, TIER_PREFIX, TIER_TYPO = "whole", "prefix", "typo"
#: How long the vocabulary of indexed words (typo candidates) is cached.
VOCABULARY_SECONDS = 300
VOCABULARY_KEY = "search:vocabulary"
#: At most this many candidate spellings per misspelt word.
MAX_TYPO_CANDIDATES = 8


def typo_budget(word: str) -> int:
    """Edits allowed in a word, as Elasticsearch's ``AUTO:4,7``: none below 4
    letters (a short Vietnamese syllable one edit away is another word), one
    from 4, two from 7."""
    return 0 if len(word) < 4 else 1 if len(word) < 7 else 2


def damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, giving up (``limit + 1``) as soon as a
    row exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def vocabulary() -> frozenset[str]:
    """Every folded word of the indexed search text, cached for
    ``VOCABULARY_SECONDS``: a few thousand words for 10,000 products."""
    from django.core.cache import cache

    def build() -> frozenset[str]:
        words: set[str] = set()
        for text in ProductSearchDocument.objects.values_list("text_folded", flat=True).iterator(
            chunk_size=2000
        ):
            words.update(text.split())
        return frozenset(words)

    return cache.get_or_set(VOCABULARY_KEY, build, VOCABULARY_SECONDS)


def forget_vocabulary() -> None:
    """Drop the cached vocabulary now and again once the index write commits:
    a reader rebuilding it in between would otherwise keep the old words (and
    miss close spellings of new products) for ``VOCABULARY_SECONDS``."""
    from django.core.cache import cache

    cache.delete(VOCABULARY_KEY)
    transaction.on_commit(lambda: cache.delete(VOCABULARY_KEY))


def typo_candidates(
    word: str, words: frozenset[str], budget: int | None = None, *, keep_first: bool = True
) -> list[tuple[int, str]]:
    """Indexed words within ``budget`` edits (the word's ``typo_budget`` by
    default), first letter kept unless told (as Elasticsearch's
    ``prefix_length`` 1), closest first, with their distance."""
    budget = typo_budget(word) if budget is None else budget
    if not budget:
        return []
    scored = []
    for candidate in words:
        if (keep_first and candidate[0] != word[0]) or abs(len(candidate) - len(word)) > budget:
            continue
        distance = damerau_levenshtein(word, candidate, budget)
        if 0 < distance <= budget:
            scored.append((distance, candidate))
    return sorted(scored)[:MAX_TYPO_CANDIDATES]


def text_filter(query: SearchQuery, tier: str = TIER_PREFIX, alternatives=None) -> Q:
    """Every query word a whole word of the search text; in the prefix tier the
    last word may be a prefix; in the typo tier each word may also be one of its
    ``alternatives`` (close spellings)."""
    words = query.text_folded.split()
    condition = Q()
    for index, word in enumerate(words):
        last = index == len(words) - 1
        if tier == TIER_WHOLE:
            condition &= Q(text_folded__contains=f" {word} ")
        elif tier == TIER_PREFIX:
            condition &= Q(text_folded__contains=f" {word}" if last else f" {word} ")
        else:
            either = Q(text_folded__contains=f" {word}" if last else f" {word} ")
            for candidate in (alternatives or {}).get(word, ()):
                either |= Q(text_folded__contains=f" {candidate} ")
            condition &= either
    return condition


class Total(Func):
    """``(a + b + c …)`` at one level, however many terms: chaining ``+`` nests
    one level per term, which overflows SQLite's parser stack past ~40 words and
    Python's recursion limit (PostgreSQL) past ~75."""

    arg_joiner = " + "
    template = "(%(expressions)s)"
    output_field = IntegerField()


def relevance(query: SearchQuery, alternatives=None) -> Total:
    """Per word: 8 points when it is a whole word of a title (4 as a prefix or a
    close spelling), else 2 anywhere else (producer, region, group), and 3 more
    when typed with the right accents in a title (1 elsewhere): title before
    producer/region, and accents typed exactly ("đen", black, is not "đèn",
    lamp) weigh more than where in the title the words stand. The words
    together as typed (proximity) add 6 anywhere, 4 more in a title, 2 more at
    the title's start, 1 in a description. A flat sum of one ``CASE`` per test
    (the query has a bounded number of words)."""
    alternatives = alternatives or {}

    def points(condition: Q, value: int) -> Case:
        return Case(
            When(condition, then=Value(value)), default=Value(0), output_field=IntegerField()
        )

    exact, folded = query.text_exact, query.text_folded
    terms = [
        # Proximity (the words together, as typed) before attribute, as Meilisearch.
        points(Q(text_folded__contains=f" {folded} "), 6),
        points(Q(title_folded__contains=f" {folded} "), 4),
        points(Q(title_folded__startswith=f" {folded} "), 2),
    ]
    for word_exact, word in zip(exact.split(), folded.split(), strict=False):
        close = Q(title_folded__contains=f" {word}")
        for candidate in alternatives.get(word, ()):
            close |= Q(title_folded__contains=f" {candidate} ")
        terms.append(
            Case(
                When(Q(title_folded__contains=f" {word} "), then=Value(8)),
                When(close, then=Value(4)),
                When(Q(text_folded__contains=f" {word} "), then=Value(2)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        terms.append(
            Case(
                When(Q(title_exact__contains=f" {word_exact} "), then=Value(3)),
                When(Q(text_exact__contains=f" {word_exact} "), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    # Descriptions only rank, and lightly: the words together in a description.
    terms.append(points(Q(description_folded__contains=f" {folded} "), 1))
    return Total(*terms)


def _suggestions(queryset: QuerySet, limit: int) -> list[Suggestion]:
    rows = queryset.values("pk", "sku", "product__title", "product__title_en")[:limit]
    return [
        Suggestion(
            product_id=row["pk"],
            title=row["product__title"],
            title_en=row["product__title_en"],
            sku=row["sku"],
        )
        for row in rows
    ]


def closest_titles(text: str, limit: int = 5) -> list[Suggestion]:
    """Products whose titles are closest to what was typed, for a search that
    found nothing: each word (the first three, of three letters or more) within
    one edit of a title word, two from six letters, any letter, closest first.
    Reads the database table, which is kept whatever the backend."""
    words = [word for word in fold(bounded_text(text)).split() if len(word) >= 3][:3]
    if not words:
        return []
    vocabulary_words = vocabulary()
    condition, terms = Q(pk__in=[]), []
    for word in words:
        close = typo_candidates(word, vocabulary_words, 1 if len(word) < 6 else 2, keep_first=False)
        if word in vocabulary_words:
            close.insert(0, (0, word))
        whens = []
        for distance, candidate in close:
            contains = Q(title_folded__contains=f" {candidate} ")
            condition |= contains
            whens.append(When(contains, then=Value(3 - distance)))
        if whens:
            terms.append(Case(*whens, default=Value(0), output_field=IntegerField()))
    if not terms:
        return []
    on = certification.today()
    queryset = (
        ProductSearchDocument.objects.filter(condition, valid_until__gte=on)
        .annotate(closeness=Total(*terms))
        .order_by("-closeness", "-star", "title_folded", "pk")
    )
    return _suggestions(queryset, limit)


def described_products(query: SearchQuery, limit: int = 5) -> list[Suggestion]:
    """Products on sale whose description has every word of the query as a
    whole word: not search results (descriptions never list a product), but
    worth offering when the titles gave nothing."""
    words = query.text_folded.split()
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(description_folded__contains=f" {word} ")
    queryset = ProductSearchDocument.objects.filter(
        condition, valid_until__gte=certification.today()
    ).order_by("-star", "-date_created", "pk")
    return _suggestions(queryset, limit)


def distance_km(lat: float, lon: float):
    """Haversine distance from (lat, lon) to the document's location."""
    dlat = Radians(F("latitude") - Value(lat)) / 2
    dlon = Radians(F("longitude") - Value(lon)) / 2
    a = Power(Sin(dlat), 2) + Cos(Radians(F("latitude"))) * Value(
        math.cos(math.radians(lat))
    ) * Power(Sin(dlon), 2)
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(a))


class DatabaseBackend(SearchBackend):
    name = "database"

    # Querying

    def _base(self, query: SearchQuery, on) -> QuerySet:
        """Filters that are not facets: sellable today, text, ward, category,
        stock, distance."""
        queryset = ProductSearchDocument.objects.filter(valid_until__gte=on)
        if query.ward:
            queryset = queryset.filter(ward=query.ward)
        if query.category_ids:
            condition = Q(pk__in=[])
            for pk in query.category_ids:
                condition |= Q(category_ids__contains=f" {pk} ")
            queryset = queryset.filter(condition)
        if query.in_stock:
            queryset = queryset.filter(in_stock=True)
        if query.has_location and query.radius_km:
            radius, lat, lon = query.radius_km, query.lat, query.lon
            dlat = radius / KM_PER_DEGREE
            dlon = radius / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
            queryset = (
                queryset.filter(
                    latitude__range=(lat - dlat, lat + dlat),
                    longitude__range=(lon - dlon, lon + dlon),
                )
                .alias(distance=distance_km(lat, lon))
                .filter(distance__lte=radius)
            )
        return queryset

    def _facet_filters(self, queryset: QuerySet, query: SearchQuery, on) -> QuerySet:
        if query.provinces:
            queryset = queryset.filter(province__in=query.provinces)
        if query.stars:
            condition = Q(pk__in=[])
            for star in query.stars:
                condition |= star_is(star, on)
            queryset = queryset.filter(condition)
        if query.stars_min:
            queryset = queryset.filter(star_at_least(query.stars_min, on))
        if query.groups:
            queryset = queryset.filter(group__in=query.groups)
        if query.producer_kinds:
            queryset = queryset.filter(producer_kind__in=query.producer_kinds)
        if query.price_min is not None:
            queryset = queryset.filter(price__gte=query.price_min)
        if query.price_max is not None:
            queryset = queryset.filter(price__lte=query.price_max)
        return queryset

    def _ordering(self, query: SearchQuery) -> list:
        if query.sort == SORT_PRICE:
            return [F("price").asc(nulls_last=True), "-pk"]
        if query.sort == SORT_PRICE_DESC:
            return [F("price").desc(nulls_last=True), "-pk"]
        if query.sort == SORT_NEWEST:
            return ["-date_created", "-pk"]
        if query.sort == SORT_DISTANCE:
            return ["distance", "-pk"]
        # Stars sort on the star stored at indexing (an index serves it); a product
        # whose best certificate lapsed sorts by its lower star after the next
        # reindex, as on Elasticsearch. Filters and facets use today's date.
        if query.sort == SORT_STARS:
            return ["-star", "-date_created", "-pk"]
        # relevance
        if query.has_text:
            return ["-score", "-star", "-date_created", "-pk"]
        return ["-star", "-date_created", "-pk"]

    def _text_match(self, base: QuerySet, query: SearchQuery) -> tuple[QuerySet, dict]:
        """``base`` narrowed to the first tier that matches (whole words, else
        prefix, else typos), and the close spellings the typo tier used."""
        alternatives: dict[str, list[str]] = {}
        for tier in (TIER_WHOLE, TIER_PREFIX, TIER_TYPO):
            if tier == TIER_TYPO:
                words = vocabulary()
                alternatives = {
                    word: [candidate for _distance, candidate in typo_candidates(word, words)]
                    for word in query.text_folded.split()
                    if word not in words
                }
                if not any(alternatives.values()):
                    break
            matched = base.filter(text_filter(query, tier, alternatives))
            # Match the text once: the facet and page queries then read the
            # matching rows by primary key instead of scanning the table again.
            ids = list(matched.values_list("pk", flat=True)[: TEXT_CANDIDATES_LIMIT + 1])
            if len(ids) > TEXT_CANDIDATES_LIMIT:
                return matched, alternatives
            if ids:
                return ProductSearchDocument.objects.filter(pk__in=ids), alternatives
        return base.none(), {}

    def search(self, query: SearchQuery, *, facets: bool = True) -> BackendResult:
        on = certification.today()
        base = self._base(query, on)
        alternatives: dict[str, list[str]] = {}
        if query.has_text:
            base, alternatives = self._text_match(base, query)
        total, counts = self._count_and_facets(base, query, on)
        results = self._facet_filters(base, query, on)
        fields = ["pk"]
        if query.has_text:
            results = results.annotate(score=relevance(query, alternatives))
            fields.append("score")
        if query.has_location:
            results = results.annotate(distance=distance_km(query.lat, query.lon))
            fields.append("distance")
        rows = []
        if total > query.offset:
            rows = list(
                results.order_by(*self._ordering(query)).values(*fields)[
                    query.offset : query.offset + query.page_size
                ]
            )
        hits = [
            Hit(product_id=row["pk"], score=row.get("score"), distance_km=row.get("distance"))
            for row in rows
        ]
        return BackendResult(hits=hits, total=total, facets=counts if facets else {})

    def _facet_conditions(self, query: SearchQuery, on) -> dict[str, Q]:
        """Each facet's own filter as a Q (empty when the facet is not used)."""
        stars = Q()
        if query.stars:
            stars = Q(pk__in=[])
            for star in query.stars:
                stars |= star_is(star, on)
        if query.stars_min:
            stars &= star_at_least(query.stars_min, on)
        price = Q()
        if query.price_min is not None:
            price &= Q(price__gte=query.price_min)
        if query.price_max is not None:
            price &= Q(price__lte=query.price_max)
        return {
            "province": Q(province__in=query.provinces) if query.provinces else Q(),
            "stars": stars,
            "group": Q(group__in=query.groups) if query.groups else Q(),
            "producer_kind": Q(producer_kind__in=query.producer_kinds)
            if query.producer_kinds
            else Q(),
            "price": price,
        }

    def _count_and_facets(self, base: QuerySet, query: SearchQuery, on) -> tuple[int, dict]:
        """The total and every facet's counts in ONE scan.

        Rows matching the non-facet filters are grouped by province, and each
        facet value is a conditional count (``COUNT(*) FILTER (WHERE …)``) of the
        rows passing every *other* facet's filter (multi-select); the total counts
        rows passing them all. Python then sums the per-province rows.
        """
        conditions = self._facet_conditions(query, on)

        def count(*condition_qs: Q) -> Count:
            condition = Q()
            for item in condition_qs:
                condition &= item
            return Count("pk", filter=condition) if condition else Count("pk")

        def others(facet: str) -> list[Q]:
            return [q for name, q in conditions.items() if name != facet]

        values = {
            "stars": {str(star): star_is(star, on) for star in STAR_LEVELS},
            "group": {code: Q(group=code) for code in GROUP_CODES},
            "producer_kind": {kind: Q(producer_kind=kind) for kind in PRODUCER_KINDS},
            "price": {
                key: Q(price__gte=low or 0) & (Q(price__lt=high) if high else Q())
                for key, low, high in PRICE_BANDS
            },
        }
        aggregates = {
            "n_total": count(*conditions.values()),
            "n_province": count(*others("province")),
        }
        columns = {}
        for facet, options in values.items():
            for index, (value, condition) in enumerate(options.items()):
                alias = f"n_{facet}_{index}"
                columns[alias] = (facet, value)
                aggregates[alias] = count(condition, *others(facet))
        rows = base.order_by().values("province").annotate(**aggregates)
        total = 0
        counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        for row in rows:
            total += row["n_total"]
            if row["province"] and row["n_province"]:
                counts["province"][row["province"]] = row["n_province"]
            for alias, (facet, value) in columns.items():
                if row[alias]:
                    counts[facet][value] = counts[facet].get(value, 0) + row[alias]
        return total, counts

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        words = fold(bounded_text(prefix)).split()
        if not words:
            return []
        on = certification.today()
        condition = Q()
        for word in words[:-1]:
            condition &= Q(title_folded__contains=f" {word} ")
        condition &= Q(title_folded__contains=f" {words[-1]}")
        queryset = (
            ProductSearchDocument.objects.filter(condition, valid_until__gte=on)
            .annotate(
                current_star=current_star(on),
                starts=Case(
                    When(title_folded__startswith=f" {' '.join(words)}", then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
            )
            .order_by("-starts", "-current_star", "title_folded", "pk")
        )
        return _suggestions(queryset, limit)

    # Indexing

    @transaction.atomic
    def index_documents(
        self, documents: Iterable[ProductDocument], delete_ids: Iterable[int] = ()
    ) -> int:
        """Upsert the rows (``INSERT … ON CONFLICT DO UPDATE``, on SQLite as on
        PostgreSQL): two transactions writing one product's row never collide on
        its primary key, as a delete-then-insert did."""
        rows = [document_row(document) for document in documents]
        delete_ids = list(delete_ids)
        if delete_ids:
            ProductSearchDocument.objects.filter(pk__in=delete_ids).delete()
        _upsert(rows)
        forget_vocabulary()
        return len(rows)

    @transaction.atomic
    def rebuild(
        self,
        documents: Iterable[ProductDocument],
        *,
        total: int | None = None,
        progress: bool = False,
    ) -> int:
        """Replace the whole table in one transaction: readers keep seeing the old
        rows until it commits. Rows are upserted, so a reindex committing meanwhile
        cannot make the rebuild fail on a duplicate key."""
        ProductSearchDocument.objects.all().delete()
        written, batch = 0, []
        with tqdm(total=total, disable=not progress, unit="product", desc="database index") as bar:
            for document in documents:
                batch.append(document_row(document))
                if len(batch) >= 1000:
                    _upsert(batch)
                    written += len(batch)
                    bar.update(len(batch))
                    batch = []
            _upsert(batch)
            written += len(batch)
            bar.update(len(batch))
        forget_vocabulary()
        return written

    def indexed_state(self) -> dict[int, dict]:
        state = {}
        for row in ProductSearchDocument.objects.values(
            "pk",
            "sku",
            "province",
            "group",
            "price",
            "in_stock",
            "valid_until",
            "until_3",
            "until_4",
            "until_5",
        ):
            state[row["pk"]] = {
                "sku": row["sku"],
                "province": row["province"],
                "group": row["group"],
                "price": row["price"],
                "in_stock": row["in_stock"],
                "valid_until": row["valid_until"].isoformat(),
                "until": {
                    str(star): row[f"until_{star}"].isoformat()
                    for star in STAR_LEVELS
                    if row[f"until_{star}"]
                },
            }
        return state
