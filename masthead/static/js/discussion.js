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
