"""Distances on the Earth's surface for "near me", the same for both backends
(Elasticsearch's ``geo_distance`` uses the same mean radius)."""

import math

#: Mean Earth radius (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088
#: Length of one degree of latitude (and of longitude at the equator), rounded
#: down from 2πR/360 = 111.19508 so that a bounding box built with it errs large.
KM_PER_DEGREE = 111.195


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres."""
    dlat, dlon = math.radians(lat2 - lat1) / 2, math.radians(lon2 - lon1) / 2
    a = (
        math.sin(dlat) ** 2
        + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
