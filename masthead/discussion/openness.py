"""Whether an article's discussion still takes comments."""

from datetime import timedelta

from django.utils import timezone


def is_open_for_comments(article, *, close_after_days: int) -> bool:
    """Open unless the editors closed it or the site's time limit has passed."""
    if article.comments_closed:
        return False
    if not close_after_days or not article.first_published_at:
        return True
    age_limit = timedelta(days=close_after_days)
    return timezone.now() < article.first_published_at + age_limit
