"""What search engines and chat apps read from a product page: ``schema.org/Product``
JSON-LD and the Open Graph image."""

import json

from django.utils.html import _json_script_escapes

SCHEMA_AVAILABILITY_IN_STOCK = "https://schema.org/InStock"
SCHEMA_AVAILABILITY_OUT_OF_STOCK = "https://schema.org/OutOfStock"
SCHEMA_AVAILABILITY_DISCONTINUED = "https://schema.org/Discontinued"


def product_json_ld(product, purchase_info, url: str, image_url: str | None) -> str:
    """``schema.org/Product`` for ``product`` as JSON safe inside a ``<script>``."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.get_title(),
        "url": url,
    }
    if product.upc:
        data["sku"] = product.upc
    description = product.get_description()
    if description:
        data["description"] = description[:500]
    if image_url:
        data["image"] = [image_url]
    if product.producer:
        data["brand"] = {"@type": "Brand", "name": product.producer.name}
    price = purchase_info.price if purchase_info else None
    if price is not None and price.exists:
        if not product.is_sellable:
            availability = SCHEMA_AVAILABILITY_DISCONTINUED
        elif purchase_info.availability.is_available_to_buy:
            availability = SCHEMA_AVAILABILITY_IN_STOCK
        else:
            availability = SCHEMA_AVAILABILITY_OUT_OF_STOCK
        data["offers"] = {
            "@type": "Offer",
            "url": url,
            "priceCurrency": price.currency,
            # VND has no minor unit: whole đồng.
            "price": str(int(price.incl_tax)),
            "availability": availability,
        }
    if product.rating is not None and product.num_approved_reviews:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": round(product.rating, 1),
            "reviewCount": product.num_approved_reviews,
        }
    return json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
