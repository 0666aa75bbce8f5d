import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { LocalRuntimeError, PortBusyError } from "../errors";
import { BodyTooLargeError, sendJson, sendText } from "./body";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export interface HttpServer {
  readonly url: string;
  /** Swaps the request handler (the server answers 503 until the runtime is ready). */
  setHandler(handler: RouteHandler): void;
  close(): Promise<void>;
}

/** Binds 127.0.0.1:port first of all, so a busy port fails before anything else is started. */
export async function listen(port: number): Promise<HttpServer> {
  let handler: RouteHandler = (_req, res) => sendJson(res, 503, { error: "starting", message: "Herald is starting; try again in a moment" });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    Promise.resolve(handler(req, res, url)).catch((error: unknown) => {
      // Too large: 413, as API Gateway and the deployed command function answer; the text is the function's.
      if (!res.headersSent && error instanceof BodyTooLargeError) sendText(res, 413, "text/plain; charset=utf-8", "Request body too large");
      else if (!res.headersSent) sendJson(res, 500, { error: "internal", message: (error as Error).message });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(listenError(port, error)));
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    setHandler(next) {
      handler = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listenError(port: number, error: NodeJS.ErrnoException): Error {
  if (error.code === "EADDRINUSE") return new PortBusyError(port, error);
  if (error.code === "EACCES") return new LocalRuntimeError(`Not allowed to listen on port ${port}; choose a port above 1023 with HERALD_PORT`, { cause: error });
  return error;
}
