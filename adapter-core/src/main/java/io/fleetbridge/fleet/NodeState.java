package io.fleetbridge.fleet;

/**
 * What the tracker knows of one node, a byte in {@link NodeTable}: seen within the warn
 * duration, late (a timeout was advised), or expired (kept only so that it is counted and its
 * return is new, and forgotten once twice the inspect duration has passed).
 */
final class NodeState
{
    static final byte ALIVE = 0;
    static final byte LATE = 1;
    static final byte EXPIRED = 2;

    private NodeState()
    {
    }

    static String name(final byte state)
    {
        return switch (state)
        {
            case ALIVE -> "alive";
            case LATE -> "late";
            case EXPIRED -> "expired";
            default -> "unknown";
        };
    }
}
