/**
 * CodeCommit repositories: branch and tag changes, pull requests and comments. Pull request events
 * share one thread per pull request. https://docs.aws.amazon.com/codecommit/latest/userguide/monitoring-events.html
 */
import { consoleLink } from "../console-links";
import { humanize, optionalField, presentFields, scalarTexts } from "../fields";
import { arrayAt, stringAt, type JsonRecord } from "../untrusted-json";
import { eventBridgeRenderer, eventLocation, eventThread, plainBody } from "./renderer";

const REPOSITORY = "CodeCommit Repository State Change";

export const codeCommitRenderer = eventBridgeRenderer({
  kind: "codecommit",
  label: "AWS CodeCommit",
  source: "aws.codecommit",
  detailTypes: [
    REPOSITORY,
    "CodeCommit Pull Request State Change",
    "CodeCommit Comment on Pull Request",
    "CodeCommit Comment on Commit",
    "CodeCommit Approval Rule Template Change",
  ],
  render(event) {
    const detail = event.detail;
    const repository = stringAt(detail, "repositoryName") ?? scalarTexts(arrayAt(detail, "repositoryNames"))[0];
    const pullRequestId = stringAt(detail, "pullRequestId");
    const action = stringAt(detail, "event");
    const title = describe(event.detailType, repository ?? "CodeCommit", action, detail);

    return {
      title,
      severity: "info",
      ...plainBody(stringAt(detail, "notificationBody")),
      fields: presentFields(
        optionalField("Repository", repository),
        optionalField("Event", action),
        optionalField("Pull request status", stringAt(detail, "pullRequestStatus")),
        optionalField("Merged", stringAt(detail, "isMerged")),
        optionalField("Source", stringAt(detail, "sourceReference"), true),
        optionalField("Destination", stringAt(detail, "destinationReference"), true),
        optionalField("Commit", stringAt(detail, "commitId"), true),
        optionalField("By", stringAt(detail, "callerUserArn") ?? stringAt(detail, "author"), true),
      ),
      links: [consoleLink(eventLocation(event), pullRequestId === undefined ? "View in CodeCommit" : "View pull request", repositoryPage(repository, pullRequestId, detail))],
      ...(pullRequestId === undefined || repository === undefined ? {} : { thread: eventThread(event, `${repository}:${pullRequestId}`) }),
    };
  },
});

/** The pull request, else the commit, else the repository. */
function repositoryPage(repository: string | undefined, pullRequestId: string | undefined, detail: JsonRecord): string | undefined {
  if (repository === undefined) return undefined;
  const base = `/codesuite/codecommit/repositories/${encodeURIComponent(repository)}`;
  const commit = stringAt(detail, "commitId") ?? stringAt(detail, "afterCommitId");
  if (pullRequestId !== undefined) return `${base}/pull-requests/${encodeURIComponent(pullRequestId)}/details`;
  return commit === undefined ? `${base}/browse` : `${base}/commit/${encodeURIComponent(commit)}`;
}

/** "orders: branch main updated", "orders: pull request 42 created — Add retries", "orders: comment on commit created". */
function describe(detailType: string, repository: string, action: string | undefined, detail: JsonRecord): string {
  if (detailType === REPOSITORY) {
    const reference = [stringAt(detail, "referenceType") ?? "reference", stringAt(detail, "referenceName")].filter(Boolean).join(" ");
    return `${repository}: ${reference} ${humanize((action ?? "changed").replace(/^reference/, ""))}`;
  }
  const pullRequestId = stringAt(detail, "pullRequestId");
  if (action?.startsWith("pullRequest") && pullRequestId !== undefined) {
    const prTitle = stringAt(detail, "title");
    return `${repository}: pull request ${pullRequestId} ${humanize(action.replace(/^pullRequest/, ""))}${prTitle === undefined ? "" : ` — ${prTitle}`}`;
  }
  return `${repository}: ${action === undefined ? humanize(detailType.replace(/^CodeCommit /, "")) : humanize(action)}`;
}
