package io.fleetbridge.bench.rig;

/** The fixed explanation printed with every report: what each row and column is. */
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

    private ReportNotes()
    {
    }
}
