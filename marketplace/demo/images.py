"""Pictures for the demo, drawn locally with Pillow (no network): illustrations for
the CMS pages and a picture for every demo product.

Each is a soft two-colour gradient with a motif hinting at its subject (basket weave,
tea leaves, rice, bananas, brocade, Hạ Long bay, fruit…), then text: a caption band
on illustrations; the product's short name and its star badge on product pictures.
Motifs are drawn from a seeded random generator (a product's is seeded from its SKU),
so every run draws the same pictures and no two products look alike.
"""

import io
import math
import random
import zlib

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "C:/Windows/Fonts/arial.ttf",
)

PALETTES = {
    "bamboo": ((246, 226, 179), (171, 120, 58)),
    "tea": ((214, 240, 196), (58, 125, 68)),
    "rice": ((252, 240, 189), (196, 152, 44)),
    "banana": ((255, 244, 170), (109, 160, 60)),
    "brocade": ((120, 22, 36), (30, 24, 40)),
    "sea": ((184, 226, 240), (24, 92, 140)),
    "apricot": ((255, 214, 160), (196, 90, 40)),
    "incense": ((255, 220, 200), (170, 50, 60)),
    "hills": ((210, 236, 220), (60, 110, 90)),
    "market": ((255, 230, 200), (200, 70, 50)),
    "herb": ((232, 244, 214), (88, 112, 40)),
    "garden": ((240, 250, 228), (40, 130, 90)),
    "coffee": ((238, 214, 186), (92, 56, 34)),
    "coconut": ((246, 240, 222), (120, 150, 70)),
}


#: Square product pictures (JPEG).
PRODUCT_SIZE = (800, 800)

#: Product group → (palette, default motif) of its pictures.
GROUP_STYLE = {
    "food": ("rice", "grains"),
    "beverage": ("tea", "leaves"),
    "herbal": ("herb", "leaves"),
    "handicraft": ("bamboo", "weave"),
    "ornamental": ("garden", "leaves"),
    "tourism": ("hills", "hills"),
}


def _font(size: int):
    for path in FONT_CANDIDATES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _gradient(size, top, bottom) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return image


def _weave(draw, size, rng, colour):
    width, height = size
    step = 46
    for x in range(-height, width, step):
        draw.line([(x, 0), (x + height, height)], fill=colour, width=9)
        draw.line([(x + height, 0), (x, height)], fill=colour, width=9)


