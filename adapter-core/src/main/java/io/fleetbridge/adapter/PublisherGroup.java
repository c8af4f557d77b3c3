package io.fleetbridge.adapter;

import com.lmax.disruptor.EventHandler;

import java.util.List;

/**
 * Several publishers (connections, shards) served by one thread.
 *
 * <p>A publisher only handles the slots of its shard, but it must still see every slot to
 * release it, so each publisher thread is woken for every message and the most starved one
 * gates the whole ring. With Choria's default of ten {@code stream.workers} on a two-core broker
 * that meant ten threads woken per message and, under CPU pressure, a ring "full" of messages
 * already acknowledged. Grouping keeps one connection and one ack window per worker, as
 * configured, on no more threads than there are cores.
 *
 * <p>Runs on its Disruptor event processor thread; delegates every callback to each member in
 * turn, so a member waiting for room in its ack window holds up the others on this thread,
 * which is the back-pressure wanted anyway. A member that throws (an error included) is
 * reported to the failure handler on its own, so the members after it still see the event:
 * otherwise a message of their shard would be released without being published or counted.
 * No allocation.
 */
final class PublisherGroup implements EventHandler<RegistrationEvent>
{
    private final JetStreamPublisher[] members;
    private final PublisherFailures failures;

    PublisherGroup(final List<JetStreamPublisher> members, final PublisherFailures failures)
    {
        this.members = members.toArray(new JetStreamPublisher[0]);
        this.failures = failures;
    }

    @Override
    public void onEvent(final RegistrationEvent event, final long sequence, final boolean endOfBatch)
    {
        for (final JetStreamPublisher member : members)
        {
            try
            {
                member.onEvent(event, sequence, endOfBatch);
            }
            catch (final Throwable ex)
            {
                failures.handleEventException(ex, sequence, event);
            }
        }
    }

    @Override
    public void onTimeout(final long sequence)
    {
        for (final JetStreamPublisher member : members)
        {
            // each on its own, as onEvent: one member failing must not keep the others' acks and retries unserved
            try
            {
                member.onTimeout(sequence);
            }
            catch (final Throwable ex)
            {
                failures.handleEventException(ex, sequence, null);
            }
        }
    }
}
