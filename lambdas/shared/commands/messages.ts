import type { Notification } from "../notifications/model";

/** The command path's own short answers, as platform-neutral notifications. */

function message(kind: string, title: string, severity: Notification["severity"], body: string, markdown = false): Notification {
  return { kind, recognized: true, title, severity, summary: title, body: { text: body, markdown }, fields: [], lists: [], links: [], context: [] };
}

/** A command carrying a credential: not run, stored, logged nor echoed. */
export function credentialRefusal(what: string): Notification {
  return message(
    "command-refused",
    "Command refused: it contains a credential",
    "high",
    `Your command looks like it contains ${what}. Herald did not run, store or log it. Treat that credential as exposed and rotate it.`,
  );
}

/** Text shown as inline code; a backtick in it cannot end the code span. */
export function inlineCode(text: string): string {
  return `\`${text.replace(/`/g, "ʹ")}\``;
}

/** The immediate acknowledgement while the worker runs the command. */
export function runningMessage(commandText: string): Notification {
  return message("command-ack", "Running", "info", `Running ${inlineCode(commandText)}…`, true);
}

/** The immediate acknowledgement of `ask <question>`: the answer comes in a thread. */
export function askingMessage(): Notification {
  return message("command-ack", "Asking", "info", "Working on your question: the answer will be in a thread in this channel.", true);
}

/** A short answer in Slack-style markdown (build code spans with inlineCode; the adapter escapes & < >). */
export function commandNotice(title: string, body: string, severity: Notification["severity"] = "info"): Notification {
  return message("command-notice", title, severity, body, true);
}

/** The answer to text that is not a valid command: why, and the closest valid form if there is one. */
export function invalidCommandNotice(request: { readonly message: string; readonly suggestion?: string }): Notification {
  return commandNotice("Not a command Herald knows", `${request.message}${request.suggestion ? `\nDid you mean ${inlineCode(request.suggestion)}?` : ""}`, "low");
}
