import java.lang.reflect.Field;

/**
 * Starts DynamoDB Local (the classes of DynamoDBLocal.jar, on the class path) listening on
 * 127.0.0.1 only. The jar's own main binds every interface and has no option to bind one: with no
 * authentication, anyone on the network could then read the tables and change the privacy record.
 * So this builds the server exactly as the jar's main does, from the same arguments, and gives its
 * Jetty connector the loopback host before starting it. Reflection keeps it free of compile-time
 * dependencies (plain `javac` compiles it; see dynamodb-local.ts).
 */
final class DynamoDbLocalOnLoopback {
  public static void main(String[] args) throws Exception {
    Class<?> runner = Class.forName("com.amazonaws.services.dynamodbv2.local.main.ServerRunner");
    Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
    Field serverField = proxy.getClass().getDeclaredField("server");
    serverField.setAccessible(true);
    Object jetty = serverField.get(proxy);
    Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local's server has no connector to bind");
    for (Object connector : connectors) connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
    proxy.getClass().getMethod("start").invoke(proxy);
  }
}