def _leaves(draw, size, rng, colour):
    width, height = size
    for _ in range(38):
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        w, h = rng.randint(50, 120), rng.randint(22, 48)
        draw.ellipse([cx - w // 2, cy - h // 2, cx + w // 2, cy + h // 2], fill=colour)
        draw.line([(cx - w // 2, cy), (cx + w // 2, cy)], fill=(255, 255, 255, 90), width=2)


def _grains(draw, size, rng, colour):
    width, height = size
    for stalk in range(14):
        x = 60 + stalk * (width - 120) // 13
        top = rng.randint(int(height * .15), int(height * .4))
        draw.line([(x, height), (x + 30, top)], fill=colour, width=5)
        for i in range(9):
            gy = top + i * 24
            gx = x + 30 - i * 3
            draw.ellipse([gx - 16, gy - 7, gx, gy + 7], fill=colour)
            draw.ellipse([gx, gy - 7, gx + 16, gy + 7], fill=colour)


def _bananas(draw, size, rng, colour):
    width, height = size
    for i in range(7):
        cx = 140 + i * (width - 280) // 6
        cy = height // 2 + rng.randint(-80, 40)
        for j in range(4):
            box = [cx - 70, cy - 110 + j * 30, cx + 70, cy + 30 + j * 30]
            draw.arc(box, start=20, end=160, fill=colour, width=16)


def _brocade(draw, size, rng, colour):
    width, height = size
    accents = [(230, 190, 70), (240, 240, 235), (200, 40, 60), (40, 120, 160)]
    step = 70
    for row, y in enumerate(range(0, height + step, step)):
        for x in range(0, width + step, step):
            offset = (row % 2) * step // 2
            cx, cy = x + offset, y
            d = step // 2 - 6
            draw.polygon(
                [(cx, cy - d), (cx + d, cy), (cx, cy + d), (cx - d, cy)],
                outline=accents[(row + x // step) % len(accents)], width=5,
            )
            draw.rectangle([cx - 5, cy - 5, cx + 5, cy + 5], fill=accents[row % len(accents)])


def _waves(draw, size, rng, colour):
    width, height = size
    # Limestone islets of Hạ Long bay, then the sea.
    for _ in range(7):
        x = rng.randint(0, width)
        w = rng.randint(80, 180)
        h = rng.randint(140, 300)
        base = int(height * .62)
        draw.polygon([(x - w // 2, base), (x - w // 4, base - h), (x + w // 4, base - h + 20),
                      (x + w // 2, base)], fill=(40, 80, 90))
    for row in range(8):
        y = int(height * .62) + row * 26
        points = [(x, y + 8 * math.sin(x / 40 + row)) for x in range(0, width + 10, 10)]
        draw.line(points, fill=colour, width=4)


def _fruit(draw, size, rng, colour):
    width, height = size
    for _ in range(26):
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(26, 60)
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=colour)
        draw.ellipse([cx - r // 3, cy - r // 2, cx, cy - r // 5], fill=(255, 255, 255))


def _bottle(draw, size, rng, colour):
    width, height = size
    _fruit(draw, size, rng, (235, 160, 80))
    cx = width // 2
    draw.rounded_rectangle([cx - 90, height * .3, cx + 90, height * .85], radius=40, fill=(120, 40, 20))
    draw.rectangle([cx - 30, height * .12, cx + 30, height * .32], fill=(120, 40, 20))
    draw.rounded_rectangle([cx - 70, height * .48, cx + 70, height * .66], radius=10, fill=(250, 230, 200))


def _incense(draw, size, rng, colour):
    width, height = size
    for i in range(40):
        angle = math.radians(-60 + i * 3)
        x0, y0 = width // 2, int(height * 1.05)
        length = rng.randint(int(height * .55), int(height * .8))
        draw.line([(x0, y0), (x0 + length * math.sin(angle), y0 - length * math.cos(angle))],
                  fill=colour, width=4)


def _hills(draw, size, rng, colour):
    width, height = size
    for layer in range(4):
        base = int(height * (.45 + layer * .13))
        points = [(0, height)]
        for x in range(0, width + 40, 40):
            points.append((x, base - 60 * math.sin(x / (160 + layer * 40) + layer) - rng.randint(0, 12)))
        points.append((width, height))
        shade = tuple(max(0, c - layer * 18) for c in colour)
        draw.polygon(points, fill=shade)


def _market(draw, size, rng, colour):
    width, height = size
    for i in range(6):
        x = 40 + i * (width - 80) // 6
        draw.polygon([(x, 180), (x + (width - 80) // 12, 110), (x + (width - 80) // 6, 180)], fill=colour)
        for j in range(3):
            cx = x + 40 + j * 50
            draw.ellipse([cx - 22, 260, cx + 22, 304], fill=(240, 200, 120))


MOTIFS = {
    "weave": _weave,
    "leaves": _leaves,
    "grains": _grains,
    "bananas": _bananas,
    "brocade": _brocade,
    "waves": _waves,
    "fruit": _fruit,
    "bottle": _bottle,
    "incense": _incense,
    "hills": _hills,
    "market": _market,
}


def _background(size: tuple[int, int], palette: str, motif: str, rng: random.Random) -> Image.Image:
    """The palette's gradient with the motif drawn over it, softly blurred (RGBA)."""
    top, bottom = PALETTES[palette]
    image = _gradient(size, top, bottom)
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    motif_colour = tuple(min(255, c + 40) for c in bottom) + (150,)
    MOTIFS[motif](draw, size, rng, motif_colour)
    layer = layer.filter(ImageFilter.GaussianBlur(1.2))
    return Image.alpha_composite(image.convert("RGBA"), layer)


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def draw_illustration(text: str, motif: str, palette: str, size=(1200, 700), seed: int = 0) -> bytes:
    """A JPEG for a CMS page: gradient + motif + caption band with ``text``."""
    image = _background(size, palette, motif, random.Random(seed))
    band = Image.new("RGBA", size, (0, 0, 0, 0))
    band_draw = ImageDraw.Draw(band)
    band_height = 120
    band_draw.rectangle([0, size[1] - band_height, size[0], size[1]], fill=(20, 14, 10, 150))
    image = Image.alpha_composite(image, band)
    draw = ImageDraw.Draw(image)
    font = _font(46)
    while draw.textlength(text, font=font) > size[0] - 80 and font.size > 20:
        font = _font(font.size - 2)
    draw.text((40, size[1] - band_height // 2), text, font=font, fill=(255, 250, 240), anchor="lm")
    return _jpeg(image)


def _seed(key: str) -> int:
    # Stable across runs and Python processes (hash() is salted per process).
    return zlib.crc32(key.encode("utf-8"))


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
    motif: str | None = None,
    palette_name: str | None = None,
) -> bytes:
    """JPEG bytes of one product's picture. ``key`` (the SKU) seeds the motif.

    No OCOP badge is painted on it: the shop shows the star the product holds today
    (a picture would keep a lapsed or revoked certificate's star forever)."""
    default_palette, default_motif = GROUP_STYLE[group]
    image = _background(PRODUCT_SIZE, palette_name or default_palette, motif or default_motif, random.Random(_seed(key)))

    overlay = Image.new("RGBA", PRODUCT_SIZE, (0, 0, 0, 0))
    band_draw = ImageDraw.Draw(overlay)
    font = _font(52)
    lines = _wrap(band_draw, name, font, PRODUCT_SIZE[0] - 80)
    while len(lines) > 2 and font.size > 28:
        font = _font(font.size - 4)
        lines = _wrap(band_draw, name, font, PRODUCT_SIZE[0] - 80)
    line_height = font.size + 14
    band_height = 40 + line_height * len(lines)
    band_draw.rectangle([0, PRODUCT_SIZE[1] - band_height, PRODUCT_SIZE[0], PRODUCT_SIZE[1]], fill=(20, 14, 10, 160))
    y = PRODUCT_SIZE[1] - band_height + 20 + line_height // 2
    for line in lines:
        band_draw.text((40, y), line, font=font, fill=(255, 250, 240), anchor="lm")
        y += line_height
    return _jpeg(Image.alpha_composite(image, overlay))


def draw_decision_scan(number: str, issuing_body: str, signed_on, product_title: str) -> bytes:
    """A small PNG standing in for the scan of a recognition decision (a white page
    with its heading), as a producer would photograph it."""
    image = Image.new("RGB", (620, 877), (252, 251, 247))
    draw = ImageDraw.Draw(image)
    lines = [
        (issuing_body.upper(), 22), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 20), (f"Số: {number}", 20),
        (f"Ngày {signed_on:%d/%m/%Y}", 18), ("QUYẾT ĐỊNH", 30), ("Công nhận sản phẩm OCOP", 22),
        (product_title, 20),
    ]
    y = 60
    for text, size in lines:
        draw.text((310, y), text, font=_font(size), fill=(30, 30, 30), anchor="mm")
        y += size * 2 + 14
    for row in range(y + 20, 820, 26):  # the decision's body, unreadable at this size
        draw.line((60, row, 560, row), fill=(170, 170, 170), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
