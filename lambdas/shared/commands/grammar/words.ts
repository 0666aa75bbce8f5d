/** Echoing what someone typed inside a message: as inline code, short, on one line, unable to end the code span. */
export function codeWord(word: string, max = 60): string {
  const oneLine = word.replace(/\s+/g, " ").replace(/`/g, "ˋ");
  return `\`${oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine}\``;
}
