"""What the event page shows at the top: when it starts (time included), and its image in WebP with a
fallback, its alt text the image's description or empty (decorative, the title is beside it)."""
from bs4 import BeautifulSoup
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from .conftest import at, make_event


def header(client, event):
    return BeautifulSoup(client.get(event.url).content.decode(), "html.parser").select_one("article.event header")


def test_the_start_day_and_time_are_under_the_title(client, index):
    event = make_event(index, "Atelier mobilités", seances=[(at(12, 14, 30), at(12, 16))], lieu="Cergy")
    when = header(client, event).select_one(".event-when")
    assert "14:30–16:00" in when.get_text() and when.get_text().endswith("· Cergy")
    assert when.time["datetime"].startswith(at(12, 14, 30).date().isoformat() + "T14:30:00")


def test_the_image_is_a_webp_picture_with_a_fallback_and_an_empty_alt_by_default(client, index):
    image = Image.objects.create(title="IMG_2031", file=get_test_image_file())
    event = make_event(index, "Atelier illustré", image=image)
    picture = header(client, event).select_one("figure.event-image picture")
    assert picture.source["type"] == "image/webp" and picture.source["srcset"].endswith(".webp")
    assert picture.img["src"].endswith(".jpg") and picture.img["alt"] == ""


def test_the_images_description_is_its_alt_text(client, index):
    image = Image.objects.create(title="IMG_2032", description="Habitantes en atelier de cartographie",
                                 file=get_test_image_file())
    event = make_event(index, "Atelier cartographie", image=image)
    assert header(client, event).select_one("figure.event-image img")["alt"] == "Habitantes en atelier de cartographie"


def test_no_image_no_figure(client, index):
    assert header(client, make_event(index, "Sans image")).select_one("figure") is None
