/**
 * The one place AWS clients are built. No client sets an endpoint of its own: they follow the
 * SDK's standard variables (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, AWS_USE_FIPS_ENDPOINT),
 * so the same code runs in AWS, in tests against DynamoDB Local and in the local runtime, and
 * `account.useFipsEndpoints` (AWS_USE_FIPS_ENDPOINT=true on every function) reaches every client.
 * test/security/fips.test.ts checks that no code under lambdas/ builds a client anywhere else.
 * It imports no SDK client itself, so the command registry still loads only the services it uses.
 */
export function createAwsClient<Client, Config extends object>(ClientClass: new (config: Config) => Client, config: Config): Client {
  return new ClientClass(config);
}
