// Progressive enhancement for the discussion. Every link and form here works
// without this script; with it, replies open inline, posting and previews
// happen without a reload, and "Quote" fills the box in place.
(() => {
  // Edit and Delete last a few minutes after posting. A page left open longer
  // drops them when the time is up (the edit page counts down), rather than
  // offering a door that only says it is too late.
  const minutesLeftText = (element, left) => {
    const minutes = Math.floor(left / 60000);
    const action = element.dataset.action;
    if (minutes < 1) return `You can ${action} it for less than a minute more.`;
    return `You can ${action} it for ${minutes} more minute${minutes === 1 ? "" : "s"}.`;
  };
  const closeChangeWindow = (element) => {
    if (!element.classList.contains("change-window")) {
      element.remove();
      return;
    }
    element.textContent = element.dataset.overText;
    element.classList.add("change-window--over");
    element.setAttribute("role", "alert");
    document.querySelectorAll("form button[type=submit]").forEach((button) => {
      button.disabled = true;
    });
  };
  const watchChangeWindows = (root) => {
    root.querySelectorAll("[data-changeable-until]").forEach((element) => {
      const until = Date.parse(element.dataset.changeableUntil);
      if (Number.isNaN(until)) return;
      const update = () => {
        const left = until - Date.now();
        if (left <= 0) {
          closeChangeWindow(element);
          return;
        }
        if (element.classList.contains("change-window")) {
          element.textContent = minutesLeftText(element, left);
        }
        setTimeout(update, Math.min(left, 15000));
      };
      update();
    });
  };
  watchChangeWindows(document);

  // A link in an error summary takes the reader into the field itself.
  document.addEventListener("click", (event) => {
    const link = event.target.closest(".error-summary a[href^='#']");
    const field = link && document.getElementById(link.hash.slice(1));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  });

  const thread = document.querySelector(".discussion");
  const mainForm = document.getElementById("comment-form");
  if (!thread || !mainForm || !window.fetch || !window.FormData) return;

  const fetchJson = async (url, options = {}) => {
    const response = await fetch(url, {
      ...options,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    return response.json();
  };

  const openReplyForm = (link) => {
    const comment = link.closest(".comment");
    const existing = comment.parentElement.querySelector(":scope > .reply-form");
    const form = existing || mainForm.cloneNode(true);
    if (!existing) {
      form.id = "";
      form.classList.add("reply-form");
      form.querySelector(".comment-form__preview").innerHTML = "";
      clearErrors(form);
      form.querySelectorAll("[id]").forEach((el) => {
        const newId = `${el.id}-reply-${link.dataset.replyTo}`;
        const label = form.querySelector(`label[for="${el.id}"]`);
        if (label) label.htmlFor = newId;
        el.id = newId;
      });
      form.querySelector("textarea").value = "";
      form.querySelector('input[name="parent"]').value = link.dataset.replyTo;
      const heading = document.createElement("p");
      heading.className = "reply-form__heading";
      heading.textContent = `Reply to ${link.dataset.author}`;
      form.prepend(heading);
      comment.after(form);
    }
    return form.querySelector("textarea");
  };

  // The quotation comes from the server, which has the comment's Markdown:
  // the page's HTML would lose its nested quotations and links' addresses.
  const quoteInto = async (link, box) => {
    try {
      const data = await fetchJson(link.href);
      box.value = `${data.quote}${box.value}`;
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    } catch (problem) {
      window.location.href = link.href;
    }
  };

  thread.addEventListener("click", (event) => {
    const link = event.target.closest("a.comment__reply, a.comment__quote");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const box = openReplyForm(link);
    if (link.classList.contains("comment__quote")) quoteInto(link, box);
    else box.focus();
  });

  const clearErrors = (form) => {
    form.querySelectorAll(".field__error, .form-errors, .error-summary, .comment-form__posted")
      .forEach((el) => el.remove());
    form.querySelectorAll(".field--error").forEach((el) => el.classList.remove("field--error"));
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
  };

  // The same box as discussion/error_summary.html draws without JavaScript.
  const errorSummary = (problems) => {
    const summary = document.createElement("div");
    summary.className = "error-summary";
    summary.setAttribute("role", "alert");
    summary.tabIndex = -1;
    const title = document.createElement("h4");
    title.className = "error-summary__title";
    title.textContent = "There is a problem with your comment";
    const list = document.createElement("ul");
    list.className = "error-summary__list";
    problems.forEach(([text, fieldId]) => {
      const item = document.createElement("li");
      if (fieldId) {
        const link = document.createElement("a");
        link.href = `#${fieldId}`;
        link.textContent = text;
        item.append(link);
      } else item.textContent = text;
      list.append(item);
    });
    summary.append(title, list);
    return summary;
  };

  // Each field's message once, beside it; all of them, linked, in the summary.
  const showErrors = (form, errors) => {
    clearErrors(form);
    const problems = Object.entries(errors).map(([name, messages]) => {
      const text = messages.join(" ");
      const field = form.querySelector(`[data-field="${name}"]`);
      const input = field && field.querySelector("input, textarea");
      if (!input) return [text, null];
      field.classList.add("field--error");
      input.setAttribute("aria-invalid", "true");
      const note = document.createElement("p");
      note.className = "field__error";
      note.textContent = text;
      field.querySelector("label").after(note);
      return [text, input.id];
    });
    if (!problems.length) return null;
    const summary = errorSummary(problems);
    form.querySelector(".form-trap").after(summary);
    return summary;
  };

  // Where the comment went, in words, with a link when it is not on this page.
  const postedNote = (data, isHere) => {
    const note = document.createElement("p");
    note.className = "comment-form__posted";
    note.setAttribute("role", "status");
    note.tabIndex = -1;
    let text;
    if (data.is_held) {
      text = "Your comment is awaiting moderation: only you can see it until an editor approves it.";
    } else if (data.number) {
      text = `Your comment is number ${data.number}, on page ${data.page}.`;
    } else text = "Your comment is posted.";
    note.textContent = `${text} `;
    if (!isHere) {
      const link = document.createElement("a");
      link.href = data.url;
      link.textContent = data.page > 1 ? `See it on page ${data.page}` : "See it";
      note.append(link);
    }
    return note;
  };

  const renumberAfterNewest = (list) => {
    // Newest first, the new comment is number 1 on this page; the others
    // move down one, as the page would show them after a reload.
    list.querySelectorAll(":scope > li > .comment .comment__number").forEach((number) => {
      const value = parseInt(number.textContent, 10);
      if (!Number.isNaN(value)) number.textContent = `${value + 1}.`;
    });
  };

  const insertComment = (form, data) => {
    // Each stamp serves one post: every form on the page takes the new one.
    document.querySelectorAll('form.comment-form input[name="started"]').forEach((input) => {
      input.value = data.started;
    });
    const item = document.createElement("li");
    item.className = "comments__item";
    item.innerHTML = data.html;
    const list = thread.querySelector("ol.comments");
    const isReply = Boolean(data.parent_id);
    const isHere = isReply || String(data.page) === (list.dataset.page || "1");
    if (isReply) {
      const parentItem = document.getElementById(`comment-${data.parent_id}`).parentElement;
      let replies = parentItem.querySelector(":scope > ul.replies");
      if (!replies) {
        replies = document.createElement("ul");
        replies.className = "replies";
        parentItem.append(replies);
      }
      replies.append(item);
      form.remove();
    } else {
      form.querySelector("textarea").value = "";
      form.querySelector(".comment-form__preview").innerHTML = "";
      if (isHere) {
        thread.querySelector(".discussion__empty")?.remove();
        if (list.dataset.newestFirst === "true") {
          if (data.number) renumberAfterNewest(list);
          list.prepend(item);
        } else list.append(item);
      }
    }
    document.querySelectorAll(".comment-count__number, .discussion__count").forEach((el) => {
      el.textContent = data.comment_count;
    });
    watchChangeWindows(item);
    if (isHere) {
      const comment = item.querySelector(".comment");
      comment.tabIndex = -1;
      comment.scrollIntoView({ block: "center" });
      comment.focus({ preventScroll: true });
    }
    if (!isReply) {
      const note = postedNote(data, isHere);
      form.querySelector(".form-trap").after(note);
      if (!isHere) {
        note.focus({ preventScroll: true });
        note.scrollIntoView({ block: "center" });
      }
    }
  };

  const showPreview = (form, html) => {
    clearErrors(form);
    const preview = form.querySelector(".comment-form__preview");
    preview.innerHTML = `<div class="comment-preview"><h4>Preview</h4><div class="comment__text">${html}</div></div>`;
  };

  thread.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.comment-form");
    if (!form || !form.action.includes("/discussion/articles/")) return;
    event.preventDefault();
    const submitter = event.submitter;
    const isPreview = submitter && submitter.name === "preview";
    const body = new FormData(form);
    if (isPreview) body.append("preview", "1");
    const buttons = form.querySelectorAll("button");
    buttons.forEach((button) => { button.disabled = true; });
    let focusTarget = null;
    let scrollTarget = null;
    try {
      const data = await fetchJson(form.action, { method: "POST", body });
      if (!data.ok) {
        const summary = showErrors(form, data.errors || {});
        focusTarget = summary || form.querySelector("[aria-invalid]");
        scrollTarget = focusTarget;
      } else if (isPreview) {
        showPreview(form, data.preview);
        focusTarget = submitter;
        scrollTarget = form.querySelector(".comment-preview");
      } else {
        clearErrors(form);
        insertComment(form, data);
      }
    } catch (problem) {
      // Anything unexpected: fall back to an ordinary post, which always works.
      if (isPreview) {
        const flag = document.createElement("input");
        flag.type = "hidden";
        flag.name = "preview";
        flag.value = "1";
        form.append(flag);
      }
      HTMLFormElement.prototype.submit.call(form);
      return;
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
    }
    // The pressed button was disabled while the form was away, which sent
    // keyboard focus to the page's start; put it where the reader goes next.
    if (focusTarget) focusTarget.focus({ preventScroll: true });
    if (scrollTarget) scrollTarget.scrollIntoView({ block: "start" });
  });
})();

