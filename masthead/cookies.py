"""The cookies Masthead sets, by name, and which of them make a page personal.

A browser carrying any cookie in PERSONAL may be shown something drawn for
that reader alone (their name, a comment of theirs still held, a message),
so Masthead's page cache never serves it a shared copy, and neither does the
shipped nginx site, whose map must name the same cookies (a test compares
them). The modules that set a cookie take its name from here: a cookie
renamed in one place cannot drop out of that list unnoticed.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage

# A guest's recent comments, shown to them while held (discussion/ownership.py).
OWN_COMMENTS = "masthead_comments"
# A guest's remembered name and e-mail, filled into the form
# (accounts/guest_details.py).
GUEST_DETAILS = "masthead_guest"
# Proof that this browser's reader receives an address's mail
# (accounts/address_proof.py).
ADDRESS_PROOF = "masthead_proof"
# The accounts that signed in from this browser before
# (accounts/sign_in_limits.py).
KNOWN_BROWSER = "masthead_signed_in"

PERSONAL = (
    settings.SESSION_COOKIE_NAME,
    OWN_COMMENTS,
    GUEST_DETAILS,
    # Messages wait in a cookie when they fit, in the session otherwise.
    CookieStorage.cookie_name,
)
# These change how a request is checked, never what a page shows, so a
# browser carrying them still gets the shared copy. Cached pages hold no CSRF
# token: a guest's post is checked by its Origin instead (see the README).
NOT_PERSONAL = (
    settings.CSRF_COOKIE_NAME,
    ADDRESS_PROOF,
    KNOWN_BROWSER,
)
