// Progressive enhancement for the discussion. Every link and form here works
// without this script; with it, replies open inline, posting and previews
// happen without a reload, and "Quote" fills the box in place.
(() => {
  const thread = document.querySelector(".discussion");
  const mainForm = document.getElementById("comment-form");
  if (!thread || !mainForm || !window.fetch || !window.FormData) return;

  const openReplyForm = (link, withQuote) => {
    const comment = link.closest(".comment");
    const existing = comment.parentElement.querySelector(":scope > .reply-form");
    const form = existing || mainForm.cloneNode(true);
    if (!existing) {
      form.id = "";
      form.classList.add("reply-form");
      form.querySelector(".comment-form__preview").innerHTML = "";
      form.querySelectorAll(".field__error, .form-errors").forEach((el) => el.remove());
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
    const box = form.querySelector("textarea");
    if (withQuote) {
      const quoted = comment.querySelector(".comment__text").innerText.trim();
      const lines = quoted.split("\n").map((line) => (line ? `> ${line}` : ">"));
      box.value = `${lines.join("\n")}\n\n${box.value}`;
    }
    box.focus();
  };

  thread.addEventListener("click", (event) => {
    const link = event.target.closest("a.comment__reply, a.comment__quote");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    openReplyForm(link, link.classList.contains("comment__quote"));
  });

  const showErrors = (form, errors) => {
    form.querySelectorAll(".field__error, .form-errors").forEach((el) => el.remove());
    Object.entries(errors).forEach(([name, messages]) => {
      const field = form.querySelector(`[data-field="${name}"]`);
      const note = document.createElement("p");
      note.className = field ? "field__error" : "form-errors";
      note.setAttribute("role", "alert");
      note.textContent = messages.join(" ");
      if (field) field.querySelector("label").after(note);
      else form.prepend(note);
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
    if (data.parent_id) {
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
      const list = thread.querySelector("ol.comments");
      const number = list.querySelectorAll(":scope > li").length + 1;
      const header = item.querySelector(".comment__header");
      if (header) header.insertAdjacentHTML("afterbegin", `<span class="comment__number">${number}.</span> `);
      if (list.dataset.newestFirst === "true") list.prepend(item); else list.append(item);
      form.querySelector("textarea").value = "";
      form.querySelector(".comment-form__preview").innerHTML = "";
      thread.querySelector(".discussion__empty")?.remove();
    }
    document.querySelectorAll(".comment-count__number, .discussion__count").forEach((el) => {
      el.textContent = data.comment_count;
    });
    item.scrollIntoView({ block: "center" });
  };

  thread.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.comment-form");
    if (!form || !form.action.includes("/discussion/articles/")) return;
    event.preventDefault();
    const isPreview = event.submitter && event.submitter.name === "preview";
    const body = new FormData(form);
    if (isPreview) body.append("preview", "1");
    const buttons = form.querySelectorAll("button");
    buttons.forEach((button) => { button.disabled = true; });
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (!data.ok) showErrors(form, data.errors || {});
      else if (isPreview) form.querySelector(".comment-form__preview").innerHTML = `<div class="comment-preview"><h4>Preview</h4><div class="comment__text">${data.preview}</div></div>`;
      else { showErrors(form, {}); insertComment(form, data); }
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
    } finally {
      buttons.forEach((button) => { button.disabled = false; });
    }
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
