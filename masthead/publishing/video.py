"""Turn a video page's URL into the address of its player, without the network."""

from urllib.parse import parse_qs, urlsplit

# Privacy-friendly player hosts: no cookies until the reader plays the video.
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def embed_url_for(url: str) -> str | None:
    """Return the player URL for a YouTube or Vimeo link, or None for others.

    Videos from other hosts still work: their still links to the video's page.
    """
    parts = urlsplit(url or "")
    host = parts.netloc.lower()
    path_bits = [bit for bit in parts.path.split("/") if bit]
    video_id = None
    if host in _YOUTUBE_HOSTS:
        if path_bits[:1] == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [None])[0]
        elif path_bits[:1] in (["embed"], ["shorts"], ["live"]) and len(path_bits) > 1:
            video_id = path_bits[1]
        if video_id and video_id.replace("-", "").replace("_", "").isalnum():
            return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1"
    elif host == "youtu.be" and path_bits:
        return embed_url_for(f"https://www.youtube.com/watch?v={path_bits[0]}")
    elif host in _VIMEO_HOSTS:
        digits = [bit for bit in path_bits if bit.isdigit()]
        if digits:
            return f"https://player.vimeo.com/video/{digits[-1]}?autoplay=1&dnt=1"
    return None
