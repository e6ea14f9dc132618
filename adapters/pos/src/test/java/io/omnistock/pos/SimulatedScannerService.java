package io.omnistock.pos;

import jpos.JposConst;
import jpos.JposException;
import jpos.ScannerConst;
import jpos.events.DataEvent;
import jpos.events.ErrorEvent;
import jpos.services.EventCallbacks;
import jpos.services.ScannerService114;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A JavaPOS scanner device service without hardware, for tests. It keeps the UnifiedPOS rules the
 * bridge depends on: the device must be claimed before it is enabled, labels read while data events
 * are disabled wait in a queue (DataCount), delivering a data or input error event disables data
 * events, and a disabled device reads nothing.
 */
final class SimulatedScannerService implements ScannerService114
{
    final List<String> calls = new ArrayList<>();
    boolean claimedByAnotherApplication;

    private final Deque<byte[]> pending = new ArrayDeque<>();
    private EventCallbacks callbacks;
    private boolean open;
    private boolean claimed;
    private boolean deviceEnabled;
    private boolean dataEventEnabled;
    private boolean autoDisable = true;
    private boolean decodeData;
    private boolean freezeEvents;
    private boolean delivering;
    private byte[] scanData = new byte[0];
    private byte[] scanDataLabel = new byte[0];

    /** The operator scans a label (EAN-13 framed as the hardware sends it: symbology id prefix). */
    void scan(final String label)
    {
        if (!deviceEnabled)
        {
            return;
        }
        pending.add(label.getBytes(StandardCharsets.ISO_8859_1));
        deliver();
    }

    /** A damaged label: an input error event, which also disables data events. */
    void misread()
    {
        dataEventEnabled = false;
        final ErrorEvent error = new ErrorEvent(callbacks.getEventSource(), JposConst.JPOS_E_FAILURE, 0,
            JposConst.JPOS_EL_INPUT, JposConst.JPOS_ER_RETRY);
        callbacks.fireErrorEvent(error);
        calls.add("errorResponse=" + error.getErrorResponse());
    }

