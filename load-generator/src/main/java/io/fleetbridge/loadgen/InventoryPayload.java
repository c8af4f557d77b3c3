package io.fleetbridge.loadgen;

import java.nio.charset.StandardCharsets;

/**
 * Builds a node's registration payload, shaped like the data of Choria's inventory registration
 * (agents, classes, collectives, facts), from its index, a handful of shared role templates and
 * a pool of filler facts, padded to exactly the size the {@link SizeDistribution} gives the node.
 *
 * <p>The text is plain ASCII without {@code < > &} so that every JSON encoder escapes it alike.
 * Immutable and thread safe; {@link #write} allocates nothing once the sink has grown.
 */
final class InventoryPayload
{
    /** The role templates; the role index doubles as the "payload template" signatures are made for. */
    static final int ROLES = 6;

    private static final String[] ROLE_NAMES = {"web", "db", "cache", "queue", "batch", "edge"};
    private static final String[][] ROLE_CLASSES = {
        {"profile::nginx", "profile::php_fpm", "profile::logrotate", "role::web"},
        {"profile::postgresql", "profile::backup", "profile::pgbouncer", "role::db"},
        {"profile::redis", "profile::sysctl", "role::cache"},
        {"profile::rabbitmq", "profile::erlang", "profile::tls", "role::queue"},
        {"profile::slurm", "profile::nfs_client", "profile::python", "role::batch"},
        {"profile::haproxy", "profile::keepalived", "profile::tls", "profile::bird", "role::edge"},
    };
    private static final String[] BASE_CLASSES = {"settings", "profile::base", "profile::choria", "profile::ntp",
        "profile::ssh", "profile::users", "profile::monitoring"};
    private static final String[] AGENTS = {"choria_util", "discovery", "filemgr", "package", "puppet", "rpcutil",
        "scout", "service", "shell"};
    private static final String[] OS_NAMES = {"AlmaLinux", "Debian", "Ubuntu", "RedHat"};
    private static final String[] OS_FAMILIES = {"RedHat", "Debian", "Debian", "RedHat"};
    private static final String[] OS_MAJOR = {"9", "12", "22.04", "8"};

    private static final byte[][] ROLE_PREFIX = new byte[ROLES][];
    private static final byte[][] FILLER = fillerFacts();
    private static final byte[] PAD_KEY = ",\"ssh_host_key\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAD_TEXT = padText();
    private static final byte[] TAIL =
        "},\"upgradable\":true,\"version\":\"0.29.4\"}".getBytes(StandardCharsets.US_ASCII);