// Reading a long discussion: "N more replies" opens in place, and comments
// that arrived since this browser's last visit are marked. The last visit is
// remembered in localStorage, never in a cookie: a cookie would make every
// page personal and keep this reader out of the shared page cache.
(() => {
  const discussion = document.querySelector(".discussion");
  if (!discussion || !window.fetch || !window.DOMParser) return;

  discussion.addEventListener("click", async (event) => {
    const link = event.target.closest("a.comments__more-link");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    const item = link.closest(".comments__more");
    const replies = item.closest("ul.replies");
    try {
      const response = await fetch(link.href, { credentials: "same-origin" });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const whole = page.querySelector(".comments--whole-thread > li > ul.replies");
      if (!whole) throw new Error("no replies on the thread's page");
      const shown = replies.querySelectorAll(":scope > li.comments__item").length;
      const adopted = document.importNode(whole, true);
      replies.replaceWith(adopted);
      // Keyboard and screen-reader users carry on at the first reply revealed.
      const next = adopted.querySelectorAll(":scope > li.comments__item > .comment")[shown];
      if (next) { next.tabIndex = -1; next.focus(); }
    } catch (problem) {
      window.location.href = link.href;
    }
  });

  const news = discussion.querySelector(".discussion__news");
  if (!news) return;
  let store = null;
  try { store = window.localStorage; } catch (problem) { store = null; }
  const key = `masthead:last-visit:${news.dataset.article}`;
  const askCount = async () => {
    // Asked afresh each time: the browser's copy may predate the newest comment.
    const response = await fetch(news.dataset.countUrl, { cache: "no-cache", headers: { Accept: "application/json" } });
    return response.ok ? response.json() : null;
  };
  const plural = (count) => (count === 1 ? "1 new comment" : `${count} new comments`);
  const newestUrl = `${window.location.pathname}?order=newest#comments`;

  const markNew = (seenId) => {
    let marked = 0;
    discussion.querySelectorAll("article.comment[id^='comment-']:not(.comment--removed)").forEach((comment) => {
      if (Number(comment.id.slice("comment-".length)) <= seenId) return;
      comment.classList.add("comment--new");
      const author = comment.querySelector(".comment__author");
      if (author) author.insertAdjacentHTML("afterend", ' <span class="badge badge--new">new</span>');
      marked += 1;
    });
    return marked;
  };

  const say = (text, linkText) => {
    news.textContent = `${text} `;
    if (linkText) {
      const link = document.createElement("a");
      link.href = newestUrl;
      link.textContent = linkText;
      news.append(link);
    }
    news.hidden = false;
  };

  const start = async () => {
    let previous = null;
    try { previous = JSON.parse(store.getItem(key)); } catch (problem) { previous = null; }
    const now = await askCount();
    if (!now) return;
    if (previous && Number.isInteger(previous.latestId)) {
      const fresh = now.comment_count - previous.count;
      const marked = markNew(previous.latestId);
      if (fresh > 0 || marked > 0) {
        const count = Math.max(fresh, marked);
        say(`${plural(count)} since your last visit${marked ? ", marked “new”." : "."}`,
          marked < count ? "Show the newest" : "");
      }
    }
    try { store.setItem(key, JSON.stringify({ latestId: now.latest_id || 0, count: now.comment_count })); } catch (problem) { /* private mode: nothing remembered */ }
    // While the page stays open, say when more arrive, without reloading it.
    window.setInterval(async () => {
      if (document.hidden) return;
      const later = await askCount().catch(() => null);
      if (!later || (later.latest_id || 0) <= (now.latest_id || 0)) return;
      const arrived = Math.max(1, later.comment_count - now.comment_count);
      say(`${plural(arrived)} since you opened this page -`, "show");
    }, Number(news.dataset.pollSeconds || 60) * 1000);
  };
  if (store) start().catch(() => {});
})();
