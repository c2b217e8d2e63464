"""Search on Elasticsearch 8 through ``elasticsearch.dsl``.

One alias (``<prefix>-products``) points at one timestamped index; a rebuild
fills a new index and swaps the alias atomically, so searches keep answering.
Text fields are analysed twice: ``ocop_folding`` (lower case, ``asciifolding``
with ``preserve_original``, so "trà" is indexed as "trà" and "tra") and, in the
``.exact`` sub-field, without folding, so a query typed with the right accents
scores higher. Certificate validity is stored per star level as dates and
compared with today in the query, so an expiry needs no reindex.
"""

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import (
    A,
    Boolean,
    Date,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    Long,
    Mapping,
    Q,
    Search,
    SearchAsYouType,
    Text,
    analyzer,
    token_filter,
)
from tqdm import tqdm

from catalogue import certification
from catalogue.search.backends.base import (
    BackendResult,
    Hit,
    SearchBackend,
    SearchUnavailable,
    Suggestion,
)
from catalogue.search.documents import ProductDocument
from catalogue.search.geo import haversine_km
from catalogue.search.query import (
    FACETS,
    PRICE_BANDS,
    SORT_DISTANCE,
    SORT_NEWEST,
    SORT_PRICE,
    SORT_PRICE_DESC,
    SORT_STARS,
    STAR_LEVELS,
    SearchQuery,
    bounded_text,
)

logger = logging.getLogger(__name__)

#: Typo tolerance. Plain AUTO allows one edit from 3 letters, but Vietnamese is
#: written in short syllables where one edit is another word ("đèn" lamp, "đan"
#: woven, "dệt" weave, "bèn"): AUTO:4,7 keeps 2–3 letter syllables exact, one
#: edit from 4 letters ("choamg" → "choàng"), two from 7 ("pennywart"); and the
#: first letter must be right, or "ninh" would find every "tỉnh".
FUZZINESS = "AUTO:4,7"
FUZZY_PREFIX_LENGTH = 1
#: Match tiers, as on the database backend: every word whole, else the last
#: word as a prefix, else typos; a tier is used only when the one before it
#: finds nothing.
TIER_WHOLE, TIER_PREFIX, TIER_TYPO = "whole", "prefix", "typo"
#: Where the words are found, in the order buyers expect: title before
#: producer and region before group. Descriptions only rank, lightly.
RANKED_FIELDS = {
    "title": 3,
    "title_en": 3,
    "producer_name": 2,
    "region_names": 2,
    "group_names": 1.5,
}
EXACT_ACCENT_BOOST = 0.5
DESCRIPTION_BOOST = 0.2

folding_filter = token_filter("ocop_asciifolding", "asciifolding", preserve_original=True)
folding = analyzer("ocop_folding", tokenizer="standard", filter=["lowercase", folding_filter])
exact = analyzer("ocop_exact", tokenizer="standard", filter=["lowercase"])


def _text(**kwargs) -> Text:
    return Text(analyzer=folding, fields={"exact": Text(analyzer=exact)}, **kwargs)


def product_mapping() -> Mapping:
    m = Mapping()
    m.meta("dynamic", "strict")
    m.field("product_id", Long())
    m.field("sku", Keyword())
    for name in (
        "title",
        "title_en",
        "producer_name",
        "region_names",
        "group_names",
        "description",
        "description_en",
    ):
        m.field(name, _text())
    #: Everything searchable in one field: recall for multi-word queries that
    #: mix a title word with a province or a producer ("tra hue").
    m.field("text", _text())
    m.field("suggest", SearchAsYouType(analyzer=folding))
    for name in ("province", "ward", "group", "producer_kind", "category_ids"):
        m.field(name, Keyword())
    m.field("province_name", Keyword())
    #: Whole VND.
    m.field("price", Integer())
    m.field("in_stock", Boolean())
    for star in STAR_LEVELS:
        m.field(f"until_{star}", Date(format="yyyy-MM-dd"))
    m.field("valid_until", Date(format="yyyy-MM-dd"))
    m.field("star", Integer())
    m.field("location", GeoPoint())
    m.field("date_created", Date())
    return m


