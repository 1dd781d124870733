"""Pictures for the demo, drawn here so loading it never needs the network."""

import random
from io import BytesIO

from django.core.files import File
from PIL import Image, ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.utils.file import hash_filelike

WIDTH, HEIGHT = 1600, 900

# Muted newsroom colours: any two of them make a calm gradient.
PALETTE = [
    (31, 58, 96),
    (46, 110, 142),
    (88, 143, 112),
    (196, 150, 82),
    (172, 84, 66),
    (110, 76, 120),
    (52, 64, 72),
    (214, 196, 160),
]


def draw_picture(*, label: str, seed: int) -> bytes:
    """Return a 1600x900 JPEG: a gradient, a few shapes and the label.

    The same seed always gives the same picture, so reloading the demo
    elsewhere shows the same images.
    """
    chance = random.Random(seed)
    start, end = chance.sample(PALETTE, 2)
    picture = _gradient(start=start, end=end, angle=chance.choice([0, 45, 90, 135]))
    _draw_shapes(picture=picture, chance=chance)
    _draw_label(picture=picture, label=label)
    output = BytesIO()
    picture.convert("RGB").save(output, format="JPEG", quality=85)
    return output.getvalue()


def _gradient(*, start: tuple, end: tuple, angle: int) -> Image.Image:
    # Rotating and stretching Pillow's small built-in ramp is far quicker
    # than colouring 1.4 million pixels one by one. Only the middle of the
    # rotated ramp is kept: its corners would be blank after a 45° turn.
    ramp = Image.linear_gradient("L").resize((512, 512)).rotate(angle)
    mask = ramp.crop((80, 80, 432, 432)).resize(
        (WIDTH, HEIGHT), Image.Resampling.BICUBIC
    )
    return Image.composite(
        Image.new("RGBA", (WIDTH, HEIGHT), end),
        Image.new("RGBA", (WIDTH, HEIGHT), start),
        mask,
    )


def _draw_shapes(*, picture: Image.Image, chance: random.Random) -> None:
    # Shapes go on their own layer so their transparency blends with the
    # gradient instead of replacing it.
    layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(chance.randint(4, 7)):
        x = chance.randint(-200, WIDTH)
        y = chance.randint(-200, HEIGHT)
        size = chance.randint(120, 520)
        colour = (*chance.choice(PALETTE), chance.randint(50, 120))
        box = (x, y, x + size, y + size)
        if chance.random() < 0.6:
            draw.ellipse(box, fill=colour)
        else:
            draw.rectangle(box, fill=colour)
    picture.alpha_composite(layer)


def _draw_label(*, picture: Image.Image, label: str) -> None:
    layer = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    font = ImageFont.load_default(size=56)
    left, top, right, bottom = draw.textbbox((0, 0), label, font=font)
    margin, padding = 64, 28
    band_top = HEIGHT - margin - (bottom - top) - 2 * padding
    band = (margin, band_top, margin + (right - left) + 2 * padding, HEIGHT - margin)
    draw.rectangle(band, fill=(0, 0, 0, 130))
    draw.text(
        (margin + padding - left, band_top + padding - top),
        label,
        font=font,
        fill=(255, 255, 255, 255),
    )
    picture.alpha_composite(layer)


def get_or_create_picture(
    *, title: str, label: str, seed: int, alt_text: str = ""
) -> tuple[AbstractImage, bool]:
    """Return the Wagtail image with this title, drawing it if there is none.

    The boolean says whether it was created, so the loader can count.
    """
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).order_by("pk").first()
    if existing:
        return existing, False
    data = draw_picture(label=label, seed=seed)
    image = image_model(title=title, file_size=len(data))
    if hasattr(image, "description"):
        image.description = alt_text or title
    image.file_hash = hash_filelike(BytesIO(data))
    image.file = File(BytesIO(data), name=f"demo-{seed}.jpg")
    image.save()
    return image, True
