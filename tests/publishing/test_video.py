import pytest

from masthead.publishing.video import embed_url_for


@pytest.mark.parametrize(
    ("url", "player"),
    [
        (
            "https://www.youtube.com/watch?v=abc_DEF-123",
            "https://www.youtube-nocookie.com/embed/abc_DEF-123?autoplay=1",
        ),
        (
            "https://youtu.be/abc123",
            "https://www.youtube-nocookie.com/embed/abc123?autoplay=1",
        ),
        (
            "https://www.youtube.com/shorts/xyz",
            "https://www.youtube-nocookie.com/embed/xyz?autoplay=1",
        ),
        (
            "https://vimeo.com/76979871",
            "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1",
        ),
        ("https://example.org/videos/clip.mp4", None),
        ("https://www.youtube.com/watch?v=%22onload%3D", None),
        ("javascript:alert(1)", None),
        ("", None),
    ],
)
def test_player_address_is_worked_out_without_the_network(url, player):
    assert embed_url_for(url) == player