def to_source(document: ProductDocument) -> dict:
    source = {
        "product_id": document.product_id,
        "sku": document.sku,
        "title": document.title,
        "title_en": document.title_en,
        "producer_name": document.producer_name,
        "region_names": document.region_names,
        "group_names": document.group_names,
        "description": document.description,
        "description_en": document.description_en,
        "text": document.search_text,
        "suggest": document.title_text,
        "province": document.province,
        "province_name": document.province_name,
        "ward": document.ward,
        "group": document.group,
        "producer_kind": document.producer_kind,
        "category_ids": [str(pk) for pk in document.category_ids],
        "price": document.price,
        "in_stock": document.in_stock,
        "valid_until": document.valid_until.isoformat(),
        "star": document.star_on(certification.today()),
        "date_created": document.date_created.isoformat(),
    }
    for star in STAR_LEVELS:
        source[f"until_{star}"] = (
            document.until[star].isoformat() if star in document.until else None
        )
    if document.latitude is not None and document.longitude is not None:
        source["location"] = {"lat": document.latitude, "lon": document.longitude}
    return source


def make_client(url: str | None = None) -> Elasticsearch:
    """A client that fails fast: a search page must not hang on a sick cluster.
    ``ELASTICSEARCH_CLIENT_OPTIONS`` (a dict) is passed through, e.g. TLS options."""
    options = {"request_timeout": 5, "max_retries": 1, "retry_on_timeout": False}
    options.update(getattr(settings, "ELASTICSEARCH_CLIENT_OPTIONS", None) or {})
    return Elasticsearch(url or settings.ELASTICSEARCH_URL, **options)


def _has_valid(on: str):
    """``has_valid`` of the certification rule over the document's ``until_N`` dates."""
    return lambda star: Q("range", **{f"until_{star}": {"gte": on}})


