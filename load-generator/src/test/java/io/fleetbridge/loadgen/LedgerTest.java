package io.fleetbridge.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LedgerTest
{
    @Test
    void shouldTrackMessagesAcrossPages()
    {
        final Ledger ledger = new Ledger();
        for (long seq = 0; seq < 200_000; seq++)
        {
            ledger.sent(seq, seq * 10);
        }
        for (long seq = 0; seq < 200_000; seq++)
        {
            if (seq != 70_000 && seq != 199_999)
            {
                assertEquals(Ledger.FIRST, ledger.land(seq));
            }
        }

        assertEquals(200_000, ledger.sentCount());
        assertEquals(199_998, ledger.landedCount());
        assertEquals(700_000, ledger.intendedNs(70_000));
        assertArrayEquals(new long[] {70_000, 199_999}, ledger.missing(200_000, 5));
        assertEquals(Ledger.DUPLICATE, ledger.land(131_072));
    }

    @Test
    void shouldNotCountAMessageTakenBackAsSent()
    {
        final Ledger ledger = new Ledger();
        ledger.sent(5, 0);
        ledger.unsent(5);

        assertEquals(0, ledger.sentCount());
        assertEquals(-1, ledger.intendedNs(5));
        assertEquals(Ledger.NOT_SENT, ledger.land(5));
        assertEquals(Ledger.NOT_SENT, ledger.land(1L << 40));
    }

    @Test
    void shouldRecordTimeZeroAsSent()
    {
        final Ledger ledger = new Ledger();
        ledger.sent(0, 0);
        assertEquals(0, ledger.intendedNs(0));
        assertEquals(Ledger.FIRST, ledger.land(0));
    }
}
