package io.fleetbridge.bench.rig;

/** The fixed explanations printed with every report: what each row and column is, for both tables. */
final class ReportNotes
{
    static final String TEXT = String.join("\n",
        "## How to read the tables",
        "",
        "- **(a) publishAsync ceiling**: raw jnats `publishAsync` of pre-encoded envelopes (with `Nats-Msg-Id`),",
        "  no ingest, no decoding; what JetStream takes from one JVM here.",
        "- **(b) bridge ceiling**: a core NATS queue subscription republishing each received transport unchanged",
        "  with `publishAsync` (no decoding, no envelope, no ring, no `Nats-Msg-Id`). The real limit of the path:",
        "  the server also carries the ingest traffic. It stores the transport, larger than the envelope",
        "  (the table title gives both sizes), so its MB/s is of transports.",
        "- **adapter (ours)**: the full path, core NATS ingest, ring, publishers, JetStream acknowledged.",
        "- **go-core / go-sync**: the Go design ported faithfully (queue of 1000, 10 ingest and 10 publisher",
        "  connections, data-binding decode, a new JSON buffer per message, drop when full); go-core publishes",
        "  with core NATS and no ack as the Go code does, go-sync waits for each ack (`js.publish`). The Go",
        "  port has fixed workers, so it appears only in the one-connection tables.",
        "- The load source (for b, the adapter and the Go port) publishes real Choria v1 registration",
        "  transports with unique request ids on separate connections in this JVM, as fast as its flow control",
        "  allows: at most *window* messages sent and not yet completed (acknowledged, handed off, or dropped)",
        "  by the variant. That keeps b and the adapter clear of slow-consumer loss; the Go port still drops",
        "  when its queue is full, since its drops complete messages too.",
        "- **msgs/s**: messages that landed in the stream (its last sequence) during the measured window.",
        "  **MB/s**: of message bodies (MB = 10^6 bytes). **÷ (a)**, **÷ (b)**: msgs/s over that ceiling's in",
        "  the same table.",
        "- **JVM cores**: CPU seconds of the whole JVM per second of the window, the load source included;",
        "  in brackets the load source's own threads. **server cores**: nats-server's CPU the same way.",
        "- **sent / dropped / lost** cover the whole run of a variant (warm-up, window, drain): sent by the",
        "  source (or by ceiling a itself); dropped as counted by the variant (queue full, slow consumer, failed",
        "  publish); lost = sent - landed - dropped, what nobody accounted for (core NATS publishes can vanish).",
        "- The machine is shared with other work while this runs: compare rows within one table, not across",
        "  runs; expect 20-40% spread between runs.",
        "");

    static final String LATENCY = String.join("\n",
        "How to read it:",
        "",
        "- The rates are fractions of the (b) ceiling measured just before. Our adapter runs as in the",
        "  throughput rows: **adapter (ours)** tuned (1 ingest + 1 stream worker, the acks in flight above),",
        "  **adapter, Choria defaults** as a Choria config gets it by default: 10 + 10 workers configured, of which",
        "  the daemon runs one per processor this JVM may use, with the default acks in flight per publisher.",
        "- The load is **open loop**: the source sends message *i* at start + *i* / rate on its own threads and",
        "  connections, never waiting for the adapter (no window). A sender that falls behind sends what is due",
        "  at once. **source lag** is send time minus intended send time: well under a millisecond means the",
        "  load really ran on schedule; a large lag means the source (which shares the JVM's CPU with the",
        "  adapter) could not keep the rate, and **achieved** (landed in the stream per second of the window;",
        "  in brackets what the source sent) shows by how much.",
        "- **(b) bridge ceiling** is fed the same way first: the floor of the path's latency on this machine, one",
        "  subscription handler calling `publishAsync`, timed from the handler to the ack future.",
        "- **(b) + msg ids, per-sender subjects** is the same bridge asking JetStream for the work the adapter",
        "  asks of it: a unique `Nats-Msg-Id` per message (remembered for the stream's duplicate window) and one",
        "  subject per simulated sender. The gap between the two bridges is the server's price for",
        "  de-duplication and per-node subjects; the adapter cannot be faster than this row.",
        "- **ingest→ack** is the adapter's own histogram (`AdapterMetrics.ingestToAck`): from the ingest",
        "  callback receiving the message to its JetStream ack, for every ack from the start of the window until",
        "  the drain ended. It does not include the time a message waits in jnats' pending queue before the",
        "  callback (which, as a slow-consumer drop, would show under dropped) nor the source's lag.",
        "- **dropped** by reason as the adapter counts them, over the whole point (warm-up, window, drain);",
        "  **lost** = sent - landed - dropped.",
        "- **JVM cores** include the source (in brackets); **server cores** are nats-server's.",
        "");

    private ReportNotes()
    {
    }
}
