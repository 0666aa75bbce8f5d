/** An SNS API error as SNS reports it: code, HTTP status and who is at fault. */
export class SnsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: "Sender" | "Receiver" = "Sender",
  ) {
    super(message);
    this.name = "SnsApiError";
  }
}

export const invalidParameter = (message: string) => new SnsApiError("InvalidParameter", `Invalid parameter: ${message}`);
export const invalidParameterValue = (message: string) => new SnsApiError("ParameterValueInvalid", message);
export const topicNotFound = () => new SnsApiError("NotFound", "Topic does not exist", 404);
export const invalidAction = (action: string) => new SnsApiError("InvalidAction", `The action ${action} is not valid for this web service.`);
