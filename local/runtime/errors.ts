/** Start-up problems a user can fix; main.ts prints their message alone, without a stack trace. */
export class LocalRuntimeError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class PortBusyError extends LocalRuntimeError {
  constructor(readonly port: number, cause?: unknown) {
    super(
      `Port ${port} on 127.0.0.1 is already in use (is Herald already running?). ` +
        `Stop what uses it, or choose another port: HERALD_PORT=${port === 65_535 ? 3001 : port + 1} npm start`,
      { cause },
    );
  }
}

/** A function's handler module failed to load (like a Lambda init error). */
export class FunctionInitError extends LocalRuntimeError {}
