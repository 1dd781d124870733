// Keyboard moderation, acting in place. Lowercase keys act on the current
// comment (a approve or restore, s spam, r remove, f editors' pick), x and *
// select, capitals act on the selection (A, S, R), u undoes the last decision.
// Decisions are the same form posts the buttons make without JavaScript, sent
// with fetch and answered in JSON: the row goes, focus moves to the next one,
// and the banner offers an Undo that puts the rows back where they were.
(() => {
  const queue = document.getElementById("moderation-queue");
  if (!queue) return;
  const banner = document.getElementById("moderation-banner");
  const help = document.getElementById("keyboard-help");
  const csrfToken = queue.querySelector('input[name="csrfmiddlewaretoken"]').value;
  const items = () => Array.from(queue.querySelectorAll(".moderation-item"));
  const boxes = () => Array.from(queue.querySelectorAll('input[name="comment"]'));
  let current = 0;
  let isBusy = false;
  // The last decision: its log entries and the rows it took off the page.
  let lastDecision = null;

  const focus = (index) => {
    const list = items();
    if (!list.length) return;
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach((item, i) => item.classList.toggle("is-current", i === current));
    list[current].focus();
  };

  const say = (message, { entries = [], isError = false } = {}) => {
    banner.replaceChildren();
    const text = document.createElement("span");
    text.className = "moderation-banner__message";
    text.textContent = message;
    banner.append(text);
    if (entries.length) {
      const undo = document.createElement("button");
      undo.type = "button";
      undo.className = "button button-small button-secondary";
      undo.textContent = "Undo";
      undo.addEventListener("click", undoLast);
      banner.append(" ", undo);
    }
    banner.classList.toggle("is-error", isError);
    banner.hidden = false;
  };

  const send = async (url, body) => {
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
      });
      const answer = await response.json();
      if (!response.ok && !answer.error) answer.error = "That did not work; reload the page.";
      return answer;
    } catch {
      return { error: "The server did not answer. Nothing was changed; try again." };
    }
  };

  const adjustTabCount = (change) => {
    const count = document.querySelector(".moderation-tabs a[aria-current] .moderation-count");
    // "10,000+" is a cap, not a figure to count down from.
    if (!count || count.textContent.includes("+")) return;
    const figure = Number(count.textContent.replace(/,/g, "")) + change;
    count.textContent = Math.max(0, figure).toLocaleString("en");
  };

  const takeOff = (rows) => {
    const removed = rows.map((row) => ({ row, parent: row.parentNode, next: row.nextElementSibling }));
    const first = items().indexOf(rows[0]);
    rows.forEach((row) => {
      row.querySelector('input[name="comment"]').checked = false;
      row.remove();
    });
    adjustTabCount(-rows.length);
    if (items().length) {
      focus(first);
    } else {
      showNextPageLink();
    }
    return removed;
  };

  const showNextPageLink = () => {
    let more = queue.querySelector(".moderation-more");
    if (!more) {
      more = document.createElement("p");
      more.className = "moderation-more";
      const link = document.createElement("a");
      link.href = window.location.href;
      link.textContent = "This page is done: show the next comments";
      more.append(link);
      queue.append(more);
    }
    more.querySelector("a").focus();
  };

  const putBack = (removed) => {
    // Last removed first, so each row finds the sibling it was in front of.
    removed.slice().reverse().forEach(({ row, parent, next }) => {
      parent.insertBefore(row, next && next.isConnected ? next : null);
    });
    queue.querySelector(".moderation-more")?.remove();
    adjustTabCount(removed.length);
    focus(items().indexOf(removed[0].row));
  };

  // A pick stays in the queue: its button now offers the opposite.
  const togglePick = (row) => {
    const button = row.querySelector('button[data-action="feature"], button[data-action="unfeature"]');
    const isPick = button.dataset.action === "feature";
    button.dataset.action = isPick ? "unfeature" : "feature";
    button.value = `${row.dataset.commentId}:${button.dataset.action}`;
    button.textContent = isPick ? "Take out of picks" : "Make editors' pick";
    row.classList.toggle("is-pick", isPick);
  };

  // Send one decision; `rows` are the comments it is about.
  const decide = async (rows, fields) => {
    if (isBusy || !rows.length) return;
    isBusy = true;
    rows.forEach((row) => row.setAttribute("aria-busy", "true"));
    const body = new FormData();
    Object.entries(fields).forEach(([name, values]) => [values].flat().forEach((value) => body.append(name, value)));
    const answer = await send(window.location.href, body);
    rows.forEach((row) => row.removeAttribute("aria-busy"));
    isBusy = false;
    if (answer.error) {
      say(answer.error, { isError: true });
      return;
    }
    const changed = new Set(answer.changed.map(String));
    if (/:(un)?feature$/.test(fields.act || "")) {
      const row = rows[0];
      if (changed.has(row.dataset.commentId)) togglePick(row);
      lastDecision = { entries: answer.entries, removed: [], toggled: row };
      say(answer.message, { entries: answer.entries });
      return;
    }
    const gone = rows.filter((row) => changed.has(row.dataset.commentId));
    lastDecision = { entries: answer.entries, removed: gone.length ? takeOff(gone) : [] };
    say(answer.message, { entries: answer.entries });
  };

  const undoLast = async () => {
    if (!lastDecision) {
      // A decision made by a plain post: its banner holds an Undo form.
      banner.querySelector("form")?.requestSubmit();
      return;
    }
    if (isBusy) return;
    const { entries, removed, toggled } = lastDecision;
    isBusy = true;
    const body = new FormData();
    entries.forEach((entry) => body.append("entry", entry));
    const answer = await send(banner.dataset.undoUrl, body);
    isBusy = false;
    if (answer.error) {
      say(answer.error, { isError: true });
      return;
    }
    lastDecision = null;
    const restored = new Set(answer.restored.map(String));
    const back = removed.filter(({ row }) => restored.has(row.dataset.commentId));
    if (back.length) putBack(back);
    if (toggled && restored.has(toggled.dataset.commentId)) togglePick(toggled);
    say(answer.message);
  };

  const currentRow = () => items()[current];
  const actOnCurrent = (...actions) => {
    const row = currentRow();
    const button = actions.map((action) => row?.querySelector(`button[data-action="${action}"]`)).find(Boolean);
    if (button) decide([row], { act: button.value });
    return Boolean(button);
  };
  const actOnSelection = (action) => {
    const chosen = boxes().filter((box) => box.checked);
    if (!chosen.length) {
      say("Nothing is selected: x selects the current comment, * selects all.", { isError: true });
      return;
    }
    decide(chosen.map((box) => box.closest(".moderation-item")), {
      action,
      comment: chosen.map((box) => box.value),
    });
  };
  const toggleAll = () => {
    const all = boxes();
    const isEveryChecked = all.length && all.every((box) => box.checked);
    all.forEach((box) => { box.checked = !isEveryChecked; });
    const selectAll = queue.querySelector("[data-select-all]");
    if (selectAll) selectAll.checked = !isEveryChecked;
  };

  const keys = {
    j: () => focus(current + 1),
    k: () => focus(current - 1),
    x: () => currentRow()?.querySelector('input[name="comment"]')?.click(),
    "*": toggleAll,
    a: () => actOnCurrent("approve", "restore"),
    s: () => actOnCurrent("spam"),
    r: () => actOnCurrent("remove"),
    f: () => actOnCurrent("feature", "unfeature") || say("Only approved comments can be editors' picks: approve it first.", { isError: true }),
    A: () => actOnSelection("approve"),
    S: () => actOnSelection("spam"),
    R: () => actOnSelection("remove"),
    u: undoLast,
    "?": () => { help.hidden = !help.hidden; },
    Escape: () => { help.hidden = true; },
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input:not([type=checkbox]), textarea, select")) return;
    const handler = keys[event.key];
    if (handler) {
      event.preventDefault();
      handler();
    }
  });

  // Buttons pressed with a mouse act in place too.
  queue.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (!button) return;
    event.preventDefault();
    if (button.name === "act") {
      decide([button.closest(".moderation-item")], { act: button.value });
    } else {
      actOnSelection(button.value);
    }
  });
  queue.querySelector("[data-select-all]")?.addEventListener("change", (event) => {
    boxes().forEach((box) => { box.checked = event.target.checked; });
  });
  document.querySelector("[data-keyboard-help]")?.addEventListener("click", () => { help.hidden = !help.hidden; });
  queue.addEventListener("focusin", (event) => {
    const row = event.target.closest(".moderation-item");
    if (!row) return;
    current = items().indexOf(row);
    items().forEach((other) => other.classList.toggle("is-current", other === row));
  });
  focus(0);
})();
