import type { OperationAccess } from "./iam";
import type { MemberModel, OperationModel, ServiceModel } from "./model";

/**
 * Help derived from the model, as plain text in sections (no chat markup): the chat adapter turns
 * each section into what its platform shows. A section stays under `SECTION_CHARS`, the size of one
 * Slack section block, and a page of service help holds one such section.
 */

export interface HelpSection {
  readonly heading: string;
  readonly lines: readonly string[];
}

export interface HelpText {
  readonly title: string;
  readonly sections: readonly HelpSection[];
  /** 1-based; `pages` is 1 when everything fits. */
  readonly page: number;
  readonly pages: number;
}

export const SECTION_CHARS = 2_800;
const ENUM_VALUES_SHOWN = 12;

/** `<service> help [filter] [page]`: the operations, grouped by their verb, paged. */
export function serviceHelp(model: ServiceModel, options: { readonly filter?: string; readonly page?: number } = {}): HelpText {
  const filter = options.filter?.toLowerCase();
  const names = model
    .operations()
    .map((op) => op.cliName)
    .filter((name) => filter === undefined || name.includes(filter));
  const byVerb = new Map<string, string[]>();
  for (const name of names) {
    const verb = name.split("-", 1)[0];
    byVerb.set(verb, [...(byVerb.get(verb) ?? []), name]);
  }
  const blocks = [...byVerb.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .flatMap(([verb, ops]) => chunkJoined(ops, SECTION_CHARS - verb.length - 20).map((line) => ({ heading: `${verb} (${ops.length})`, lines: [line] })));
  const pages = packSections(blocks, SECTION_CHARS);
  const pageCount = Math.max(1, pages.length);
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount);
  const footer = `${names.length} operations${filter ? ` matching "${filter}"` : ""}. \`${model.entry.cli} <operation> --help\` shows one.${pageCount > 1 ? ` Page ${page} of ${pageCount}: \`${model.entry.cli} help${filter ? ` ${filter}` : ""} ${Math.min(page + 1, pageCount)}\` for the next.` : ""}`;
  return {
    title: `${model.entry.title} (${model.entry.cli})`,
    sections: [...(pages[page - 1] ?? []), { heading: "", lines: [footer] }],
    page,
    pages: pageCount,
  };
}

/** `<service> <operation> --help`: usage, each parameter's CLI name, type and whether it is required, and the IAM action. */
export function operationHelp(operation: OperationModel, access: OperationAccess | undefined): HelpText {
  const command = `${operation.service.cli} ${operation.cliName}`;
  const visible = operation.members.filter((member) => !isPaginationMember(operation, member));
  const required = visible.filter((member) => member.required && !member.idempotencyToken);
  const optional = visible.filter((member) => !required.includes(member));
  const usage = [command, ...required.map((member) => `--${member.cliName} <${member.typeLabel}>`), ...(optional.length > 0 ? ["[options]"] : [])].join(" ");
  const sections: HelpSection[] = [{ heading: "Usage", lines: [usage] }];
  sections.push(...splitSection("Required", required.map(parameterLine)));
  sections.push(...splitSection("Options", optional.map(parameterLine)));
  sections.push({ heading: "Permissions", lines: permissionLines(access) });
  if (operation.pagination !== undefined) {
    sections.push({
      heading: "Pagination",
      lines: [`--max-items <number>, --starting-token <token>${operation.pagination.pageSizeMember ? ", --page-size <number>" : ""}; output is followed page by page (${operation.pagination.inputToken} → ${operation.pagination.outputToken}).`],
    });
  }
  sections.push({ heading: "Global options", lines: ["--query <JMESPath>, --output json|table|text, --region <region>, --cli-input-json <JSON>"] });
  return { title: command, sections, page: 1, pages: 1 };
}

function parameterLine(member: MemberModel): string {
  const facts = [member.typeLabel, ...(member.required && !member.idempotencyToken ? ["required"] : []), ...(member.idempotencyToken ? ["filled in if omitted"] : []), ...(member.sensitive ? ["sensitive"] : [])];
  const flag = member.kind === "boolean" ? `--${member.cliName} | --no-${member.cliName}` : `--${member.cliName}`;
  const values = member.enumValues ? `: ${member.enumValues.slice(0, ENUM_VALUES_SHOWN).join(", ")}${member.enumValues.length > ENUM_VALUES_SHOWN ? ", …" : ""}` : "";
  const shape = member.kind === "structure" || (member.kind === "list" && member.schema.getValueSchema().isStructSchema()) ? ` (${structureHint(member)})` : "";
  return `${flag} (${facts.join(", ")})${values}${shape}`;
}

/** The keys of a structure (or list of structures) in shorthand, so users see what `Name=…,Values=…` means here. */
function structureHint(member: MemberModel): string {
  const structure = member.kind === "list" ? member.schema.getValueSchema() : member.schema;
  const keys = Object.keys(structure.getMemberSchemas());
  return `${keys.slice(0, 5).join("=…,")}=…${keys.length > 5 ? ",…" : ""}`;
}

function permissionLines(access: OperationAccess | undefined): string[] {
  if (access === undefined) return ["IAM action: not in the IAM data Herald has; Herald asks for confirmation before running it."];
  return [
    `IAM action: ${access.iamAction} (${access.accessLevels.join(", ")})`,
    access.needsConfirmation ? "Herald asks for confirmation before running it." : "Runs without confirmation (read-only).",
  ];
}

function isPaginationMember(operation: OperationModel, member: MemberModel): boolean {
  return operation.pagination !== undefined && member.name === operation.pagination.inputToken;
}

function splitSection(heading: string, lines: readonly string[]): HelpSection[] {
  if (lines.length === 0) return [];
  return packSections(
    lines.map((line) => ({ heading, lines: [line] })),
    SECTION_CHARS,
  ).map((page) => ({ heading, lines: page.flatMap((section) => section.lines) }));
}

/** Joins names with ", " into lines of at most `limit` characters. */
function chunkJoined(names: readonly string[], limit: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const name of names) {
    const next = line === "" ? name : `${line}, ${name}`;
    if (next.length > limit && line !== "") {
      lines.push(line);
      line = name;
    } else line = next;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Groups sections into pages of at most `limit` characters, merging consecutive sections with one heading. */
function packSections(sections: readonly HelpSection[], limit: number): HelpSection[][] {
  const pages: HelpSection[][] = [];
  let page: HelpSection[] = [];
  let size = 0;
  for (const section of sections) {
    const length = section.heading.length + section.lines.reduce((sum, line) => sum + line.length + 1, 0);
    if (size + length > limit && page.length > 0) {
      pages.push(page);
      page = [];
      size = 0;
    }
    const last = page.at(-1);
    if (last !== undefined && last.heading === section.heading) page[page.length - 1] = { heading: last.heading, lines: [...last.lines, ...section.lines] };
    else page.push(section);
    size += length;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}
