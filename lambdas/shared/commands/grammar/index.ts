/** Herald's command language: what people type after `/aws`, read into a CommandRequest. */
export { parseCommand, parseDecodedCommand, suggestService, unknownCommand } from "./parse-command";
export { decodeSlackText } from "./slack-text";
export { aliasVariables, expandAlias } from "./expand-alias";
export { AliasExpansionError } from "./errors";
export { aliasNameProblem } from "./alias-command";
export { formatInvocation } from "./format-invocation";
export { helpText } from "./help-text";
export { tokenize, type Token } from "./tokenize";
export { ALIAS_NAME, COMMAND_PREFIX, MAX_ALIAS_COMMAND_LENGTH, MAX_COMMAND_LENGTH } from "./limits";
