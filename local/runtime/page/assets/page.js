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

  async function poll() {
    try {
      const state = await (await fetch("/api/version", { cache: "no-store" })).json();
      if (String(state.version) !== currentVersion()) {
        const html = await (await fetch("/partials/live", { cache: "no-store" })).text();
        live.innerHTML = html;
        localTimes(live);
      }
      connection.textContent = "live";
      connection.className = "connection";
    } catch {
      connection.textContent = "runtime not reachable";
      connection.className = "connection down";
    }
    setTimeout(poll, 1000);
  }

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
  setTimeout(poll, 1000);
})();
