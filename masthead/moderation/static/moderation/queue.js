// Keyboard moderation: j/k move between comments, x selects, a/s/r approve,
// mark as spam or remove the current comment, ? shows the help. Each key
// presses the same button a mouse would, so the server does the work.
(() => {
  const queue = document.getElementById("moderation-queue");
  if (!queue) return;
  const items = () => Array.from(queue.querySelectorAll(".moderation-item"));
  const help = document.getElementById("keyboard-help");
  let current = 0;

  const focus = (index) => {
    const list = items();
    if (!list.length) return;
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach((item, i) => item.classList.toggle("is-current", i === current));
    list[current].focus();
  };
  // True when the current comment offers that decision and it was pressed.
  const press = (action) => {
    const button = items()[current]?.querySelector(`button[data-action="${action}"]`);
    button?.click();
    return Boolean(button);
  };

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select")) return;
    const keys = {
      j: () => focus(current + 1),
      k: () => focus(current - 1),
      x: () => items()[current]?.querySelector('input[type="checkbox"]')?.click(),
      // A spammed or removed comment offers "restore" where a held one has "approve".
      a: () => press("approve") || press("restore"),
      s: () => press("spam"),
      r: () => press("remove"),
      "?": () => { help.hidden = !help.hidden; },
      Escape: () => { help.hidden = true; },
    };
    const handler = keys[event.key];
    if (handler) { event.preventDefault(); handler(); }
  });
  queue.querySelector("[data-select-all]")?.addEventListener("change", (event) => {
    queue.querySelectorAll('input[name="comment"]').forEach((box) => { box.checked = event.target.checked; });
  });
  document.querySelector("[data-keyboard-help]")?.addEventListener("click", () => { help.hidden = !help.hidden; });
  items().forEach((item, index) => item.addEventListener("focus", () => {
    current = index;
    items().forEach((other, i) => other.classList.toggle("is-current", i === index));
  }));
  focus(0);
})();
