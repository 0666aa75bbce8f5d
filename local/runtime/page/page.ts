import { type Endpoints, labelledEndpoints } from "../endpoints";
import type { RuntimeView } from "../state";
import { escapeHtml } from "./escape";
import { liveSectionHtml } from "./live";
import { sampleMessages } from "./samples";

/** The whole page at `/`: server-rendered; /assets/page.js keeps the live section fresh. */
export function pageHtml(view: RuntimeView): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Herald · local runtime</title>
  <link rel="stylesheet" href="/assets/page.css">
</head>
<body>
  <header class="top"><h1>Herald <small>local runtime</small></h1><span id="connection" class="connection">live</span></header>
  <main>
    <div id="live" class="live">${liveSectionHtml(view)}</div>
    <aside class="side">
      ${publishFormHtml(view)}
      ${configurationsHtml(view)}
      ${guardrailsHtml(view)}
      ${regionsHtml(view)}
      ${endpointsHtml(view.endpoints)}
    </aside>
  </main>
  <datalist id="known-users">${view.config.account.admins.map((admin) => `<option value="${escapeHtml(admin)}">admin</option>`).join("")}</datalist>
  <script src="/assets/page.js"></script>
</body>
</html>`;
}

function publishFormHtml(view: RuntimeView): string {
  const first = view.topics.topics.find((t) => t.region === view.config.account.homeRegion) ?? view.topics.topics[0];
  const options = view.topics.topics
    .map((t) => `<option value="${escapeHtml(t.arn)}"${t === first ? " selected" : ""}>${escapeHtml(t.name)} · ${escapeHtml(t.region)}</option>`)
    .join("");
  const samples = Object.entries(sampleMessages(first.region, view.topics.accountId, first.arn))
    .map(([label, sample]) => `<button type="button" class="sample" data-subject="${escapeHtml(sample.subject ?? "")}" data-message="${escapeHtml(sample.message)}">${escapeHtml(label)}</button>`)
    .join(" ");
  return `<section class="panel">
    <h2>Publish a test message</h2>
    <form id="publish" autocomplete="off">
      <label>Topic <select name="TopicArn">${options}</select></label>
      <label>Subject <input name="Subject" maxlength="99" placeholder="optional"></label>
      <label>Message <textarea name="Message" rows="6" required placeholder="Text or JSON"></textarea></label>
      <div class="samples">Examples: ${samples}</div>
      <button type="submit">Publish</button>
      <output id="publish-result"></output>
    </form>
  </section>`;
}

function configurationsHtml(view: RuntimeView): string {
  const rows = view.config.channels.map((c) => `<tr>
    <td>${escapeHtml(c.name)}</td>
    <td>#${escapeHtml(c.channelId)}<br><small>${escapeHtml(c.teamId)}</small></td>
    <td>${c.topics.map(escapeHtml).join(", ")}</td>
    <td>${escapeHtml(c.loggingLevel)}</td>
    <td class="mono">${c.guardrailPolicyArns.map((arn) => escapeHtml(arn.replace(/^arn:aws[\w-]*:iam::(aws|\d{12}):policy\//, ""))).join("<br>")}</td>
  </tr>`);
  return `<section class="panel"><h2>Configurations</h2>
    <p class="note">From ${escapeHtml(view.configPath)}</p>
    <table><thead><tr><th>Name</th><th>Channel</th><th>Topics</th><th>Logging</th><th>Guardrails</th></tr></thead><tbody>${rows.join("")}</tbody></table>
  </section>`;
}

/** Where each guardrail's document comes from here: AWS's managed policies cannot be read without AWS. */
function guardrailsHtml(view: RuntimeView): string {
  const rows = view.guardrails.map((g) => `<tr class="guardrail origin-${g.origin}">
    <td class="mono">${escapeHtml(g.name)}</td>
    <td>${escapeHtml(g.note)}</td>
    <td>${g.channels.map((c) => `#${escapeHtml(c)}`).join(" ")}</td>
  </tr>`);
  return `<section class="panel" id="guardrails"><h2>Guardrails <small>as the local IAM stand-in serves them</small></h2>
    <p class="note">Commands are checked against these documents, then run with the STS stand-in's credentials against DynamoDB Local and the local SNS endpoint.
    Give your own documents with <code>HERALD_GUARDRAILS=&lt;file.json&gt;</code>.</p>
    <table><thead><tr><th>Policy</th><th>Local document</th><th>Channels</th></tr></thead><tbody>${rows.join("")}</tbody></table>
  </section>`;
}

function regionsHtml(view: RuntimeView): string {
  const home = view.config.account.homeRegion;
  const regions = view.config.account.regions.map((region) => `<li><strong>${escapeHtml(region)}</strong>${region === home ? " (home)" : ""}<ul>
    ${view.topics.topics.filter((t) => t.region === region).map((t) => `<li><span class="mono">${escapeHtml(t.arn)}</span></li>`).join("")}
  </ul></li>`);
  return `<section class="panel"><h2>Regions and topics</h2><ul class="regions">${regions.join("")}</ul></section>`;
}

function endpointsHtml(endpoints: Endpoints): string {
  const rows = labelledEndpoints().map(([key, label]) => `<tr><td>${escapeHtml(label)}</td><td class="mono">${escapeHtml(endpoints[key])}</td></tr>`);
  return `<section class="panel"><h2>Endpoints</h2><table><tbody>${rows.join("")}</tbody></table></section>`;
}
