/** The model-driven catalogue of AWS operations (issue 14): the public surface. */
export { Catalogue, type ServiceLookup } from "./catalogue";
export { resolveCommand, type Resolution, type ResolvedCommand } from "./resolve-command";
export { parseArguments, wordText, type GlobalOptions, type OutputFormat, type ParsedArguments, type Word } from "./arguments";
export { findAlwaysBlocked, isBlockedService, type BlockedFamily } from "./blocked";
export { collectPages, type CollectedPages, type PageLimits } from "./pages";
export { summarizeCall, type CallSummary } from "./call-summary";
export { toCliName } from "./cli-names";
export { ArgumentError, CatalogueError, ShorthandSyntaxError, UnknownOperationError, UnknownServiceError } from "./errors";
export { operationHelp, serviceHelp, SECTION_CHARS, type HelpSection, type HelpText } from "./help";
export { describeOperationAccess, type OperationAccess } from "./iam";
export { importClientModule } from "./client-loader";
export { ServiceModel, type ClientModuleLoader, type MemberModel, type OperationModel, type Pagination, type ShapeKind } from "./model";
export { findService, SERVICES, type ServiceEntry } from "./services";
export { parseShorthand, type ShorthandValue } from "./shorthand";
