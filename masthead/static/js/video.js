// Swap a video's still for its player only when the reader asks for it, so
// no request reaches the video host before then. Without this script the
// still is a plain link to the video's page.
document.addEventListener("click", (event) => {
  const still = event.target.closest("a.video__still[data-embed-src]");
  if (!still || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  const player = document.createElement("iframe");
  player.className = "video__player";
  player.src = still.dataset.embedSrc;
  player.title = "Video player";
  player.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  player.allowFullscreen = true;
  player.referrerPolicy = "strict-origin-when-cross-origin";
  still.replaceWith(player);
  player.focus();
});
