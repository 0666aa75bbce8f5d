/** Freezes a value and everything reachable from it, so any attempt to change it throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === "object" && node !== null && !Object.isFrozen(node)) {
      Object.freeze(node);
      pending.push(...Object.values(node));
    }
  }
  return value;
}