    private void deliver()
    {
        if (delivering)
        {
            return;
        }
        delivering = true;
        try
        {
            while (deviceEnabled && dataEventEnabled && !freezeEvents && !pending.isEmpty())
            {
                final byte[] label = pending.poll();
                scanData = ("]E0" + new String(label, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
                scanDataLabel = decodeData ? label : new byte[0];
                dataEventEnabled = false;
                callbacks.fireDataEvent(new DataEvent(callbacks.getEventSource(), 0));
            }
        }
        finally
        {
            delivering = false;
        }
    }

    private void requireOpen() throws JposException
    {
        if (!open)
        {
            throw new JposException(JposConst.JPOS_E_CLOSED, "not open");
        }
    }

    @Override
    public void open(final String logicalName, final EventCallbacks eventCallbacks) throws JposException
    {
        if (open)
        {
            throw new JposException(JposConst.JPOS_E_ILLEGAL, "already open");
        }
        calls.add("open " + logicalName);
        callbacks = eventCallbacks;
        open = true;
    }

    @Override
    public void claim(final int timeout) throws JposException
    {
        requireOpen();
        calls.add("claim");
        if (claimedByAnotherApplication)
        {
            throw new JposException(JposConst.JPOS_E_TIMEOUT, "claimed by another application");
        }
        claimed = true;
    }

    @Override
    public void release() throws JposException
    {
        requireOpen();
        calls.add("release");
        deviceEnabled = false;
        claimed = false;
    }

    @Override
    public void close() throws JposException
    {
        requireOpen();
        calls.add("close");
        deviceEnabled = false;
        claimed = false;
        open = false;
    }

    @Override
    public void setDeviceEnabled(final boolean enabled) throws JposException
    {
        requireOpen();
        if (!claimed)
        {
            throw new JposException(JposConst.JPOS_E_NOTCLAIMED, "an exclusive-use device must be claimed first");
        }
        calls.add("deviceEnabled=" + enabled);
        deviceEnabled = enabled;
        deliver();
    }

    @Override
    public void setDataEventEnabled(final boolean enabled) throws JposException
    {
        requireOpen();
        dataEventEnabled = enabled;
        deliver();
    }

    @Override
    public boolean getDataEventEnabled()
    {
        return dataEventEnabled;
    }

    @Override
    public boolean getClaimed()
    {
        return claimed;
    }

    @Override
    public boolean getDeviceEnabled()
    {
        return deviceEnabled;
    }

    @Override
    public boolean getAutoDisable()
    {
        return autoDisable;
    }

    @Override
    public void setAutoDisable(final boolean autoDisable)
    {
        calls.add("autoDisable=" + autoDisable);
        this.autoDisable = autoDisable;
    }

    @Override
    public boolean getDecodeData()
    {
        return decodeData;
    }

    @Override
    public void setDecodeData(final boolean decodeData)
    {
        calls.add("decodeData=" + decodeData);
        this.decodeData = decodeData;
    }

    @Override
    public int getDataCount()
    {
        return pending.size();
    }

    @Override
    public byte[] getScanData()
    {
        return scanData.clone();
    }

    @Override
    public byte[] getScanDataLabel()
    {
        return scanDataLabel.clone();
    }

    @Override
    public int getScanDataType()
    {
        return ScannerConst.SCAN_SDT_EAN13;
    }

    @Override
    public void clearInput()
    {
        pending.clear();
    }

    @Override
    public void clearInputProperties()
    {
        scanData = new byte[0];
        scanDataLabel = new byte[0];
    }

    @Override
    public boolean getFreezeEvents()
    {
        return freezeEvents;
    }

    @Override
    public void setFreezeEvents(final boolean freezeEvents)
    {
        this.freezeEvents = freezeEvents;
        deliver();
    }

    @Override
    public int getState()
    {
        return open ? JposConst.JPOS_S_IDLE : JposConst.JPOS_S_CLOSED;
    }

    @Override
    public String getCheckHealthText()
    {
        return "simulated: OK";
    }

    @Override
    public String getDeviceServiceDescription()
    {
        return "simulated scanner service";
    }

    @Override
    public int getDeviceServiceVersion()
    {
        return 1_014_000;
    }

    @Override
    public String getPhysicalDeviceDescription()
    {
        return "no hardware";
    }

    @Override
    public String getPhysicalDeviceName()
    {
        return "SimulatedScanner";
    }

    @Override
    public void checkHealth(final int level)
    {
        calls.add("checkHealth");
    }

    @Override
    public void directIO(final int command, final int[] data, final Object object) throws JposException
    {
        throw new JposException(JposConst.JPOS_E_ILLEGAL, "no direct I/O");
    }

    @Override
    public int getCapPowerReporting()
    {
        return JposConst.JPOS_PR_NONE;
    }

    @Override
    public int getPowerNotify()
    {
        return JposConst.JPOS_PN_DISABLED;
    }

    @Override
    public void setPowerNotify(final int powerNotify) throws JposException
    {
        throw new JposException(JposConst.JPOS_E_ILLEGAL, "no power reporting");
    }

    @Override
    public int getPowerState()
    {
        return JposConst.JPOS_PS_UNKNOWN;
    }

    @Override
    public void deleteInstance()
    {
        calls.add("deleteInstance");
    }

    @Override
    public boolean getCapStatisticsReporting()
    {
        return false;
    }

    @Override
    public boolean getCapUpdateStatistics()
    {
        return false;
    }

    @Override
    public void resetStatistics(final String statistics) throws JposException
    {
        throw new JposException(JposConst.JPOS_E_ILLEGAL, "no statistics");
    }

    @Override
    public void retrieveStatistics(final String[] statistics) throws JposException
    {
        throw new JposException(JposConst.JPOS_E_ILLEGAL, "no statistics");
    }

    @Override
    public void updateStatistics(final String statistics) throws JposException
    {
        throw new JposException(JposConst.JPOS_E_ILLEGAL, "no statistics");
    }

    @Override
    public boolean getCapCompareFirmwareVersion()
    {
        return false;
    }

    @Override
    public boolean getCapUpdateFirmware()
    {
        return false;
    }

    @Override
    public void compareFirmwareVersion(final String firmwareFileName, final int[] result) throws JposException
    {
        throw new JposException(JposConst.JPOS_E_ILLEGAL, "no firmware");
    }

    @Override
    public void updateFirmware(final String firmwareFileName) throws JposException
    {
        throw new JposException(JposConst.JPOS_E_ILLEGAL, "no firmware");
    }
}
