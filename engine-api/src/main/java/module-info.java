/**
 * omnistock's engine API: commands, results, events, reason codes and the routing and
 * replenishment policy types. No dependencies; {@code io.omnistock.api} is the whole surface.
 * The engine itself (engine-core) is an automatic module, {@code io.omnistock.engine.core}: Chronicle
 * Queue's jars have no module names and the JVM flags it needs open JDK internals to the unnamed
 * module only.
 */
module io.omnistock.engine.api
{
    exports io.omnistock.api;
}
