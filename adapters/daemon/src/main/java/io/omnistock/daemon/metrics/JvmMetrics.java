package io.omnistock.daemon.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JVM and process metrics under the names the Prometheus client's JVM instrumentation uses
 * ({@code jvm_memory_used_bytes}, {@code process_cpu_seconds_total}, ...), so its dashboards work.
 * Written here because {@code prometheus-metrics-instrumentation-jvm} has no release of the client's
 * version (1.5.1). Everything is read at scrape time from the platform's MXBeans (and /proc on
 * Linux): nothing runs per request.
 */
final class JvmMetrics
{
    private JvmMetrics()
    {
    }

    static void register(final PrometheusRegistry registry)
    {
        area(registry, "jvm_memory_used_bytes", "Used bytes of a given JVM memory area", MemoryUsage::getUsed);
        area(registry, "jvm_memory_committed_bytes", "Committed bytes of a given JVM memory area",
            MemoryUsage::getCommitted);
        area(registry, "jvm_memory_max_bytes", "Max bytes of a given JVM memory area (-1: none)", MemoryUsage::getMax);
        GaugeWithCallback.builder().name("jvm_memory_pool_used_bytes").help("Used bytes of a given JVM memory pool")
            .unit(Unit.BYTES).labelNames("pool").callback(cb ->
            {
                for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
                {
                    final MemoryUsage usage = pool.getUsage();
                    if (usage != null)
                    {
                        cb.call(usage.getUsed(), pool.getName());
                    }
                }
            }).register(registry);
        GaugeWithCallback.builder().name("jvm_buffer_pool_used_bytes")
            .help("Used bytes of a given JVM buffer pool (direct, mapped: the journal's memory-mapped files)")
            .unit(Unit.BYTES).labelNames("pool").callback(cb ->
            {
                for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
                {
                    cb.call(pool.getMemoryUsed(), pool.getName());
                }
            }).register(registry);
        CounterWithCallback.builder().name("jvm_gc_collection_seconds").help("Time spent in a given JVM garbage collector")
            .unit(Unit.SECONDS).labelNames("gc").callback(cb ->
            {
                for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
                {
                    cb.call(Math.max(gc.getCollectionTime(), 0) / 1000.0, gc.getName());
                }
            }).register(registry);
        final var threads = ManagementFactory.getThreadMXBean();
        GaugeWithCallback.builder().name("jvm_threads_current").help("Current thread count of the JVM")
            .callback(cb -> cb.call(threads.getThreadCount())).register(registry);
        GaugeWithCallback.builder().name("jvm_threads_peak").help("Peak thread count of the JVM")
            .callback(cb -> cb.call(threads.getPeakThreadCount())).register(registry);
        final var classes = ManagementFactory.getClassLoadingMXBean();
        GaugeWithCallback.builder().name("jvm_classes_currently_loaded").help("Classes currently loaded in the JVM")
            .callback(cb -> cb.call(classes.getLoadedClassCount())).register(registry);
        final var runtime = ManagementFactory.getRuntimeMXBean();
        GaugeWithCallback.builder().name("process_start_time_seconds").help("Start time of the process since the epoch")
            .unit(Unit.SECONDS).callback(cb -> cb.call(runtime.getStartTime() / 1000.0)).register(registry);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
        {
            CounterWithCallback.builder().name("process_cpu_seconds").help("CPU time of the process (user and system)")
                .unit(Unit.SECONDS).callback(cb -> cb.call(os.getProcessCpuTime() / 1e9)).register(registry);
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix)
        {
            GaugeWithCallback.builder().name("process_open_fds").help("Open file descriptors")
                .callback(cb -> cb.call(unix.getOpenFileDescriptorCount())).register(registry);
            GaugeWithCallback.builder().name("process_max_fds").help("Most open file descriptors allowed")
                .callback(cb -> cb.call(unix.getMaxFileDescriptorCount())).register(registry);
        }
        final Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status))
        {
            GaugeWithCallback.builder().name("process_resident_memory_bytes").help("Resident memory of the process")
                .unit(Unit.BYTES).callback(cb -> cb.call(residentBytes(status))).register(registry);
        }
    }

    /** A figure of the heap and of the rest, labelled area="heap" and "nonheap". */
    private static void area(final PrometheusRegistry registry, final String name, final String help,
        final java.util.function.ToLongFunction<MemoryUsage> figure)
    {
        final var memory = ManagementFactory.getMemoryMXBean();
        GaugeWithCallback.builder().name(name).help(help).unit(Unit.BYTES).labelNames("area").callback(cb ->
        {
            cb.call(figure.applyAsLong(memory.getHeapMemoryUsage()), "heap");
            cb.call(figure.applyAsLong(memory.getNonHeapMemoryUsage()), "nonheap");
        }).register(registry);
    }

    /** VmRSS of /proc/self/status, in bytes; -1 if it cannot be read. */
    private static double residentBytes(final Path status)
    {
        try
        {
            for (final String line : Files.readAllLines(status))
            {
                if (line.startsWith("VmRSS:"))
                {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024.0;
                }
            }
        }
        catch (final java.io.IOException | RuntimeException e)
        {
            // A scrape shows -1 rather than failing whole.
        }
        return -1;
    }
}
