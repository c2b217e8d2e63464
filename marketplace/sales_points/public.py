"""What the shop shows of sales points: where a product is on a shelf now, the
list of points by province, a point's own products. Read-only queries for the
public pages (``views``) and the product page (``templatetags.sales_point_tags``).

A point offers a product when the point is active, the product is sellable under
the OCOP rule today and the point's stock record has free units (on the shelf
and not promised to online orders)."""

import datetime
import urllib.parse
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from catalogue.search.geo import haversine_km
from marketplace.sales_points.models import SalesPoint

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

#: The latitude and longitude ranges a buyer's shared location must fall in.
LAT_RANGE, LON_RANGE = (-90.0, 90.0), (-180.0, 180.0)


def parse_location(lat, lon) -> tuple[float, float] | None:
    """A buyer's shared location from query parameters (``lat``, ``lon``), or None
    when either is missing or not a coordinate."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        return None
    return lat, lon


def map_links(point: SalesPoint) -> dict[str, str]:
    """OpenStreetMap and Google Maps links to the point's coordinates (empty when it has none)."""
    if point.latitude is None or point.longitude is None:
        return {}
    lat, lon = f"{point.latitude:.6f}", f"{point.longitude:.6f}"
    return {
        "osm": f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
        "google": "https://www.google.com/maps/search/?" + urllib.parse.urlencode({"api": 1, "query": f"{lat},{lon}"}),
    }


def distance_km(point: SalesPoint, location: tuple[float, float] | None) -> float | None:
    if location is None or point.latitude is None or point.longitude is None:
        return None
    return haversine_km(location[0], location[1], float(point.latitude), float(point.longitude))


def _in_stock(records):
    """Records with free units, each annotated with how many (``available``)."""
    return records.annotate(
        available=F("num_in_stock") - Coalesce(F("num_allocated"), 0)
    ).filter(available__gt=0)


def active_points() -> QuerySet:
    return SalesPoint.objects.active().select_related("province", "ward")


@dataclass
class PointOffer:
    """A sales point holding a product now."""

    point: SalesPoint
    available: int
    distance_km: float | None
    maps: dict


def points_offering(product, location: tuple[float, float] | None = None,
                    on: datetime.date | None = None) -> list[PointOffer]:
    """The active sales points with free units of ``product`` now (none when the
    product is not sellable), nearest first when the buyer shared a location,
    else by province and name. One query (two when the product is not sellable)."""
    if not Product._default_manager.sellable(on).filter(pk=product.pk).exists():
        return []
    records = (
        _in_stock(StockRecord._default_manager.filter(product_id=product.pk))
        .filter(partner__sales_point__is_active=True)
        .select_related("partner__sales_point__province", "partner__sales_point__ward")
    )
    offers = []
    for record in records:
        point = record.partner.sales_point
        offers.append(PointOffer(point, record.available,
                                 distance_km(point, location), map_links(point)))
    if location is not None:
        offers.sort(key=lambda offer: (offer.distance_km is None, offer.distance_km or 0, offer.point.name))
    else:
        offers.sort(key=lambda offer: (offer.point.province.short_name, offer.point.name))
    return offers


@dataclass
class ProvinceGroup:
    province: object
    points: list


def points_by_province(location: tuple[float, float] | None = None, province_code: str = "") -> list:
    """Active points grouped by province (provinces by name, points by name), or,
    when the buyer shared a location, one flat group of every point nearest first.
    ``province_code`` keeps one province's points only."""
    points = list(active_points().order_by("province__short_name", "name"))
    if province_code:
        points = [point for point in points if point.province.code == province_code]
    for point in points:
        point.distance = distance_km(point, location)
        point.maps = map_links(point)
    if location is not None:
        points.sort(key=lambda point: (point.distance is None, point.distance or 0, point.name))
        return [ProvinceGroup(None, points)] if points else []
    groups: list[ProvinceGroup] = []
    for point in points:
        if not groups or groups[-1].province.pk != point.province_id:
            groups.append(ProvinceGroup(point.province, []))
        groups[-1].points.append(point)
    return groups


def provinces_with_points() -> list:
    """The provinces that have at least one active point, by name (the picker's choices)."""
    Province = get_model("regions", "Province")
    return list(Province.objects.filter(Exists(SalesPoint.objects.active().filter(province=OuterRef("pk"))))
                .order_by("short_name"))


def point_products(point: SalesPoint) -> QuerySet:
    """The point's offer: its stock records of sellable products with free units,
    with what a product card shows (image, title, producer), by title. Each record
    carries ``available``."""
    sellable = Product._default_manager.sellable().filter(pk=OuterRef("product_id"))
    return (
        _in_stock(StockRecord._default_manager.filter(partner_id=point.partner_id))
        .filter(Exists(sellable))
        .select_related("product__producer__province")
        .prefetch_related(Prefetch("product__images"))
        .order_by("product__title", "pk")
    )
