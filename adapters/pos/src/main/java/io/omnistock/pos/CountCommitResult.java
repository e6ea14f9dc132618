package io.omnistock.pos;

import io.omnistock.api.ReasonCode;

import java.util.List;

/**
 * What committing a count session did.
 *
 * @param sessionId the session.
 * @param location  its location code.
 * @param skus      one outcome per SKU counted or zero-counted, in SKU code order.
 */
public record CountCommitResult(String sessionId, String location, List<CountLineOutcome> skus)
{
    public CountCommitResult
    {
        skus = List.copyOf(skus);
    }

    /** @return the counts that were not applied now (duplicates of an earlier commit, or rejected). */
    public List<CountLineOutcome> notApplied()
    {
        return skus.stream().filter(s -> s.reason() != ReasonCode.OK).toList();
    }
}
