package io.omnistock.pos;

import jpos.BaseControl;
import jpos.JposConst;
import jpos.JposException;
import jpos.events.DataEvent;
import jpos.events.DirectIOEvent;
import jpos.events.ErrorEvent;
import jpos.events.OutputCompleteEvent;
import jpos.events.StatusUpdateEvent;
import jpos.services.EventCallbacks;
import jpos.services.ScannerService12;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Connects a JavaPOS (UnifiedPOS) barcode scanner to a count session: every label scanned is one
 * {@link CountSession#scan(String, long) scan} of quantity 1.
 *
 * <p>The bridge drives the device's service object directly, in the role a JavaPOS device control
 * plays (the controls and their configuration loader are not on Maven Central; the service
 * interfaces are, in {@code org.javapos:javapos-contracts}). The daemon creates the vendor's
 * {@code ScannerService} implementation and hands it over. {@link #start} follows the UnifiedPOS
 * sequence: open, claim (exclusive use), enable the device, enable data events. A service disables
 * data events as it delivers each {@code DataEvent}, so the bridge re-arms them after every scan and
 * every input error; without that the scanner would go silent after one label.
 *
 * <p>Data events arrive on the service's thread. A scan the session refuses (closed session) or a
 * label that cannot be read is counted in {@link #failedScans()} rather than thrown into the
 * service's thread, so the device keeps delivering.
 */
public final class JavaPosScannerBridge implements AutoCloseable
{
    /** The UnifiedPOS version of the contracts this bridge is built on (1.14), in JavaPOS's encoding. */
    private static final int CONTROL_VERSION = 1_014_000;

    private final ScannerService12 service;
    private final Consumer<String> scans;
    private final Callbacks callbacks = new Callbacks();
    private final AtomicLong failedScans = new AtomicLong();
    private final AtomicLong deviceErrors = new AtomicLong();
    private boolean started;

    /**
     * @param service the scanner's JavaPOS service object, not yet opened.
     * @param scans   receives each label's text, on the service's event thread; must not block.
     */
    public JavaPosScannerBridge(final ScannerService12 service, final Consumer<String> scans)
    {
        this.service = Objects.requireNonNull(service, "service");
        this.scans = Objects.requireNonNull(scans, "scans");
    }

    /**
     * @param service the scanner's JavaPOS service object, not yet opened.
     * @param session the count session each label is scanned into, as one item.
     * @return a bridge feeding that session.
     */
    public static JavaPosScannerBridge forCountSession(final ScannerService12 service, final CountSession session)
    {
        Objects.requireNonNull(session, "session");
        return new JavaPosScannerBridge(service, label -> session.scan(label, 1));
    }

    /**
     * Opens, claims and enables the scanner and arms data events. On failure everything done so far
     * is undone and the device is left closed.
     *
     * @param logicalName        the device's logical name in the JavaPOS configuration.
     * @param claimTimeoutMillis how long to wait for another application to release the scanner
     *                           ({@link JposConst#JPOS_FOREVER} to wait indefinitely).
     * @throws JposException as the service reported it, e.g. {@code JPOS_E_CLAIMED} or {@code JPOS_E_TIMEOUT}.
     */
    public synchronized void start(final String logicalName, final int claimTimeoutMillis) throws JposException
    {
        if (started)
        {
            throw new IllegalStateException("the bridge is already started");
        }
        service.open(logicalName, callbacks);
        started = true;
        try
        {
            service.claim(claimTimeoutMillis);
            // Decoded labels (no symbology framing) are what the session's barcode map holds.
            service.setDecodeData(true);
            // The bridge re-arms data events itself; an auto-disabled device would need re-enabling too.
            service.setAutoDisable(false);
            service.setDeviceEnabled(true);
            service.setDataEventEnabled(true);
        }
        catch (final JposException e)
        {
            try
            {
                close();
            }
            catch (final JposException undo)
            {
                e.addSuppressed(undo);
            }
            throw e;
        }
    }

    /** @return scans that were read but not accepted by the session, or whose label could not be read. */
    public long failedScans()
    {
        return failedScans.get();
    }

    /** @return error events from the device and failures to re-arm it. */
    public long deviceErrors()
    {
        return deviceErrors.get();
    }

    /**
     * Disables data events and the device, releases the claim and closes the service, attempting
     * every step even if one fails.
     *
     * @throws JposException the first failure, with any later ones suppressed.
     */
    @Override
    public synchronized void close() throws JposException
    {
        if (!started)
        {
            return;
        }
        started = false;
        JposException failure = null;
        failure = attempt(() -> service.setDataEventEnabled(false), failure);
        failure = attempt(() -> service.setDeviceEnabled(false), failure);
        failure = attempt(service::release, failure);
        failure = attempt(service::close, failure);
        if (failure != null)
        {
            throw failure;
        }
    }

    private void onData()
    {
        try
        {
            byte[] label = service.getScanDataLabel();
            if (label == null || label.length == 0)
            {
                // A service that does not decode gives the raw data only.
                label = service.getScanData();
            }
            // Barcode data is bytes; ISO-8859-1 maps each to one character, so nothing is lost or refused.
            final String code = label == null ? "" : new String(label, StandardCharsets.ISO_8859_1).strip();
            if (code.isEmpty())
            {
                failedScans.incrementAndGet();
            }
            else
            {
                scans.accept(code);
            }
        }
        catch (final JposException | RuntimeException refused)
        {
            failedScans.incrementAndGet();
        }
        finally
        {
            rearm();
        }
    }

    private void onError(final ErrorEvent event)
    {
        deviceErrors.incrementAndGet();
        // Discard the bad input and carry on counting.
        event.setErrorResponse(JposConst.JPOS_ER_CLEAR);
        rearm();
    }

    private void rearm()
    {
        try
        {
            service.setDataEventEnabled(true);
        }
        catch (final JposException e)
        {
            deviceErrors.incrementAndGet();
        }
    }

    private static JposException attempt(final JposAction action, final JposException earlier)
    {
        try
        {
            action.run();
            return earlier;
        }
        catch (final JposException e)
        {
            if (earlier == null)
            {
                return e;
            }
            earlier.addSuppressed(e);
            return earlier;
        }
    }

    @FunctionalInterface
    private interface JposAction
    {
        void run() throws JposException;
    }

    /** How the service delivers events to its control. */
    private final class Callbacks implements EventCallbacks
    {
        private final EventSource source = new EventSource();

        @Override
        public void fireDataEvent(final DataEvent event)
        {
            onData();
        }

        @Override
        public void fireErrorEvent(final ErrorEvent event)
        {
            onError(event);
        }

        @Override
        public void fireDirectIOEvent(final DirectIOEvent event)
        {
            // Vendor-specific; a count has no use for it.
        }

        @Override
        public void fireOutputCompleteEvent(final OutputCompleteEvent event)
        {
            // A scanner has no output.
        }

        @Override
        public void fireStatusUpdateEvent(final StatusUpdateEvent event)
        {
            // Power notifications are not enabled by the bridge.
        }

        @Override
        public BaseControl getEventSource()
        {
            return source;
        }
    }

    /**
     * What services name as the source of their events (JavaPOS events may not have a null source):
     * a view of the device through the service, as a control would give.
     */
    private final class EventSource implements BaseControl
    {
        @Override
        public String getCheckHealthText() throws JposException
        {
            return service.getCheckHealthText();
        }

        @Override
        public boolean getClaimed() throws JposException
        {
            return service.getClaimed();
        }

        @Override
        public String getDeviceControlDescription()
        {
            return "omnistock count-session scanner bridge";
        }

        @Override
        public int getDeviceControlVersion()
        {
            return CONTROL_VERSION;
        }

        @Override
        public boolean getDeviceEnabled() throws JposException
        {
            return service.getDeviceEnabled();
        }

        @Override
        public void setDeviceEnabled(final boolean enabled) throws JposException
        {
            service.setDeviceEnabled(enabled);
        }

        @Override
        public String getDeviceServiceDescription() throws JposException
        {
            return service.getDeviceServiceDescription();
        }

        @Override
        public int getDeviceServiceVersion() throws JposException
        {
            return service.getDeviceServiceVersion();
        }

        @Override
        public boolean getFreezeEvents() throws JposException
        {
            return service.getFreezeEvents();
        }

        @Override
        public void setFreezeEvents(final boolean freeze) throws JposException
        {
            service.setFreezeEvents(freeze);
        }

        @Override
        public String getPhysicalDeviceDescription() throws JposException
        {
            return service.getPhysicalDeviceDescription();
        }

        @Override
        public String getPhysicalDeviceName() throws JposException
        {
            return service.getPhysicalDeviceName();
        }

        @Override
        public int getState()
        {
            try
            {
                return service.getState();
            }
            catch (final JposException e)
            {
                return JposConst.JPOS_S_ERROR;
            }
        }

        @Override
        public void claim(final int timeout) throws JposException
        {
            service.claim(timeout);
        }

        @Override
        public void close() throws JposException
        {
            JavaPosScannerBridge.this.close();
        }

        @Override
        public void checkHealth(final int level) throws JposException
        {
            service.checkHealth(level);
        }

        @Override
        public void directIO(final int command, final int[] data, final Object object) throws JposException
        {
            service.directIO(command, data, object);
        }

        @Override
        public void open(final String logicalName) throws JposException
        {
            throw new JposException(JposConst.JPOS_E_ILLEGAL, "the bridge opens the service itself, in start()");
        }

        @Override
        public void release() throws JposException
        {
            service.release();
        }
    }
}
