// Share and copy-link buttons for an article. The page works without this
// script (the e-mail link is plain HTML); with it, a phone's own share sheet
// replaces the e-mail link, or a button copies the address.
(function () {
  "use strict";
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var address = box.dataset.shareUrl;
    var status = box.querySelector("[data-share-status]");
    var shareButton = box.querySelector("[data-share-native]");
    var copyButton = box.querySelector("[data-share-copy]");
    if (navigator.share) {
      shareButton.hidden = false;
      box.querySelectorAll("[data-share-fallback]").forEach(function (fallback) {
        fallback.hidden = true;
      });
      shareButton.addEventListener("click", function () {
        // A reader who closes the share sheet is not an error.
        navigator.share({ title: box.dataset.shareTitle, url: address }).catch(function () {});
      });
      return;
    }
    if (!navigator.clipboard) return;
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      navigator.clipboard.writeText(address).then(
        function () { status.textContent = "Link copied."; },
        function () { status.textContent = "Copying failed: the address is " + address; }
      );
    });
  });
})();
