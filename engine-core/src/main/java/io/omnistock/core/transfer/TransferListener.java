package io.omnistock.core.transfer;

/**
 * Told when a transfer made from a replenishment request leaves the created state (shipped or
 * cancelled), so the request may be transferred again; keeps the transfer domain independent of
 * the replenishment domain, which makes transfers from its requests.
 */
public interface TransferListener
{
    void requestTransferEnded(int toSlot, long transferId);
}