    static
    {
        for (int r = 0; r < ROLES; r++)
        {
            final StringBuilder s = new StringBuilder(512).append("{\"agents\":[");
            for (int i = 0; i < AGENTS.length; i++)
            {
                s.append(i == 0 ? "" : ",").append('"').append(AGENTS[i]).append('"');
            }
            s.append(",\"registration\"],\"classes\":[");
            for (int i = 0; i < BASE_CLASSES.length; i++)
            {
                s.append(i == 0 ? "" : ",").append('"').append(BASE_CLASSES[i]).append('"');
            }
            for (final String c : ROLE_CLASSES[r])
            {
                s.append(",\"").append(c).append('"');
            }
            s.append("],\"collectives\":[\"mcollective\"],\"facts\":{\"role\":\"").append(ROLE_NAMES[r]).append('"');
            ROLE_PREFIX[r] = s.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final Fleet fleet;
    private final SizeDistribution sizes;

    InventoryPayload(final Fleet fleet, final SizeDistribution sizes)
    {
        this.fleet = fleet;
        this.sizes = sizes;
    }

    /** The role template of a node. */
    static int role(final int node)
    {
        return (int)Mix.below(node, ROLES);
    }

    /**
     * Appends the payload of {@code node} to {@code sink}: exactly {@link SizeDistribution#sizeFor}
     * bytes, or the smallest natural payload when the target is below that (about 700 bytes).
     */
    void write(final int node, final ByteSink sink)
    {
        final int start = sink.length();
        final int target = sizes.sizeFor(node);
        final long h = Mix.mix(node ^ 0x5DEECE66DL);
        final int os = (int)((h >>> 8) & 3);
        sink.bytes(ROLE_PREFIX[role(node)]);
        sink.ascii(",\"hostname\":\"");
        fleet.hostname(node, sink);
        sink.ascii("\",\"fqdn\":\"");
        fleet.identity(node, sink);
        sink.ascii("\",\"domain\":\"");
        Fleet.domain(node, sink);
        sink.ascii("\",\"datacenter\":\"dc").decimal(Fleet.datacenter(node));
        sink.ascii("\",\"ipaddress\":\"10.").decimal(Fleet.datacenter(node)).append((byte)'.')
            .decimal((node >>> 8) & 0xFF).append((byte)'.').decimal(node & 0xFF);
        sink.ascii("\",\"os\":{\"family\":\"").ascii(OS_FAMILIES[os]).ascii("\",\"name\":\"").ascii(OS_NAMES[os])
            .ascii("\",\"release\":{\"major\":\"").ascii(OS_MAJOR[os]).ascii("\"}}");
        sink.ascii(",\"processors\":{\"count\":").decimal(2L << ((h >>> 12) & 4));
        sink.ascii("},\"memory_total_bytes\":").decimal((4L << ((h >>> 16) & 5)) * 1_073_741_824L);
        sink.ascii(",\"uptime_seconds\":").decimal((h >>> 24) & 0xFFFFFF);
        sink.ascii(",\"serialnumber\":\"").hex(h, 12).append((byte)'"');

        // filler facts, rotated per node so nodes of one role differ, until the pad can finish the job
        final int room = target - TAIL.length - PAD_KEY.length - 1;
        final int first = (int)((h >>> 40) % FILLER.length);
        for (int i = 0; i < FILLER.length; i++)
        {
            final byte[] fact = FILLER[(first + i) % FILLER.length];
            if (sink.length() - start + fact.length > room - 8)
            {
                break;
            }
            sink.bytes(fact);
        }
        final int pad = room - (sink.length() - start);
        if (pad > 0)
        {
            sink.bytes(PAD_KEY);
            final int off = (int)((h >>> 20) % (PAD_TEXT.length - 4096));
            int left = pad;
            while (left > 0)
            {
                final int n = Math.min(left, 4096);
                sink.bytes(PAD_TEXT, off, n);
                left -= n;
            }
            sink.append((byte)'"');
        }
        sink.bytes(TAIL);
    }

    private static byte[][] fillerFacts()
    {
        final String[] mounts = {"/", "/boot", "/var", "/var/log", "/home", "/srv", "/tmp", "/opt"};
        final String[] pkgs = {"openssl", "curl", "bash", "systemd", "glibc", "openssh", "python3", "rsyslog",
            "chrony", "sudo", "tar", "gzip", "vim", "git", "jq", "lsof", "strace", "tcpdump", "rsync", "zlib"};
        final java.util.List<byte[]> facts = new java.util.ArrayList<>();
        for (int i = 0; i < mounts.length; i++)
        {
            facts.add((",\"mountpoint_" + mounts[i].replace('/', '_') + "\":{\"device\":\"/dev/vda" + (i + 1)
                + "\",\"filesystem\":\"xfs\",\"size_bytes\":" + (21474836480L >> (i % 3)) + ",\"used_pct\":"
                + (17 + i * 9) + "}").getBytes(StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < pkgs.length; i++)
        {
            facts.add((",\"package_" + pkgs[i] + "\":{\"version\":\"" + (1 + i % 4) + "." + (i * 7 % 19) + "."
                + (i * 13 % 23) + "\",\"release\":\"" + (i + 1) + ".el9\",\"arch\":\"x86_64\"}")
                .getBytes(StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < 16; i++)
        {
            facts.add((",\"networking_eth" + i + "\":{\"mac\":\"52:54:00:" + String.format("%02x:%02x:%02x", i, i * 3,
                i * 7) + "\",\"mtu\":" + (i % 2 == 0 ? 1500 : 9000) + ",\"network\":\"10." + i + ".0.0\"}")
                .getBytes(StandardCharsets.US_ASCII));
        }
        return facts.toArray(new byte[0][]);
    }

    private static byte[] padText()
    {
        final byte[] text = new byte[16384];
        final byte[] alphabet =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < text.length; i++)
        {
            text[i] = alphabet[(int)Mix.below(i, alphabet.length)];
        }
        return text;
    }
}
