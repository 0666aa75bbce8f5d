// Herald local page: polls /api/version and, when something changed, swaps in the live section
// rendered by the runtime (which escapes every message, config and event string it contains).
// Everything this script inserts itself goes through textContent.
(() => {
  "use strict";
  const live = document.getElementById("live");
  const connection = document.getElementById("connection");
  const currentVersion = () => live.firstElementChild?.getAttribute("data-version") ?? "";

  function localTimes(root) {
    for (const el of root.querySelectorAll("time[datetime]")) {
      const date = new Date(el.getAttribute("datetime"));
      if (!Number.isNaN(date.getTime())) el.textContent = date.toLocaleTimeString();
    }
  }

  // The command boxes live inside the live section: what is typed in them survives a refresh.
  function saveBoxes() {
    const saved = new Map();
    for (const form of live.querySelectorAll("form.command-box")) {
      const focused = form.contains(document.activeElement) ? document.activeElement.name : undefined;
      saved.set(form.dataset.channel, {
        user: form.elements.user.value,
        text: form.elements.text.value,
        result: form.querySelector("output").textContent,
        focused,
        selection: focused === "text" ? form.elements.text.selectionStart : undefined,
      });
    }
    return saved;
  }

  function restoreBoxes(saved) {
    for (const form of live.querySelectorAll("form.command-box")) {
      const box = saved.get(form.dataset.channel);
      if (!box) continue;
      form.elements.user.value = box.user;
      form.elements.text.value = box.text;
      form.querySelector("output").textContent = box.result;
      if (box.focused) {
        const input = form.elements[box.focused];
        input.focus();
        if (box.selection !== undefined) input.setSelectionRange(box.selection, box.selection);
      }
    }
  }

  async function refresh() {
    const html = await (await fetch("/partials/live", { cache: "no-store" })).text();
    const saved = saveBoxes();
    live.innerHTML = html;
    restoreBoxes(saved);
    localTimes(live);
  }

  let timer;
  async function poll() {
    clearTimeout(timer);
    try {
      const state = await (await fetch("/api/version", { cache: "no-store" })).json();
      if (String(state.version) !== currentVersion()) await refresh();
      connection.textContent = "live";
      connection.className = "connection";
    } catch {
      connection.textContent = "runtime not reachable";
      connection.className = "connection down";
    }
    timer = setTimeout(poll, 1000);
  }

  async function postJson(path, body) {
    const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = await response.json();
    if (!response.ok) throw new Error(json.message || `HTTP ${response.status}`);
    return json;
  }

  // A slash command from a channel's box: the runtime signs it and sends it as Slack would.
  live.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.command-box");
    if (!form) return;
    event.preventDefault();
    const output = form.querySelector("output");
    output.textContent = "Sending…";
    try {
      const answer = await postJson("/api/page/command", { channelId: form.dataset.channel, userId: form.elements.user.value.trim(), text: form.elements.text.value });
      output.textContent = answer.status >= 200 && answer.status < 300 ? `Sent: HTTP ${answer.status}` : `HTTP ${answer.status}: ${answer.body}`;
      if (answer.status >= 200 && answer.status < 300) form.elements.text.value = "";
    } catch (error) {
      output.textContent = `Could not send: ${error.message}`;
    }
    void poll();
  });

  // A button without a URL: Slack's block_actions, as the user in the channel's command box.
  live.addEventListener("click", async (event) => {
    const button = event.target.closest("button.bk-button[data-action-id]");
    if (!button) return;
    const channel = button.closest("section.channel");
    const message = button.closest("[data-message-id]");
    const form = channel?.querySelector("form.command-box");
    if (!channel || !message || !form) return;
    const output = form.querySelector("output");
    output.textContent = `Clicking “${button.dataset.label}”…`;
    try {
      const answer = await postJson("/api/page/action", {
        channelId: channel.dataset.channel,
        userId: form.elements.user.value.trim(),
        messageId: message.dataset.messageId,
        actionId: button.dataset.actionId,
        blockId: button.dataset.blockId,
        value: button.dataset.value,
        label: button.dataset.label,
      });
      output.textContent = `Clicked “${button.dataset.label}”: HTTP ${answer.status}`;
    } catch (error) {
      output.textContent = `Could not click: ${error.message}`;
    }
    void poll();
  });

  // The "Share user data" toggle (in the live section): the runtime changes the setting as the first admin.
  live.addEventListener("change", async (event) => {
    const toggle = event.target.closest("#share-user-data");
    if (!toggle) return;
    const output = document.getElementById("privacy-result");
    toggle.disabled = true;
    output.textContent = toggle.checked ? "Turning Share user data on…" : "Turning Share user data off: erasing in every Region…";
    try {
      const answer = await postJson("/api/page/privacy", { shareUserData: toggle.checked });
      output.textContent = answer.changed ? `Changed (${answer.requestId})` : "Already so";
    } catch (error) {
      output.textContent = `Could not change it: ${error.message}`;
      toggle.checked = !toggle.checked;
      toggle.disabled = false;
    }
    void poll();
  });

  const form = document.getElementById("publish");
  const result = document.getElementById("publish-result");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = new URLSearchParams({ Action: "Publish", TopicArn: data.get("TopicArn"), Message: data.get("Message") });
    if (data.get("Subject")) body.set("Subject", data.get("Subject"));
    result.textContent = "Publishing…";
    try {
      const response = await fetch("/aws/sns", { method: "POST", body });
      const xml = new DOMParser().parseFromString(await response.text(), "text/xml");
      const messageId = xml.querySelector("MessageId")?.textContent;
      result.textContent = response.ok
        ? `Published: MessageId ${messageId}`
        : `SNS error ${xml.querySelector("Code")?.textContent}: ${xml.querySelector("Message")?.textContent}`;
    } catch (error) {
      result.textContent = `Could not publish: ${error}`;
    }
  });

  for (const button of document.querySelectorAll("button.sample")) {
    button.addEventListener("click", () => {
      form.elements.Message.value = button.dataset.message;
      form.elements.Subject.value = button.dataset.subject;
    });
  }

  localTimes(document);
  timer = setTimeout(poll, 1000);
})();
