package io.omnistock.benchmarks;

/**
 * JVM flags every forked benchmark JVM needs: the same list as {@code <chronicle.jvm.flags>} in the
 * root pom (Agrona and Chronicle Queue reach into JDK internals on JDK 17), plus Chronicle's
 * analytics and banner switched off. Annotation values must be compile-time constants, so each flag
 * is its own constant and {@code @Fork(jvmArgsAppend = ...)} lists them.
 */
final class BenchmarkJvm
{
    static final String EXPORT_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String EXPORT_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    static final String EXPORT_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String EXPORT_SUN_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    static final String EXPORT_JAVAC_FILE = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    static final String OPEN_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String OPEN_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    static final String OPEN_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    static final String OPEN_NIO = "--add-opens=java.base/java.nio=ALL-UNNAMED";
    static final String OPEN_NIO_CH = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Aeron needs it (the cluster module); every engine checks the whole list at start. */
    static final String OPEN_ZIP = "--add-opens=java.base/java.util.zip=ALL-UNNAMED";
    static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    static final String NO_ANNOUNCER = "-Dchronicle.announcer.disable=true";

    private BenchmarkJvm()
    {
    }
}
