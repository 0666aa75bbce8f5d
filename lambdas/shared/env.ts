import { MissingEnvironmentError } from "./errors";

/** Reads a required environment variable at init, failing fast with the variable's name. */
export function getStringFromEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value.trim() === "") {
    throw new MissingEnvironmentError(`Environment variable ${name} is required but not set`);
  }
  return value;
}

export function getOptionalStringFromEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === "" ? undefined : value;
}
