"""Product pictures for the demo catalogue, drawn locally with Pillow (no network).

Each picture is square (800×800 JPEG): a gradient in its group's palette, a motif
hinting at the product (reusing the CMS demo's drawing helpers so both look like
one site), the product's short name on a band, and a star badge. The motif is
seeded from the SKU, so no two products get the same picture.
"""

import io
import random
import zlib

from PIL import Image, ImageDraw, ImageFilter

from cms.demo_images import MOTIFS, PALETTES, _font, _gradient

SIZE = (800, 800)

#: Group → (palette, default motif). Palettes come from cms.demo_images, plus a
#: few of our own for groups the CMS pictures do not cover.
GROUP_STYLE = {
    "food": ("rice", "grains"),
    "beverage": ("tea", "leaves"),
    "herbal": ("herb", "leaves"),
    "handicraft": ("bamboo", "weave"),
    "ornamental": ("garden", "leaves"),
    "tourism": ("hills", "hills"),
}

EXTRA_PALETTES = {
    "herb": ((232, 244, 214), (88, 112, 40)),
    "garden": ((240, 250, 228), (40, 130, 90)),
    "coffee": ((238, 214, 186), (92, 56, 34)),
    "coconut": ((246, 240, 222), (120, 150, 70)),
}

STAR_COLOURS = {
    3: (70, 110, 170),
    4: (196, 120, 20),
    5: (180, 30, 40),
}


def palette(name: str) -> tuple:
    return EXTRA_PALETTES.get(name) or PALETTES[name]


def _seed(key: str) -> int:
    # Stable across runs and Python processes (hash() is salted per process).
    return zlib.crc32(key.encode("utf-8"))


def _badge(image: Image.Image, star: int, potential_5: bool) -> None:
    draw = ImageDraw.Draw(image)
    colour = STAR_COLOURS.get(star, STAR_COLOURS[3])
    cx, cy, r = SIZE[0] - 130, 110, 80
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour + (235,), outline=(255, 250, 240), width=6)
    draw.text((cx, cy - 10), f"{star}★", font=_font(64), fill=(255, 250, 240), anchor="mm")
    draw.text((cx, cy + 42), "OCOP", font=_font(24), fill=(255, 250, 240), anchor="mm")
    if potential_5:
        # Potential 5★: a ribbon under the badge, as the national review is pending.
        label = "tiềm năng 5★"
        font = _font(26)
        width = draw.textlength(label, font=font)
        box = [cx - width / 2 - 16, cy + r + 8, cx + width / 2 + 16, cy + r + 50]
        draw.rounded_rectangle(box, radius=14, fill=STAR_COLOURS[5] + (235,))
        draw.text((cx, (box[1] + box[3]) / 2), label, font=font, fill=(255, 250, 240), anchor="mm")


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def draw_product_image(
    key: str,
    name: str,
    group: str,
    star: int,
    potential_5: bool = False,
    motif: str | None = None,
    palette_name: str | None = None,
) -> bytes:
    """JPEG bytes of one product's picture. ``key`` (the SKU) seeds the motif."""
    default_palette, default_motif = GROUP_STYLE[group]
    top, bottom = palette(palette_name or default_palette)
    rng = random.Random(_seed(key))
    image = _gradient(SIZE, top, bottom)

    layer = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    motif_colour = tuple(min(255, c + 40) for c in bottom) + (150,)
    MOTIFS[motif or default_motif](draw, SIZE, rng, motif_colour)
    layer = layer.filter(ImageFilter.GaussianBlur(1.2))
    image = Image.alpha_composite(image.convert("RGBA"), layer)

    overlay = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    _badge(overlay, star, potential_5)
    band_draw = ImageDraw.Draw(overlay)
    font = _font(52)
    lines = _wrap(band_draw, name, font, SIZE[0] - 80)
    while len(lines) > 2 and font.size > 28:
        font = _font(font.size - 4)
        lines = _wrap(band_draw, name, font, SIZE[0] - 80)
    line_height = font.size + 14
    band_height = 40 + line_height * len(lines)
    band_draw.rectangle([0, SIZE[1] - band_height, SIZE[0], SIZE[1]], fill=(20, 14, 10, 160))
    y = SIZE[1] - band_height + 20 + line_height // 2
    for line in lines:
        band_draw.text((40, y), line, font=font, fill=(255, 250, 240), anchor="lm")
        y += line_height
    image = Image.alpha_composite(image, overlay)

    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()