def _star_is(star: int, on: str) -> Q:
    return certification.holds_star(star, _has_valid(on))


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch | None = None, alias: str | None = None):
        self.client = client or make_client()
        self.alias = alias or f"{settings.ELASTICSEARCH_INDEX_PREFIX}-products"

    # Query building

    def _base_filters(self, query: SearchQuery, on: str) -> list[Q]:
        filters = [Q("range", valid_until={"gte": on})]
        if query.ward:
            filters.append(Q("term", ward=query.ward))
        if query.category_ids:
            filters.append(Q("terms", category_ids=[str(pk) for pk in query.category_ids]))
        if query.in_stock:
            filters.append(Q("term", in_stock=True))
        if query.has_location and query.radius_km:
            filters.append(
                Q(
                    "geo_distance",
                    distance=f"{query.radius_km}km",
                    location={"lat": query.lat, "lon": query.lon},
                )
            )
        return filters

    def _facet_filters(self, query: SearchQuery, on: str) -> list[Q]:
        filters = []
        if query.provinces:
            filters.append(Q("terms", province=list(query.provinces)))
        if query.stars:
            filters.append(
                Q(
                    "bool",
                    should=[_star_is(star, on) for star in query.stars],
                    minimum_should_match=1,
                )
            )
        if query.stars_min:
            filters.append(certification.holds_star_at_least(query.stars_min, _has_valid(on)))
        if query.groups:
            filters.append(Q("terms", group=list(query.groups)))
        if query.producer_kinds:
            filters.append(Q("terms", producer_kind=list(query.producer_kinds)))
        if query.price_min is not None or query.price_max is not None:
            bounds = {}
            if query.price_min is not None:
                bounds["gte"] = query.price_min
            if query.price_max is not None:
                bounds["lte"] = query.price_max
            filters.append(Q("range", price=bounds))
        return filters

    def _tier_recall(self, query: SearchQuery, tier: str) -> Q:
        """What a product must match to be listed in ``tier``: every query word
        a whole word of the searchable text (titles, producer, regions, groups;
        never descriptions), else the same with the last word as a prefix (as
        it is being typed, any word order), else every word within its typo
        budget."""
        text = query.text
        if tier == TIER_WHOLE:
            return Q("match", text={"query": text, "operator": "and"})
        if tier == TIER_PREFIX:
            return Q("match_bool_prefix", text={"query": text, "operator": "and"})
        return Q(
            "match",
            text={
                "query": text,
                "operator": "and",
                "fuzziness": FUZZINESS,
                "prefix_length": FUZZY_PREFIX_LENGTH,
            },
        )

    def _text_query(self, query: SearchQuery, tier: str = TIER_WHOLE) -> Q:
        """The products of ``tier`` (a filter: it decides who is listed),
        ranked by ``should`` clauses that only add score: words in a title
        before producer and region before group (``cross_fields``, so "tra hue"
        may take "trà" from a title and "Huế" from a region), the words together
        as typed, accents typed exactly, and, lightly, the descriptions."""
        text = query.text
        fields = [f"{field}^{boost}" for field, boost in RANKED_FIELDS.items()]
        exact_fields = [f"{field}.exact^{boost}" for field, boost in RANKED_FIELDS.items()]
        ranking = [
            Q("multi_match", query=text, type="cross_fields", fields=fields),
            Q("match_phrase", title={"query": text, "boost": 3}),
            Q("match_phrase", title_en={"query": text, "boost": 3}),
            Q("match_phrase", text={"query": text, "boost": 2}),
            # Accents typed exactly ("đèn", lamp, is not "đen", black).
            Q(
                "multi_match",
                query=text,
                fields=exact_fields,
                boost=EXACT_ACCENT_BOOST,
            ),
            Q(
                "multi_match",
                query=text,
                fields=["description", "description_en"],
                boost=DESCRIPTION_BOOST,
            ),
        ]
        if tier == TIER_PREFIX:
            ranking.append(
                Q("multi_match", query=text, type="bool_prefix", fields=fields)
            )
        elif tier == TIER_TYPO:
            ranking.append(
                Q(
                    "multi_match",
                    query=text,
                    fields=fields,
                    fuzziness=FUZZINESS,
                    prefix_length=FUZZY_PREFIX_LENGTH,
                )
            )
        return Q("bool", filter=[self._tier_recall(query, tier)], should=ranking)

    def match_tier(self, query: SearchQuery, base: list[Q]) -> str:
        """The first tier with any product under the non-facet filters, found
        with one ``_msearch`` of two probes that stop at the first hit.

        A tier must be chosen before the search: Elasticsearch scores each
        document alone, so tier boosts in one query could rank prefix-only
        products after whole-word ones but never leave them out ("tra" would
        still list "trang" lamps after the teas). Facet filters do not decide
        the tier, so facet counts describe the same products as the list."""
        probes = []
        for tier in (TIER_WHOLE, TIER_PREFIX):
            probes.append({"index": self.alias})
            probes.append(
                {
                    "size": 0,
                    "terminate_after": 1,
                    "track_total_hits": 1,
                    "query": Q(
                        "bool", filter=[self._tier_recall(query, tier), *base]
                    ).to_dict(),
                }
            )
        try:
            responses = self.client.msearch(searches=probes)["responses"]
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(str(error)) from error
        for tier, response in zip((TIER_WHOLE, TIER_PREFIX), responses, strict=True):
            if "error" in response:
                raise SearchUnavailable(str(response["error"]))
            if response["hits"]["total"]["value"]:
                return tier
        return TIER_TYPO

    def _sort(self, query: SearchQuery) -> list:
        tiebreak = [{"date_created": {"order": "desc"}}, {"product_id": {"order": "desc"}}]
        if query.sort == SORT_PRICE:
            return [
                {"price": {"order": "asc", "missing": "_last"}},
                {"product_id": {"order": "desc"}},
            ]
        if query.sort == SORT_PRICE_DESC:
            return [
                {"price": {"order": "desc", "missing": "_last"}},
                {"product_id": {"order": "desc"}},
            ]
        if query.sort == SORT_NEWEST:
            return tiebreak
        if query.sort == SORT_DISTANCE:
            return [
                {
                    "_geo_distance": {
                        "location": {"lat": query.lat, "lon": query.lon},
                        "order": "asc",
                        "unit": "km",
                    }
                },
                {"product_id": {"order": "desc"}},
            ]
        if query.sort == SORT_STARS or not query.has_text:
            return [{"star": {"order": "desc"}}, *tiebreak]
        return ["_score", {"star": {"order": "desc"}}, *tiebreak]

    def _facet_aggregation(self, facet: str, on: str):
        if facet == "stars":
            return A("filters", filters={str(star): _star_is(star, on) for star in STAR_LEVELS})
        if facet == "price":
            ranges = []
            for key, low, high in PRICE_BANDS:
                bucket = {"key": key}
                if low is not None:
                    bucket["from"] = low
                if high is not None:
                    bucket["to"] = high
                ranges.append(bucket)
            return A("range", field="price", ranges=ranges)
        return A("terms", field=facet, size=100)

    def build_search(
        self, query: SearchQuery, *, facets: bool = True, tier: str | None = None
    ) -> Search:
        """The search for ``query``; with text, in the match ``tier`` (found by
        ``match_tier`` when not given)."""
        on = certification.today().isoformat()
        search = Search(using=self.client, index=self.alias)
        base = self._base_filters(query, on)
        if query.has_text:
            tier = tier or self.match_tier(query, base)
            search = search.query(Q("bool", must=[self._text_query(query, tier)], filter=base))
        else:
            search = search.query(Q("bool", filter=base))
        facet_filters = self._facet_filters(query, on)
        if facet_filters:
            search = search.post_filter(Q("bool", filter=facet_filters))
        if facets:
            for facet in FACETS:
                others = self._facet_filters(query.without_facet(facet), on)
                search.aggs.bucket(facet, "filter", filter=Q("bool", filter=others)).bucket(
                    "values", self._facet_aggregation(facet, on)
                )
        return (
            search.sort(*self._sort(query))
            .source(["product_id", "location"])
            .extra(from_=query.offset, size=query.page_size, track_total_hits=True)
        )

    # Searching

    def search(self, query: SearchQuery, *, facets: bool = True) -> BackendResult:
        try:
            response = self.build_search(query, facets=facets).execute()
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(str(error)) from error
        hits = []
        for hit in response.hits:
            distance = None
            location = getattr(hit, "location", None)
            if query.has_location and location is not None:
                distance = haversine_km(query.lat, query.lon, location["lat"], location["lon"])
            hits.append(
                Hit(product_id=int(hit.product_id), score=hit.meta.score, distance_km=distance)
            )
        counts: dict[str, dict[str, int]] = {}
        if facets:
            aggregations = response.aggregations
            for facet in FACETS:
                buckets = aggregations[facet]["values"]["buckets"]
                if facet == "stars":
                    items = (
                        (key, bucket["doc_count"]) for key, bucket in buckets.to_dict().items()
                    )
                else:
                    items = ((str(bucket["key"]), bucket["doc_count"]) for bucket in buckets)
                counts[facet] = {key: count for key, count in items if count}
        return BackendResult(hits=hits, total=response.hits.total.value, facets=counts)

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        text = bounded_text(prefix)
        if not text:
            return []
        search = (
            Search(using=self.client, index=self.alias)
            .query(
                Q(
                    "bool",
                    must=[
                        Q(
                            "multi_match",
                            query=text,
                            type="bool_prefix",
                            operator="and",
                            fields=["suggest", "suggest._2gram", "suggest._3gram"],
                        )
                    ],
                    filter=[Q("range", valid_until={"gte": certification.today().isoformat()})],
                )
            )
            .sort("_score", {"star": {"order": "desc"}}, {"product_id": {"order": "desc"}})
            .source(["product_id", "title", "title_en", "sku"])
            .extra(size=limit)
        )
        try:
            response = search.execute()
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(str(error)) from error
        return [
            Suggestion(
                product_id=int(hit.product_id),
                title=hit.title,
                title_en=getattr(hit, "title_en", "") or "",
                sku=hit.sku,
            )
            for hit in response.hits
        ]

    def analyze(self, text: str, analyzer_name: str = "ocop_folding") -> list[str]:
        result = self.client.indices.analyze(index=self.alias, analyzer=analyzer_name, text=text)
        return [token["token"] for token in result["tokens"]]

    # Indexing

    def _actions(
        self, index: str, documents: Iterable[ProductDocument], delete_ids: Iterable[int] = ()
    ):
        for document in documents:
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": str(document.product_id),
                "_source": to_source(document),
            }
        for pk in delete_ids:
            yield {"_op_type": "delete", "_index": index, "_id": str(pk)}

    def index_documents(
        self, documents: Iterable[ProductDocument], delete_ids: Iterable[int] = ()
    ) -> int:
        if not self.client.indices.exists_alias(name=self.alias):
            # First write on an empty cluster: create the index behind the alias.
            self.rebuild([])
        written = 0
        for ok, item in helpers.streaming_bulk(
            self.client,
            self._actions(self.alias, documents, delete_ids),
            raise_on_error=False,
            chunk_size=500,
        ):
            operation, result = next(iter(item.items()))
            if ok:
                written += operation == "index"
            elif not (operation == "delete" and result.get("status") == 404):
                raise SearchUnavailable(
                    f"Elasticsearch refused {operation} of {result.get('_id')}: {result}"
                )
        return written

    def new_index_name(self) -> str:
        return f"{self.alias}-{datetime.datetime.now(datetime.UTC):%Y%m%d%H%M%S%f}"

    def create_index(self, name: str) -> None:
        index = Index(name, using=self.client)
        index.settings(number_of_shards=1)
        index.mapping(product_mapping())
        index.create()

    def current_indices(self) -> list[str]:
        try:
            return sorted(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            return []

    def rebuild(
        self,
        documents: Iterable[ProductDocument],
        *,
        total: int | None = None,
        progress: bool = False,
    ) -> int:
        """Fill a new timestamped index, then point the alias at it in one atomic
        ``_aliases`` call and drop the old indices."""
        name = self.new_index_name()
        self.create_index(name)
        written = 0
        try:
            with tqdm(
                total=total, disable=not progress, unit="product", desc="elasticsearch index"
            ) as bar:
                for ok, _item in helpers.streaming_bulk(
                    self.client, self._actions(name, documents), chunk_size=500
                ):
                    written += ok
                    bar.update(1)
            self.client.indices.refresh(index=name)
        except Exception:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        old = self.current_indices()
        if not old and self.client.indices.exists(index=self.alias):
            # A concrete index squats the alias name (e.g. auto-created): replace it.
            self.client.indices.delete(index=self.alias)
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for index in old:
            self.client.indices.delete(index=index, ignore_unavailable=True)
        logger.info("Search index %s now serves %s (%d products)", name, self.alias, written)
        return written

    def refresh(self) -> None:
        self.client.indices.refresh(index=self.alias)

    def indexed_state(self) -> dict[int, dict]:
        state = {}
        fields = [
            "product_id",
            "sku",
            "province",
            "group",
            "price",
            "in_stock",
            "valid_until",
            *(f"until_{star}" for star in STAR_LEVELS),
        ]
        for hit in helpers.scan(
            self.client, index=self.alias, query={"query": {"match_all": {}}, "_source": fields}
        ):
            source = hit["_source"]
            state[int(source["product_id"])] = {
                "sku": source.get("sku", ""),
                "province": source.get("province", ""),
                "group": source.get("group", ""),
                "price": source.get("price"),
                "in_stock": source.get("in_stock"),
                "valid_until": source.get("valid_until"),
                "until": {
                    str(star): source[f"until_{star}"]
                    for star in STAR_LEVELS
                    if source.get(f"until_{star}")
                },
            }
        return state
